"""``dealerdesk db move-to URL``: a demo shop moved onto a server database shows the same
lists and prints the same forms; refusals and failures leave the SQLite file in use."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from pypdf import PdfReader

from app.cli import main
from app.context import AppContext
from domain import clock
from storage import move
from storage.database import DB_FILE_NAME, Database
from storage.engine import sqlite_backup
from storage.location import CONNECTION_FILE
from tests.pg import drop_database, new_database

PASSWORD = "admin123-Kq7v"


# --- fixtures ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A branch with ``demo --customers 40``: orders in every state, reworks, complaints
    (one reopened), follow-ups, audit entries and the outbox."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    assert main(["--data-dir", str(folder), "init", "--branch-code", "BJ01", "--branch-name",
                 "北京朝阳店", "--admin", "admin", "--password", PASSWORD]) == 0
    assert main(["--data-dir", str(folder), "demo", "--customers", "40"]) == 0
    return folder


@pytest.fixture
def shop(demo_shop: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    sqlite_backup(demo_shop / DB_FILE_NAME, folder / DB_FILE_NAME)
    return folder


@pytest.fixture(scope="module")
def migrated_empty(pg_server: str) -> Iterator[str]:
    """An empty database already at this program's schema (as ``host init`` leaves it)."""
    url = new_database(pg_server)
    Database.from_url(url).close()
    yield url.rsplit("/", 1)[1]
    drop_database(url)


@pytest.fixture
def target(pg_server: str, migrated_empty: str) -> Iterator[str]:
    url = new_database(pg_server, template=migrated_empty)
    yield url
    drop_database(url)


