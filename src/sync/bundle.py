"""The bundle file (同步数据包): a zip of ``manifest.json``, ``payload.bin`` and ``signature``.

* ``manifest.json`` — format version, kind (changes | snapshot), direction, sender and
  receiver codes, schema revision, first and last sequence, row counts per table, creation
  time, SHA-256 of ``payload.bin``, the sender's key fingerprint, the acknowledgement, and
  for a branch not yet confirmed by HQ its enrolment block (public keys + the enrolment
  secret sealed to HQ).
* ``payload.bin`` — JSON lines, one change each, zlib-compressed, then sealed to the
  receiver's X25519 key (:func:`sync.crypto.seal`).
* ``signature`` — Ed25519 over the exact bytes of ``manifest.json``.

Why the signature covers only the manifest: the manifest carries the payload's hash, so
verifying the signature and then the hash authenticates every byte, and a reader can sort
and route bundles by reading the (small) manifest alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any

import orjson

from common.private_files import open_private

FORMAT_VERSION = 1
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
    path: Path
    manifest_bytes: bytes
    manifest: dict[str, Any]
    signature: bytes
    payload: bytes

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


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def write(path: Path, manifest: dict[str, Any], payload: bytes, signature: bytes) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    # Owner-only (issue 23, item 7): sealed, yet it still names the branch and its sequences.
    with open_private(tmp, "wb") as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MANIFEST, manifest_bytes(manifest))
        archive.writestr(PAYLOAD, payload)
        archive.writestr(SIGNATURE, signature)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def read(path: Path) -> RawBundle:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if not {MANIFEST, PAYLOAD, SIGNATURE} <= names:
                raise BundleError("不是有效的同步数据包（缺少必需的部分）")
            manifest_raw = archive.read(MANIFEST)
            signature = archive.read(SIGNATURE)
            payload = archive.read(PAYLOAD)
    except FileNotFoundError as exc:
        raise BundleError("文件不存在") from exc
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise BundleError("文件不完整或已损坏（可能传输中断或被改动）") from exc
    try:
        manifest = json.loads(manifest_raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError("数据包清单无法读取（文件已损坏）") from exc
    if not isinstance(manifest, dict):
        raise BundleError("数据包清单无法读取（文件已损坏）")
    if manifest.get("format") != FORMAT_VERSION:
        raise BundleError(f"不支持的数据包格式版本 {manifest.get('format')}")
    return RawBundle(path, manifest_raw, manifest, signature, payload)


def payload_sha256(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()
