"""The therapist's client list and a client's chart over HTTP, in a clinic (issue 12, points 1 and 6b):
flagged clients first with the next-day check-in's state, search kept to the clients the therapist may
open, and the chart at `/clients/{client_ref}/chart` for the care team only (404 for anyone else)."""

from __future__ import annotations

import re
from datetime import timedelta

from clinic_apps import World
from clinic_world import Person, add_client, add_therapist
from sqlalchemy import select

from helpers import post_form
from triggerpoint.audit.models import AuditEvent
from triggerpoint.clients.models import Client
from triggerpoint.programs import repository as programs_repo
from triggerpoint.sessions import service as sessions
from triggerpoint.sessions.models import SelfCareSession, SessionItem

ROW = re.compile(r'<li data-client="([0-9a-f-]+)"')


def _session_done(world: World, person: Person, days_ago: int) -> None:
    """A self-care session of the client's program done `days_ago` days before today (stored as marking it would)."""
    app = world.app
    day = app.state.clock.today() - timedelta(days=days_ago)
    with app.state.sessions() as db:
        client = db.scalar(select(Client).where(Client.uuid == person.uuid))
        assert client is not None
        program = programs_repo.active_program(db, client.id)
        assert program is not None
        program.starts_on = day
        key = sessions.plan_for(program, day).massage[0].key
        session = SelfCareSession(client_id=client.id, program_id=program.id, day=day)
        db.add(session)
        db.flush()
        db.add(SessionItem(client_id=client.id, session_id=session.id, item_key=key, status="done"))
        db.commit()


def _with_program(person: Person) -> None:
    point = {"muscle": "upper-trapezius", "point": "tp1", "side": "right"}
    assert person.browser.post("/api/programs", json={"points": [point]}).status_code == 201


def _flagged_clinic(world: World) -> tuple[Person, Person]:
    """Client Aa says soreness is worse the day after a session; Bob Zed has not answered for three days;
    Cara Quiet has nothing to flag."""
    a = world.a
    _session_done(world, a.client, days_ago=1)
    answer = a.client.browser.post("/api/checkins", json={"soreness": "moderate", "trend": "worse"})
    assert answer.status_code == 201 and answer.json()["paused"], answer.text
    bob = add_client(world.app, a.therapist, "Bob Zed", "bob_z@a.example")
    _with_program(bob)
    _session_done(world, bob, days_ago=3)
    cara = add_client(world.app, a.therapist, "Cara Quiet", "cara@a.example")
    return bob, cara


def test_the_client_list_puts_flagged_clients_first_with_their_check_in_and_last_visit(world: World) -> None:
    bob, cara = _flagged_clinic(world)
    page = world.a.therapist.browser.get("/clients")
    assert page.status_code == 200
    assert ROW.findall(page.text) == [world.a.client.uuid, bob.uuid, cara.uuid]  # not by name: flagged first
    aa = page.text.split(f'data-client="{bob.uuid}"')[0]
    assert 'data-flag="soreness-worse" data-severity="high"' in aa
    assert 'data-state="answered" data-flagged="true"' in aa
    assert f'href="/clients/{world.a.client.uuid}/chart#checkin-' in aa
    assert "Last visit: <time" in aa  # the visit the world started
    rest = page.text.split(f'data-client="{bob.uuid}"')[1]
    bobs, caras = rest.split(f'data-client="{cara.uuid}"')
    assert 'data-flag="checkin-unanswered"' in bobs and 'data-state="overdue"' in bobs
    assert "flag-badge" not in caras and "Last visit: none yet" in caras
    assert 'id="name"' in page.text  # the invitation form is still there


def test_search_finds_by_name_or_e_mail_in_any_case_and_takes_wildcards_literally(world: World) -> None:
    bob, cara = _flagged_clinic(world)
    therapist = world.a.therapist.browser

    def found(q: str) -> list[str]:
        answer = therapist.get("/clients", params={"q": q})
        assert answer.status_code == 200
        return ROW.findall(answer.text)

    assert found("zED") == [bob.uuid]
    assert found("CARA@A.EX") == [cara.uuid]
    assert found("b_z@") == [bob.uuid]  # an underscore is itself...
    assert found("b_b") == found("%") == found("Cara%") == []  # ...and % and _ match nothing else
    assert found("Client") == [world.a.client.uuid]  # never clinic B's "Client Bb"
    assert found("b.example") == found("Client Bb") == []
    assert 'id="no-match"' in therapist.get("/clients", params={"q": "nobody"}).text
    assert found("a/b") == found("\\") == found("'; --") == []  # the escape character and quotes are plain text
    assert therapist.get("/clients", params={"q": "x" * 121}).status_code == 422
    assert therapist.get("/clients", params={"q": "a\x00b"}).status_code == 422


