"""A drawing screened with questions the knowledge base has since retired keeps its meaning.

The screen is rewritten as the evidence moves on; a stored "yes" to an old question must still be
shown as it was asked, with its urgency, and a drawing still waiting for answers meets today's screen.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from triggerpoint.drawings.models import PainDrawing
from triggerpoint.drawings.service import RETIRED_WHY

OLD_ASK = "Have you had a recent injury, such as a fall?"


def rewrite_screen(app: FastAPI, uuid: str, status: str, screen: list[dict[str, Any]]) -> None:
    """Make the stored drawing look as an older release left it."""
    with app.state.sessions() as db:
        drawing = db.scalars(select(PainDrawing).where(PainDrawing.uuid == uuid)).one()
        drawing.screen_status, drawing.screen = status, screen
        db.commit()


def test_a_yes_to_a_retired_question_is_shown_as_it_was_asked(app: FastAPI, client: TestClient) -> None:
    uuid = client.post("/api/drawings", json={"regions": ["temple-right"]}).json()["uuid"]
    retired = {"id": "recent-injury", "ask": OLD_ASK, "urgency": "today", "answer": True}
    rewrite_screen(app, uuid, "refer", [retired])

    flagged = client.get(f"/api/drawings/{uuid}").json()["flagged"]
    assert flagged == [{"id": "recent-injury", "ask": OLD_ASK, "why": RETIRED_WHY, "urgency": "today"}]
    assert client.get(f"/api/drawings/{uuid}").json()["advice"]

    page = client.get(f"/drawings/{uuid}")
    assert page.status_code == 200
    assert OLD_ASK in page.text


def test_a_drawing_waiting_for_answers_asks_todays_questions(app: FastAPI, client: TestClient) -> None:
    created = client.post("/api/drawings", json={"regions": ["temple-right"]}).json()
    today = [question["id"] for question in created["questions"]]
    rewrite_screen(app, created["uuid"], "questions", [{"id": "recent-injury", "ask": OLD_ASK, "answer": None}])

    waiting = client.get(f"/api/drawings/{created['uuid']}").json()
    assert [question["id"] for question in waiting["questions"]] == today
    answered = client.post(f"/api/drawings/{created['uuid']}/screen", json={"answers": dict.fromkeys(today, False)})
    assert answered.status_code == 200, answered.text
    assert answered.json()["screen_status"] == "clear"
