"""Sign-in over HTTP (spec/clinic-security.md, promises 4 and 5): hashes, one refusal for everyone,
throttling that ends, a second factor for staff, sessions kept and ended on the server."""

from __future__ import annotations

from datetime import timedelta

from clinic_apps import World
from clinic_world import PASSWORD, Person, browser, code, tick
from fastapi import FastAPI
from sqlalchemy import select

from helpers import post_form
from triggerpoint.accounts.models import Account, AuthSession
from triggerpoint.clock import FixedClock


def sign_in(app: FastAPI, email: str, password: str = PASSWORD, **fields: str) -> tuple[Person, object]:
    person = Person("?", email, browser(app))
    answer = post_form(person.browser, "/sign-in", {"email": email, "password": password} | fields)
    return person, answer


def advance(app: FastAPI, minutes: float) -> None:
    clock: FixedClock = app.state.clock
    clock.set(clock.local(clock.now() + timedelta(minutes=minutes)).replace(tzinfo=None))


def test_passwords_are_stored_as_argon2id_hashes(world: World) -> None:
    with world.app.state.sessions() as db:
        hashes = list(db.scalars(select(Account.password_hash)))
    assert hashes and all(h and h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(world: World) -> None:
    _, unknown = sign_in(world.app, "nobody@a.example")
    _, wrong = sign_in(world.app, "therapist@a.example", "not the right password at all")
    assert unknown.status_code == wrong.status_code == 401  # type: ignore[attr-defined]
    message = "That e-mail and password do not match an account"
    assert message in unknown.text and message in wrong.text  # type: ignore[attr-defined]


def test_repeated_failures_are_throttled_for_a_while_not_for_ever(world: World) -> None:
    app = world.app
    for _ in range(5):
        _, answer = sign_in(app, "client@a.example", "a wrong password, again")
        assert answer.status_code == 401  # type: ignore[attr-defined]
    _, throttled = sign_in(app, "client@a.example")  # even the right password waits
    assert throttled.status_code == 429  # type: ignore[attr-defined]
    assert int(throttled.headers["retry-after"]) > 0  # type: ignore[attr-defined]
    advance(app, 16)
    _, later = sign_in(app, "client@a.example")
    assert later.status_code == 303  # type: ignore[attr-defined]


def test_staff_need_their_second_factor_and_the_session_is_renewed(world: World) -> None:
    app, therapist = world.app, world.a.therapist
    person, answer = sign_in(app, therapist.email)
    assert answer.headers["location"] == "/sign-in/code"  # type: ignore[attr-defined]
    pending = person.browser.cookies["tp_session"]
    blocked = person.browser.get(f"/clients/{world.a.client.uuid}/diary")
    assert blocked.status_code == 303 and blocked.headers["location"] == "/sign-in/code"
    assert therapist.secret
    tick(app)
    done = post_form(person.browser, "/sign-in/code", {"code": code(app, therapist.secret)})
    assert done.status_code == 303
    assert person.browser.cookies["tp_session"] != pending  # a new session ID once fully signed in
    assert person.browser.get(f"/clients/{world.a.client.uuid}/diary").status_code == 200
    replay = browser(app)
    post_form(replay, "/sign-in", {"email": therapist.email, "password": PASSWORD})
    again = post_form(replay, "/sign-in/code", {"code": code(app, therapist.secret)})
    assert again.status_code == 401  # the same code never works twice


def test_the_session_cookie_is_httponly_and_samesite(world: World) -> None:
    _, answer = sign_in(world.app, "client@a.example")
    cookie = answer.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "tp_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_idle_and_absolute_time_outs_end_a_session(world: World) -> None:
    app, therapist, client = world.app, world.a.therapist.browser, world.a.client.browser
    advance(app, 1)  # activity is noted at most once a minute
    assert therapist.get("/clients").status_code == client.get("/diary").status_code == 200
    advance(app, 14)
    assert therapist.get("/clients").status_code == 200  # activity keeps it alive
    advance(app, 16)
    assert therapist.get("/clients").status_code == 401
    assert client.get("/diary").status_code == 200  # clients may be idle for 30 minutes
    for _ in range(25):  # active every 29 minutes, for 12 hours and more
        advance(app, 29)
        client.get("/diary")
    assert client.get("/diary").status_code == 401


def test_signing_out_everywhere_and_disabling_end_sessions_on_the_server(world: World) -> None:
    app = world.app
    second, answer = sign_in(app, "client@a.example")
    assert answer.status_code == 303  # type: ignore[attr-defined]
    old = dict(world.a.client.browser.cookies)
    assert post_form(second.browser, "/account/sign-out-everywhere").status_code == 303
    reused = browser(app)
    reused.cookies.update(old)
    assert reused.get("/diary").status_code == 401
    therapist = world.a.therapist
    page = world.a.admin.browser.get("/staff")
    assert page.status_code == 200
    with app.state.sessions() as db:
        uuid = db.scalar(select(Account.uuid).where(Account.email == therapist.email))
        assert db.scalar(select(AuthSession.id).where(AuthSession.ended_at.is_(None))) is not None
    assert post_form(world.a.admin.browser, f"/staff/{uuid}/disable").status_code == 303
    assert therapist.browser.get("/clients").status_code == 401


def test_a_recovery_code_works_once(world: World) -> None:
    app = world.app
    codes = _fresh_recovery_codes(app, world)
    assert len(codes) == 10
    person, _ = sign_in(app, "admin@a.example")
    wrong = post_form(person.browser, "/sign-in/code", {"code": "000000"})
    assert wrong.status_code == 401
    used = post_form(person.browser, "/sign-in/code", {"code": codes[0].upper()})
    assert used.status_code == 303
    other, _ = sign_in(app, "admin@a.example")
    assert post_form(other.browser, "/sign-in/code", {"code": codes[0]}).status_code == 401


def _fresh_recovery_codes(app: FastAPI, world: World) -> list[str]:
    """Enrol the admin again through a reset link and keep the recovery codes the page shows once."""
    import re

    from clinic_world import SECRET

    admin_b = world.a.admin  # an admin cannot reset themselves from the staff page: use the service
    from triggerpoint.accounts import service as accounts
    from triggerpoint.accounts.policy import Principal

    with app.state.sessions() as db:
        account = db.scalars(select(Account).where(Account.email == admin_b.email)).one()
        other = accounts.invite_staff(
            db,
            Principal(account.id, account.clinic_id, "admin"),
            "second-admin@a.example",
            "Second",
            "admin",
            accounts.Where("test", app.state.clock.now()),
        )
        token = accounts.reset_link(
            db,
            Principal(other[0].id, account.clinic_id, "admin"),
            account.uuid,
            accounts.Where("t", app.state.clock.now()),
        )
        db.commit()
    fresh = browser(app)
    post_form(fresh, f"/link/{token}", {"password": PASSWORD, "again": PASSWORD})
    secret = SECRET.search(fresh.get("/sign-in/enrol").text)
    assert secret
    tick(app)
    page = post_form(fresh, "/sign-in/enrol", {"code": code(app, secret.group(1))})
    return re.findall(r"<li>([a-z0-9-]{10,})</li>", page.text)


def test_after_sign_in_only_a_path_on_this_site_is_followed(world: World) -> None:
    _, answer = sign_in(world.app, "client@a.example", next="//evil.example/x")
    assert answer.headers["location"] == "/"  # type: ignore[attr-defined]
    _, inside = sign_in(world.app, "client@a.example", next="/diary")
    assert inside.headers["location"] == "/diary"  # type: ignore[attr-defined]


def test_an_invitation_cannot_set_a_clinic_or_a_role(world: World) -> None:
    therapist = world.a.therapist
    fields = {"name": "Mallory", "email": "mallory@a.example", "role": "admin", "clinic_id": "2", "owner_id": "1"}
    assert post_form(therapist.browser, "/clients", fields).status_code == 200
    with world.app.state.sessions() as db:
        mallory = db.scalars(select(Account).where(Account.email == "mallory@a.example")).one()
        therapist_clinic = db.scalar(select(Account.clinic_id).where(Account.email == therapist.email))
    assert mallory.role == "client" and mallory.clinic_id == therapist_clinic


def test_behind_tls_the_cookie_is_host_bound_and_secure_and_hsts_is_sent(tmp_path: object) -> None:
    from pathlib import Path

    from clinic_apps import clinic_app
    from fastapi.testclient import TestClient

    from triggerpoint.accounts import service as accounts

    app = clinic_app(Path(str(tmp_path)), behind_tls=True)
    with app.state.sessions() as db:
        _, admin, _ = accounts.create_clinic(
            db, "TLS Clinic", "boss@tls.example", accounts.Where("t", app.state.clock.now())
        )
        accounts.set_password(db, admin, PASSWORD)
        db.commit()
    web = TestClient(app, base_url="https://localhost", follow_redirects=False)
    answer = post_form(web, "/sign-in", {"email": "boss@tls.example", "password": PASSWORD})
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("__Host-tp_session=") and "Secure" in cookie and "Path=/" in cookie
    assert web.get("/sign-in").headers["strict-transport-security"].startswith("max-age=31536000")


def test_staff_land_where_they_were_going_after_their_code(world: World) -> None:
    app, therapist = world.app, world.a.therapist
    wanted = f"/clients/{world.a.client.uuid}/diary"
    person, answer = sign_in(app, therapist.email, next=wanted)
    assert answer.headers["location"] == f"/sign-in/code?next={wanted}"  # type: ignore[attr-defined]
    assert therapist.secret
    tick(app)
    done = post_form(person.browser, "/sign-in/code", {"code": code(app, therapist.secret), "next": wanted})
    assert done.headers["location"] == wanted
