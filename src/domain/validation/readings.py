"""What a validator says about a value it accepts: the normal form, and a warning if any."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import ValidationError


@dataclass(frozen=True)
class Reading:
    """An accepted value in its normal form; ``warning`` when a person should look at it.

    Why a warning is a :class:`ValidationError`: the service refuses the value with it until
    the person confirms (a VIN without a check digit), the command line prints its text, and
    the form shows it under the field, all from one code.
    """

    value: str
    warning: ValidationError | None = None


__all__ = ["Reading"]
