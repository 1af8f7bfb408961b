"""The answers document: one JSON object per session, with a schema version.

It is what the side file holds, what travels inside the notebook, and what the
checks and the grader read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from . import messages
from .checks import CheckResult
from .exercises import Session
from .models import AnswerError, ExerciseModel, clean_participant_id

FORMAT = "community-building-workbooks/answers"
SCHEMA_VERSION = 1
MIME_TYPE = "application/vnd.community-building-workbooks.answers+json"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def readable_time(saved_at: str) -> str:
    """A save time as people read it, to the minute in universal time ("2026-11-29 14:05"); "-" when there is
    none, and the text as it is when it is not a time."""
    if not saved_at:
        return "-"
    try:
        moment = datetime.fromisoformat(saved_at)
    except ValueError:
        return saved_at
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


@dataclass
class Answers:
    """Everything a participant entered in one session."""

    spec: Session
    models: dict[str, ExerciseModel]
    participant_id: str = ""
    saved_at: str = ""
    problems: list[str] = field(default_factory=list)

    @classmethod
    def empty(cls, spec: Session) -> Answers:
        return cls(spec, spec.new_models())

    def check(self, exercise: str) -> CheckResult:
        """Check one exercise; an exercise that is only saved, never checked, raises AnswerError."""
        check = self.spec.exercise(exercise).check
        if check is None:
            raise AnswerError("error.unknown_exercise", exercise=exercise)
        return check(self.models[exercise])

    def is_empty(self) -> bool:
        return not self.participant_id and all(m.is_empty() for m in self.models.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "session": self.spec.id,
            "saved_at": self.saved_at,
            "participant_id": self.participant_id,
            "exercises": {name: model.to_dict() for name, model in self.models.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False)


def parse(spec: Session, data: object) -> Answers:
    """Build answers from decoded JSON.

    A document that is not an answers document, or belongs to another session,
    raises :class:`AnswerError`. An exercise whose data is damaged starts empty
    and is listed in ``problems``; the rest is kept.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnswerError("error.not_answers")
    version, session = data.get("schema_version"), data.get("session")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise AnswerError("error.not_answers")
    if version > SCHEMA_VERSION:
        raise AnswerError("error.newer_schema")
    if not isinstance(session, str) or not session:
        raise AnswerError("error.not_answers")
    if session != spec.id:
        raise AnswerError("error.wrong_session", found=session, expected=spec.id)
    answers = Answers.empty(spec)
    saved_at = data.get("saved_at")
    answers.saved_at = saved_at if isinstance(saved_at, str) else ""
    try:
        raw_id = data.get("participant_id") or ""
        answers.participant_id = clean_participant_id(raw_id) if raw_id else ""
    except AnswerError as problem:
        answers.problems.append(str(problem))
    exercises = data.get("exercises")
    if not isinstance(exercises, dict):
        exercises = {}
        answers.problems.append(messages.text("error.no_exercises"))
    for name, model in answers.models.items():
        if name not in exercises:
            continue
        try:
            model.load(exercises[name] if isinstance(exercises[name], dict) else {})
        except AnswerError as problem:
            answers.models[name] = spec.exercise(name).make()
            answers.problems.append(messages.text("error.exercise_reset", exercise=messages.text(f"{name}.title"),
                                                  reason=str(problem)))
    return answers


def parse_json(spec: Session, text: str | bytes) -> Answers:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as problem:
        raise AnswerError("error.not_json") from problem
    return parse(spec, data)


def newest(candidates: list[Answers]) -> Answers | None:
    return max(candidates, key=lambda a: a.saved_at, default=None)
