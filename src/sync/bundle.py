"""The bundle file (同步数据包): a zip of ``manifest.json``, ``payload.bin`` and ``signature``.

* ``manifest.json`` — format version, kind (changes | snapshot), direction, sender and
  receiver codes, schema revision, first and last sequence, row counts per table, creation
  time, SHA-256 of ``payload.bin``, the sender's key fingerprint, the acknowledgement, and
  for a branch not yet confirmed by HQ its enrolment block (public keys + the enrolment
  secret sealed to HQ).
* ``payload.bin`` — JSON lines, one change each, zlib-compressed, then sealed to the
  receiver's X25519 key. Format 2 seals it in 1 MB segments (:class:`sync.crypto.StreamSealer`:
  the ephemeral key and nonce prefix, then each segment with its tag), so it is written and
  read as a stream; format 1 (older branches, still read) sealed it whole
  (:func:`sync.crypto.seal`).
* ``signature`` — Ed25519 over the exact bytes of ``manifest.json``.

Reading follows the check order of issue 23 item 3, each step bounded before the next
reads anything: the file's size (``os.stat``), the zip's structure (exactly these three
members, each within its cap, read through ``archive.open`` no further than that cap), the
manifest's size and nesting, the signature (:mod:`sync.service`), then the payload — its
hash first, then decrypted segment by segment and decompressed as a stream with caps on
its size and compression ratio, parsed and handed over in batches (:class:`PayloadStream`).
The caps and the figures they come from are below (``MAX_FILE_BYTES`` …).

Why the signature covers only the manifest: the manifest carries the payload's hash, so
verifying the signature and then the hash authenticates every byte, and a reader can sort
and route bundles by reading the (small) manifest alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any

import orjson

from common.private_files import open_private
from sync import crypto

#: format 2 seals the payload in segments (:class:`sync.crypto.StreamSealer`) so that it is
#: written and read as a stream; format 1 (one AEAD over the whole payload, older branches)
#: is still read, under the same caps
FORMAT_VERSION = 2
READABLE_FORMATS = frozenset({1, 2})
SUFFIX = ".ddsync"
BRANCH_TO_HQ = "branch->hq"
HQ_TO_BRANCH = "hq->branch"
MANIFEST = "manifest.json"
PAYLOAD = "payload.bin"
SIGNATURE = "signature"


class BundleError(Exception):
    """The file cannot be used; ``reason`` is one Chinese line for the person importing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RawBundle:
    """A bundle whose structure, manifest and signature bytes were read (steps a–c of
    :func:`read`); the payload stays in the file until :func:`stream_changes` reads it."""

    path: Path
    manifest_bytes: bytes
    manifest: dict[str, Any]
    signature: bytes
    payload_size: int

    @property
    def format(self) -> int:
        return int(self.manifest.get("format", 0))

    @property
    def payload(self) -> bytes:
        """The whole sealed payload (bounded by :data:`MAX_FILE_BYTES`): for tools and tests
        that copy a bundle; the import streams it instead (:func:`stream_changes`)."""
        with _open_checked(self.path) as (archive, _size):
            return _read_member(archive, PAYLOAD, MAX_FILE_BYTES)

    @property
    def sender(self) -> str:
        return str(self.manifest.get("sender", ""))

    @property
    def first_seq(self) -> int:
        return int(self.manifest.get("first_seq", 0))

    @property
    def last_seq(self) -> int:
        return int(self.manifest.get("last_seq", 0))


def change_line(seq: int, table: str, row_id: str, op: str, version: int, payload: str) -> str:
    """One change as a JSON line; ``payload`` is the stored canonical JSON, spliced as is."""
    head = json.dumps({"seq": seq, "t": table, "id": row_id, "op": op, "v": version},
                      ensure_ascii=False, separators=(",", ":"))
    return head[:-1] + ',"row":' + payload + "}"


