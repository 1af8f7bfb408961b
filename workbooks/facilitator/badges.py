"""``workbooks badges``: a signed Open Badges 3.0 credential for every session a participant completed.

Completed means full autograded points in the session and every reflection graded
by a facilitator with at least 1 point (``SessionResult.complete``). Each badge is
``badges/<participant>/<session>.json``, an ``OpenBadgeCredential`` signed with an
embedded ``eddsa-rdfc-2022`` Data Integrity proof, and the same credential baked into
a badge image, ``<session>.svg``. The issuer is the facilitator's key as a ``did:key``
(``issuer_key``); the key lives outside the course folder.

Ids are derived from the issuer, course, session and participant (UUID 5), so
running the command again rewrites the same credentials instead of minting new
ones; an existing badge keeps its ``validFrom`` (and, with the same key, its proof).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import messages
from .baking import baked_svg
from .course import Course, CourseError, add_session_option
from .data_integrity import ProofError, signed
from .export import declared_title, session_number
from .issuer_key import (
    DEFAULT_KEY_SHOWN,
    KEY_VARIABLE,
    IssuerKey,
    check_location,
    default_key_path,
    load_or_create,
)
from .progress import Progress, Summary
from .results import AWAITING, Participant, SessionResult, load, number

HELP = "write a signed Open Badges 3.0 credential (and badge image) for every completed session"
DESCRIPTION = f"""\
Write one Open Badges 3.0 credential per participant per completed session, as
badges/<participant>/<session>.json, and the same credential baked into a badge
image, badges/<participant>/<session>.svg. Participants can add either file to a
badge wallet or backpack that accepts Open Badges 3.0.

A session is complete when the participant has full points from the completeness
checks AND a facilitator has graded every reflection with at least 1 point.
Participants whose reflections are not graded yet are listed, not badged.

Every credential is signed (an eddsa-rdfc-2022 Data Integrity proof) with your
badge key. The first run makes the key, outside the course folder:
{DEFAULT_KEY_SHOWN} by default,
or --key PATH, or ${KEY_VARIABLE}.
The issuer's id is that key's did:key. Keep the key private and back it up:
without it you cannot issue more badges as the same issuer."""

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
# Our namespace for deterministic ids (UUID 5 of the project's address).
PROJECT = "https://github.com/community-building-workbooks/community-building-workbooks"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, PROJECT)
JSON, SVG = ".json", ".svg"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def add_arguments(parser) -> None:
    parser.add_argument("--issuer-name", default="", metavar="NAME",
                        help="who issues the badges (default: a generic name for the course's facilitators)")
    parser.add_argument("--issuer-url", default="", metavar="URL",
                        help="the issuer's web site, shown in each badge (the issuer's id is the key's did:key)")
    parser.add_argument("--key", type=Path, default=None, metavar="PATH",
                        help=f"the badge key, made there if missing (default: ${KEY_VARIABLE}, "
                             f"else {DEFAULT_KEY_SHOWN}); never inside the course folder")
    add_session_option(parser, "include")
    parser.add_argument("--output", type=Path, default=None, metavar="DIR",
                        help="where to write (default: badges/ in the course folder)")


class _Signer:
    """Loads (or makes) the key only when a first badge needs it."""

    def __init__(self, path: Path, keep_out_of: list[Path]):
        check_location(path, keep_out_of)  # refuse a key in the course at once, even with no badge to sign
        self.path, self.keep_out_of = path, keep_out_of
        self.key: IssuerKey | None = None

    def get(self) -> IssuerKey:
        if self.key is None:
            self.key = load_or_create(self.path, self.keep_out_of)
        return self.key


def run(course: Course, args, progress: Progress) -> Summary:
    output = (args.output or course.badges).resolve()
    signer = _Signer(args.key or default_key_path(), [course.root, output])
    cohort = load(course, args.session)
    course_id = course.course_id()
    name = _one_line(args.issuer_name) or messages.text("badge.issuer_default")
    summary = Summary("Badges: Open Badges 3.0 credentials, signed (eddsa-rdfc-2022)")
    waiting, stale = [], []
    for participant in progress.over(cohort.participants, "Badges", lambda p: p.id):
        for result in participant.sessions.values():
            path = output / participant.id / (result.session + JSON)
            if result.complete:
                key = signer.get()
                previous = _previous(path)
                issuer = issuer_profile(key.did, name, args.issuer_url)
                unsigned = badge(course_id, issuer, _id_seed(course_id, args.issuer_url), participant, result,
                                 _valid_from(previous))
                try:
                    credential = signed(unsigned, key.private_key, key.verification_method,
                                        _proof_created(previous, key))
                except ProofError as problem:
                    raise CourseError(f"The badge for {participant.id} ({result.session}) could not be "
                                      f"signed: {problem}.") from problem
                _write(path, credential, result)
                summary.count("badges")
            elif result.status == AWAITING:
                waiting.append(f"{participant.id} ({result.session})")
            elif path.exists():
                stale.append(f"{participant.id} ({result.session})")
    summary.count("not yet graded", len(waiting))
    if waiting:
        summary.lines.append("Not yet graded (grade their reflections, then run again): " + ", ".join(waiting))
    if stale:
        summary.lines.append("A badge exists but the session no longer counts as complete (kept, check it): "
                             + ", ".join(stale))
    if signer.key is not None:
        key = signer.key
        if key.created:
            summary.lines.append(f"Made a new badge key: {key.path}. Back it up somewhere safe and private; "
                                 "without it you cannot issue more badges as the same issuer.")
        summary.lines.append(f"Signed as {key.did} with the key {key.path}.")
    if summary.counts.get("badges"):
        summary.outputs.append(output)
    return summary


def _write(path: Path, credential: dict[str, Any], result: SessionResult) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(credential, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    earned = credential["credentialSubject"]["achievement"]
    label = messages.text("feedback.session_heading", number=session_number(result.session))
    svg = baked_svg(credential, label, earned["name"], earned["description"])
    path.with_suffix(SVG).write_text(svg, encoding="utf-8")


def _previous(path: Path) -> dict[str, Any]:
    """The badge written before at ``path``, if any and readable."""
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return existing if isinstance(existing, dict) else {}


def _valid_from(previous: dict[str, Any]) -> str:
    """Keep the date of a badge written before; otherwise now."""
    return previous["validFrom"] if isinstance(previous.get("validFrom"), str) else _now()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _proof_created(previous: dict[str, Any], key: IssuerKey) -> str:
    """Keep the date of a proof made before with the same key, so that running again changes nothing
    (Ed25519 signatures are deterministic); otherwise now."""
    proofs = previous.get("proof")
    for proof in proofs if isinstance(proofs, list) else []:
        if (isinstance(proof, dict) and proof.get("verificationMethod") == key.verification_method
                and isinstance(proof.get("created"), str)):
            return proof["created"]
    return _now()


def _one_line(text: str) -> str:
    """A name as one line without control characters (they cannot be signed the same everywhere)."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(parts))}"


