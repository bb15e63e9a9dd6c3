"""TOTP codes with clock drift and replay, the QR code, and one-time recovery codes."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest

from triggerpoint.accounts.totp import (
    RECOVERY_ALPHABET,
    match_recovery_code,
    new_recovery_codes,
    new_secret,
    provisioning_uri,
    qr_svg,
    recovery_code_digest,
    verify_code,
)

NOW = datetime(2026, 3, 2, 9, 0, 15, tzinfo=UTC)  # the middle of a 30-second step
STEP = int(NOW.timestamp()) // 30
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_at(moment: datetime) -> str:
    return pyotp.TOTP(SECRET).at(moment)


def test_new_secret_is_base32_of_160_bits() -> None:
    secret = new_secret()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert new_secret() != secret


def test_provisioning_uri_names_account_and_issuer() -> None:
    uri = provisioning_uri(SECRET, "ana@clinic.example")
    parsed = urlparse(uri)
    assert (parsed.scheme, parsed.netloc) == ("otpauth", "totp")
    assert parse_qs(parsed.query)["secret"] == [SECRET]
    assert parse_qs(parsed.query)["issuer"] == ["triggerpoint"]
    assert "ana%40clinic.example" in parsed.path


def test_qr_svg_scales_and_has_a_title() -> None:
    svg = qr_svg(provisioning_uri(SECRET, "ana@clinic.example"))
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    assert 'role="img"' in svg
    assert "viewBox=" in svg
    assert not re.search(r"<svg[^>]*\s(width|height)=", svg)
    assert re.search(r"<title>[^<]*authenticator[^<]*</title>", svg)


def test_code_for_now_verifies_and_returns_its_step() -> None:
    assert verify_code(SECRET, code_at(NOW), now=NOW, last_step=None) == STEP


@pytest.mark.parametrize(("drift", "step"), [(-30, STEP - 1), (30, STEP + 1)])
def test_one_step_of_drift_either_way_is_accepted(drift: int, step: int) -> None:
    code = code_at(NOW + timedelta(seconds=drift))
    assert verify_code(SECRET, code, now=NOW, last_step=None) == step


@pytest.mark.parametrize("drift", [-90, 90, -3600])
def test_more_drift_is_refused(drift: int) -> None:
    assert verify_code(SECRET, code_at(NOW + timedelta(seconds=drift)), now=NOW, last_step=None) is None


def test_a_used_code_cannot_be_replayed() -> None:
    code = code_at(NOW)
    used = verify_code(SECRET, code, now=NOW, last_step=None)
    assert used == STEP
    assert verify_code(SECRET, code, now=NOW, last_step=used) is None
    assert verify_code(SECRET, code, now=NOW + timedelta(seconds=20), last_step=used) is None


def test_an_older_code_is_refused_once_a_later_one_was_used() -> None:
    earlier = code_at(NOW - timedelta(seconds=30))
    assert verify_code(SECRET, earlier, now=NOW, last_step=STEP) is None
    assert verify_code(SECRET, code_at(NOW + timedelta(seconds=30)), now=NOW, last_step=STEP) == STEP + 1


def test_spaces_are_ignored() -> None:
    code = code_at(NOW)
    assert verify_code(SECRET, f" {code[:3]} {code[3:]} ", now=NOW, last_step=None) == STEP


def test_a_naive_now_is_taken_as_utc() -> None:
    assert verify_code(SECRET, code_at(NOW), now=NOW.replace(tzinfo=None), last_step=None) == STEP


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = {ord(digit): ord(digit) + 0xFEE0 for digit in "0123456789"}  # FULLWIDTH DIGIT ZERO..NINE


@pytest.mark.parametrize(
    "mangle",
    [
        lambda code: code.translate(ARABIC_INDIC),
        lambda code: code.translate(FULL_WIDTH),
        lambda code: code[:5],
        lambda code: code + "0",
        lambda code: code[:5] + "a",
        lambda code: "",
        lambda code: f"-{code[1:]}",
        lambda code: f"{code[:3]}-{code[3:]}",
    ],
)
def test_malformed_codes_are_refused(mangle: Callable[[str], str]) -> None:
    assert verify_code(SECRET, mangle(code_at(NOW)), now=NOW, last_step=None) is None


def test_arabic_indic_digits_are_refused() -> None:
    assert verify_code(SECRET, "١٢٣٤٥٦", now=NOW, last_step=None) is None


def test_recovery_codes_are_unique_and_well_formed() -> None:
    codes = new_recovery_codes()
    assert len(codes) == 10
    assert len(set(codes)) == 10
    group = f"[{RECOVERY_ALPHABET}]{{4}}"
    assert all(re.fullmatch(rf"{group}(-{group}){{3}}", code) for code in codes)
    assert len(new_recovery_codes(3)) == 3


def test_recovery_codes_avoid_look_alikes_and_carry_60_bits() -> None:
    assert not set("01ilo") & set(RECOVERY_ALPHABET)
    assert len(set(RECOVERY_ALPHABET)) == len(RECOVERY_ALPHABET)
    symbols = len(new_recovery_codes(1)[0].replace("-", ""))
    assert symbols * math.log2(len(RECOVERY_ALPHABET)) >= 60


def test_recovery_codes_use_the_whole_alphabet() -> None:
    seen = set("".join(new_recovery_codes(200)).replace("-", ""))
    assert seen == set(RECOVERY_ALPHABET)


def test_recovery_code_matches_whatever_the_case_and_spacing() -> None:
    codes = new_recovery_codes()
    digests = [recovery_code_digest(code) for code in codes]
    typed = f"  {codes[3].upper().replace('-', ' ')} "
    assert match_recovery_code(typed, digests) == digests[3]
    assert match_recovery_code(codes[3].replace("-", ""), digests) == digests[3]
    assert match_recovery_code(codes[3].replace("-", "\u2013"), digests) == digests[3]


def test_recovery_code_does_not_match_others() -> None:
    codes = new_recovery_codes(11)
    digests = [recovery_code_digest(code) for code in codes[:10]]
    assert match_recovery_code(codes[10], digests) is None
    assert match_recovery_code("", digests) is None
    assert match_recovery_code(codes[0], []) is None


def test_recovery_digest_is_sha256_hex() -> None:
    digest = recovery_code_digest("k7m2-9xq4-tr8p-3hvw")
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == recovery_code_digest("K7M2 9XQ4 TR8P 3HVW")