def digest(line: str | bytes) -> bytes:
    """The first 16 bytes of the SHA-256 of one change line (its UTF-8 bytes)."""
    return hashlib.sha256(line.encode("utf-8") if isinstance(line, str) else line).digest()[:16]


def digests(lines: Iterable[bytes]) -> bytes:
    """:func:`digest` of each line, concatenated (what an applied segment keeps)."""
    return b"".join(map(_FIRST_16, map(_DIGEST, map(hashlib.sha256, lines))))


NO_DIGEST = bytes(16)


def dense_digests(lines: Sequence[tuple[int, bytes]]) -> bytes:
    """:func:`digests` of ``(seq, line)`` pairs sorted by sequence (each once), one slot per sequence from
    the first to the last: a sequence the bundle does not carry (an entry of a table this
    side does not send, or one retention replaced before the first export) is
    :data:`NO_DIGEST`, so that slot ``i`` is always sequence ``first + i``."""
    if not lines:
        return b""
    first = lines[0][0]
    if lines[-1][0] - first + 1 == len(lines):  # no gap (the common case)
        return digests([line for _seq, line in lines])
    slots = [NO_DIGEST] * (lines[-1][0] - first + 1)
    for seq, line in lines:
        slots[seq - first] = hashlib.sha256(line).digest()[:16]
    return b"".join(slots)


_FIRST_16, _DIGEST, _SEQ = itemgetter(slice(0, 16)), methodcaller("digest"), itemgetter("seq")


def parse_lines(data: bytes) -> list[tuple[int, bytes, dict[str, Any]]]:
    """The decompressed payload as ``(seq, line, change)`` per change, in file order.

    Why bytes split on ``\n`` only: the writer ends every line with ``\n`` and JSON text
    never holds a raw line break, while ``str.splitlines`` would also cut a line at a
    U+2028 or U+0085 inside a customer's note. orjson reads the UTF-8 bytes directly (and
    refuses invalid UTF-8), and the line's bytes are exactly what :func:`digest` hashes.
    Raises ``ValueError`` (``orjson.JSONDecodeError`` is one) for anything unreadable.
    """
    lines = [line for line in data.split(b"\n") if line]
    changes = list(map(orjson.loads, lines))
    try:
        seqs = list(map(int, map(_SEQ, changes)))
    except (KeyError, TypeError) as exc:
        raise ValueError("not a change line") from exc
    return list(zip(seqs, lines, changes, strict=True))


# --- caps (issue 23 item 3: a bundle is read within fixed memory) ---------------------------------
# Derived from the largest snapshot the demo makes, measured on 2026-12-08 (`dealerdesk demo
# --customers 2000` → 2,400 vehicles, 3,588 work orders; `enrol` + `export --all`):
# 73,041 changes, payload 3,156,412 bytes sealed, 42,523,654 bytes of JSON lines (zlib ratio
# 13.5), longest line 2,583 bytes, manifest 1,340 bytes, nesting depth 3. Scaled to a
# 200,000-vehicle branch (×83.3): about 6.1 million changes, a 263 MB payload, 3.5 GB of
# lines. Each cap sits about four times above that (the ratio seven times), so a real branch
# never meets one while a hostile file is refused before it costs memory or hours.

