"""Whose master data is whose, which item is in effect, and what a package costs (基础资料规则).

Ownership (DESIGN.md, Sync): HQ owns the master data it issues; a branch may add its own
items (本店) beside HQ's; a shop that never enrolled with HQ owns all of its master data.
Every row says whose it is (``branch_id``: None = HQ's 总部, else the branch that made it):

* at a branch, the branch creates, edits and deletes its own items; HQ's items arrive by
  sync and stay read-only;
* at HQ, HQ edits its own items; a branch's own items (which travel to HQ) are the branch's.

The conflict rule, word for word (:data:`HQ_WINS_RULE_ZH`): HQ's items win on HQ's codes.
A branch cannot create an item under a code HQ has issued (refused, naming the rule). When
HQ later issues a code the branch already uses, the import never fails for it: HQ's item is
the one in effect (price look-ups, packages, the work order's pickers, the command line's
list); the branch's item is kept, marked 已被总部项目取代 on the master-data page, and the
branch may delete it or leave it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from domain import messages
from domain.errors import Conflict, ValidationError
from domain.labels import tables
from domain.workorder_rules import yuan

HQ_WINS_RULE_ZH = ("总部项目优先：同一编号以总部下发的项目为准；本店不能新建总部已有编号的项目；"
                   "总部后来下发了本店已用的编号时，本店的项目保留，标为“已被总部项目取代”，不再用于开单。")
HQ_WINS_RULE_EN = ("HQ's items win on HQ's codes: for one code, the item HQ issued is in effect; a branch "
                   "cannot create an item under a code HQ has issued; when HQ later issues a code the branch "
                   "already uses, the branch's item is kept, marked 'replaced by HQ's item', and no longer "
                   "offered on work orders.")

messages.register("masterdata.hq_code", "编号 {item} 已是总部项目。" + HQ_WINS_RULE_ZH,
                  "Code {item} is HQ's. " + HQ_WINS_RULE_EN)
messages.register("masterdata.hq_item", "{item} 是总部下发的项目，本店只能查看，不能修改或删除",
                  "{item} was issued by HQ; this branch can view it but not change or delete it")
messages.register("masterdata.package_price", "套餐价 {price} 元须在 0 到各项合计 {total} 元之间",
                  "The package price {price} yuan must be between 0 and the lines' total {total} yuan")
messages.register("masterdata.package_empty", "套餐至少要有一项工时或配件",
                  "A package needs at least one labour or part line")
messages.register("masterdata.branch_item", "{item} 是分店自己的项目，总部不能修改或删除",
                  "{item} is a branch's own item; HQ cannot change or delete it")


class Source(StrEnum):
    """Whose an item is, as the lists show it."""

    HQ = "hq"  # 总部: issued by HQ
    OWN = "own"  # 本店: made by this branch (or, at HQ, by a branch)


SOURCE_LABELS_ZH = {Source.HQ: "总部", Source.OWN: "本店"}
SOURCE_LABELS_EN = {Source.HQ: "HQ", Source.OWN: "Own"}
SOURCE_LABELS = tables(SOURCE_LABELS_ZH, SOURCE_LABELS_EN)
SHADOWED_ZH = "已被总部项目取代"
SHADOWED_EN = "replaced by HQ's item"


def source_of(branch_id: str | None) -> Source:
    return Source.HQ if branch_id is None else Source.OWN


def owner_of_new(mode: str, local_branch_id: str) -> str | None:
    """Who owns an item made here: at HQ HQ (no branch), elsewhere this branch."""
    return None if mode == "hq" else local_branch_id


def may_change(mode: str, local_branch_id: str, branch_id: str | None) -> bool:
    """Whether this database may edit or delete an item (its owner's database only)."""
    return branch_id is None if mode == "hq" else branch_id == local_branch_id


def check_may_change(mode: str, local_branch_id: str, branch_id: str | None, code: str) -> None:
    if not may_change(mode, local_branch_id, branch_id):
        raise Conflict("masterdata.hq_item" if branch_id is None else "masterdata.branch_item", item=code)


def check_new_code(mode: str, code: str, hq_codes: Iterable[str]) -> None:
    """A branch may not make an item under a code HQ has issued (:data:`HQ_WINS_RULE_ZH`)."""
    if mode != "hq" and code in set(hq_codes):
        raise Conflict("masterdata.hq_code", "code", item=code)


T = TypeVar("T")


@dataclass(frozen=True)
class Resolved(Generic[T]):
    """An item with whether it is in effect (``shadowed``: a branch item under an HQ code)."""

    item: T
    shadowed: bool


def resolve(items: Sequence[T], code: Callable[[T], str], branch_id: Callable[[T], str | None]
            ) -> list[Resolved[T]]:
    """Every item, each marked shadowed when HQ has an item under the same code (HQ wins)."""
    hq_codes = {code(i) for i in items if branch_id(i) is None}
    return [Resolved(i, branch_id(i) is not None and code(i) in hq_codes) for i in items]


def in_effect(items: Sequence[T], code: Callable[[T], str], branch_id: Callable[[T], str | None]) -> list[T]:
    """The items in effect: one per code, HQ's where HQ has one."""
    return [r.item for r in resolve(items, code, branch_id) if not r.shadowed]


# --- packages (保养套餐) ---------------------------------------------------------------------
def package_discounts(grosses: Sequence[int], price_fen: int) -> list[int]:
    """The line discounts that bring a package's lines (list prices ``grosses``, fen) down to
    its price: the difference shared in proportion to the lines' amounts, rounded to the fen
    so that the discounts add up exactly (largest remainders get the odd fen). A price at or
    above the lines' total gives no discount (:func:`check_package_price` refuses above).
    """
    total = sum(grosses)
    off = total - price_fen
    if off <= 0 or total <= 0:
        return [0] * len(grosses)
    shares = [(gross * off) // total for gross in grosses]
    remainders = sorted(range(len(grosses)), key=lambda i: (-((grosses[i] * off) % total), i))
    for i in remainders[: off - sum(shares)]:
        shares[i] += 1
    return shares


def check_package_price(price_fen: int, grosses: Sequence[int]) -> None:
    """A package has at least one line, and its price is between 0 and the lines' total."""
    if not grosses:
        raise ValidationError("masterdata.package_empty", "lines")
    total = sum(grosses)
    if price_fen < 0 or price_fen > total:
        raise ValidationError("masterdata.package_price", "price_fen", price=yuan(price_fen), total=yuan(total))


__all__ = ["HQ_WINS_RULE_EN", "HQ_WINS_RULE_ZH", "SHADOWED_EN", "SHADOWED_ZH", "SOURCE_LABELS", "Resolved",
           "Source", "check_may_change", "check_package_price", "check_new_code", "in_effect", "may_change", "owner_of_new",
           "package_discounts", "resolve", "source_of"]
