"""Clinic mode in Chromium, as people use it: an admin's first sign-in with an authenticator app,
lock-out after wrong passwords, idle time-outs, a therapist's visit to a client's diary, and the
second factor's wrong codes and one-time recovery codes. The server's clock is stopped and moved
by hand, so TOTP codes are computed at its time and time-outs pass without waiting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest
from live import LiveServer, watch_console
from targets import scrolls_sideways, small_targets

from triggerpoint.accounts import service as accounts

PASSWORD = "correct horse battery staple"
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True},
}
TOO_MANY = "Too many attempts."
EXPECTED_REFUSAL = re.compile(r"Failed to load resource: the server responded with a status of (401|429)\b")


@dataclass
class Staff:
    """A staff member's browser page, and the authenticator key and recovery codes they were shown."""

    page: Any
    email: str
    secret: str
    codes: list[str]


class Browsers:
    """New browser contexts on the clinic server; each one's console is watched and every one is closed."""

    def __init__(self, browser: Any, server: LiveServer) -> None:
        self.browser, self.server = browser, server
        self.contexts: list[Any] = []
        self.consoles: list[list[str]] = []

    def page(self, device: str = "desktop") -> Any:
        context = self.browser.new_context(base_url=self.server.url, **DEVICES[device])
        self.contexts.append(context)
        page = context.new_page()
        self.consoles.append(watch_console(page))
        return page

    @property
    def errors(self) -> list[str]:
        """Script errors and CSP refusals (a refused sign-in's 401 or 429 is expected, not an error)."""
        logged = [message for console in self.consoles for message in console]
        return [m for m in logged if not EXPECTED_REFUSAL.match(m)]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsers(browser: Any, clinic_server: LiveServer) -> Iterator[Browsers]:
    opened = Browsers(browser, clinic_server)
    yield opened
    opened.close()


def tick(server: LiveServer, **moved: float) -> None:
    """Move the server's stopped clock on."""
    clock = server.clock
    clock.set(clock.local(clock.now() + timedelta(**moved)).replace(tzinfo=None))


def code_now(server: LiveServer, secret: str) -> str:
    """What the authenticator app shows at the server's time."""
    return pyotp.TOTP(secret).at(server.clock.now())


def new_clinic(server: LiveServer, name: str, admin_email: str) -> str:
    """A clinic and its admin as `triggerpoint clinic create` makes them; the admin's one-time link token."""
    assert server.app is not None
    with server.app.state.sessions() as db:
        where = accounts.Where("cli", server.clock.now())
        _, _, token = accounts.create_clinic(db, name, admin_email, where)
        db.commit()
    return token


def submit(page: Any, selector: str = "main button.primary") -> Any:
    """Press a form's button and wait for the answer; the response that was navigated to."""
    with page.expect_navigation() as navigation:
        page.locator(selector).click()
    return navigation.value


def path(page: Any) -> str:
    return "/" + page.url.split("/", 3)[3]


def fits(page: Any) -> None:
    assert not scrolls_sideways(page), page.url
    assert small_targets(page) == [], page.url


def shoot(page: Any, screenshots: Path, name: str, device: str) -> None:
    if device == "phone":
        fits(page)
    else:
        assert not scrolls_sideways(page), page.url
    page.screenshot(path=str(screenshots / f"clinic-{name}-{device}.png"), full_page=True)


def set_password(page: Any) -> Any:
    page.fill("#password", PASSWORD)
    page.fill("#again", PASSWORD)
    return submit(page)


def enrol(page: Any, server: LiveServer) -> tuple[str, list[str]]:
    """On the enrol page: read the key by hand, type the app's code; the key and the recovery codes shown."""
    assert path(page) == "/sign-in/enrol"
    assert page.locator(".qr svg").is_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    tick(server, seconds=31)
    page.fill("#code", code_now(server, secret))
    assert submit(page).status == 200
    codes = [c.strip() for c in page.locator("#recovery-codes li").all_inner_texts()]
    assert len(codes) == 10 and len(set(codes)) == 10
    return secret, codes


def signed_in_by_link(browser: Any, server: LiveServer, link: str, size: dict[str, int]) -> Any:
    """A new page of someone who opened their one-time link, chose a password and enrolled a second factor."""
    context = browser.new_context(base_url=server.url, viewport=size, bypass_csp=True)  # bypass: to inject axe-core
    page = context.new_page()
    page.goto(f"/link/{link}")
    set_password(page)
    enrol(page, server)
    return page


