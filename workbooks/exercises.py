"""How a session is declared: its exercises, each declared once, in notebook order.

An :class:`Exercise` names its kind (the model class) with the model's options,
its check, its points and its worked example. Everything else is derived from
it: the model factory, the notebook's grade ids and points, which exercises are
graded, and which exercise a grade cell belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from . import messages
from .checks import CheckResult
from .kinds.reflections import Reflections
from .kinds.sharing import CREDIT, NAME, NAMED, SHARE, Sharing
from .models import AnswerError, ExerciseModel

M = TypeVar("M", bound=ExerciseModel)

ANSWER_SUFFIX, CHECK_SUFFIX, REFLECTION_PREFIX = "_answer", "_check", "reflection_"


@dataclass(frozen=True, eq=False)  # a declaration is itself: compared and hashed by identity
class Exercise(Generic[M]):
    """One exercise: its name (also its locale-key prefix), kind, check, points and worked example."""

    name: str
    model: type[M]                                     # the kind, by its model class
    options: Mapping[str, Any] = field(default_factory=dict)  # the model's settings: columns, prompts …
    check: Callable[[M], CheckResult] | None = None
    # Autograded points of its check cell. With 0 points the check only backs the "Check my work" button:
    # the notebook has no check cell for it, so it is not needed for full points, completion or a badge.
    points: int = 0
    hand_graded: int = 0                               # points per prompt, each graded by hand in a task cell
    ungraded: bool = False                             # saved with the answers, never checked or graded
    example: Mapping[str, Any] = field(default_factory=dict)  # the worked answer the solution notebook shows
    view: Mapping[str, Any] = field(default_factory=dict)     # the view's settings: groups, names_from, preview

    def __post_init__(self) -> None:
        problem = self._problem()
        if problem:
            raise ValueError(f"exercise {self.name!r}: {problem}")

    def _problem(self) -> str:
        if self.ungraded:
            return "an ungraded exercise has no check and no points" if (
                self.check or self.points or self.hand_graded) else ""
        if self.check is None:
            return "needs a check, or ungraded=True"
        if self.points < 0 or self.hand_graded < 0:
            return "points cannot be negative"
        if self.hand_graded and not self.prompts:
            return "hand-graded points need prompts"
        return ""

    @property
    def kind(self) -> str:
        return self.model.kind

    @property
    def shows_example(self) -> bool:
        """Participants may look at the worked example: not where it is the model answer a facilitator
        grades by hand (reflections), and not for the closing feedback, which is only the participant's own."""
        return bool(self.example) and not self.hand_graded and not self.ungraded

    @property
    def prompts(self) -> tuple[str, ...]:
        """The prompts of a reflections or form exercise (empty for other kinds)."""
        return tuple(self.options.get("prompts", ()))

    def make(self) -> M:
        """A new, empty model of this exercise."""
        return self.model(self.name, **self.options)  # type: ignore[call-arg]

    # -- grade cells --------------------------------------------------------

    @property
    def answer_id(self) -> str:
        """The cell that shows the exercise (and, in the solution notebook, fills in its example)."""
        return self.name if self.ungraded else self.name + ANSWER_SUFFIX

    @property
    def check_id(self) -> str | None:
        """The autograded cell, when the exercise has autograded points."""
        return self.name + CHECK_SUFFIX if self.points else None

    @property
    def task_ids(self) -> dict[str, str]:
        """The task cells graded by hand, one per prompt: grade id -> prompt."""
        return {REFLECTION_PREFIX + prompt: prompt for prompt in self.prompts} if self.hand_graded else {}


@dataclass(frozen=True)
class GradeCell:
    """A graded cell of a session's notebook, as the declarations define it."""

    grade_id: str
    exercise: str
    prompt: str          # the prompt of a task cell graded by hand; "" for an autograded check
    points: int

    @property
    def by_hand(self) -> bool:
        return bool(self.prompt)


@dataclass(frozen=True, eq=False)
class Session:
    """A session's workbook: its id (the notebook's name) and its exercises in notebook order."""

    id: str
    exercises: tuple[Exercise[Any], ...]

    def __post_init__(self) -> None:
        names = [e.name for e in self.exercises]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.id}: an exercise is declared twice")
        ids = [c.grade_id for c in self.grade_cells] + [e.answer_id for e in self.exercises]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: two cells would share a grade id")

    @property
    def title(self) -> str:
        return messages.text(f"{self.id}.title")

    @property
    def notebook(self) -> str:
        return f"{self.id}.ipynb"

    @property
    def answer_file(self) -> str:
        return f"{self.id}_answers.json"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.exercises)

    def exercise(self, name: str) -> Exercise[Any]:
        for exercise in self.exercises:
            if exercise.name == name:
                return exercise
        raise AnswerError("error.unknown_exercise", exercise=name)

    @property
    def graded(self) -> tuple[str, ...]:
        """The exercises with a check, in notebook order."""
        return tuple(e.name for e in self.exercises if not e.ungraded)

    @property
    def ungraded(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.exercises if e.ungraded)

    @property
    def points(self) -> int:
        """Autograded points in all."""
        return sum(e.points for e in self.exercises)

    @property
    def hand_graded_points(self) -> int:
        return sum(c.points for c in self.grade_cells if c.by_hand)

    @property
    def grade_cells(self) -> tuple[GradeCell, ...]:
        """Every graded cell in notebook order: each exercise's check, then its task cells."""
        cells = []
        for e in self.exercises:
            if e.check_id:
                cells.append(GradeCell(e.check_id, e.name, "", e.points))
            cells += [GradeCell(gid, e.name, prompt, e.hand_graded) for gid, prompt in e.task_ids.items()]
        return tuple(cells)

    def grade_cell(self, grade_id: str) -> GradeCell | None:
        """The graded cell with ``grade_id``, or None when the declarations have none."""
        return next((c for c in self.grade_cells if c.grade_id == grade_id), None)

    def new_models(self) -> dict[str, ExerciseModel]:
        return {e.name: e.make() for e in self.exercises}


# Every session ends with the same closing feedback: saved, not graded, one set of texts.
CLOSING_FEEDBACK = "closing_feedback"
CLOSING_PROMPTS = ("worked", "didnt", "change", "surprised")


def closing_feedback(example: Mapping[str, str]) -> Exercise[Reflections]:
    """The closing feedback, with the session's worked example."""
    return Exercise(CLOSING_FEEDBACK, Reflections, {"prompts": CLOSING_PROMPTS}, ungraded=True,
                    example={"answers": dict(example)})


# Where a session has work worth showing to the cohort, its hand-in part asks what to share: saved with
# the answers, never graded, and private until the participant picks otherwise. ``workbooks gallery``
# knows how to show each output (workbooks/facilitator/gallery.py).
SHARING = "sharing"


def sharing(*outputs: str) -> Exercise[Sharing]:
    """The choice of which of ``outputs`` the cohort gallery may show. Its example (for tests; participants
    never see it) shares everything, under a name."""
    example = {"answers": dict.fromkeys(outputs, SHARE) | {CREDIT: NAMED, NAME: "Sam, data stewards network"}}
    return Exercise(SHARING, Sharing, {"outputs": outputs}, ungraded=True, example=example)