def test_a_colleague_finds_no_client_that_is_not_shared_with_them(world: World) -> None:
    colleague = add_therapist(world.app, world.a.admin, "Second Therapist", "second@a.example")
    page = colleague.browser.get("/clients", params={"q": "Client"})
    assert page.status_code == 200 and ROW.findall(page.text) == []
    assert ROW.findall(colleague.browser.get("/clients").text) == []


def test_the_chart_shows_the_timeline_to_the_care_team_and_is_audited(world: World) -> None:
    _flagged_clinic(world)
    a = world.a
    chart = f"/clients/{a.client.uuid}/chart"
    page = a.therapist.browser.get(chart)
    assert page.status_code == 200
    kinds = set(re.findall(r'class="timeline-item timeline-[a-z-]+" id="[^"]+" data-kind="([a-z-]+)"', page.text))
    assert kinds == {"drawing", "visit", "diary-week", "questionnaire", "program", "checkin"}
    assert 'data-kind="checkin" data-flagged="true"' in page.text
    assert '<div id="flags">' in page.text and 'data-flag="soreness-worse"' in page.text
    visit = a.records["visit_id"]
    assert f'href="/clients/{a.client.uuid}/visits/{visit}"' in page.text  # the visit page
    assert f'href="/clients/{a.client.uuid}/drawings/{a.records["drawing_id"]}"' in page.text
    assert 'data-note="signed"' in page.text
    with world.app.state.sessions() as db:
        read = db.scalars(select(AuditEvent.resource).where(AuditEvent.action == "read")).all()
    assert f"GET {chart}" in read


def test_the_client_list_audits_a_read_of_each_client_it_shows(world: World) -> None:
    bob, cara = _flagged_clinic(world)
    assert world.a.therapist.browser.get("/clients").status_code == 200
    with world.app.state.sessions() as db:
        shown = db.scalars(
            select(AuditEvent.client).where(AuditEvent.resource == "GET /clients", AuditEvent.action == "read")
        ).all()
    assert sorted(shown) == sorted([world.a.client.uuid, bob.uuid, cara.uuid])  # not clinic B's client


def test_the_chart_is_a_404_for_another_clinic_and_for_a_client_at_staff_addresses(world: World) -> None:
    chart = f"/clients/{world.a.client.uuid}/chart"
    assert world.b.therapist.browser.get(chart).status_code == 404
    assert world.b.admin.browser.get(chart).status_code == 404
    assert world.a.admin.browser.get(chart).status_code == 404  # admins do not read clinical records
    assert world.a.client.browser.get(chart).status_code == 404
    assert "Client Aa" not in world.b.therapist.browser.get(chart).text


def test_a_client_sees_their_own_chart_without_the_therapist_s_actions(world: World) -> None:
    own = world.a.client.browser.get("/chart")
    assert own.status_code == 200
    assert 'id="timeline"' in own.text and 'data-kind="drawing"' in own.text
    assert 'id="start-visit"' not in own.text
    assert 'data-kind="visit"' in own.text and f"/visits/{world.a.records['visit_id']}" not in own.text
    assert world.a.therapist.browser.get("/chart").status_code == 404  # staff have no record of their own


def test_the_therapist_starts_a_visit_from_the_chart_with_a_clear_drawing(world: World) -> None:
    a = world.a
    chart = f"/clients/{a.client.uuid}/chart"
    page = a.therapist.browser.get(chart).text
    assert 'id="start-visit-form"' in page
    assert f'<option value="{a.records["drawing_id"]}">' in page and '<option value="">no drawing</option>' in page
    started = post_form(a.therapist.browser, f"/clients/{a.client.uuid}/visits", {"drawing": a.records["drawing_id"]})
    assert started.status_code == 303 and f"/clients/{a.client.uuid}/visits/" in started.headers["location"]
    visit = started.headers["location"].rsplit("/", 1)[1]
    assert f'id="visit-{visit}"' in a.therapist.browser.get(chart).text
