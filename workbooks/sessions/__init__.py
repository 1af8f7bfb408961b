"""What each session contains: its exercises, in notebook order."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Callable

from ..models import AnswerError, Exercise, Reflections

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
    ungraded: tuple[str, ...] = ()  # saved with the answers, never checked or graded

    def __post_init__(self) -> None:
        checked, ungraded = set(self.checks), set(self.ungraded)
        if checked & ungraded or checked | ungraded != set(self.exercises) or len(ungraded) != len(self.ungraded):
            raise ValueError(f"{self.id}: every exercise needs a check or a place in `ungraded`, not both")

    @property
    def graded(self) -> tuple[str, ...]:
        """The exercises with a check, in notebook order."""
        return tuple(name for name in self.exercises if name not in self.ungraded)

    @property
    def notebook(self) -> str:
        return f"{self.id}.ipynb"

    @property
    def answer_file(self) -> str:
        return f"{self.id}_answers.json"

    def new_models(self) -> dict[str, Exercise]:
        return {name: make() for name, make in self.exercises.items()}


# Every session ends with the same closing feedback: saved, not graded, one set of texts.
CLOSING_FEEDBACK = "closing_feedback"
closing_feedback = partial(Reflections, CLOSING_FEEDBACK, ("worked", "didnt", "change", "surprised"))


def get(session_id: str) -> SessionSpec:
    known = {s.id: s for s in all_sessions()}
    if session_id not in known:
        raise AnswerError("error.unknown_session", session=session_id)
    return known[session_id]


def all_sessions() -> tuple[SessionSpec, ...]:
    from . import session1, session2, session3, session4

    return (session1.SESSION, session2.SESSION, session3.SESSION, session4.SESSION)
