"""Keys, signatures and payload encryption (密钥与加密) for bundles.

Why these primitives: Ed25519 signs the manifest (which carries the SHA-256 of the
payload), so one signature covers the whole bundle; the payload is sealed to the receiver's
X25519 key with an ephemeral key, HKDF-SHA256 and ChaCha20-Poly1305, so a lost USB stick
leaks nothing. Private keys live only in files in ``<data dir>/keys`` (mode 0600); nothing
here ever prints or logs them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from common.private_files import private_dir, private_file, write_private

SIGN_FILE = "sign.key"
BOX_FILE = "box.key"
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_INFO = b"dealerdesk bundle payload v1"


class CryptoError(Exception):
    """Verification or decryption failed (tampered, truncated or not for us)."""


@dataclass(frozen=True)
class PublicKeys:
    sign: str  # hex Ed25519 public key
    box: str  # hex X25519 public key

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign)


def fingerprint(sign_public_hex: str) -> str:
    """Short, readable identity of a signing key: SHA-256 of its bytes, 4-hex groups."""
    digest = hashlib.sha256(bytes.fromhex(sign_public_hex)).hexdigest()[:32]
    return ":".join(digest[i:i + 4] for i in range(0, 32, 4))


@dataclass(frozen=True)
class KeyPair:
    signing: Ed25519PrivateKey
    box: X25519PrivateKey

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(self.signing.public_key().public_bytes(_RAW, _RAW_PUB).hex(),
                          self.box.public_key().public_bytes(_RAW, _RAW_PUB).hex())

    def __repr__(self) -> str:  # never show private material
        return f"KeyPair({self.public.fingerprint})"


def _write_private(path: Path, data: bytes) -> None:
    private_dir(path.parent)
    tmp = path.with_suffix(".tmp")
    write_private(tmp, data, sync=True)
    os.replace(tmp, path)
    private_file(path)


def generate_keys(keys_dir: Path) -> KeyPair:
    """New key pair written to ``keys_dir`` (replacing any before: a new enrolment)."""
    pair = KeyPair(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    pem = serialization.PrivateFormat.PKCS8
    none = serialization.NoEncryption()
    _write_private(keys_dir / SIGN_FILE, pair.signing.private_bytes(serialization.Encoding.PEM, pem, none))
    _write_private(keys_dir / BOX_FILE, pair.box.private_bytes(serialization.Encoding.PEM, pem, none))
    return pair


def load_keys(keys_dir: Path) -> KeyPair | None:
    sign_path, box_path = keys_dir / SIGN_FILE, keys_dir / BOX_FILE
    if not sign_path.exists() or not box_path.exists():
        return None
    signing = serialization.load_pem_private_key(sign_path.read_bytes(), None)
    box = serialization.load_pem_private_key(box_path.read_bytes(), None)
    assert isinstance(signing, Ed25519PrivateKey) and isinstance(box, X25519PrivateKey)
    return KeyPair(signing, box)


def sign(pair: KeyPair, data: bytes) -> bytes:
    return pair.signing.sign(data)


def verify(sign_public_hex: str, signature: bytes, data: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_public_hex)).verify(signature, data)
    except (InvalidSignature, ValueError) as exc:
        raise CryptoError("signature") from exc


def _key(shared: bytes, ephemeral: bytes, receiver: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + receiver,
                info=_INFO).derive(shared)


def seal(receiver_box_hex: str, plaintext: bytes, aad: bytes = b"") -> bytes:
    """ephemeral public (32) + nonce (12) + ChaCha20-Poly1305 ciphertext."""
    receiver = bytes.fromhex(receiver_box_hex)
    ephemeral = X25519PrivateKey.generate()
    eph_pub = ephemeral.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(receiver))
    nonce = os.urandom(12)
    return eph_pub + nonce + ChaCha20Poly1305(_key(shared, eph_pub, receiver)).encrypt(nonce, plaintext, aad)


def open_sealed(pair: KeyPair, sealed: bytes, aad: bytes = b"") -> bytes:
    if len(sealed) < 44 + 16:
        raise CryptoError("short")
    eph_pub, nonce, body = sealed[:32], sealed[32:44], sealed[44:]
    receiver = pair.box.public_key().public_bytes(_RAW, _RAW_PUB)
    try:
        shared = pair.box.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        return ChaCha20Poly1305(_key(shared, eph_pub, receiver)).decrypt(nonce, body, aad)
    except (InvalidTag, ValueError) as exc:
        raise CryptoError("decrypt") from exc


# --- format 2: the payload sealed in segments (STREAM) -----------------------------------------
#: plaintext bytes per sealed segment: what a reader holds of the payload at once
SEGMENT = 1 << 20
TAG = 16
#: ephemeral X25519 public key (32) + the nonce prefix (7) before the first segment
STREAM_HEADER = 32 + 7
_INFO_V2 = b"dealerdesk bundle payload v2 segmented"


def _segment_nonce(prefix: bytes, index: int, last: bool) -> tuple[bytes, bytes]:
    """Nonce and associated data of segment ``index``.

    Why both carry the index and the last-segment flag (the STREAM construction, Hoang,
    Reyhanitabar, Rogaway and Vizár 2015): a segment opens only at its own position and only
    the true last segment opens as last, so segments cannot be reordered, dropped, repeated
    or the payload cut short at a segment boundary without the AEAD noticing.
    """
    if index >= 1 << 32:
        raise CryptoError("too many segments")
    flag = b"\x01" if last else b"\x00"
    return prefix + index.to_bytes(4, "big") + flag, b"dealerdesk-segment|" + index.to_bytes(8, "big") + flag


class StreamSealer:
    """Seals a payload segment by segment to the receiver's X25519 key (format 2).

    Why segments: one AEAD over the whole payload can be opened only with all of it in
    memory; a 200,000-vehicle snapshot is hundreds of MB sealed. Each segment is opened and
    checked alone, so the reader holds one segment at a time (issue 23 item 3).
    """

    def __init__(self, receiver_box_hex: str) -> None:
        receiver = bytes.fromhex(receiver_box_hex)
        ephemeral = X25519PrivateKey.generate()
        eph_pub = ephemeral.public_key().public_bytes(_RAW, _RAW_PUB)
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(receiver))
        self._aead = ChaCha20Poly1305(_stream_key(shared, eph_pub, receiver))
        self._prefix = os.urandom(7)
        self._index = 0
        self._closed = False
        self.header = eph_pub + self._prefix

    def seal(self, segment: bytes, *, last: bool) -> bytes:
        if self._closed or len(segment) > SEGMENT:
            raise CryptoError("segment")
        nonce, aad = _segment_nonce(self._prefix, self._index, last)
        self._index += 1
        self._closed = last
        return self._aead.encrypt(nonce, segment, aad)


class StreamOpener:
    """Opens the segments :class:`StreamSealer` made, in order (raises :class:`CryptoError`)."""

    def __init__(self, pair: KeyPair, header: bytes) -> None:
        if len(header) != STREAM_HEADER:
            raise CryptoError("short")
        eph_pub, self._prefix = header[:32], header[32:]
        receiver = pair.box.public_key().public_bytes(_RAW, _RAW_PUB)
        try:
            shared = pair.box.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        except ValueError as exc:
            raise CryptoError("decrypt") from exc
        self._aead = ChaCha20Poly1305(_stream_key(shared, eph_pub, receiver))
        self._index = 0

    def open(self, sealed: bytes, *, last: bool) -> bytes:
        nonce, aad = _segment_nonce(self._prefix, self._index, last)
        self._index += 1
        try:
            return self._aead.decrypt(nonce, sealed, aad)
        except (InvalidTag, ValueError) as exc:
            raise CryptoError("decrypt") from exc


def _stream_key(shared: bytes, ephemeral: bytes, receiver: bytes) -> bytes:
    """A key of its own for format 2 (another HKDF info): never the same as format 1's."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + receiver,
                info=_INFO_V2).derive(shared)
