"""Every malformed row is a clean refusal (issue 23, item 4).

Issue 23: "Any decoding or type error (date, number, enum, text, nesting, encoding) refuses
that bundle with one line naming the table and column; the other files of the batch still
import; the watched folder moves the bad file to its refused folder and goes on. No
traceback reaches the user, and no message or log line contains a row's personal data."

The world, on SQLite and on PostgreSQL: HQ, and branches BJ01, GZ01 and SH01 enrolled and
imported once. Bundles are forged as a branch signs them (its own key, sealed to HQ), so
only the rows can be wrong. Every forged bundle carries a customer whose name, mobile and
ID number must never show up in a message, a log record, the sync log or the audit trail.
"""

from __future__ import annotations

import logging
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError, OperationalError

from app.cli import main
from app.sync_actions import REFUSED_DIR, AppSyncActions
from domain.model.audit import AuditEntry
from domain.model.sync import SyncPeer
from domain.roles import Actor
from storage.migrate import head_revision
from storage.syncrows import row_payload, syncable_tables, table_by_name, travelling_columns
from sync import bundle, crypto, row_check
from sync.apply import apply_changes
from sync.bundle import BRANCH_TO_HQ
from sync.row_check import KINDS, MalformedRow, check_changes
from sync.service import IMPORT_LOG, keys_dir
from tests.pg import drop_database
from tests.sync.helpers import (
    Side,
    add_customer,
    data_checksum,
    make_branch,
    make_hq,
    pg_side,
)

PEERS = cast(Table, SyncPeer.__table__)
AUDIT = cast(Table, AuditEntry.__table__)
#: the personal data every forged bundle carries
NAME, MOBILE, ID_NUMBER = "隐私甄秘密", "13987654321", "110101199003071234"
SECRETS = (NAME, MOBILE, ID_NUMBER, "甄秘密")


@dataclass
class World:
    backend: str
    hq: Side
    branches: dict[str, Side]
    tmp: Path
    #: per synced table, one row HQ holds (the property test's starting points)
    bases: dict[str, dict[str, Any]] | None = None
    made: int = 0  # customers added by the good bundles


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, template: Path,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp(f"malformed-{request.param}")
    urls: list[str] = []
    if request.param == "sqlite":
        hq = make_hq(template, tmp / "hq")
        branches = {code: make_branch(template, tmp / code, code, hq) for code in ("BJ01", "GZ01", "SH01")}
    else:
        server = request.getfixturevalue("pg_server")
        hq = pg_side(server, tmp / "hq", "HQ", None, urls)
        branches = {code: pg_side(server, tmp / code, code, hq, urls) for code in ("BJ01", "GZ01", "SH01")}
    branches["BJ01"].ctx.services.demo.load(Actor.system(), customers=3)
    for code, side in branches.items():
        add_customer(side, f"模板{code}", "13100000000", f"京M{code[:2]}001")
        path = side.sync.export_bundle(tmp / f"{code}-1.ddsync").path
        [result] = hq.sync.import_bundles([path])
        assert result.status == "applied", result.message
    yield World(request.param, hq, branches, tmp)
    for side in (hq, *branches.values()):
        side.close()
    for url in urls:
        drop_database(url)


# --- forging ----------------------------------------------------------------------------------

def _row(side: Side, table: str, **where: Any) -> dict[str, Any]:
    """A row ``side`` holds, as its bundle would carry it."""
    t = table_by_name()[table]
    query = select(t).limit(1)
    for key, value in where.items():
        query = query.where(t.c[key] == value)
    with side.ctx.db.engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    assert row is not None, table
    return cast(dict[str, Any], orjson.loads(row_payload(table, row)))


def secret_customer(world: World, code: str = "BJ01") -> dict[str, Any]:
    """A new customer of branch ``code`` with recognisable personal data."""
    row = _row(world.branches[code], "customers", name=f"模板{code}")
    row.update(id=str(uuid.uuid4()), name=NAME, mobile=MOBILE, mobile_rev=MOBILE[::-1],
               id_number=ID_NUMBER, notes=f"{NAME} 的身份证 {ID_NUMBER}", row_version=1)
    return row


def change(table: str, row: dict[str, Any], op: str = "upsert") -> dict[str, Any]:
    return {"t": table, "id": row.get("id"), "op": op, "v": row.get("row_version", 1), "row": row}