@pytest.fixture
def bare_target(pg_server: str) -> Iterator[str]:
    """A database with no tables at all, owned by an ordinary role (as the shop's app role)."""
    url = new_database(pg_server)
    server, name = url.rsplit("/", 1)
    role = f"mover_{name}"
    with psycopg.connect(_plain(url), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw'")
        conn.execute(f'ALTER DATABASE "{name}" OWNER TO {role}')
    host = server.rsplit("@", 1)[1]
    yield f"postgresql+psycopg://{role}:pw@{host}/{name}"
    drop_database(url)
    with psycopg.connect(_plain(f"{server}/postgres"), autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {role}")


# --- helpers -----------------------------------------------------------------------------
def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _run(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _ok(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> str:
    code, out, err = _run(capsys, folder, *args)
    assert code == 0, (args, err)
    return out


def _pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def _sqlite_counts(db_file: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_file)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name <> 'alembic_version'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def _file_state(folder: Path) -> tuple[str, dict[str, int]]:
    """The SQLite file's bytes (hash) and row counts: what "left exactly as it was" means."""
    return (hashlib.sha256((folder / DB_FILE_NAME).read_bytes()).hexdigest(),
            _sqlite_counts(folder / DB_FILE_NAME))


def _target_tables(url: str) -> dict[str, int]:
    """Rows per table of the target (``alembic_version`` is the schema's, not data)."""
    with psycopg.connect(_plain(url)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'alembic_version'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _still_on_sqlite(folder: Path) -> None:
    assert not (folder / CONNECTION_FILE).exists()
    ctx = AppContext.open(folder)
    try:
        assert ctx.location.sqlite_file == folder / DB_FILE_NAME
    finally:
        ctx.close()


def _everything(capsys: pytest.CaptureFixture[str], folder: Path, out_dir: Path,
                numbers: dict[str, str]) -> dict[str, object]:
    """Every list and the text of every printed form."""
    seen: dict[str, object] = {}
    for name, args in {
        "work-orders": ("work-orders", "list"),
        "complaints": ("complaints", "list"),
        "search": ("search", "张"),
        "search-plate": ("search", numbers["plate"]),
        "care-due": ("care", "due"),
        "follow-ups": ("follow-ups", "list"),
        "audit": ("audit",),
    }.items():
        seen[name] = _ok(capsys, folder, *args)
    out_dir.mkdir(exist_ok=True)
    for form, key in (("work-order", numbers["order"]), ("repair-card", numbers["order"]),
                      ("settlement", numbers["order"]), ("survey-card", numbers["order"]),
                      ("complaint", numbers["complaint"]),
                      ("complaint-reply", numbers["complaint"]),
                      ("customer-file", numbers["mobile"])):
        path = out_dir / f"{form}.pdf"
        _ok(capsys, folder, "print", form, key, "-o", str(path))
        seen[form] = _pdf_text(path)
    return seen


def _letter(capsys: pytest.CaptureFixture[str], folder: Path, path: Path, mobile: str) -> list[str]:
    """A care letter (it is registered in the letter book: a new row each time)."""
    _ok(capsys, folder, "print", "letter", "maintenance-reminder", mobile, "-o", str(path))
    return _pdf_text(path)


# --- the move ----------------------------------------------------------------------------
def test_demo_shop_moved_shows_the_same_lists_and_forms(
        shop: Path, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # one minute (forms print it) after every demo record; the move after what came before it
    minute = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    with clock.freeze(minute):
        orders = _ok(capsys, shop, "work-orders", "list", "--state", "delivered").splitlines()
        complaints = [line for line in _ok(capsys, shop, "complaints", "list").splitlines()
                      if "\tclosed\t" in line]
        hit = _ok(capsys, shop, "search", "张").splitlines()[0].split("\t")
        numbers = {"order": orders[0].split("\t")[0], "complaint": complaints[0].split("\t")[0],
                   "mobile": hit[1], "plate": hit[2]}
        letter_before = _letter(capsys, shop, tmp_path / "letter-1.pdf", numbers["mobile"])
        before = _everything(capsys, shop, tmp_path / "before", numbers)
        counts = _sqlite_counts(shop / DB_FILE_NAME)
    with clock.freeze(minute + timedelta(seconds=30)):
        out = _ok(capsys, shop, "db", "move-to", _plain(target))
        lines = out.splitlines()
        moved = dict(line.split("\t") for line in lines[:-1])
        assert {name: int(rows) for name, rows in moved.items()} == counts
        assert lines[-1].startswith("已搬到本店主机 ") and "核对无误" in lines[-1]

        kept = [p.name for p in shop.iterdir() if p.name.startswith(DB_FILE_NAME)]
        assert len(kept) == 1 and kept[0].startswith(f"{DB_FILE_NAME}.moved-")
        assert (shop / CONNECTION_FILE).is_file()
        after = _everything(capsys, shop, tmp_path / "after", numbers)
        letter_after = _letter(capsys, shop, tmp_path / "letter-2.pdf", numbers["mobile"])

    audit_before, audit_after = before.pop("audit"), after.pop("audit")
    assert isinstance(audit_before, str) and isinstance(audit_after, str)
    new = audit_after.splitlines()[len(audit_before.splitlines()):]
    assert audit_after.startswith(audit_before) and len(new) == 1 and "\t搬到本店主机\t" in new[0]
    assert after == before
    assert letter_after == letter_before
    there = _target_tables(target)
    assert there["work_orders"] == counts["work_orders"]
    assert there["care_letters"] == counts["care_letters"] + 1  # letter 2, on the server


def test_move_to_host_is_this_pcs_own_server(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``host init`` keeps a folder with records on its file; ``db move-to host`` moves them
    to the server it made, and the folder is the main PC's."""
    from tests.pg import free_port
    out = _ok(capsys, shop, "host", "init", "--port", str(free_port()), "--bind", "127.0.0.1")
    try:
        assert "db move-to host" in out
        orders = _ok(capsys, shop, "work-orders", "list")
        out = _ok(capsys, shop, "db", "move-to", "host")
        assert out.splitlines()[-1].startswith("已搬到本机（主机）127.0.0.1:")
        ctx = AppContext.open(shop)
        try:
            assert ctx.location.hosted_here and not ctx.location.is_workstation
        finally:
            ctx.close()
        assert _ok(capsys, shop, "work-orders", "list") == orders
    finally:
        main(["--data-dir", str(shop), "host", "stop"])


def test_move_to_host_without_a_main_pc_is_refused(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = _file_state(shop)
    code, out, err = _run(capsys, shop, "db", "move-to", "host")
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert _file_state(shop) == state
    _still_on_sqlite(shop)


# --- refusals ----------------------------------------------------------------------------
def test_non_empty_target_is_refused_and_the_file_stays_in_use(
        shop: Path, demo_shop: Path, target: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "init", "--branch-code", "SH01", "--branch-name",
                 "上海店", "--admin", "admin", "--password", PASSWORD]) == 0
    _ok(capsys, other, "db", "move-to", target)
    held = _target_tables(target)
    state = _file_state(shop)
    orders = _ok(capsys, shop, "work-orders", "list")

    code, out, err = _run(capsys, shop, "db", "move-to", target)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "不是空的" in err and "本机继续使用原数据库文件" in err
    assert _file_state(shop) == state and _target_tables(target) == held
    _still_on_sqlite(shop)
    assert _ok(capsys, shop, "work-orders", "list") == orders


def test_target_with_foreign_tables_is_refused_untouched(
        shop: Path, target: str, pg_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = new_database(pg_server)
    try:
        with psycopg.connect(_plain(url), autocommit=True) as conn:
            conn.execute("CREATE TABLE invoices (id int)")
        state = _file_state(shop)
        code, _out, err = _run(capsys, shop, "db", "move-to", url)
        assert code == 1 and "invoices" in err and "不属于售后管家" in err
        assert _target_tables(url) == {"invoices": 0}
        assert _file_state(shop) == state
        _still_on_sqlite(shop)
    finally:
        drop_database(url)


# --- failures ----------------------------------------------------------------------------
def _fail_at(monkeypatch: pytest.MonkeyPatch, table_name: str, error: BaseException) -> None:
    """Copy the tables before ``table_name``, then fail (a refused value, a lost server…)."""
    real = move._copy_table

    def copy_table(src, dst, table, tick):  # type: ignore[no-untyped-def]
        if table.name == table_name:
            raise error
        return real(src, dst, table, tick)

    monkeypatch.setattr(move, "_copy_table", copy_table)


def test_failure_mid_copy_drops_what_it_made(
        shop: Path, bare_target: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    state = _file_state(shop)
    _fail_at(monkeypatch, "wo_jobs", psycopg.errors.DataError("value too long (injected)"))
    code, out, err = _run(capsys, shop, "db", "move-to", bare_target)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "wo_jobs" in err and "已撤销" in err
    with psycopg.connect(_plain(bare_target)) as conn:  # the schema this move made is gone
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                            ).fetchone() == (0,)
    assert _file_state(shop) == state
    _still_on_sqlite(shop)
    monkeypatch.undo()
    _ok(capsys, shop, "db", "move-to", bare_target)  # the app role can start again
    assert _target_tables(bare_target)["work_orders"] == _sqlite_counts(
        next(shop.glob(f"{DB_FILE_NAME}.moved-*")))["work_orders"]


def test_ctrl_c_and_a_failed_verification_leave_the_target_empty(
        shop: Path, target: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    state = _file_state(shop)
    _fail_at(monkeypatch, "work_orders", KeyboardInterrupt())
    code, _out, err = _run(capsys, shop, "db", "move-to", target)
    assert code == 1 and err.strip() == "dealerdesk: 已取消搬迁；本机继续使用原数据库文件"
    assert set(_target_tables(target).values()) == {0}  # schema kept (it was there), no rows
    monkeypatch.undo()

    def tampered(dst, copied, tick):  # type: ignore[no-untyped-def]
        dst.exec_driver_sql("UPDATE customers SET name = name || '!' WHERE id = "
                            "(SELECT min(id) FROM customers)")
        return real_verify(dst, copied, tick)

    real_verify = move._verify
    monkeypatch.setattr(move, "_verify", tampered)
    code, _out, err = _run(capsys, shop, "db", "move-to", target)
    assert code == 1 and err.startswith("dealerdesk: 核对不符（customers：行数相同，校验和不同）")
    assert set(_target_tables(target).values()) == {0}

    def lost(dst, copied, tick):  # type: ignore[no-untyped-def]
        dst.exec_driver_sql("DELETE FROM wo_events WHERE id = (SELECT min(id) FROM wo_events)")
        return real_verify(dst, copied, tick)

    monkeypatch.setattr(move, "_verify", lost)
    events = _sqlite_counts(shop / DB_FILE_NAME)["wo_events"]
    code, _out, err = _run(capsys, shop, "db", "move-to", target)
    assert code == 1 and f"核对不符（wo_events：本机 {events} 行，主机 {events - 1} 行）" in err
    assert set(_target_tables(target).values()) == {0}
    assert _file_state(shop) == state
    _still_on_sqlite(shop)


# --- after the move ----------------------------------------------------------------------
def test_renamed_file_is_never_opened_and_a_second_move_is_refused(
        shop: Path, target: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(move, "_retire", lambda db_file, kept: False)  # the file still open
    out = _ok(capsys, shop, "db", "move-to", target)
    assert "暂时无法改名" in out.splitlines()[-1]
    monkeypatch.undo()
    assert (shop / DB_FILE_NAME).exists()  # crash before the rename: database.json wins
    ctx = AppContext.open(shop)
    try:
        assert ctx.location.is_server and not ctx.location.hosted_here
    finally:
        ctx.close()

    code, out, err = _run(capsys, shop, "db", "move-to", target)
    assert code == 1 and "已经在使用本店主机" in err
    assert not (shop / DB_FILE_NAME).exists()  # … and the pending rename was finished
    [kept] = shop.glob(f"{DB_FILE_NAME}.moved-*")
    # the folder's commands all read the server now
    with sqlite3.connect(kept) as conn:
        conn.execute("UPDATE customers SET name = 'SQLITE' ")  # a change only the old file has
    conn.close()
    assert "SQLITE" not in _ok(capsys, shop, "search", "张")


def test_a_move_committed_but_not_recorded_is_finished_by_the_next_one(
        shop: Path, target: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(shop / CONNECTION_FILE))

    monkeypatch.setattr(move, "remember_server", crash)
    code, _out, err = _run(capsys, shop, "db", "move-to", target)
    assert code == 1 and err.startswith("dealerdesk: 文件错误")
    monkeypatch.undo()
    _still_on_sqlite(shop)  # the server holds the copy, the folder still its file
    rows = _target_tables(target)

    out = _ok(capsys, shop, "db", "move-to", target)
    assert "上次搬迁已写入主机" in out.splitlines()[-1]
    assert _target_tables(target) == rows  # nothing copied twice
    assert not (shop / DB_FILE_NAME).exists()


def test_a_file_changed_after_an_unrecorded_move_is_refused(
        shop: Path, target: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(move, "remember_server", lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
    assert _run(capsys, shop, "db", "move-to", target)[0] == 1
    monkeypatch.undo()
    _ok(capsys, shop, "customers", "import", str(_one_customer(shop.parent)))
    code, _out, err = _run(capsys, shop, "db", "move-to", target)
    assert code == 1 and "不是空的" in err
    _still_on_sqlite(shop)


def _one_customer(folder: Path) -> Path:
    path = folder / "one.csv"
    path.write_text("姓名,手机,车牌\n新客户,13900001111,京Z99999\n", encoding="utf-8")
    return path
