"""Password hashing with argon2id, and the rules a new password must meet.

Every password is NFC-normalised before it is checked, hashed or verified, so the same
password typed on two keyboards (composed "ä" or "a" plus a combining diaeresis) is one
password; otherwise it is taken unchanged: spaces, emoji and any script are welcome.
"""

from __future__ import annotations

import secrets
import unicodedata
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

# NIST SP 800-63B counts each Unicode code point as one character. Rev. 4 (2025) asks for
# 15 when the password alone signs in and 8 when it is one factor of several; 12 is our choice.
MIN_LENGTH = 12
MAX_LENGTH = 256
_MIN_EMAIL_NAME = 3  # a one- or two-letter local part would forbid half the alphabet


@cache
def _hasher() -> PasswordHasher:
    """argon2's hasher, built on first use (its C binding is not needed until someone signs in)."""
    from argon2 import PasswordHasher
    from argon2.low_level import Type

    # OWASP Password Storage Cheat Sheet (argon2id, "m=19456 (19 MiB), t=2, p=1"):
    # https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)


def _nfc(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    """Hash a password with argon2id; the result starts `$argon2id$`."""
    return _hasher().hash(_nfc(password))


def verify_password(stored: str, password: str) -> bool:
    """Whether the password matches the stored hash; False for a wrong password or an unreadable hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, _nfc(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with other parameters (or is unreadable) and should be replaced."""
    from argon2.exceptions import InvalidHashError

    try:
        return _hasher().check_needs_rehash(stored)
    except InvalidHashError:
        return True


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(32))


def burn_time(password: str) -> None:
    """Spend the time of one verification, so an unknown account answers as slowly as a wrong password."""
    verify_password(_dummy_hash(), password)


@cache
def _common_passwords() -> frozenset[str]:
    text = files("triggerpoint.accounts").joinpath("data", "common-passwords.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(_nfc(line).casefold() for line in lines if line and not line.startswith("#"))


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why a new password cannot be used, in plain English, or None when it can."""
    password = _nfc(password)
    email_name = email.partition("@")[0].strip().casefold()
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters; a few ordinary words in a row make a good password."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.casefold() in _common_passwords():
        return "This password is one of the most commonly used ones; please choose another."
    if len(email_name) >= _MIN_EMAIL_NAME and _nfc(email_name) in password.casefold():
        return "Please don't include your email address's name in your password."
    return None
