"""Master data owned row by row, through sync: HQ → branch → HQ with both kinds of rows, on
SQLite and on PostgreSQL; and the trust boundary (a bundle may carry only its sender's rows)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from domain.errors import Conflict, NotFound
from domain.masterdata_rules import Source
from domain.model import Branch, LabourCode
from domain.roles import Actor
from domain.services.masterdata_packages import PackageItem
from storage.integrity import integrity_problems
from storage.syncrows import MASTER_DATA
from sync.ownership import foreign_master_data
from tests.pg import drop_database
from tests.sync.helpers import Side, make_branch, make_hq, pg_side, rows_of

SYNC_CHECKS = ["sync.outbox_sequence", "sync.outbox_matches_rows"]
SYSTEM = Actor.system()


@pytest.fixture(params=["sqlite", "postgresql"])
def sides(request: pytest.FixtureRequest, template: Path, tmp_path: Path) -> Iterator[tuple[Side, Side]]:
    urls: list[str] = []
    if request.param == "sqlite":
        hq = make_hq(template, tmp_path / "hq")
        bj = make_branch(template, tmp_path / "bj", "BJ01", hq)
    else:
        server = request.getfixturevalue("pg_server")
        hq = pg_side(server, tmp_path / "hq", "HQ", None, urls)
        bj = pg_side(server, tmp_path / "bj", "BJ01", hq, urls)
    yield hq, bj
    bj.close()
    hq.close()
    for url in urls:
        drop_database(url)


def _md_rows(side: Side, owner: str | None) -> dict[str, dict[str, Any]]:
    """Every master-data row of ``owner`` (a branch id; None: HQ's), by id."""
    found: dict[str, dict[str, Any]] = {}
    for name in sorted(MASTER_DATA):
        found.update({k: v for k, v in rows_of(side, name).items() if v["branch_id"] == owner})
    return found


def _branch_id(side: Side) -> str:
    with side.ctx.services.uow() as session:
        return str(session.scalars(select(Branch.id).where(Branch.is_local.is_(True))).one())


def _sync(frm: Side, to: Side, path: Path, *, to_branch: str | None = None) -> None:
    out = frm.sync.export_for_branch(to_branch, path) if to_branch else frm.sync.export_bundle(path)
    [result] = to.sync.import_bundles([out.path])
    assert result.status == "applied", result.message


def test_round_trip_hq_branch_hq_with_both_kinds_of_rows(sides: tuple[Side, Side], tmp_path: Path) -> None:
    hq, bj = sides
    bj_md, bj_packages = bj.ctx.services.master_data, bj.ctx.services.packages
    hq_md, hq_packages = hq.ctx.services.master_data, hq.ctx.services.packages
    bj_id = _branch_id(bj)
    # the branch's own items, made before HQ has issued anything
    bj_md.save_labour_code(SYSTEM, code="BY01", name="本店小保养", standard_hours_centi=100, rate_fen=15_000)
    bj_md.save_part_price(SYSTEM, part_no="OIL", name="本店机油", price_fen=6_000, unit="L")
    bj_packages.save_package(SYSTEM, code="TC01", name="本店套餐", price_fen=30_000,
                             items=[PackageItem("labour", "BY01"), PackageItem("part", "OIL", 4_000)])
    _sync(bj, hq, tmp_path / "1.ddsync")
    # at HQ they are the branch's rows, field by field, and not on HQ's own lists
    assert _md_rows(hq, bj_id) == _md_rows(bj, bj_id) and len(_md_rows(hq, bj_id)) == 5
    assert hq_md.items("labour") == [] and hq_packages.packages() == []

    # HQ issues its own items, one of them under the branch's code BY01
    hq_md.save_labour_code(SYSTEM, code="L100", name="更换机油", standard_hours_centi=50, rate_fen=12_000)
    hq_md.save_labour_code(SYSTEM, code="BY01", name="总部小保养", standard_hours_centi=120, rate_fen=20_000)
    hq_md.save_part_price(SYSTEM, part_no="FLT", name="机油滤清器", price_fen=4_500)
    hq_packages.save_package(SYSTEM, code="HQTC", name="总部套餐", price_fen=10_000,
                             items=[PackageItem("labour", "L100"), PackageItem("part", "FLT")])
    hq_md.save_campaign(SYSTEM, code="R1", title="气囊召回", kind="recall", vin_from="LSV0", vin_to="LSV9")
    _sync(hq, bj, tmp_path / "2.ddsync", to_branch="BJ01")
    assert _md_rows(bj, None) == _md_rows(hq, None) and len(_md_rows(bj, None)) == 7
    assert [(i.code, i.name, i.source) for i in bj_md.items("labour")] == [
        ("BY01", "总部小保养", Source.HQ), ("L100", "更换机油", Source.HQ)]
    assert [(i.code, i.owned.shadowed) for i in bj_md.labour_codes(include_shadowed=True)] == [
        ("BY01", False), ("BY01", True), ("L100", False)]
    assert [(p.code, p.owned.source) for p in bj_packages.packages()] == [("HQTC", Source.HQ), ("TC01", Source.OWN)]

    # the branch goes on with its own items: a package on HQ's operation, its oil deleted and
    # made again (a new row under the same code, in the same bundle), its replaced BY01 gone
    bj_packages.save_package(SYSTEM, code="TC02", name="本店换油", price_fen=30_000,
                             items=[PackageItem("labour", "L100"), PackageItem("part", "OIL", 4_000)])
    bj_md.delete(SYSTEM, "parts", "OIL")
    bj_md.save_part_price(SYSTEM, part_no="OIL", name="本店机油（新）", price_fen=6_500, unit="L")
    bj_md.delete(SYSTEM, "labour", "BY01")
    _sync(bj, hq, tmp_path / "3.ddsync")
    assert _md_rows(hq, bj_id) == _md_rows(bj, bj_id)
    assert {r.get("code") or r.get("part_no") for r in _md_rows(hq, bj_id).values()} >= {"TC01", "TC02", "OIL"}
    assert _md_rows(hq, None) == _md_rows(bj, None)  # HQ's rows untouched by the branch
    for side in (hq, bj):
        assert integrity_problems(side.ctx.db.engine, only=SYNC_CHECKS) == []


def test_a_bundle_carries_only_its_senders_rows(hq: Side, bj: Side, tmp_path: Path) -> None:
    """HQ refuses a branch's bundle holding an HQ row or another branch's row; a branch refuses
    HQ's bundle holding a branch's row; neither may take over a row it does not own."""
    bj.ctx.services.master_data.save_labour_code(SYSTEM, code="BY01", name="本店", standard_hours_centi=1,
                                                 rate_fen=1)
    _sync(bj, hq, tmp_path / "1.ddsync")
    hq.ctx.services.master_data.save_labour_code(SYSTEM, code="L100", name="总部", standard_hours_centi=1,
                                                 rate_fen=1)
    bj_id = _branch_id(bj)
    [own] = [r for r in rows_of(bj, "md_labour_codes").values()]
    [hq_row] = [r for r in rows_of(hq, "md_labour_codes").values() if r["branch_id"] is None]

    def change(row: dict[str, Any], **values: Any) -> dict[str, Any]:
        return {"t": "md_labour_codes", "id": row["id"], "op": "upsert", "v": 9, "row": {**row, **values}}

    with hq.ctx.db.engine.connect() as conn:
        assert foreign_master_data(conn, [change(own)], sender="BJ01", at_hq=True) is None
        assert foreign_master_data(conn, [change(own, branch_id=None)], sender="BJ01", at_hq=True)
        assert foreign_master_data(conn, [change(own)], sender="SH01", at_hq=True)
        assert foreign_master_data(conn, [change(hq_row, branch_id=bj_id)], sender="BJ01", at_hq=True)
        tombstone = {"t": "md_labour_codes", "id": hq_row["id"], "op": "delete", "v": 9, "row": {"id": hq_row["id"]}}
        refusal = foreign_master_data(conn, [tombstone], sender="BJ01", at_hq=True)
        assert refusal is not None and "不属于 BJ01" in refusal
    with bj.ctx.db.engine.connect() as conn:
        assert foreign_master_data(conn, [change(hq_row)], sender="HQ", at_hq=False) is None
        assert foreign_master_data(conn, [change(own)], sender="HQ", at_hq=False)  # the branch's own row
        assert foreign_master_data(conn, [change(hq_row, branch_id=bj_id)], sender="HQ", at_hq=False)


def test_hq_keeps_its_hands_off_a_branchs_own_items(hq: Side, bj: Side, tmp_path: Path) -> None:
    bj.ctx.services.master_data.save_labour_code(SYSTEM, code="BY01", name="本店", standard_hours_centi=100,
                                                 rate_fen=10_000)
    _sync(bj, hq, tmp_path / "1.ddsync")
    md = hq.ctx.services.master_data
    with pytest.raises(NotFound):  # HQ's own list has no BY01: the branch's item is not HQ's to delete
        md.delete(SYSTEM, "labour", "BY01")
    own = md.save_labour_code(SYSTEM, code="BY01", name="总部", standard_hours_centi=100, rate_fen=20_000)
    assert own.owned.source is Source.HQ and len(rows_of(hq, "md_labour_codes")) == 2
    with pytest.raises(Conflict) as refused, hq.ctx.db.unit_of_work() as session:
        row = session.scalars(select(LabourCode).where(LabourCode.branch_id.is_not(None))).one()
        row.rate_fen = 1
    assert refused.value.code == "sync.branch_owned"