#: the whole file, checked with ``os.stat`` before it is opened (≈4× a 263 MB snapshot)
MAX_FILE_BYTES = 1 << 30
#: ``manifest.json`` (1.3 KB measured: a few dozen table counts and the enrolment block)
MAX_MANIFEST_BYTES = 1 << 20
#: ``signature`` (an Ed25519 signature is 64 bytes)
MAX_SIGNATURE_BYTES = 1024
#: nesting of the manifest's JSON (3 measured); checked before it is parsed
MAX_DEPTH = 32
#: the payload's JSON lines after decompression (≈4.5× the 3.5 GB of a 200,000-vehicle snapshot)
MAX_PLAIN_BYTES = 16 << 30
#: decompressed ÷ compressed bytes (13.5 measured; zlib reaches ~1,000 on repeated bytes),
#: judged once :data:`RATIO_FLOOR` bytes have come out
MAX_RATIO = 100
RATIO_FLOOR = 2 << 20
#: one change line (2.6 KB measured; a long note still fits many times over)
MAX_LINE_BYTES = 4 << 20
#: changes in one bundle (≈4× the 6.1 million of a 200,000-vehicle snapshot)
MAX_CHANGES = 25_000_000
#: changes parsed and applied together: the import holds one batch of rows at a time
#: (measured on the 2,400-vehicle snapshot: peak RSS 226 MB with 20,000 a batch, 167 MB with
#: 5,000, the same import time)
BATCH_LINES = 5_000
_READ = 1 << 20  # bytes read from the file, and decompressed, per step
_EOCD = struct.Struct("<4s4H2LH")  # zip end-of-central-directory record
_MAX_CENTRAL_DIRECTORY = 4096  # three entries with short names take about 200 bytes
_MEMBER_CAPS = {MANIFEST: MAX_MANIFEST_BYTES, PAYLOAD: MAX_FILE_BYTES, SIGNATURE: MAX_SIGNATURE_BYTES}

_DAMAGED = "文件不完整或已损坏（可能传输中断或被改动）"
_NOT_A_BUNDLE = "不是有效的同步数据包（应当只含清单、数据和签名三部分）"
_UNREADABLE_MANIFEST = "数据包清单无法读取（文件已损坏）"
UNDECRYPTABLE = "无法解密数据内容：数据包不是发给本机的，或已被改动"
UNREADABLE = "数据内容无法读取：文件无效"
HASH_MISMATCH = "数据内容与清单中的校验值不符：文件被改动或不完整"
COUNT_MISMATCH = "变更条数与清单不符：文件不完整"


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB" if size >= 1 << 20 else f"{size:,} 字节"


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def write(path: Path, manifest: dict[str, Any], payload: bytes, signature: bytes) -> None:
    """Write a bundle whose payload is already in memory (tools and tests that copy one)."""
    with BundleWriter(path) as writer:
        writer.payload(payload)
        writer.finish(manifest_bytes(manifest), signature)