def forge(world: World, changes: list[dict[str, Any]], name: str, code: str = "BJ01", *,
          raw_lines: list[bytes] | None = None) -> Path:
    """A bundle branch ``code`` signs with its own key, sealed to HQ, carrying ``changes``
    (each dumped as its JSON line) then ``raw_lines`` (bytes as they are, for lines that are
    not JSON or not UTF-8), numbered from the first sequence HQ expects."""
    side = world.branches[code]
    with world.hq.ctx.db.engine.connect() as conn:
        applied = int(conn.execute(select(PEERS.c.last_applied_seq).where(PEERS.c.code == code)).scalar_one())
    pair = crypto.load_keys(keys_dir(side.data_dir))
    hq_box = crypto.load_keys(keys_dir(world.hq.data_dir)).public.box  # type: ignore[union-attr]
    assert pair is not None
    first = applied + 1
    lines = [bundle.change_line(first + i, c["t"], c["id"], c["op"], c["v"],
                                orjson.dumps(c["row"], option=orjson.OPT_SORT_KEYS).decode()).encode()
             for i, c in enumerate(changes)]
    lines += [raw.replace(b"SEQ", str(first + len(lines) + i).encode()) for i, raw in enumerate(raw_lines or [])]
    sealed = crypto.seal(hq_box, zlib.compress(b"".join(line + b"\n" for line in lines)))
    manifest = {"direction": BRANCH_TO_HQ, "sender": code, "receiver": "HQ", "kind": "changes", "ack": 0,
                # one seal over the whole payload: format 1, which HQ still reads (issue 23 item 3)
                "format": 1, "schema": head_revision(), "first_seq": first,
                "last_seq": first + len(lines) - 1, "changes": len(lines), "counts": {},
                "created_at": "2026-12-08T00:00:00+00:00", "sender_key": pair.public.fingerprint,
                "payload_sha256": bundle.payload_sha256(sealed)}
    path = world.tmp / name
    bundle.write(path, manifest, sealed, crypto.sign(pair, bundle.manifest_bytes(manifest)))
    return path


# --- what a refusal must leave ----------------------------------------------------------------

def _trail(side: Side) -> str:
    with side.ctx.db.engine.connect() as conn:
        return "\n".join("\t".join(map(str, r)) for r in conn.execute(select(AUDIT)))


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def refused(world: World, path: Path, caplog: pytest.LogCaptureFixture, *words: str,
            audited: bool = True) -> str:
    """Import ``path`` at HQ: refused with one line holding ``words``; nothing applied; the
    personal data in no message, log record, sync log line or audit entry."""
    before = data_checksum(world.hq)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        [result] = world.hq.sync.import_bundles([path])
    assert result.status == "refused", result
    assert "\n" not in result.message
    for word in words:
        assert word in result.message, result.message
    assert data_checksum(world.hq) == before
    assert_no_secrets(result.message)
    for record in caplog.records:
        assert_no_secrets(record.getMessage())
        assert_no_secrets(logging.Formatter().format(record))  # with any traceback attached
    log = (keys_dir(world.hq.data_dir).parent / IMPORT_LOG).read_text(encoding="utf-8")
    assert result.message in log
    assert_no_secrets(log)
    trail = _trail(world.hq)
    assert (result.message in trail) == audited  # at HQ a bad row is an audit entry (without the row)
    assert_no_secrets(trail)
    return result.message


# --- each kind of fault -----------------------------------------------------------------------

def _vehicle(world: World, customer: dict[str, Any]) -> dict[str, Any]:
    row = _row(world.branches["BJ01"], "vehicles")
    row.update(id=str(uuid.uuid4()), owner_id=customer["id"], plate="京Z99999", vin="", row_version=1)
    return row


CUSTOMER_FAULTS: list[tuple[str, str, Any, str]] = [
    ("bad date", "first_visit_on", "2026-02-30", "date"),
    ("date as a number", "birthday", 20260101, "date"),
    ("impossible time", "created_at", "2026-13-01T08:00:00.000000+00:00", "datetime"),
    ("time without a zone", "updated_at", "2026-11-01T08:00:00", "datetime"),
    ("over-long text", "mobile", MOBILE * 3, "length"),
    ("NUL in text", "name", NAME + "\x00", "nul"),
    ("a nested object where text is wanted", "address", {"city": NAME}, "text"),
    ("a list where text is wanted", "other_phone", [MOBILE], "text"),
    ("a number where text is wanted", "id_number", 110101199003071234, "text"),
    ("text for a boolean", "consent_contact", "yes", "boolean"),
    ("an integer for a boolean", "consent_contact", 1, "boolean"),
    ("null in a required column", "name", None, "null"),
]


