"""Passwords: Argon2id hashes, the strength rule, and the equal-time answer for unknown users.

Why Argon2id through ``argon2-cffi`` (issue 23 item 8: "Argon2id through `argon2-cffi` at
its recommended parameters … with the old hashes upgraded at the next successful login"):
``PasswordHasher()``'s defaults are RFC 9106's low-memory profile (64 MiB, 3 passes, 4 lanes),
memory-hard where the old scrypt N=2^14 fell short of OWASP's N=2^17. Hashes written before
(``scrypt$…``) still verify; :func:`needs_rehash` tells the login to replace them, and any
Argon2 hash of other parameters, with a fresh one.

Why zxcvbn (item 8: "At least 8 characters, and a weak password (zxcvbn score below 2, or on
a common-password list) refused with the reason in Chinese"): a length rule alone lets
``12345678`` and ``password`` through; zxcvbn estimates the guesses an attacker needs, with
the person's own user name and name as words an attacker would try first.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain import messages
from domain.errors import ValidationError

MIN_LENGTH = 8
#: zxcvbn scores 0–4; below this a password is refused ("zxcvbn score below 2")
MIN_SCORE = 2
#: zxcvbn's cost grows with the length; what comes after this many characters is not analysed
#: (a long password is not weak for what follows)
_ANALYSED = 64

#: THE ONE SWITCH FOR TESTS: when this environment variable is "1", hashes are made with
#: Argon2id's cheapest parameters so the suite's thousands of logins stay fast. Set only by
#: tests/conftest.py, never by the app. A hash made with it is upgraded to the real
#: parameters at the next login in a process without it (:func:`needs_rehash`).
CHEAP_HASH_FOR_TESTS_ENV = "DEALERDESK_TEST_CHEAP_PASSWORD_HASH"

messages.register("password.common", "密码太常见，请换一个不常见的密码",
                  "This password is too common; choose a less common one")
messages.register("password.guessable", "密码太容易猜到：{reason}",
                  "This password is too easy to guess: {reason_en}")

#: zxcvbn's warnings (English) in Chinese, for the reason shown with password.guessable
_WARNINGS_ZH: dict[str, str] = {
    "Straight rows of keys are easy to guess.": "键盘上连成一排的键很容易猜到",
    "Short keyboard patterns are easy to guess.": "简短的键盘图案很容易猜到",
    'Repeats like "aaa" are easy to guess.': "“aaa”这样的重复字符很容易猜到",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        "“abcabcabc”这样的重复并不比“abc”难猜多少",
    'Sequences like "abc" or "6543" are easy to guess.': "“abc”或“6543”这样的顺序很容易猜到",
    "Recent years are easy to guess.": "最近的年份很容易猜到",
    "Dates are often easy to guess.": "日期很容易猜到",
    "This is a top-10 common password.": "这是最常见的前 10 个密码之一",
    "This is a top-100 common password.": "这是最常见的前 100 个密码之一",
    "This is a very common password.": "这是非常常见的密码",
    "This is similar to a commonly used password.": "与常用密码很相似",
    "A word by itself is easy to guess.": "单个词语很容易猜到",
    "Names and surnames by themselves are easy to guess.": "单独的姓名很容易猜到",
    "Common names and surnames are easy to guess.": "常见的姓名很容易猜到",
}
_GENERIC_ZH = "请用更长的、不相关的几个词或字符组合"
_USER_INPUT_ZH = "不要使用用户名、姓名或门店名称"

#: Passwords common in China that zxcvbn's (English) lists rank too low or miss: pinyin, dates
#: of love (520 = 我爱你, 1314 = 一生一世), lucky numbers, QQ habits (CSDN, 12306 leaks).
_COMMON_CN: frozenset[str] = frozenset({
    "woaini1314", "woaini520", "woaini521", "5201314", "5201314520", "1314520", "13145200",
    "52013145", "woaiwojia", "iloveyou1314", "qq123456", "qq5201314", "a123456789",
    "abc123456", "a12345678", "aa123456", "123456aa", "1qaz2wsx", "1q2w3e4r", "qaz123456",
    "qwe123456", "zxc123456", "88888888", "66666666", "147258369", "789456123", "123654789",
    "11223344", "12344321", "31415926", "110110110", "admin888", "admin1234", "admin12345",
    "dearbook", "xiazhili", "zhang123456", "wang123456", "li123456", "mima1234", "mima123456",
    "1234qwer", "123qweasd", "zaq12wsx", "asd123456", "password1", "888888888", "123456qq",
})


# --- hashing ----------------------------------------------------------------------------------
@cache
def _hasher(cheap: bool) -> PasswordHasher:
    if cheap:  # Argon2id all the same, at its minimum cost (tests only: see the switch above)
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()  # RFC 9106 low-memory profile


def _active() -> PasswordHasher:
    return _hasher(os.environ.get(CHEAP_HASH_FOR_TESTS_ENV) == "1")


def hash_password(password: str) -> str:
    """An Argon2id hash (``$argon2id$v=19$m=…``) with its own random salt."""
    return _active().hash(password)


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (Argon2id, or an old scrypt hash);
    a malformed or unknown hash never verifies."""
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    if not stored.startswith("$argon2"):
        return False
    try:
        return _active().verify(stored, password)
    except (VerificationError, InvalidHashError, ValueError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash that just verified should be replaced: an old scrypt hash, or an Argon2
    hash made with other parameters than today's."""
    if not stored.startswith("$argon2"):
        return True
    try:
        return _active().check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


def spend_verify_time(password: str) -> None:
    """Verify ``password`` against a hash of no account, made with today's parameters: the
    answer for an unknown user costs what a wrong password costs, so the time does not tell
    whether a user name exists (item 8: "An unknown user gets the same message in the same
    time as a wrong password")."""
    verify_password(password, _dummy_hash(os.environ.get(CHEAP_HASH_FOR_TESTS_ENV) == "1"))


@cache
def _dummy_hash(cheap: bool) -> str:
    return _hasher(cheap).hash(secrets.token_urlsafe(16))


def _verify_scrypt(password: str, stored: str) -> bool:
    """The hashes written before Argon2 (``scrypt$N$r$p$salt$digest``), kept verifiable until
    their owner's next login replaces them."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        actual = hashlib.scrypt(
            password.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# --- the strength rule ------------------------------------------------------------------------
def check_password(raw: str, field: str = "password", user_inputs: Iterable[str] = ()) -> str:
    """``raw`` if it may be a password, else the reason (Chinese) as a ValidationError:
    fewer than :data:`MIN_LENGTH` characters (``password.weak``), on a common-password list
    (``password.common``, 密码太常见), or a zxcvbn score below :data:`MIN_SCORE` with the
    person's own ``user_inputs`` (user name, name) as known words (``password.guessable``,
    密码太容易猜到, with zxcvbn's warning in Chinese)."""
    if len(raw) < MIN_LENGTH:
        raise ValidationError("password.weak", field, min=MIN_LENGTH)
    if is_common(raw):
        raise ValidationError("password.common", field)
    from zxcvbn import zxcvbn  # its dictionaries load on first use, not at every start

    inputs = [word for value in user_inputs for word in _words(value)]
    result = zxcvbn(raw[:_ANALYSED], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return raw
    sequence = result.get("sequence", [])
    if any(m.get("pattern") == "dictionary" and m.get("dictionary_name") == "passwords"
           and m.get("token", "").lower() == raw.lower() for m in sequence):
        raise ValidationError("password.common", field)
    warning = str(result.get("feedback", {}).get("warning") or "")
    reason = _WARNINGS_ZH.get(warning, "")
    if not reason and any(m.get("dictionary_name") == "user_inputs" for m in sequence):
        reason = _USER_INPUT_ZH
    raise ValidationError("password.guessable", field, reason=reason or _GENERIC_ZH,
                          reason_en=warning or "add a few uncommon words")


def is_common(raw: str) -> bool:
    """On a common-password list: zxcvbn's (the most used passwords of public leaks) or
    :data:`_COMMON_CN`."""
    lowered = raw.lower()
    if lowered in _COMMON_CN:
        return True
    from zxcvbn.matching import RANKED_DICTIONARIES

    return lowered in RANKED_DICTIONARIES["passwords"]


def _words(value: str) -> list[str]:
    """A user input, its parts and their join (``zhang.wei`` → zhangwei, zhang, wei): zxcvbn
    matches whole inputs only."""
    value = value.strip().lower()
    parts = [p for p in value.replace("_", ".").replace("-", ".").split(".") if len(p) >= 2]
    joined = "".join(parts)
    return list(dict.fromkeys(w for w in (value, joined, *parts) if w))
