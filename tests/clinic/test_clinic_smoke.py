"""Clinic mode end to end: sign-in, the portal, a therapist opening their client's record."""

from __future__ import annotations

from clinic_apps import World


def test_a_therapist_opens_their_clients_record_and_the_owner_is_shown(world: World) -> None:
    therapist, client = world.a.therapist, world.a.client
    clients = therapist.browser.get("/clients")
    assert clients.status_code == 200 and "Client Aa" in clients.text and "Client Bb" not in clients.text
    diary = therapist.browser.get(f"/clients/{client.uuid}/diary")
    assert diary.status_code == 200, diary.text
    assert "Record of <strong>Client Aa</strong>" in diary.text
    assert f'href="/clients/{client.uuid}/progress"' in diary.text  # links stay in the record


def test_the_client_sees_their_own_record_in_the_portal(world: World) -> None:
    page = world.a.client.browser.get("/diary")
    assert page.status_code == 200 and "Record of <strong>Client Aa</strong>" in page.text


def test_without_a_session_every_page_sends_to_sign_in(world: World) -> None:
    from clinic_world import browser

    stranger = browser(world.app)
    page = stranger.get("/diary", headers={"accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    assert stranger.get("/api/diary").status_code == 401


def test_a_personal_export_joins_the_clinic_record_only_with_consent(world: World, tmp_path: object) -> None:
    import json

    from helpers import post_form

    client = world.a.client.browser
    exported = client.get("/api/export").json()
    entry = next(iter(exported["diary"]))
    moved = {"uuid": "0f0e0d0c-0000-4000-8000-000000000001", "submission_id": "personal-0001"}
    personal = exported | {"diary": [entry | moved]}
    refused = client.post("/api/import", json=personal)
    assert refused.status_code == 422 and "consent" in refused.text
    upload = {"file": ("mine.json", json.dumps(personal).encode(), "application/json")}
    page = post_form(client, "/data/import", files=upload)
    assert page.status_code == 422 and "agreement" in page.text
    agreed = post_form(client, "/data/import", {"consent": "yes"}, files=upload)
    assert agreed.status_code == 200 and "Imported: " in agreed.text, agreed.text
    assert "0f0e0d0c-0000-4000-8000-000000000001" in client.get("/api/export").text


def test_the_admin_filters_the_audit_trail_and_downloads_it_as_fhir(world: World) -> None:
    admin = world.a.admin.browser
    page = admin.get("/audit", params={"action": "mfa-enrol", "since": "", "client": "", "actor": ""})
    assert page.status_code == 200 and "The hash chain checks out" in page.text
    assert '"Action">mfa-enrol</td>' in page.text and '"Action">read</td>' not in page.text
    assert admin.get("/audit", params={"since": "not a day"}).status_code == 422
    bundle = admin.get("/audit/fhir.json", params={"client": world.a.client.uuid}).json()
    assert bundle["resourceType"] == "Bundle" and bundle["entry"]
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert kinds == {"AuditEvent"}
    assert world.b.client.uuid not in str(bundle)
    assert world.a.therapist.browser.get("/audit").status_code == 404  # admins only


def test_the_client_reads_a_visit_note_once_it_is_signed(world: World) -> None:
    therapist, client = world.a.therapist.browser, world.a.client.browser
    visits = f"/clients/{world.a.client.uuid}/api/visits"
    visit = therapist.post(visits, json={"drawing": world.a.records["drawing_id"]}).json()["uuid"]
    draft = therapist.put(f"{visits}/{visit}/note", json={"version": 0})
    assert draft.status_code == 200
    assert client.get(f"/api/visits/{visit}/note").status_code == 404  # a draft stays the therapist's
    assert client.get(f"/api/visits/{visit}/note.pdf").status_code == 404
    signed = therapist.post(f"{visits}/{visit}/note/sign", json={"version": draft.json()["version"]})
    assert signed.status_code == 200
    note = client.get(f"/api/visits/{visit}/note")
    assert note.status_code == 200 and note.json()["signed_at"]
    assert client.put(f"/api/visits/{visit}/note", json={"version": note.json()["version"]}).status_code == 404
