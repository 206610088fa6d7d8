"""Per-schema-version payload upgraders (旧版本数据包升级).

Why a registry keyed by revision: a branch may run an older release than HQ for a while.
Its bundle names its schema revision; before applying, each change passes through the
upgrader of every revision step from that one to ours (e.g. a renamed column), so the
apply code only ever sees the current shape. A revision with no upgrader needs none.

.. code-block:: python

    @upgrader("0004")          # bundles written at 0004, read by 0005 or later
    def _rename(change: Change) -> Change | None:
        row = change["row"]; row["new_name"] = row.pop("old_name", ""); return change
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from alembic.script import ScriptDirectory

from common.resources import migrations_path

Change = dict[str, Any]
Upgrader = Callable[[Change], Change | None]

UPGRADERS: dict[str, Upgrader] = {}


def upgrader(from_revision: str) -> Callable[[Upgrader], Upgrader]:
    def decorate(fn: Upgrader) -> Upgrader:
        UPGRADERS[from_revision] = fn
        return fn

    return decorate


def revision_chain() -> list[str]:
    """Revisions from the first to the head, in order."""
    script = ScriptDirectory(str(migrations_path()))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def steps(from_revision: str) -> list[Upgrader]:
    chain = revision_chain()
    index = chain.index(from_revision)
    return [UPGRADERS[rev] for rev in chain[index:-1] if rev in UPGRADERS]


def upgrade(from_revision: str, changes: Iterator[Change]) -> Iterator[Change]:
    fns = steps(from_revision)
    for change in changes:
        current: Change | None = change
        for fn in fns:
            assert current is not None
            current = fn(current)
            if current is None:
                break
        # (an upgrader returning None drops a change that no longer means anything)
        if current is not None:
            yield current
