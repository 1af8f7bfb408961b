"""The facilitator's badge-signing key: an Ed25519 key kept outside the course folder, and its ``did:key``.

The key is made on first use and kept as a PKCS #8 PEM file that only its owner may read (mode 0600),
by default in the per-user configuration folder, so it is never committed, shared or zipped with a
course. Whoever holds the file can issue badges in the facilitator's name; whoever loses it can no
longer issue badges under the same issuer id.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .course import CourseError
from .data_integrity import ProofError, base58btc, from_base58btc

KEY_VARIABLE = "WORKBOOKS_BADGE_KEY"
CONFIG_FOLDER = "community-building-workbooks"
KEY_FILE = "issuer-key.pem"
# How help texts name the default (default_key_path gives the real one).
DEFAULT_KEY_SHOWN = f"~/.config/{CONFIG_FOLDER}/{KEY_FILE} (or under $XDG_CONFIG_HOME)"
# Multicodec prefix of an Ed25519 public key (0xed, as a varint), as did:key and Multikey use it.
ED25519_PUBLIC = b"\xed\x01"


def default_key_path(environ: Mapping[str, str] = os.environ) -> Path:
    """``$WORKBOOKS_BADGE_KEY``, else ``issuer-key.pem`` in the per-user configuration folder."""
    if environ.get(KEY_VARIABLE):
        return Path(environ[KEY_VARIABLE]).expanduser()
    config = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / CONFIG_FOLDER / KEY_FILE


def public_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base58btc(ED25519_PUBLIC + raw)


def public_key_of(did: str) -> Ed25519PublicKey:
    """The Ed25519 key a ``did:key:z6Mk…`` (or one of its verification methods, ``…#z6Mk…``) names."""
    identifier = did.split("#", 1)[0].removeprefix("did:key:")
    try:
        raw = from_base58btc(identifier)
    except ProofError as problem:
        raise ValueError(f"not an Ed25519 did:key: {did}") from problem
    if not did.startswith("did:key:") or not raw.startswith(ED25519_PUBLIC) or len(raw) != 34:
        raise ValueError(f"not an Ed25519 did:key: {did}")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


@dataclass(frozen=True)
class IssuerKey:
    private_key: Ed25519PrivateKey
    path: Path
    created: bool  # made by this run: tell the facilitator to back it up

    @property
    def did(self) -> str:
        return "did:key:" + public_multibase(self.private_key.public_key())

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{public_multibase(self.private_key.public_key())}"


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def check_location(path: Path, keep_out_of: Iterable[Path]) -> None:
    """Refuses a key path inside any of ``keep_out_of`` (the course folder, the badges folder):
    a key there would be committed, zipped or shared with the course."""
    for folder in keep_out_of:
        if _inside(path.expanduser(), folder):
            raise CourseError(f"The badge key {path} is inside {folder.resolve()}; keep it outside the course "
                              f"folder (use --key PATH or ${KEY_VARIABLE}; the default is {DEFAULT_KEY_SHOWN}).")


def load_or_create(path: Path, keep_out_of: Iterable[Path]) -> IssuerKey:
    """The key at ``path``, made first if there is none (see ``check_location`` for where it may not be)."""
    path = path.expanduser()
    check_location(path, keep_out_of)
    if not path.exists():
        return IssuerKey(_create(path), path, created=True)
    if os.name == "posix" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CourseError(f"The badge key {path} can be read by other users; make it private "
                          f"with: chmod 600 {path}")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as problem:
        raise CourseError(f"The badge key {path} could not be read ({problem}). Restore it from "
                          "your backup, or pass --key PATH.") from problem
    if not isinstance(key, Ed25519PrivateKey):
        raise CourseError(f"The badge key {path} is not an Ed25519 key; pass --key PATH to an Ed25519 key.")
    return IssuerKey(key, path, created=False)


def _create(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: never overwrite a key another run made meanwhile; 0600 from the first byte.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
    except OSError as problem:
        raise CourseError(f"The badge key could not be written to {path}: {problem.strerror or problem}. "
                          "Pass --key PATH to a folder you can write to.") from problem
    return key
