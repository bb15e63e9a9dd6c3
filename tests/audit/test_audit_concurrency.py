"""Writers appending at once, each committing its own transactions, still leave one unbroken chain."""

from __future__ import annotations

import threading

from audit_factories import make_entry
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from triggerpoint.audit.models import AuditEvent
from triggerpoint.audit.service import record, verify_trail

WRITERS, EACH = 2, 50


def test_concurrent_appends_keep_the_chain_linear(fresh_engine: Engine) -> None:
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        start.wait()
        try:
            for n in range(EACH):
                with Session(fresh_engine) as session, session.begin():
                    record(session, make_entry(n, detail=f"writer {writer}"))
        except BaseException as error:  # reported below: a thread's exception would be lost
            failures.append(error)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with Session(fresh_engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == WRITERS * EACH
        assert session.scalar(select(func.count(AuditEvent.prev_hash.distinct()))) == WRITERS * EACH
        assert verify_trail(session) is None
