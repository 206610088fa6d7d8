"""Who sees personal data and money in full (个人信息保护, DOMAIN.md §7, issue 8 item 3).

Why one module: the search box, the work-order board, complaint lists, exports and the
customer file must all mask the same way for the same roles; a rule copied into each screen
drifts. Read models call these functions with the acting role, so the GUI never receives a
number it should not show (hiding in the GUI alone is never the check).

Masking keeps what people search and call back by: a mobile shows its first three and last
four digits (138****5678), an ID number its first and last four characters. Masking is
idempotent, so a value masked twice reads the same.
"""

from __future__ import annotations

from domain.roles import Role

#: Roles whose work is talking to the customer or taking their money see contact data in
#: full in lists and on the record (the claims clerk files warranty claims naming the owner;
#: the administrator holds and restores the whole database file, so masking their screen
#: would protect nothing). The workshop roles see it masked everywhere.
FULL_CONTACT_ROLES: frozenset[Role] = frozenset(
    {Role.ADVISOR, Role.CARE_CLERK, Role.MANAGER, Role.CASHIER, Role.CLAIMS_CLERK, Role.ADMIN,
     Role.OWNER, Role.SYSTEM})

MASK = "****"


def needs_full_contact(role: str) -> bool:
    """True for roles that phone or bill the customer (顾问、客服、经理、收银) and the system."""
    try:
        return Role(role) in FULL_CONTACT_ROLES
    except ValueError:
        return False


def mask_phone(value: str) -> str:
    """138****5678 for a mobile number; anything else (a landline, an extension) unchanged.

    Why landlines stay: they are a household's or company's listed number, not a personal
    identifier, and the counter staff read them out when a mobile does not answer.
    """
    text = value.strip()
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1") and all(c.isdigit() or c in " -+" for c in text):
        return f"{digits[:3]}{MASK}{digits[7:]}"
    return text


def mask_id_number(value: str) -> str:
    """1101**********1234: enough to confirm with the customer, not enough to misuse."""
    text = value.strip()
    if not text or "*" in text:
        return text
    if len(text) <= 8:
        return "*" * len(text)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"


def phone_for(role: str, value: str) -> str:
    """``value`` as ``role`` may see it."""
    return value if needs_full_contact(role) else mask_phone(value)


def id_number_for(role: str, value: str) -> str:
    return value if needs_full_contact(role) else mask_id_number(value)


def hides_money(role: str, hide_from_technicians: bool) -> bool:
    """True when the branch hides money from technicians (设置) and ``role`` is one."""
    return hide_from_technicians and role == Role.TECHNICIAN


__all__ = ["FULL_CONTACT_ROLES", "hides_money", "id_number_for", "mask_id_number",
           "mask_phone", "needs_full_contact", "phone_for"]