@pytest.mark.parametrize(("what", "column", "value", "kind"), CUSTOMER_FAULTS,
                         ids=[f[0] for f in CUSTOMER_FAULTS])
def test_a_bad_value_in_a_customer_row(world: World, caplog: pytest.LogCaptureFixture,
                                       what: str, column: str, value: Any, kind: str) -> None:
    row = secret_customer(world)
    row[column] = value
    name = f"{world.backend}-{what.replace(' ', '_')}.ddsync"
    refused(world, forge(world, [change("customers", row)], name), caplog,
            "customers", column, KINDS[kind])


VEHICLE_FAULTS: list[tuple[str, str, Any, str]] = [
    ("text in a number column", "mileage_km", "十万公里", "integer"),
    ("a number out of range", "mileage_km", 2 ** 40, "range"),
    ("bool for int", "model_year", True, "integer"),
    ("a fraction for int", "mileage_km", 1.5, "integer"),
]


@pytest.mark.parametrize(("what", "column", "value", "kind"), VEHICLE_FAULTS,
                         ids=[f[0] for f in VEHICLE_FAULTS])
def test_a_bad_number_beside_a_customer(world: World, caplog: pytest.LogCaptureFixture,
                                        what: str, column: str, value: Any, kind: str) -> None:
    customer = secret_customer(world)
    vehicle = _vehicle(world, customer)
    vehicle[column] = value
    name = f"{world.backend}-{what.replace(' ', '_')}.ddsync"
    refused(world, forge(world, [change("customers", customer), change("vehicles", vehicle)], name),
            caplog, "vehicles", column, KINDS[kind])


def test_an_invalid_enum_value(world: World, caplog: pytest.LogCaptureFixture) -> None:
    staff = _row(world.branches["BJ01"], "staff", username="admin")
    staff.update(role="superuser", row_version=int(staff["row_version"]) + 1)
    refused(world, forge(world, [change("customers", secret_customer(world)), change("staff", staff)],
                         f"{world.backend}-enum.ddsync"), caplog, "staff", "role", KINDS["choice"])


def test_json_text_that_is_not_json(world: World, caplog: pytest.LogCaptureFixture) -> None:
    order = _row(world.branches["BJ01"], "work_orders")
    order.update(inspection_json=f'[{{"area": "{NAME}"', row_version=int(order["row_version"]) + 1)
    refused(world, forge(world, [change("customers", secret_customer(world)), change("work_orders", order)],
                         f"{world.backend}-json.ddsync"), caplog, "work_orders", "inspection_json", KINDS["json"])


def test_an_unknown_column(world: World, caplog: pytest.LogCaptureFixture) -> None:
    row = secret_customer(world)
    row["zz_secret"] = NAME
    refused(world, forge(world, [change("customers", row)], f"{world.backend}-unknown.ddsync"), caplog,
            "customers", "zz_secret", KINDS["unknown"])
    row = secret_customer(world)
    row[NAME] = MOBILE  # a key that is itself personal data is not echoed
    message = refused(world, forge(world, [change("customers", row)], f"{world.backend}-unknown2.ddsync"),
                      caplog, "customers", KINDS["unknown"])
    assert "（无效名称）" in message


def test_a_missing_required_column(world: World, caplog: pytest.LogCaptureFixture) -> None:
    row = secret_customer(world)
    del row["name"]
    refused(world, forge(world, [change("customers", row)], f"{world.backend}-missing.ddsync"), caplog,
            "customers", "name", KINDS["missing"])


def test_a_bad_change_envelope(world: World, caplog: pytest.LogCaptureFixture) -> None:
    row = secret_customer(world)
    bad_id = change("customers", row)
    bad_id["id"] = row["id"] = f"{MOBILE}-not-a-uuid"
    refused(world, forge(world, [bad_id], f"{world.backend}-id.ddsync"), caplog, "customers", "id", KINDS["id"])
    row = secret_customer(world)
    refused(world, forge(world, [{**change("customers", row), "v": True}], f"{world.backend}-v.ddsync"),
            caplog, "customers", "v", KINDS["integer"])
    refused(world, forge(world, [{**change("customers", row), "op": "merge"}], f"{world.backend}-op.ddsync"),
            caplog, "customers", "op", KINDS["op"])
    refused(world, forge(world, [{**change("customers", row), "row": [NAME, MOBILE]}],
                         f"{world.backend}-row.ddsync"), caplog, "customers", "row", KINDS["object"])


