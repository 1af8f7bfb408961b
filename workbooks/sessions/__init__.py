"""What each session contains: its exercises, in notebook order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..models import AnswerError, Exercise

if TYPE_CHECKING:
    from ..checks import CheckResult


@dataclass(frozen=True)
class SessionSpec:
    id: str
    exercises: dict[str, Callable[[], Exercise]]
    checks: dict[str, Callable[[Exercise], "CheckResult"]]
    groups: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # checklist headings
    names_for: dict[str, str] = field(default_factory=dict)  # map -> table that suggests names
    example: dict[str, dict] = field(default_factory=dict)  # worked answers for the solution notebook
    previews: dict[str, str] = field(default_factory=dict)  # form -> heading of its assembled statement

    @property
    def notebook(self) -> str:
        return f"{self.id}.ipynb"

    @property
    def answer_file(self) -> str:
        return f"{self.id}_answers.json"

    def new_models(self) -> dict[str, Exercise]:
        return {name: make() for name, make in self.exercises.items()}


def get(session_id: str) -> SessionSpec:
    known = {s.id: s for s in all_sessions()}
    if session_id not in known:
        raise AnswerError("error.unknown_session", session=session_id)
    return known[session_id]


def all_sessions() -> tuple[SessionSpec, ...]:
    from . import session1, session2, session3, session4

    return (session1.SESSION, session2.SESSION, session3.SESSION, session4.SESSION)
