"""``workbooks badges``: an Open Badges 3.0 credential for every session a participant completed.

Completed means full autograded points in the session and every reflection graded
by a facilitator with at least 1 point (``SessionResult.complete``). Each badge is
``badges/<participant>/<session>.json``, an ``OpenBadgeCredential`` without a
proof: unsigned, to be signed by a badge platform if it must be verifiable.

Ids are derived from the issuer, course, session and participant (UUID 5), so
running the command again rewrites the same credentials instead of minting new
ones; an existing badge keeps its ``validFrom``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import messages
from .course import Course, add_session_option
from .export import declared_title, session_number
from .progress import Progress, Summary
from .results import AWAITING, Participant, SessionResult, load, number

HELP = "write an Open Badges 3.0 credential (unsigned) for every completed session"
DESCRIPTION = """\
Write one Open Badges 3.0 credential per participant per completed session, as
badges/<participant>/<session>.json.

A session is complete when the participant has full points from the completeness
checks AND a facilitator has graded every reflection with at least 1 point.
Participants whose reflections are not graded yet are listed, not badged.

The credentials carry no proof (they are unsigned). Import them into a badge
platform that signs them, or sign them yourself, before sharing them as
verifiable credentials."""

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
# Our namespace for deterministic ids (UUID 5 of the project's address).
PROJECT = "https://github.com/community-building-workbooks/community-building-workbooks"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, PROJECT)
JSON = ".json"


def add_arguments(parser) -> None:
    parser.add_argument("--issuer-name", default="", metavar="NAME",
                        help="who issues the badges (default: a generic name for the course's facilitators)")
    parser.add_argument("--issuer-url", default="", metavar="URL",
                        help="the issuer's web address, used as its id (default: an urn:uuid made from the course id)")
    add_session_option(parser, "include")
    parser.add_argument("--output", type=Path, default=None, metavar="DIR",
                        help="where to write (default: badges/ in the course folder)")


def run(course: Course, args, progress: Progress) -> Summary:
    output = (args.output or course.badges).resolve()
    cohort = load(course, args.session)
    course_id = course.course_id()
    issuer = issuer_profile(course_id, args.issuer_name, args.issuer_url)
    summary = Summary("Badges: Open Badges 3.0 credentials, unsigned (no proof)")
    waiting, stale = [], []
    for participant in progress.over(cohort.participants, "Badges", lambda p: p.id):
        for result in participant.sessions.values():
            path = output / participant.id / (result.session + JSON)
            if result.complete:
                credential = badge(course_id, issuer, participant, result, _valid_from(path))
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(credential, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
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
    summary.lines.append("The credentials are unsigned: they have no proof. Sign them with your badge platform "
                         "before sharing them as verifiable credentials.")
    if summary.counts.get("badges"):
        summary.outputs.append(output)
    return summary


def _valid_from(path: Path) -> str:
    """Keep the date of a badge written before; otherwise now."""
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(existing, dict) and isinstance(existing.get("validFrom"), str):
            return existing["validFrom"]
    except (OSError, ValueError):
        pass
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(parts))}"


def issuer_profile(course_id: str, name: str, url: str) -> dict[str, Any]:
    profile: dict[str, Any] = {"id": url or _urn("issuer", course_id), "type": ["Profile"],
                               "name": name or messages.text("badge.issuer_default")}
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


def badge(course_id: str, issuer: dict[str, Any], participant: Participant, result: SessionResult,
          valid_from: str) -> dict[str, Any]:
    credential_id = _urn("credential", issuer["id"], course_id, result.session, participant.id)
    salt = uuid.uuid5(NAMESPACE, "salt|" + credential_id).hex
    earned = achievement(course_id, issuer["id"], result)
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