def test_a_line_that_is_not_utf8_or_not_json(world: World, caplog: pytest.LogCaptureFixture) -> None:
    """Such a line cannot name its table (it cannot be read at all): refused as unreadable."""
    good = change("customers", secret_customer(world))
    not_utf8 = (b'{"seq":SEQ,"t":"customers","id":"' + str(uuid.uuid4()).encode() + b'","op":"upsert","v":1,'
                b'"row":{"name":"' + NAME.encode("gb18030") + b'","mobile":"' + MOBILE.encode() + b'"}}')
    refused(world, forge(world, [good], f"{world.backend}-gbk.ddsync", raw_lines=[not_utf8]), caplog, "无法读取",
            audited=False)
    not_json = b'{"seq":SEQ,"t":"customers","row":{"name":"' + NAME.encode() + b'",'
    refused(world, forge(world, [good], f"{world.backend}-cut.ddsync", raw_lines=[not_json]), caplog, "无法读取",
            audited=False)


# --- the last net: what the check lets through, the driver refuses, cleanly --------------------

def test_a_driver_error_is_a_refusal_without_the_parameters(world: World, caplog: pytest.LogCaptureFixture,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """With the row check switched off, a value the database cannot take (an integer beyond
    64 bits, a NUL on the server) fails in the driver; the refusal names the table when it
    can and carries none of the statement's parameters."""
    monkeypatch.setattr("sync.service.check_changes", lambda *a, **k: None)
    customer = secret_customer(world)
    vehicle = _vehicle(world, customer)
    vehicle["mileage_km"] = 2 ** 63 + 5  # beyond any integer column (JSON still carries it)
    message = refused(world, forge(world, [change("customers", customer), change("vehicles", vehicle)],
                                   f"{world.backend}-driver.ddsync"), caplog, "无法写入数据库")
    assert str(2 ** 63 + 5) not in message
    if world.backend == "postgresql":
        customer = secret_customer(world)
        customer["name"] = NAME + "\x00"
        refused(world, forge(world, [change("customers", customer)], f"{world.backend}-driver-nul.ddsync"),
                caplog, "customers", "无法写入数据库")


def test_a_database_that_cannot_be_reached_is_not_the_file_s_fault() -> None:
    error = OperationalError("INSERT INTO customers (name) VALUES (?)", (NAME,), Exception("locked"))
    with pytest.raises(OperationalError):
        row_check.write_refusal(error, "x.ddsync")


# --- the batch, the watched folder, the command line -----------------------------------------

def _good(world: World, code: str, name: str) -> Path:
    side = world.branches[code]
    world.made += 1
    add_customer(side, f"好客户{world.made}", f"132{world.made:08d}", f"京G{world.made:05d}")
    return side.sync.export_bundle(world.tmp / name).path


def _bad(world: World, code: str, name: str) -> Path:
    row = secret_customer(world, code)
    row["first_visit_on"] = "昨天"
    return forge(world, [change("customers", row)], name, code)


def test_a_batch_with_a_bad_file_between_two_good_ones(world: World) -> None:
    """Sorted by sender: BJ01 (good), GZ01 (bad), SH01 (good)."""
    paths = [_good(world, "SH01", f"{world.backend}-b3.ddsync"), _bad(world, "GZ01", f"{world.backend}-b2.ddsync"),
             _good(world, "BJ01", f"{world.backend}-b1.ddsync")]
    results = world.hq.sync.import_bundles(paths)
    assert [(r.sender, r.status) for r in results] == [("BJ01", "applied"), ("GZ01", "refused"),
                                                        ("SH01", "applied")]
    assert "customers" in results[1].message and "first_visit_on" in results[1].message


class _Progress:
    def file_started(self, index: int, count: int, name: str) -> None:
        pass

    def advance(self, done: int, total: int) -> None:
        pass


def test_the_watched_folder_files_the_bad_bundle_away_and_goes_on(world: World) -> None:
    inbox = world.tmp / f"inbox-{world.backend}"
    inbox.mkdir()
    paths = [_good(world, "BJ01", "w1.ddsync"), _bad(world, "GZ01", "w2.ddsync"), _good(world, "SH01", "w3.ddsync")]
    for path in paths:
        path.rename(inbox / path.name)
    actions = AppSyncActions(world.hq.ctx, Actor.system())
    outcomes = actions.import_dropped(sorted(inbox.glob("*.ddsync")), _Progress())
    assert {o.name: o.status for o in outcomes} == {"w1.ddsync": "applied", "w2.ddsync": "refused",
                                                    "w3.ddsync": "applied"}
    assert (inbox / REFUSED_DIR / "w2.ddsync").exists()
    assert not list(inbox.glob("*.ddsync"))  # nothing is left to be retried
    assert actions.import_dropped(sorted(inbox.glob("*.ddsync")), _Progress()) == []


def test_the_command_line_prints_one_line_per_refused_file(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    if world.backend != "sqlite":
        pytest.skip("the command line reads the HQ data folder's SQLite file here")
    paths = [_good(world, "BJ01", "c1.ddsync"), _bad(world, "GZ01", "c2.ddsync"), _good(world, "SH01", "c3.ddsync")]
    capsys.readouterr()
    code = main(["--data-dir", str(world.hq.data_dir), "import", *map(str, paths)])
    out, err = capsys.readouterr()
    assert code == 1
    refusals = err.strip().splitlines()
    assert len(refusals) == 1 and "c2.ddsync" in refusals[0] and "first_visit_on" in refusals[0]
    assert len(out.strip().splitlines()) == 2
    assert_no_secrets(out + err)


# --- the checker itself -----------------------------------------------------------------------

def test_every_synced_column_has_a_check() -> None:
    for table in syncable_tables():
        for column in travelling_columns(table.name):
            row_check.column_check(table.name, column)  # raises for a type it cannot check


def test_declared_choices_and_json_columns_exist() -> None:
    for table, column in [*row_check.CHOICES, *row_check.JSON_TEXT]:
        assert column in table_by_name()[table].c


def test_the_branch_s_own_bundle_passes_the_check(world: World) -> None:
    """Everything the demo made (every table it fills) is well-formed."""
    with world.branches["BJ01"].ctx.db.engine.connect() as conn:
        changes = [change(t.name, orjson.loads(row_payload(t.name, r)))
                   for t in syncable_tables() for r in conn.execute(select(t)).mappings()]
    assert len({c["t"] for c in changes}) > 20
    check_changes(changes)


# --- any JSON value in any column -------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2 ** 63), max_value=2 ** 64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40)
    | st.sampled_from(["2026-11-25", "2026-11-25T08:00:00.123456+00:00", "2026-11-25T08:00:00",
                       "0001-01-01T00:00:00-05:00", "9999-12-31T23:00:00-05:00", "[]", "{}", "", "x" * 600]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=4)


def _base_rows(world: World) -> dict[str, dict[str, Any]]:
    """One row per synced table HQ holds any of (as a bundle carries it)."""
    rows: dict[str, dict[str, Any]] = {}
    with world.hq.ctx.db.engine.connect() as conn:
        for table in syncable_tables():
            found = conn.execute(select(table).limit(1)).mappings().first()
            if found is not None:
                rows[table.name] = orjson.loads(row_payload(table.name, found))
    return rows


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_json_value_in_any_column_is_applied_or_refused_cleanly(world: World, data: st.DataObject) -> None:
    """Issue 23: "Any decoding or type error (date, number, enum, text, nesting, encoding)
    refuses that bundle" — the check refuses it (MalformedRow), or the row is applied
    without error (a key conflict, IntegrityError, is the import's own clean refusal)."""
    if world.bases is None:
        world.bases = _base_rows(world)
    bases = world.bases
    table = data.draw(st.sampled_from(sorted(bases)), label="table")
    column = data.draw(st.sampled_from(sorted(c.name for c in travelling_columns(table)
                                              if c.name not in ("id", "row_version"))), label="column")
    value = orjson.loads(orjson.dumps(data.draw(JSON, label="value")))  # what a bundle can carry
    row = dict(bases[table])
    new = data.draw(st.booleans(), label="new row")
    if new:
        row["id"] = str(uuid.uuid4())
    row["row_version"] = int(row["row_version"]) + 1
    row[column] = value
    changes = [change(table, row)]
    try:
        check_changes(changes)
    except MalformedRow as exc:
        assert exc.table == table and exc.column == column
        assert "\n" not in exc.reason
        return
    with world.hq.ctx.db.engine.connect() as conn:
        tx = conn.begin()
        try:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            apply_changes(conn, changes, {table}, sender="BJ01", at_hq=True)
        except IntegrityError:
            pass
        finally:
            tx.rollback()


def test_deletes_beside_upserts_and_an_older_schema_s_keys(world: World) -> None:
    """A bundle with tombstones takes the change-by-change path and finds the same faults;
    a bundle of an older schema may carry keys this one no longer knows (the apply drops
    them, as before), one of this schema may not."""
    row = secret_customer(world)
    tombstone = {"t": "customers", "id": str(uuid.uuid4()), "op": "delete", "v": 3, "row": None}
    check_changes([tombstone, change("customers", row)])
    row["birthday"] = "1990-02-30"
    with pytest.raises(MalformedRow) as caught:
        check_changes([tombstone, change("customers", row)])
    assert (caught.value.table, caught.value.column, caught.value.kind) == ("customers", "birthday", "date")
    row = secret_customer(world)
    row["dropped_since"] = "x"
    check_changes([change("customers", row)], strict=False)
    with pytest.raises(MalformedRow):
        check_changes([change("customers", row)])


def test_a_database_error_never_shows_the_statement_s_values(world: World) -> None:
    """The app's engine hides parameters: whatever shows or logs a database error (a message
    box, the command line, a log record) never shows the statement's values through it. (The
    server's own DETAIL line may still quote the row, so a refusal shows only the driver
    message's first line.)"""
    customers = table_by_name()["customers"]
    with pytest.raises(IntegrityError) as caught, world.hq.ctx.db.engine.begin() as conn:
        conn.execute(customers.insert().values(id=str(uuid.uuid4()), name=NAME, mobile=MOBILE,
                                               id_number=ID_NUMBER, branch_id=None))
    assert "SQL parameters hidden" in str(caught.value)
    assert_no_secrets(str(caught.value.orig).splitlines()[0])
    if world.backend == "sqlite":
        assert_no_secrets(str(caught.value))


ENVELOPES: list[tuple[dict[str, Any], str, str]] = [
    ({"t": {"name": NAME}}, "t", "table"),
    ({"t": [NAME]}, "t", "table"),
    ({"id": [MOBILE]}, "id", "id"),
    ({"id": {"x": 1}}, "id", "id"),
    ({"id": "1234567 -1234-1234-1234-123456789012"}, "id", "id"),
    ({"op": ["upsert"]}, "op", "op"),
    ({"op": {"upsert": 1}}, "op", "op"),
    ({"v": [1]}, "v", "integer"),
    ({"v": -1}, "v", "range"),
    ({"v": 2 ** 40}, "v", "range"),
    ({"row": "text"}, "row", "object"),
]


@pytest.mark.parametrize(("patch", "column", "kind"), ENVELOPES, ids=[f"{c}-{k}-{i}" for i, (_p, c, k) in
                                                                       enumerate(ENVELOPES)])
def test_an_unsound_change_envelope(patch: dict[str, Any], column: str, kind: str) -> None:
    """Lists and objects where a name, an id, an operation or a version belong (they cannot
    even be hashed) are refused like any other fault, on the fast path and change by change."""
    good = {"t": "care_ratings", "id": str(uuid.uuid4()), "op": "delete", "v": 1, "row": None}
    for others in ([], [good]):
        with pytest.raises(MalformedRow) as caught:
            check_changes([*others, {**good, "op": "upsert", "row": {}, **patch}])
        assert (caught.value.column, caught.value.kind) == (column, kind)
        assert_no_secrets(caught.value.reason)


def test_a_column_that_stays_home_is_refused_not_dropped(world: World, caplog: pytest.LogCaptureFixture) -> None:
    """A staff row carrying a password hash (never exported: storage.syncrows.EXCLUDED_COLUMNS)
    is a forged row, not a newer sender's: the bundle is refused."""
    staff = _row(world.branches["BJ01"], "staff", username="admin")
    staff.update(password_hash="$argon2id$forged", row_version=int(staff["row_version"]) + 1)
    refused(world, forge(world, [change("customers", secret_customer(world)), change("staff", staff)],
                         f"{world.backend}-home.ddsync"), caplog, "staff", "password_hash", KINDS["unknown"])