def _id_seed(course_id: str, url: str) -> str:
    """What the credential ids derive from: the issuer's web site or the course, not the key, so
    that ids stay the same if the key is ever replaced (and match badges made before signing)."""
    return url or _urn("issuer", course_id)


def issuer_profile(did: str, name: str, url: str) -> dict[str, Any]:
    profile: dict[str, Any] = {"id": did, "type": ["Profile"], "name": name}
    if url:
        profile["url"] = url
    return profile


def identity(participant: Participant, salt: str) -> dict[str, Any]:
    """The participant as a salted, hashed OB 3.0 IdentityObject: the email if known, else their ID."""
    value, kind = (participant.email, "emailAddress") if participant.email else (participant.id, "identifier")
    digest = hashlib.sha256((value + salt).encode("utf-8")).hexdigest()
    return {"type": "IdentityObject", "hashed": True, "identityHash": f"sha256${digest}",
            "identityType": kind, "salt": salt}


def achievement(course_id: str, issuer_id: str, result: SessionResult) -> dict[str, Any]:
    number_ = session_number(result.session)
    title = declared_title(result.session) or messages.text("feedback.session_heading", number=number_)
    return {
        "id": _urn("achievement", issuer_id, course_id, result.session),
        "type": ["Achievement"],
        "name": messages.text("badge.name", number=number_, title=title),
        "description": messages.text("badge.description", number=number_, title=title),
        "criteria": {"narrative": messages.text("badge.criteria", number=number_, points=number(result.auto_max))},
    }


def badge(course_id: str, issuer: dict[str, Any], id_seed: str, participant: Participant, result: SessionResult,
          valid_from: str) -> dict[str, Any]:
    """The credential without its proof."""
    credential_id = _urn("credential", id_seed, course_id, result.session, participant.id)
    salt = uuid.uuid5(NAMESPACE, "salt|" + credential_id).hex
    earned = achievement(course_id, id_seed, result)
    return {
        "@context": list(CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "name": earned["name"],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [identity(participant, salt)],
            "achievement": earned,
        },
    }
