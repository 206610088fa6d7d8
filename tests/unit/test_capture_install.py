"""Change capture and the audit trail are hooked into every new sessionmaker.

Regression: the hooks once asked SQLAlchemy's ``event.contains`` whether they were already
installed; its registry is keyed by ``id()``, so after an earlier sessionmaker was freed a
new one at the same address was skipped and its sessions wrote rows without outbox entries.
"""

from __future__ import annotations

import gc

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from storage import audit_hook, outbox


def test_every_new_sessionmaker_gets_both_hooks_once() -> None:
    engine = create_engine("sqlite://")
    wrong = []
    for i in range(200):
        sessions = sessionmaker(engine)
        for _ in range(2):  # idempotent
            outbox.install(sessions)
            audit_hook.install(sessions)
        listeners = list(sessions().dispatch.after_flush)
        if len(listeners) != 2 or not issubclass(sessions.class_, outbox.CapturedSession):
            wrong.append(i)
        del sessions
        if i % 20 == 0:
            gc.collect()  # free earlier sessionmakers so that addresses are reused
    engine.dispose()
    assert wrong == []
