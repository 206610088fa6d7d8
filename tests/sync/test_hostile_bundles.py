"""Issue 23 item 3: "A bundle is checked in this order: file size, manifest size and nesting,
signature, then the payload decompressed as a stream with a cap on its size and on the
compression ratio; the files of a batch are read one at a time; rows are applied as they
stream." Every hostile kind is refused with one line, nothing applied, within a memory
ceiling (tracemalloc's peak while the import runs)."""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from domain.roles import Actor
from domain.services.customers import CustomerInput
from storage.syncrows import owned_tables
from sync import bundle, crypto
from sync.service import keys_dir
from tests.sync import hostile
from tests.sync.helpers import Side, add_customer, rows_of, table_checksum

#: what refusing any hostile file may cost (Python allocations at their peak)
CEILING = 32 << 20


@pytest.fixture
def first(hq: Side, bj: Side, tmp_path: Path) -> Path:
    add_customer(bj, "周一", "13100000001", "京G00001")
    return bj.sync.export_bundle(tmp_path / "first.ddsync").path


def _keys(side: Side) -> crypto.KeyPair:
    pair = crypto.load_keys(keys_dir(side.data_dir))
    assert pair is not None
    return pair


def _refused_within(side: Side, path: Path, reason: str) -> str:
    before = table_checksum(side)
    tracemalloc.start()
    try:
        [result] = side.sync.import_bundles([path])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == "refused", result
    assert reason in result.message, result.message
    assert "\n" not in result.message and "Traceback" not in result.message
    assert peak < CEILING, f"{peak / 2**20:.1f} MB while refusing {path.name}"
    assert table_checksum(side) == before
    return result.message