class BundleWriter:
    """Writes a bundle as a stream: the payload first (hashed as it goes), then the manifest
    that names its hash, then the signature; atomically — a crash leaves the old file or the
    new one, never half of one (the ``.part`` file is renamed into place at the end).

    Why the payload is the first member: its SHA-256 belongs in the manifest, and streaming
    it first means neither the payload nor its compressed lines are ever held whole.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp = path.with_name(path.name + ".part")
        self._hash = hashlib.sha256()
        self.size = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only (issue 23, item 7): sealed, yet it still names the branch and its sequences.
        self._raw = open_private(self._tmp, "wb")
        self._archive = zipfile.ZipFile(self._raw, "w", compression=zipfile.ZIP_STORED)
        self._member = self._archive.open(PAYLOAD, "w")
        self._done = False

    def __enter__(self) -> BundleWriter:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if not self._done:
            for closing in (self._member.close, self._archive.close, self._raw.close):
                with suppress(OSError, ValueError, RuntimeError):
                    closing()
            self._tmp.unlink(missing_ok=True)

    def payload(self, data: bytes) -> None:
        """Append sealed payload bytes (refused past :data:`MAX_FILE_BYTES`: HQ would refuse it)."""
        self.size += len(data)
        if self.size > MAX_FILE_BYTES - MAX_MANIFEST_BYTES:
            raise BundleError(f"数据包超过 {_mib(MAX_FILE_BYTES)} 的上限，接收方无法导入")
        self._hash.update(data)
        self._member.write(data)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def finish(self, manifest_raw: bytes, signature: bytes) -> None:
        self._member.close()
        self._archive.writestr(MANIFEST, manifest_raw)
        self._archive.writestr(SIGNATURE, signature)
        self._archive.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        os.replace(self._tmp, self.path)
        self._done = True


def _zip_structure(handle: Any, size: int) -> None:
    """Refuse a zip that does not list exactly three entries, from its end record alone.

    Why before :class:`zipfile.ZipFile`: it builds an object per entry of the central
    directory, so a file of 100,000 tiny entries costs memory before any name is seen.
    """
    tail_size = min(size, _EOCD.size + 0xFFFF)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _EOCD.size > len(tail):
        raise BundleError(_DAMAGED)
    (_sig, _disk, _cd_disk, on_disk, entries, cd_size, _cd_offset,
     _comment) = _EOCD.unpack_from(tail, at)
    if entries != 3 or on_disk != 3 or cd_size > _MAX_CENTRAL_DIRECTORY:
        raise BundleError(_NOT_A_BUNDLE)
    handle.seek(0)


@contextmanager
def _open_checked(path: Path) -> Iterator[tuple[zipfile.ZipFile, int]]:
    """Steps (a) and (b): the file's size, then a zip of exactly the three members, each no
    larger (as declared) than its cap. Yields the open archive and the file's size."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError as exc:
        raise BundleError("文件不存在") from exc
    except OSError as exc:
        raise BundleError(_DAMAGED) from exc
    if size > MAX_FILE_BYTES:
        raise BundleError(f"文件过大（{_mib(size)}，上限 {_mib(MAX_FILE_BYTES)}），不是可导入的同步数据包")
    try:
        with open(path, "rb") as handle:
            _zip_structure(handle, size)
            with zipfile.ZipFile(handle) as archive:
                infos = archive.infolist()
                if len(infos) != 3 or {i.filename for i in infos} != set(_MEMBER_CAPS):
                    raise BundleError(_NOT_A_BUNDLE)
                for info in infos:
                    if info.file_size > _MEMBER_CAPS[info.filename] or \
                            info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                        raise BundleError(f"数据包中的 {info.filename} 过大或格式不对"
                                          f"（{_mib(info.file_size)}），已拒绝")
                yield archive, size
    except FileNotFoundError as exc:
        raise BundleError("文件不存在") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, struct.error) as exc:
        raise BundleError(_DAMAGED) from exc


