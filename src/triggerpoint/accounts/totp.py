"""Time-based one-time passwords (RFC 6238) for staff, and their one-time recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime

STEP_SECONDS = 30
DRIFT_STEPS = 1  # accept the previous and the next code too, for a phone's clock that is a little off
_CODE = re.compile(r"[0-9]{6}")  # ASCII digits only: "١٢٣٤٥٦" is refused rather than read as 123456

# Lower-case letters and digits without the look-alikes 0/o, 1/l/i: 31 symbols, 16 of them per code
# is 16 * log2(31) ≈ 79 bits, above the 60 asked of a recovery code.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_GROUPS, _GROUP_LENGTH = 4, 4
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]")  # spaces and dashes, including typographic ones


def new_secret() -> str:
    """A new random base32 TOTP secret (160 bits)."""
    import pyotp  # pyotp and segno load on first use: only clinic staff sign in with a second factor

    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str, issuer: str = "triggerpoint") -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The address as an inline SVG QR code that scales to its container."""
    import segno

    qr = segno.make_qr(uri, error="m")
    svg: str = qr.svg_inline(omitsize=True, border=4, title="QR code to scan with your authenticator app")
    return svg.replace("<svg ", '<svg role="img" ', 1)


def _step(now: datetime) -> int:
    aware = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return int(aware.timestamp()) // STEP_SECONDS


def verify_code(secret: str, code: str, *, now: datetime, last_step: int | None) -> int | None:
    """The time step a 6-digit code belongs to, or None if it is wrong, malformed or already used."""
    code = "".join(code.split())
    if not _CODE.fullmatch(code):
        return None
    import pyotp

    totp = pyotp.TOTP(secret)
    current = _step(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        fresh = last_step is None or step > last_step
        if fresh and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _recovery_code() -> str:
    symbols = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(_GROUPS * _GROUP_LENGTH))
    return "-".join(symbols[i : i + _GROUP_LENGTH] for i in range(0, len(symbols), _GROUP_LENGTH))


def new_recovery_codes(count: int = 10) -> list[str]:
    """Fresh one-time recovery codes such as `k7m2-9xq4-tr8p-3hvw`, all different."""
    codes: list[str] = []
    while len(codes) < count:
        code = _recovery_code()
        if code not in codes:
            codes.append(code)
    return codes


def recovery_code_digest(code: str) -> str:
    """The SHA-256 digest to store for a recovery code, ignoring case, spaces and dashes."""
    # A fast hash is enough here: a slow one protects guessable secrets, and ~79 random bits
    # are beyond offline guessing at any speed.
    normal = _SEPARATORS.sub("", code).lower()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def match_recovery_code(code: str, digests: list[str]) -> str | None:
    """The stored digest the code matches (for the caller to remove), or None; compares in constant time."""
    wanted = recovery_code_digest(code)
    found: str | None = None
    for digest in digests:
        if hmac.compare_digest(wanted, digest):
            found = digest
    return found
