"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite, the one 1EdTech's Open Badges 3.0
conformance tests accept for embedded proofs (W3C "Data Integrity EdDSA Cryptosuites v1.0").

Signing: canonicalise the proof options and the credential to RDF (RDFC-1.0, which pyld calls
URDNA2015), hash each with SHA-256, and sign proof hash + document hash with Ed25519. The result,
base58btc-encoded, is the proof's ``proofValue``. Checked against 1EdTech's own test vector in
tests/test_badge_signing.py.

Canonicalisation needs the JSON-LD contexts; they are read from ``ob3/`` in this package and
nothing is ever fetched from the network.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

CRYPTOSUITE = "eddsa-rdfc-2022"
VENDORED = Path(__file__).with_name("ob3")
# URL -> file in ob3/ (see ob3/README.md for where each comes from).
CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-context-3.0.3.json",
}
# pyld writes these characters raw in N-Quads where RDFC-1.0 escapes them, so a value holding one
# would get a signature other verifiers compute differently. Refuse rather than sign it.
_ESCAPED_DIFFERENTLY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class ProofError(ValueError):
    """The document cannot be signed or verified as it is; the text says why."""


# -------------------------------------------------------------- base58btc multibase

def base58btc(data: bytes) -> str:
    """Multibase base58btc: ``z`` then Bitcoin's base58 alphabet (leading zero bytes become ``1``)."""
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, rest = divmod(number, 58)
        digits = _BASE58[rest] + digits
    return "z" + "1" * (len(data) - len(data.lstrip(b"\0"))) + digits


def from_base58btc(text: str) -> bytes:
    if not text.startswith("z") or any(c not in _BASE58 for c in text[1:]):
        raise ProofError(f"not a base58btc multibase value: {text[:20]!r}")
    digits = text[1:]
    number = 0
    for character in digits:
        number = number * 58 + _BASE58.index(character)
    zeros = len(digits) - len(digits.lstrip("1"))
    return b"\0" * zeros + (number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b"")


# -------------------------------------------------------------- canonicalisation

@cache
def _context(url: str) -> dict[str, Any]:
    return json.loads((VENDORED / CONTEXTS[url]).read_text(encoding="utf-8"))


def load_document(url: str, options: dict | None = None) -> dict[str, Any]:
    """pyld's document loader: the vendored contexts, and nothing else (never the network)."""
    if url not in CONTEXTS:
        raise ProofError(f"the JSON-LD context {url} is not one this program carries")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": copy.deepcopy(_context(url))}


def _refuse_dropped(term: str | None) -> None:
    raise ProofError(f"the term {term!r} is not defined by the credential's contexts, so it would not be signed")


def _check_expanded(node: Any) -> None:
    """Like jsonld.js's safe mode: every type and id must be an absolute IRI, or it would be signed wrongly."""
    if isinstance(node, list):
        for item in node:
            _check_expanded(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("@type", "@id") and not isinstance(value, dict):
                for iri in value if isinstance(value, list) else [value]:
                    if isinstance(iri, str) and ":" not in iri:
                        raise ProofError(f"{iri!r} is not defined by the credential's contexts")
            elif isinstance(value, str) and _ESCAPED_DIFFERENTLY.search(value):
                raise ProofError(f"a value holds a control character: {value[:40]!r}")
            else:
                _check_expanded(value)


def canonical_nquads(document: dict[str, Any]) -> str:
    """The document as canonical N-Quads (RDFC-1.0), refusing anything that would silently not be signed."""
    # base None keeps relative IRIs relative (pyld would resolve them against example.org), so the check sees them.
    options: Any = {"documentLoader": load_document, "base": None}
    try:
        expanded = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped).expand(document, options)
        _check_expanded(expanded)
        return jsonld.normalize(expanded, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                           "documentLoader": load_document})
    except jsonld.JsonLdError as problem:
        raise _reason(problem) from problem


def _reason(problem: BaseException) -> ProofError:
    """Our own ProofError if pyld wrapped one, else pyld's error code."""
    cause: BaseException | None = problem
    while cause is not None and not isinstance(cause, ProofError):
        cause = cause.__cause__ or cause.__context__
    return cause or ProofError(f"it is not valid JSON-LD ({getattr(problem, 'code', None) or problem.args[0]})")


def _hash_data(unsecured: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    """Proof configuration hash + document hash, the bytes the Ed25519 signature covers."""
    configuration = {**proof_options, "@context": unsecured.get("@context")}
    return (hashlib.sha256(canonical_nquads(configuration).encode("utf-8")).digest()
            + hashlib.sha256(canonical_nquads(unsecured).encode("utf-8")).digest())


# -------------------------------------------------------------- proofs

def proof_options(verification_method: str, created: str) -> dict[str, Any]:
    return {"type": "DataIntegrityProof", "created": created, "verificationMethod": verification_method,
            "cryptosuite": CRYPTOSUITE, "proofPurpose": "assertionMethod"}


def signed(document: dict[str, Any], key: Ed25519PrivateKey, verification_method: str,
           created: str) -> dict[str, Any]:
    """A copy of ``document`` with an embedded ``eddsa-rdfc-2022`` proof (a one-item ``proof`` list,
    the shape 1EdTech's JSON Schema expects). Any proof it had is replaced."""
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    options = proof_options(verification_method, created)
    signature = key.sign(_hash_data(unsecured, options))
    return {**unsecured, "proof": [{**options, "proofValue": base58btc(signature)}]}


def proof_verifies(document: dict[str, Any], public_key: Ed25519PublicKey) -> bool:
    """Whether the document's one ``eddsa-rdfc-2022`` proof is a valid signature by ``public_key``."""
    proofs = document.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs]
    if len(proofs) != 1 or not isinstance(proofs[0], dict) or proofs[0].get("cryptosuite") != CRYPTOSUITE:
        return False
    options = dict(proofs[0])
    try:
        signature = from_base58btc(str(options.pop("proofValue", "")))
        unsecured = {name: value for name, value in document.items() if name != "proof"}
        public_key.verify(signature, _hash_data(unsecured, options))
    except (InvalidSignature, ProofError):
        return False
    return True