Build = Callable[[Path, Side, Side, Path], Path]
KINDS: dict[str, tuple[Build, str]] = {
    # a signed bundle whose payload decompresses to 2 GiB: stopped by the ratio, 1 MB at a time
    "bomb": (lambda p, hq, bj, first: hostile.bomb(p, bundle.read(first).manifest, _keys(hq).public.box,
                                                   _keys(bj)), "压缩比"),
    # the same without a valid signature: refused before a byte of the payload is read
    "unsigned bomb": (lambda p, hq, bj, first: hostile.bomb(
        p, bundle.read(first).manifest, _keys(hq).public.box, None, size=256 << 20), "签名无效"),
    "huge manifest": (lambda p, hq, bj, first: hostile.huge_manifest(p, 8 << 20), "过大"),
    "deep nesting": (lambda p, hq, bj, first: hostile.deep_manifest(p), "嵌套"),
    "many members": (lambda p, hq, bj, first: hostile.many_members(p), "三部分"),
    "duplicate members": (lambda p, hq, bj, first: hostile.duplicate_members(p, first), "三部分"),
    "oversized file": (lambda p, hq, bj, first: hostile.oversized(p), "文件过大"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_hostile_kind_is_refused_in_one_line_within_fixed_memory(
        kind: str, hq: Side, bj: Side, first: Path, tmp_path: Path) -> None:
    build, reason = KINDS[kind]
    path = build(tmp_path / f"{kind.replace(' ', '-')}.ddsync", hq, bj, first)
    _refused_within(hq, path, reason)
    # and the real bundle still imports afterwards: the refusal bound nothing
    assert hq.sync.import_bundles([first])[0].status == "applied"


def test_the_bomb_file_is_small_and_the_payload_cap_holds_too(
        hq: Side, bj: Side, first: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = KINDS["bomb"][0](tmp_path / "bomb.ddsync", hq, bj, first)
    assert os.path.getsize(path) < 4 << 20  # 2 GiB of zeros in a few MB
    monkeypatch.setattr(bundle, "MAX_RATIO", 10_000)  # the size cap alone also stops it
    monkeypatch.setattr(bundle, "MAX_PLAIN_BYTES", 2 << 20)
    _refused_within(hq, path, "解压后超过")


def test_a_line_longer_than_its_cap_is_refused(hq: Side, bj: Side, first: Path, tmp_path: Path) -> None:
    endless = (os.urandom(1 << 19).hex().encode() for _ in range(8))  # 8 MB, no line break
    deflate = __import__("zlib").compressobj(1)
    chunks = [deflate.compress(chunk) for chunk in endless] + [deflate.flush()]
    path = hostile.forge(tmp_path / "line.ddsync", bundle.read(first).manifest, _keys(hq).public.box,
                         _keys(bj), chunks, changes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bundle, "MAX_LINE_BYTES", 2 << 20)
        _refused_within(hq, path, "一行超过")


def test_a_lying_member_header_reads_no_more_than_declared(hq: Side, first: Path, tmp_path: Path) -> None:
    """The zip says its manifest is 10 bytes; deflated, it would be 8 MB. The reader gets at
    most the declared bytes (and the check of the member's CRC fails)."""
    _refused_within(hq, hostile.lying_manifest(tmp_path / "lying.ddsync", first), "")


def test_segments_cannot_be_dropped_reordered_or_cut(hq: Side) -> None:
    pair = _keys(hq)
    sealer = crypto.StreamSealer(pair.public.box)
    parts = [sealer.seal(b"a" * 10, last=False), sealer.seal(b"b" * 10, last=False),
             sealer.seal(b"c", last=True)]

    def opens(sealed: list[bytes]) -> bool:
        opener = crypto.StreamOpener(pair, sealer.header)
        try:
            for i, part in enumerate(sealed):
                opener.open(part, last=i == len(sealed) - 1)
        except crypto.CryptoError:
            return False
        return True

    assert opens(parts)
    assert not opens(parts[:2])  # cut at a segment boundary
    assert not opens([parts[0], parts[2]])  # a segment dropped
    assert not opens([parts[1], parts[0], parts[2]])  # reordered


def test_a_bad_file_between_two_good_ones(hq: Side, bj: Side, first: Path, tmp_path: Path) -> None:
    add_customer(bj, "吴二", "13100000002", "京G00002")
    second = bj.sync.export_bundle(tmp_path / "second.ddsync").path
    bad = hostile.deep_manifest(tmp_path / "bad.ddsync")
    results = {r.path.name: r for r in hq.sync.import_bundles([first, bad, second])}
    assert results["first.ddsync"].status == "applied"
    assert results["second.ddsync"].status == "applied"
    assert results["bad.ddsync"].status == "refused"
    names = {r["name"] for r in rows_of(hq, "customers").values()}
    assert {"周一", "吴二"} <= names
    log = (hq.data_dir / "logs" / "sync-import.log").read_text(encoding="utf-8")
    assert "bad.ddsync" in log and "嵌套" in log


def test_import_on_the_command_line_prints_one_line_per_refused_file_and_exits_1(
        hq: Side, bj: Side, first: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = [hostile.deep_manifest(tmp_path / "deep.ddsync"), hostile.many_members(tmp_path / "many.ddsync", 70_000),
           hostile.oversized(tmp_path / "big.ddsync")]
    hq.close()
    code = main(["--data-dir", str(hq.data_dir), "import", str(first), *map(str, bad)])
    captured = capsys.readouterr()
    out, err = captured.out.splitlines(), captured.err.splitlines()
    assert code == 1
    # the contract (issue 6, issue 23): one line per refused file, on stderr, naming it
    assert len(err) == 3 and all(line.startswith("dealerdesk: 拒绝导入 ") for line in err)
    for path in bad:
        assert sum(str(path) in line for line in err) == 1
    assert len(out) == 1 and str(first) in out[0] and "已导入" in out[0]


def test_applying_in_batches_of_three_gives_every_row_field_by_field(
        hq: Side, bj: Side, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows applied as they stream: a demo branch's bundle (orders with their jobs, lines,
    events, payments; parents in one batch and children in later ones) applied three
    changes at a time ends in the rows the branch holds, and a second import of the same
    file is still skipped."""
    bj.ctx.services.demo.load(Actor.system(), customers=8)
    customer = add_customer(bj, "张三", "13800000001", "京A10001")
    bj.ctx.services.customers.update(Actor.system(), customer, CustomerInput(name="张三丰", mobile="13800000001"))
    monkeypatch.setattr(bundle, "BATCH_LINES", 3)
    path = bj.sync.export_bundle(tmp_path / "demo.ddsync").path
    assert bundle.read(path).manifest["changes"] > 30
    assert hq.sync.import_bundles([path])[0].status == "applied"
    compared = 0
    for table in owned_tables("branch"):
        ours = rows_of(hq, table.name)
        for row_id, row in rows_of(bj, table.name).items():
            assert ours.get(row_id) == row, (table.name, row_id)
            compared += 1
    assert compared > 30
    assert hq.sync.import_bundles([path])[0].status == "skipped"


def test_format_1_bundles_of_older_branches_still_import(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "王五", "13100000005", "京G00005")
    modern = bj.sync.export_bundle(tmp_path / "modern.ddsync").path
    raw = bundle.read(modern)
    old = _format1_copy(raw, _keys(hq), _keys(bj), tmp_path / "old.ddsync")
    assert bundle.read(old).format == 1
    assert hq.sync.import_bundles([old])[0].status == "applied"
    assert "王五" in {r["name"] for r in rows_of(hq, "customers").values()}


def _format1_copy(raw: bundle.RawBundle, hq_pair: crypto.KeyPair, pair: crypto.KeyPair, out: Path) -> Path:
    """``raw`` rewritten as format 1 wrote it: one AEAD over the whole compressed payload."""
    lines = b"".join(line + b"\n" for batch in bundle.PayloadStream(raw, hq_pair) for _s, line, _c in batch)
    sealed = crypto.seal(hq_pair.public.box, __import__("zlib").compress(lines))
    manifest = {**raw.manifest, "format": 1, "payload_sha256": bundle.payload_sha256(sealed)}
    bundle.write(out, manifest, sealed, crypto.sign(pair, bundle.manifest_bytes(manifest)))
    return out


def test_digests_built_as_lines_stream_equal_the_stored_layout() -> None:
    """The per-line digests an applied segment keeps stay as they were (bundle.dense_digests)."""
    import random

    rng = random.Random(23)
    seqs = sorted(rng.sample(range(5, 400), 120))
    lines = [(s, f'{{"seq":{s}}}'.encode()) for s in seqs]
    streamed = bundle.DenseDigests()
    for seq, line in lines:
        streamed.add(seq, line)
    assert streamed.value() == bundle.dense_digests(lines)
    shuffled = bundle.DenseDigests()
    for seq, line in rng.sample(lines, len(lines)):
        shuffled.add(seq, line)
    assert shuffled.value() == bundle.dense_digests(lines)
