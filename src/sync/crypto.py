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