def _read_member(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """A member read through ``archive.open`` and at most ``cap`` bytes: whatever its header
    claims, no more is read (and zipfile checks the CRC when the member ends)."""
    with archive.open(name) as member:
        data = member.read(cap + 1)
    if len(data) > cap:
        raise BundleError(f"数据包中的 {name} 过大（超过 {_mib(cap)}），已拒绝")
    return data


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_depth(data: bytes) -> int:
    """The deepest nesting of ``[``/``{`` in JSON text, without parsing it.

    Why not parse and see: Python's ``json`` recurses once per level, so a manifest nested
    200,000 deep raises ``RecursionError`` (or worse) before anything could be checked.
    Strings are removed first (a bracket inside one is text); what is left is counted.
    """
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        deepest = max(deepest, depth)
    return deepest


def read(path: Path) -> RawBundle:
    """Steps (a)–(c) of the check order (issue 23 item 3): file size, zip structure, the
    manifest's size and nesting; the signature (d) is the importer's (it knows the key) and
    the payload (e) is read later as a stream (:func:`stream_changes`). Raises
    :class:`BundleError` with one Chinese line."""
    with _open_checked(path) as (archive, _size):
        try:
            manifest_raw = _read_member(archive, MANIFEST, MAX_MANIFEST_BYTES)
            signature = _read_member(archive, SIGNATURE, MAX_SIGNATURE_BYTES)
            payload_size = archive.getinfo(PAYLOAD).file_size
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise BundleError(_DAMAGED) from exc
    if json_depth(manifest_raw) > MAX_DEPTH:
        raise BundleError(f"数据包清单嵌套超过 {MAX_DEPTH} 层，不是本程序写出的清单，已拒绝")
    try:
        manifest = json.loads(manifest_raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BundleError(_UNREADABLE_MANIFEST) from exc
    if not isinstance(manifest, dict):
        raise BundleError(_UNREADABLE_MANIFEST)
    if manifest.get("format") not in READABLE_FORMATS:
        raise BundleError(f"不支持的数据包格式版本 {manifest.get('format')}")
    return RawBundle(path, manifest_raw, manifest, signature, payload_size)


def payload_sha256(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


# --- the payload as a stream (step e) --------------------------------------------------------------
Line = tuple[int, bytes, dict[str, Any]]


class PayloadStream:
    """The changes of a verified bundle, read from the file in bounded batches.

    Iterating yields lists of at most :data:`BATCH_LINES` ``(seq, line, change)`` in file
    order; only one batch, one sealed segment (1 MB) and one decompressed step are held at a
    time. The member's SHA-256 is compared with the manifest's before anything is opened,
    and again over the bytes actually decrypted (a file swapped meanwhile is refused at the
    end, before the caller commits). Every problem raises :class:`BundleError`; when the
    iteration ends normally, :attr:`sha256` is the payload's hash and the line count
    matched the manifest.
    """

    def __init__(self, raw: RawBundle, pair: crypto.KeyPair) -> None:
        self.raw = raw
        self.pair = pair
        self.sha256 = ""
        self.lines = 0

    def __iter__(self) -> Iterator[list[Line]]:
        expected = str(self.raw.manifest.get("payload_sha256", ""))
        try:
            declared = int(self.raw.manifest.get("changes", -1))
        except (TypeError, ValueError):
            declared = -1
        if not 0 <= declared <= MAX_CHANGES:
            raise BundleError(COUNT_MISMATCH if declared < 0 else
                              f"变更条数 {declared:,} 超过上限 {MAX_CHANGES:,}，已拒绝")
        with _open_checked(self.raw.path) as (archive, _size):
            if _read_member(archive, MANIFEST, MAX_MANIFEST_BYTES) != self.raw.manifest_bytes:
                raise BundleError("文件在导入过程中被改动，已拒绝")
            if self.raw.format == 1:
                chunks = self._format1(archive, expected)
            else:
                if _member_sha256(archive) != expected:
                    raise BundleError(HASH_MISMATCH)
                chunks = self._format2(archive, expected)
            batch: list[Line] = []
            for lines in _split_lines(_inflate(chunks)):
                self.lines += len(lines)
                if self.lines > declared:
                    raise BundleError(COUNT_MISMATCH)
                batch.extend(lines)
                if len(batch) >= BATCH_LINES:
                    yield batch
                    batch = []
            if batch:
                yield batch
        if self.lines != declared:
            raise BundleError(COUNT_MISMATCH)

    def _format1(self, archive: zipfile.ZipFile, expected: str) -> Iterator[bytes]:
        """Format 1 (older branches): one AEAD over all of it, so it is read whole — only
        as far as :data:`MAX_FILE_BYTES` allows."""
        sealed = _read_member(archive, PAYLOAD, MAX_FILE_BYTES)
        self.sha256 = payload_sha256(sealed)
        if self.sha256 != expected:
            raise BundleError(HASH_MISMATCH)
        try:
            plain = crypto.open_sealed(self.pair, sealed)
        except crypto.CryptoError as exc:
            raise BundleError(UNDECRYPTABLE) from exc
        del sealed
        view = memoryview(plain)
        for start in range(0, len(plain), _READ):
            yield bytes(view[start:start + _READ])

    def _format2(self, archive: zipfile.ZipFile, expected: str) -> Iterator[bytes]:
        digest = hashlib.sha256()
        step = crypto.SEGMENT + crypto.TAG
        with archive.open(PAYLOAD) as member:
            header = member.read(crypto.STREAM_HEADER)
            digest.update(header)
            try:
                opener = crypto.StreamOpener(self.pair, header)
                current = member.read(step)
                while True:
                    digest.update(current)
                    following = member.read(step) if len(current) == step else b""
                    last = not following
                    yield opener.open(current, last=last)
                    if last:
                        break
                    current = following
            except crypto.CryptoError as exc:
                raise BundleError(UNDECRYPTABLE) from exc
            if member.read(1):
                raise BundleError(UNDECRYPTABLE)
        self.sha256 = digest.hexdigest()
        if self.sha256 != expected:
            raise BundleError(HASH_MISMATCH)


def _member_sha256(archive: zipfile.ZipFile) -> str:
    digest = hashlib.sha256()
    with archive.open(PAYLOAD) as member:
        read = 0
        while chunk := member.read(_READ):
            read += len(chunk)
            if read > MAX_FILE_BYTES:
                raise BundleError(f"数据包中的 {PAYLOAD} 过大（超过 {_mib(MAX_FILE_BYTES)}），已拒绝")
            digest.update(chunk)
    return digest.hexdigest()


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """zlib as a stream: never more than :data:`_READ` bytes out per step, the total and the
    ratio to the compressed bytes consumed capped (a bomb of zeros stops after a few MB out,
    held 1 MB at a time)."""
    inflater = zlib.decompressobj()
    consumed = produced = 0
    try:
        for chunk in chunks:
            data = chunk
            while data:
                if inflater.eof:
                    raise BundleError(UNREADABLE)  # bytes after the end of the stream
                out = inflater.decompress(data, _READ)
                consumed += len(data) - len(inflater.unconsumed_tail)
                data = inflater.unconsumed_tail
                produced += len(out)
                if produced > MAX_PLAIN_BYTES:
                    raise BundleError(f"数据内容解压后超过 {_mib(MAX_PLAIN_BYTES)} 的上限，已拒绝")
                if produced > RATIO_FLOOR and produced > MAX_RATIO * consumed:
                    raise BundleError(f"数据内容的压缩比超过 {MAX_RATIO} 倍，不是本程序写出的数据，已拒绝")
                if out:
                    yield out
        if not inflater.eof or inflater.unused_data:
            raise BundleError(UNREADABLE)
    except zlib.error as exc:
        raise BundleError(UNDECRYPTABLE) from exc


def _split_lines(chunks: Iterable[bytes]) -> Iterator[list[Line]]:
    """Whole lines parsed (:func:`parse_lines`) as the decompressed bytes arrive; a line
    longer than :data:`MAX_LINE_BYTES` is refused instead of being gathered."""
    pending = b""
    for chunk in chunks:
        data = pending + chunk if pending else chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            pending = data
        else:
            pending = data[cut + 1:]
            try:
                yield parse_lines(data[:cut])
            except ValueError as exc:
                raise BundleError(UNREADABLE) from exc
        if len(pending) > MAX_LINE_BYTES:
            raise BundleError(f"数据内容中有一行超过 {_mib(MAX_LINE_BYTES)}，已拒绝")
    if pending:
        try:
            yield parse_lines(pending)
        except ValueError as exc:
            raise BundleError(UNREADABLE) from exc


class DenseDigests:
    """:func:`dense_digests` built as the lines stream by: 16 bytes a sequence, no line kept.

    Lines arrive in sequence order (the writer sends them so); should one not, the slots
    are filled where they belong, as :func:`dense_digests` would after sorting.
    """

    def __init__(self) -> None:
        self.first: int | None = None
        self._blob = bytearray()
        self._next = 0

    def add(self, seq: int, line: bytes) -> None:
        if self.first is None:
            self.first, self._next = seq, seq
        if seq < self.first:  # before the first slot: shift everything up
            self._blob[0:0] = NO_DIGEST * (self.first - seq)
            self.first = seq
        if seq >= self._next:
            self._blob += NO_DIGEST * (seq - self._next)
            self._blob += digest(line)
            self._next = seq + 1
        else:
            at = (seq - self.first) * 16
            self._blob[at:at + 16] = digest(line)

    def value(self) -> bytes:
        return bytes(self._blob)
