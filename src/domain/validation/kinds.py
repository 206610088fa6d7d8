"""Every identifier validator by the name ``dealerdesk validate`` knows it under.

Why one table: the command line, the forms and the list import must run the same checks;
this maps a kind to the function the services call, and turns its outcome into ok, warn
(accepted, a person should look) or error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.errors import ValidationError
from domain.validation.credit_code import check_credit_code
from domain.validation.phones import check_mobile, check_other_phone
from domain.validation.plates import read_plate
from domain.validation.readings import Reading
from domain.validation.resident_id import check_id_number
from domain.validation.vin import read_vin

OK, WARN, ERROR = "ok", "warn", "error"


def _plain(check: Callable[[str], str]) -> Callable[[str], Reading]:
    return lambda raw: Reading(check(raw))


KINDS: dict[str, Callable[[str], Reading]] = {
    "vin": read_vin,
    "plate": read_plate,
    "mobile": _plain(check_mobile),
    "phone": _plain(check_other_phone),
    "id": _plain(check_id_number),
    "uscc": _plain(check_credit_code),
}


@dataclass(frozen=True)
class Verdict:
    """What a validator said about one value: ``status`` ok/warn/error, the normal form
    (empty on error) and the warning or error."""

    status: str
    value: str
    problem: ValidationError | None = None

    def text(self, lang: str = "zh") -> str:
        """The normal form when ok, else the message."""
        return self.value if self.problem is None else self.problem.message(lang)


def judge(kind: str, raw: str) -> Verdict:
    try:
        reading = KINDS[kind](raw)
    except ValidationError as exc:
        return Verdict(ERROR, "", exc)
    if reading.warning is not None:
        return Verdict(WARN, reading.value, reading.warning)
    return Verdict(OK, reading.value)


__all__ = ["ERROR", "KINDS", "OK", "WARN", "Verdict", "judge"]
