"""One hierarchy of domain errors (领域错误), each with a code and parameters.

Why codes and not text: the GUI and the command line turn the same error into Chinese
(default) or English text through :mod:`domain.messages`; tests assert on codes.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a user can understand and usually fix."""

    kind = "error"

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.field = field
        self.params: dict[str, Any] = params
        super().__init__(code)

    def message(self, lang: str = "zh") -> str:
        from domain.messages import render

        return render(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.message("zh")


class ValidationError(DomainError):
    """Input refused by a rule; ``field`` names the form field to show it next to."""

    kind = "validation"


class ValidationErrors(ValidationError):
    """Several field errors at once, so a form can mark every bad field in one go."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__(errors[0].code, errors[0].field, **errors[0].params)
        self.errors = errors

    def message(self, lang: str = "zh") -> str:
        return "；".join(e.message(lang) for e in self.errors)


class NotFound(DomainError):
    kind = "not_found"


class Conflict(DomainError):
    """The request clashes with existing data (duplicate plate, stale edit, busy file)."""

    kind = "conflict"


class NotAllowed(DomainError):
    """The acting staff member's role may not do this (checked in the service)."""

    kind = "not_allowed"


def collect(*checks: ValidationError | None) -> None:
    """Raise all non-None validation errors together."""
    errors = [c for c in checks if c is not None]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)
