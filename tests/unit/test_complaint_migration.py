"""Migration 0016 (issue 15) on a branch that already has complaint slips: the internal
deadlines are filled in from each slip's history, and the old factory text of copy 3 now
says where the regulation sends it ("送业务部门依批示办理")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from app.context import AppContext
from common.resources import migrations_path
from domain import clock
from domain.roles import Actor
from domain.services.complaints import ComplaintInput, ProposalInput
from domain.settings_defaults import COMPLAINT_COPIES, DEFAULTS
from storage import migrate
from storage.database import DB_FILE_NAME
from storage.engine import make_engine, sqlite_backup, sqlite_url

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
INTAKE = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


def test_existing_slips_get_their_internal_deadlines_from_their_history(initialised_template: Path,
                                                                        tmp_path: Path) -> None:
    sqlite_backup(initialised_template, tmp_path / DB_FILE_NAME)
    ctx = AppContext.open(tmp_path)
    system = Actor.system()
    old_copies = [dict(c) for c in DEFAULTS[COMPLAINT_COPIES]]
    old_copies[2] = {**old_copies[2], "name": "服务部(业务)存", "destination": "服务部(业务)"}
    try:
        c = ctx.services.complaints
        ctx.services.settings.set(system, COMPLAINT_COPIES, old_copies)
        with clock.freeze(INTAKE):
            number = c.register(system, ComplaintInput(channel="phone", category="price",
                                                       customer_words="收费不透明", customer_name="张三")).number
        with clock.freeze(INTAKE + dt.timedelta(days=1)):
            c.respond(system, number)
            c.record_investigation(system, number, "第一次调查")
        with clock.freeze(INTAKE + dt.timedelta(days=4)):
            c.record_investigation(system, number, "复核")  # investigated_at moves; the report does not
            c.record_responsibility(system, number, "not_founded", reason="按价目表收费")
            c.propose(system, number, ProposalInput(text="向客户解释收费明细"))
    finally:
        ctx.close()

    engine = make_engine(sqlite_url(tmp_path / DB_FILE_NAME))
    try:
        before = ScriptDirectory(str(migrations_path())).get_revision("0016").down_revision
        assert isinstance(before, str)
        command.downgrade(migrate.alembic_config(engine), before)
        command.upgrade(migrate.alembic_config(engine), "head")
    finally:
        engine.dispose()

    ctx = AppContext.open(tmp_path)
    try:
        view = ctx.services.complaints.get(Actor.system(), number)
        copies = ctx.services.complaints.settings().copies
    finally:
        ctx.close()
    report, opinion = view.internal
    assert report.due == dt.datetime(2026, 11, 14, tzinfo=SHANGHAI)
    assert report.done_at == INTAKE + dt.timedelta(days=1) and not report.late
    assert opinion.due == dt.datetime(2026, 11, 13, tzinfo=SHANGHAI)  # a day after the first report
    assert opinion.done_at == INTAKE + dt.timedelta(days=4) and opinion.late
    assert (copies[2].name, copies[2].destination) == ("送业务部门依批示办理", "业务部门")
    assert copies[1].name == old_copies[1]["name"]
    engine = make_engine(sqlite_url(tmp_path / DB_FILE_NAME))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM complaint_penalties")).scalar() == 0
    finally:
        engine.dispose()
