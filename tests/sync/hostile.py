"""Hostile bundles (issue 23 item 3), shared by tests/sync/test_hostile_bundles.py and
bench/bench_hostile_bundles.py: each is built as a stream, so making a bomb that decompresses
to 2 GiB costs no more memory than refusing it."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sync import bundle, crypto

_STEP = 1 << 20


def forge(path: Path, manifest: dict[str, Any], hq_box: str, pair: crypto.KeyPair | None,
          compressed: Iterable[bytes], changes: int) -> Path:
    """A format-2 bundle whose (already compressed) payload is ``compressed``, sealed to
    ``hq_box`` and signed by ``pair`` (``None``: a signature of random bytes)."""
    sealer = crypto.StreamSealer(hq_box)
    with bundle.BundleWriter(path) as writer:
        writer.payload(sealer.header)
        pending = bytearray()
        for chunk in compressed:
            pending += chunk
            while len(pending) > crypto.SEGMENT:
                writer.payload(sealer.seal(bytes(pending[:crypto.SEGMENT]), last=False))
                del pending[:crypto.SEGMENT]
        writer.payload(sealer.seal(bytes(pending), last=True))
        fields = {**manifest, "format": 2, "changes": changes, "payload_sha256": writer.sha256}
        raw = bundle.manifest_bytes(fields)
        writer.finish(raw, crypto.sign(pair, raw) if pair is not None else os.urandom(64))
    return path


def zeros(size: int) -> Iterator[bytes]:
    """``size`` zero bytes, deflated as they are made (zlib's best ratio: about 1,000×)."""
    deflate = zlib.compressobj(9)
    block = bytes(_STEP)
    left = size
    while left > 0:
        part = block if left >= _STEP else bytes(left)
        left -= len(part)
        if out := deflate.compress(part):
            yield out
    yield deflate.flush()


def bomb(path: Path, manifest: dict[str, Any], hq_box: str, pair: crypto.KeyPair | None,
         size: int = 2 << 30) -> Path:
    """A small file whose payload decompresses to ``size`` bytes (2 GiB by default)."""
    return forge(path, manifest, hq_box, pair, zeros(size), changes=1)


def huge_manifest(path: Path, size: int = 64 << 20) -> Path:
    """A manifest of ``size`` bytes (one long string), payload and signature as usual."""
    with zipfile.ZipFile(path, "w") as archive:
        with archive.open(bundle.MANIFEST, "w", force_zip64=size > (1 << 31) - 1) as member:
            member.write(b'{"format": 2, "pad": "')
            chunk = b"x" * _STEP
            for _ in range(size // _STEP):
                member.write(chunk)
            member.write(b'"}')
        archive.writestr(bundle.PAYLOAD, b"")
        archive.writestr(bundle.SIGNATURE, bytes(64))
    return path


def deep_manifest(path: Path, depth: int = 200_000) -> Path:
    """A manifest nested ``depth`` levels (``[[[…]]]``): 400 KB, under the size cap."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(bundle.MANIFEST, b"[" * depth + b"]" * depth)
        archive.writestr(bundle.PAYLOAD, b"")
        archive.writestr(bundle.SIGNATURE, bytes(64))
    return path


def many_members(path: Path, count: int = 100_000) -> Path:
    """A zip of ``count`` entries (the three real names among them).

    Written by hand rather than through :class:`zipfile.ZipFile`, which keeps an object per
    entry while writing; entry counts past 65,535 take the ZIP64 end records, as any zip tool
    writes them."""
    central = bytearray()
    offset = 0
    with open(path, "wb") as out:
        names = [bundle.MANIFEST, bundle.PAYLOAD, bundle.SIGNATURE] + [f"m{i}" for i in range(count - 3)]
        for name in names:
            raw = name.encode()
            local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(raw), 0) + raw
            out.write(local)
            central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0,
                                   len(raw), 0, 0, 0, 0, 0, offset) + raw
            offset += len(local)
        out.write(central)
        big = count > 0xFFFF
        if big:  # ZIP64 end of central directory record and its locator
            out.write(struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count,
                                  len(central), offset))
            out.write(struct.pack("<4sLQL", b"PK\x06\x07", 0, offset + len(central), 1))
        shown = 0xFFFF if big else count
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, shown, shown, len(central), offset, 0))
    return path


def duplicate_members(path: Path, source: Path) -> Path:
    """A real bundle with a second ``manifest.json`` appended (zip readers take the last)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr(bundle.MANIFEST, b'{"format": 2}')
    return path


def oversized(path: Path) -> Path:
    """A sparse file one byte over :data:`sync.bundle.MAX_FILE_BYTES` (no disk used)."""
    with open(path, "wb") as out:
        out.truncate(bundle.MAX_FILE_BYTES + 1)
    return path


def lying_manifest(path: Path, source: Path, size: int = 8 << 20) -> Path:
    """A real bundle whose manifest is deflated from ``size`` bytes while the zip's central
    directory says it holds 10."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for name in (bundle.PAYLOAD, bundle.SIGNATURE):
            dst.writestr(name, src.read(name))
        dst.writestr(bundle.MANIFEST, b'{"format": 2, "pad": "' + b"x" * size + b'"}',
                     compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == bundle.MANIFEST.encode():
            data[at + 24:at + 28] = (10).to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path
