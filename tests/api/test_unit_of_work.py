"""The request's unit of work (framework.deps.get_db): a change is committed, a failure stores nothing, a read
that writes is refused, and every session is closed when its request ends."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient

from triggerpoint.diary import service as diary
from triggerpoint.diary.schemas import DiaryEntryCreate
from triggerpoint.framework.deps import DB, KB, Me, Now, WriteOnReadError


def entry() -> DiaryEntryCreate:
    return DiaryEntryCreate(submission_id=uuid.uuid4().hex, pain=4)


def stored_count(client: TestClient) -> int:
    return len(client.get("/api/diary").json())


@pytest.fixture
def routes(app: FastAPI) -> FastAPI:
    """Two routes that write a diary entry where they must not: on a GET, and before failing."""

    def write_on_read(db: DB, kb: KB, me: Me, clock: Now) -> dict[str, str]:
        diary.add_entry(db, kb, me.id, entry(), clock.now())
        return {}

    def write_then_fail(db: DB, kb: KB, me: Me, clock: Now) -> dict[str, str]:
        diary.add_entry(db, kb, me.id, entry(), clock.now())
        raise HTTPException(status_code=409, detail="refused after the write")

    app.add_api_route("/test/write-on-read", write_on_read, methods=["GET"])
    app.add_api_route("/test/write-then-fail", write_then_fail, methods=["POST"])
    return app


def test_a_change_is_committed_and_seen_by_the_next_request(client: TestClient) -> None:
    assert client.post("/api/diary", json={"submission_id": uuid.uuid4().hex, "pain": 3}).status_code == 201
    assert stored_count(client) == 1


def test_a_read_that_writes_is_refused_and_stores_nothing(routes: FastAPI, client: TestClient) -> None:
    with pytest.raises(WriteOnReadError, match="GET /test/write-on-read tried to write"):
        client.get("/test/write-on-read")
    assert stored_count(client) == 0


def test_a_request_that_fails_after_writing_stores_nothing(routes: FastAPI, client: TestClient) -> None:
    assert client.post("/test/write-then-fail", json={}).status_code == 409
    assert stored_count(client) == 0


def test_every_session_is_closed_when_its_request_ends(routes: FastAPI, client: TestClient) -> None:
    client.post("/api/diary", json={"submission_id": uuid.uuid4().hex, "pain": 3})
    client.post("/test/write-then-fail", json={})
    client.get("/api/diary/no-such-entry")
    with pytest.raises(WriteOnReadError):
        client.get("/test/write-on-read")
    assert routes.state.engine.pool.checkedout() == 0
