"""argon2id hashing, Unicode passwords taken unchanged, and the rules for a new password."""

from __future__ import annotations

import unicodedata

import argon2
import pytest

from triggerpoint.accounts import passwords
from triggerpoint.accounts.passwords import burn_time, hash_password, needs_rehash, password_problem, verify_password

GOOD = "correct horse battery staple"


def test_hash_is_argon2id_with_owasp_parameters() -> None:
    stored = hash_password(GOOD)
    assert stored.startswith("$argon2id$")
    assert "$m=19456,t=2,p=1$" in stored
    parameters = argon2.extract_parameters(stored)
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19456, 2, 1)


def test_round_trip_and_salted() -> None:
    stored = hash_password(GOOD)
    assert verify_password(stored, GOOD)
    assert hash_password(GOOD) != stored


@pytest.mark.parametrize(
    "password", ["pässwörd 🔑 long enough", "пароль для клиники", "治疗师的密码很长很长很长", "x" * 256]
)
def test_unicode_and_long_passwords_round_trip_unchanged(password: str) -> None:
    assert password_problem(password) is None
    assert verify_password(hash_password(password), password)


def test_composed_and_decomposed_forms_are_one_password() -> None:
    composed = unicodedata.normalize("NFC", "pässwörd 🔑 long enough")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert verify_password(hash_password(decomposed), composed)
    assert verify_password(hash_password(composed), decomposed)


@pytest.mark.parametrize("attempt", ["correct horse battery stapl", "Correct horse battery staple", "", GOOD + " "])
def test_wrong_password_is_false(attempt: str) -> None:
    assert not verify_password(hash_password(GOOD), attempt)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "not a hash",
        "$argon2id$v=19$m=19456,t=2,p=1$bm90IGEgc2FsdA$bm90IGEgaGFzaA",
        "$2b$12$KIXQJ0pF3p1Yw2wQ1Q1Q1uJf1Q1Q1Q1Q1Q1Q1Q1Q1Q1Q1Q1Q1Q1Q1",
        "$argon2id$garbage",
    ],
)
def test_garbage_stored_hash_is_false_not_an_error(stored: str) -> None:
    assert not verify_password(stored, GOOD)


def test_needs_rehash() -> None:
    assert not needs_rehash(hash_password(GOOD))
    weaker = argon2.PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(GOOD)
    assert verify_password(weaker, GOOD)
    assert needs_rehash(weaker)
    assert needs_rehash("not a hash")


def test_burn_time_verifies_against_a_hash_made_like_real_ones() -> None:
    burn_time(GOOD)
    burn_time("")
    stored = passwords._dummy_hash()  # same cost as a real account's hash, so the same time
    assert argon2.extract_parameters(stored) == argon2.extract_parameters(hash_password(GOOD))


@pytest.mark.parametrize(
    ("password", "email", "problem"),
    [
        ("short", "", "at least 12"),
        ("elevenchars", "", "at least 12"),
        ("x" * 257, "", "at most 256"),
        ("qwerty123456", "", "commonly used"),
        ("QWERTY123456", "", "commonly used"),
        ("administrator", "", "commonly used"),
        ("Password@123", "", "commonly used"),
        ("my name is maria.lopez ok", "Maria.Lopez@example.org", "email"),
        ("MARIA.LOPEZ rocks the house", "maria.lopez@example.org", "email"),
    ],
)
def test_password_problems(password: str, email: str, problem: str) -> None:
    reason = password_problem(password, email=email)
    assert reason is not None
    assert problem in reason


@pytest.mark.parametrize(
    ("password", "email"),
    [
        ("exactly12chr", ""),
        ("a bit of a story about a dog", "al@example.org"),  # a two-letter local part is not checked
        ("correct horse battery staple", "maria@example.org"),
        ("           twelve spaces first", ""),
    ],
)
def test_good_passwords_pass(password: str, email: str) -> None:
    assert password_problem(password, email=email) is None


def test_length_counts_code_points_after_normalising() -> None:
    eleven = unicodedata.normalize("NFD", "ééééééééééé")  # 22 code points before NFC, 11 after
    assert password_problem(eleven) is not None
    assert password_problem(eleven + "é") is None


def test_common_list_is_loaded_and_has_entries_long_enough_to_matter() -> None:
    common = passwords._common_passwords()
    assert len(common) > 300
    assert sum(len(entry) >= passwords.MIN_LENGTH for entry in common) >= 10
    assert not any(entry.startswith("#") for entry in common)