def sign_in(page: Any, email: str, password: str = PASSWORD) -> Any:
    if "/sign-in" not in page.url:
        page.goto("/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    return submit(page)


def enter_code(page: Any, code: str) -> Any:
    assert path(page).startswith("/sign-in/code")
    page.fill("#code", code)
    return submit(page)


def sign_out(page: Any) -> None:
    with page.expect_navigation():
        page.locator(".clinic-bar button", has_text="Sign out").click()
    assert path(page) == "/sign-in"


def admin(browsers: Browsers, device: str = "desktop") -> Staff:
    """A new clinic's admin, through the one-time link: password, authenticator, recovery codes."""
    email = "admin@alder.example"
    page = browsers.page(device)
    page.goto("/link/" + new_clinic(browsers.server, "Alder Clinic", email))
    set_password(page)
    secret, codes = enrol(page, browsers.server)
    return Staff(page, email, secret, codes)


def invite(page: Any, where: str, name: str, email: str) -> str:
    """Invite someone on /staff or /clients; the one-time link the page shows once."""
    page.goto(where)
    page.fill("#name", name)
    page.fill("#email", email)
    assert submit(page, "main form button.primary").status == 200
    assert page.locator("#invited").is_visible()
    link: str = page.locator("#invite-link").inner_text().strip()
    page.goto(where)
    assert page.locator("#invite-link").count() == 0  # shown only once
    return link


def therapist(browsers: Browsers, boss: Staff) -> Staff:
    email = "tess@alder.example"
    link = invite(boss.page, "/staff", "Tess Therapist", email)
    page = browsers.page()
    page.goto(link)
    set_password(page)
    secret, codes = enrol(page, browsers.server)
    return Staff(page, email, secret, codes)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_an_admin_sets_up_a_second_factor_and_signs_in_with_it(
    browsers: Browsers, screenshots: Path, device: str
) -> None:
    server = browsers.server
    page = browsers.page(device)
    page.goto("/link/" + new_clinic(server, "Alder Clinic", "admin@alder.example"))
    assert "admin@alder.example" in page.locator("main").inner_text()
    shoot(page, screenshots, "set-password", device)
    set_password(page)
    assert path(page) == "/sign-in/enrol"
    shoot(page, screenshots, "enrol", device)
    secret, _ = enrol(page, server)
    assert page.locator("h1").inner_text() == "Keep these recovery codes"
    shoot(page, screenshots, "recovery-codes", device)

    with page.expect_navigation():
        page.locator("main a", has_text="continue").click()
    assert path(page) == "/staff"
    assert "admin@alder.example" in page.locator("table").inner_text()
    shoot(page, screenshots, "staff", device)
    page.fill("#name", "Tess Therapist")
    page.fill("#email", "tess@alder.example")
    submit(page, "main form button.primary")
    assert "/link/" in page.locator("#invite-link").inner_text()
    assert "invited" in page.locator("table").inner_text()
    shoot(page, screenshots, "staff-invited", device)
    page.goto("/clients")
    shoot(page, screenshots, "clients", device)
    page.goto("/audit")
    assert page.locator("#chain-ok").is_visible()
    assert "mfa-enrol" in page.locator("#audit-events").inner_text()
    shoot(page, screenshots, "audit", device)
    page.goto("/account")
    assert "10 recovery codes left" in page.locator("main").inner_text()
    shoot(page, screenshots, "account", device)

    sign_out(page)
    page.goto("/staff")
    assert path(page) == "/sign-in?next=/staff"
    shoot(page, screenshots, "sign-in", device)
    assert sign_in(page, "admin@alder.example").status == 200
    assert path(page) == "/sign-in/code?next=/staff"  # where they were going, after the code
    shoot(page, screenshots, "sign-in-code", device)
    tick(server, seconds=31)
    assert enter_code(page, code_now(server, secret)).status == 200
    assert path(page) == "/staff"  # an admin starts at the staff list
    assert "Signed in as" in page.locator(".clinic-bar").inner_text()
    assert browsers.errors == []


def test_five_wrong_passwords_hold_off_the_sixth_until_the_back_off_passes(
    browsers: Browsers, screenshots: Path
) -> None:
    server = browsers.server
    boss = admin(browsers)
    sign_out(boss.page)
    page = browsers.page()
    for attempt in range(5):
        assert sign_in(page, boss.email, f"not the password {attempt}").status == 401
    refused = page.locator("#sign-in-error").inner_text()
    held = sign_in(page, boss.email)
    assert held.status == 429
    assert int(held.headers["retry-after"]) > 0
    message = page.locator("#sign-in-error").inner_text()
    assert message.startswith(TOO_MANY)
    page.screenshot(path=str(screenshots / "clinic-sign-in-too-many-desktop.png"), full_page=True)
    assert sign_in(page, "nobody@alder.example").status == 429
    assert page.locator("#sign-in-error").inner_text() == message

    tick(server, seconds=int(held.headers["retry-after"]) + 1)
    assert sign_in(page, boss.email).status == 200
    assert path(page) == "/sign-in/code"
    tick(server, seconds=31)
    assert enter_code(page, code_now(server, boss.secret)).status == 200
    assert path(page) == "/staff"
    stranger = browsers.page()
    assert sign_in(stranger, "nobody@alder.example").status == 401
    assert stranger.locator("#sign-in-error").inner_text() == refused  # no hint which e-mails have accounts
    assert browsers.errors == []


def test_idle_staff_are_signed_out_after_15_minutes_and_clients_after_30(browsers: Browsers) -> None:
    server = browsers.server
    tess = therapist(browsers, admin(browsers))
    page = tess.page
    page.goto("/clients")
    tick(server, minutes=14)
    page.reload()
    assert path(page) == "/clients"  # still there, and the visit counts as activity
    tick(server, minutes=16)
    page.reload()
    assert path(page) == "/sign-in?next=/clients"
    assert page.locator("h1").inner_text() == "Sign in"

    sign_in(page, tess.email)
    tick(server, seconds=31)
    enter_code(page, code_now(server, tess.secret))
    client = browsers.page()
    client.goto(invite(page, "/clients", "Ada Client", "ada@example.org"))
    set_password(client)
    client.goto("/diary")
    tick(server, minutes=20)
    client.reload()
    assert path(client) == "/diary"
    tick(server, minutes=31)
    client.reload()
    assert path(client) == "/sign-in?next=/diary"
    assert browsers.errors == []


def test_a_client_writes_in_the_diary_and_the_therapist_reads_it(browsers: Browsers, screenshots: Path) -> None:
    tess = therapist(browsers, admin(browsers))
    tess.page.goto("/clients")
    tess.page.fill("#name", "Ada Client")
    tess.page.fill("#email", "ada@example.org")
    submit(tess.page, "main form button.primary")
    link = tess.page.locator("#invite-link").inner_text().strip()
    shoot(tess.page, screenshots, "therapist-invited", "desktop")
    tess.page.goto("/clients")
    assert tess.page.locator("#invite-link").count() == 0  # the link is shown once

    ada = browsers.page("phone")
    ada.goto(link)
    assert "ada@example.org" in ada.locator("main").inner_text()
    set_password(ada)
    assert path(ada) == "/"
    assert "Ada Client" in ada.locator(".clinic-bar").inner_text()
    ada.goto("/diary")
    ada.locator('label[for="pain-6"]').click()
    ada.locator("summary", has_text="notes").click()
    ada.fill("#notes", "Stiff neck after the long drive")
    submit(ada, "#save-entry")
    assert ada.locator("#saved").is_visible()
    assert "Stiff neck after the long drive" in ada.locator("tr[data-entry]").first.inner_text()
    fits(ada)
    ada.screenshot(path=str(screenshots / "clinic-client-diary-phone.png"), full_page=True)

    page = tess.page
    page.goto("/clients")
    shoot(page, screenshots, "therapist-clients", "desktop")
    page.set_viewport_size({"width": 360, "height": 740})
    shoot(page, screenshots, "therapist-clients", "phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_navigation():
        page.locator(".client-list a", has_text="Ada Client").click()
    with page.expect_navigation():
        page.locator("header nav a", has_text="Diary").click()
    assert path(page).startswith("/clients/") and path(page).endswith("/diary")
    assert "Record of Ada Client" in page.locator(".clinic-bar").inner_text()
    row = page.locator("tr[data-entry]").first.inner_text()
    assert "Stiff neck after the long drive" in row and "6" in row
    assert not scrolls_sideways(page)
    page.screenshot(path=str(screenshots / "clinic-therapist-diary-desktop.png"), full_page=True)
    assert browsers.errors == []


def test_a_wrong_code_is_refused_and_a_recovery_code_works_once(browsers: Browsers) -> None:
    server = browsers.server
    boss = admin(browsers)
    page = boss.page
    sign_out(page)
    sign_in(page, boss.email)
    tick(server, seconds=31)
    right = code_now(server, boss.secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert enter_code(page, wrong).status == 401
    assert "did not work" in page.locator("main .error").inner_text()
    assert enter_code(page, "not-a-code").status == 401
    page.goto("/staff")
    assert path(page) == "/sign-in/code"  # no way round the second factor

    assert enter_code(page, boss.codes[0].upper()).status == 200
    assert path(page) == "/staff"
    page.goto("/account")
    assert "9 recovery codes left" in page.locator("main").inner_text()
    sign_out(page)
    sign_in(page, boss.email)
    assert enter_code(page, boss.codes[0]).status == 401
    assert path(page) == "/sign-in/code"
    assert enter_code(page, boss.codes[1]).status == 200
    assert path(page) == "/staff"
    assert browsers.errors == []
