"""Ratings: a self-rating from 0 to 5 for each item of a fixed set, such as skill families."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import AnswerError, bad_exercise
from ..static import Table, exercise_title, paragraph, table_html, text_table

RATING_MIN, RATING_MAX = 0, 5


@dataclass
class Ratings:
    """A self-rating from 0 to 5 for each of a fixed set of items; unrated items are left out."""

    exercise: str
    items: tuple[str, ...]
    scores: dict[str, int] = field(default_factory=dict)
    kind: ClassVar[str] = "ratings"

    def label(self, item: str) -> str:
        return messages.text(f"{self.exercise}.item.{item}")

    def rate(self, item: str, score: object) -> None:
        """Set ``item``'s score; ``None`` clears it."""
        if item not in self.items:
            raise bad_exercise(self.exercise)
        if score is None:
            self.scores.pop(item, None)
            return
        if isinstance(score, bool) or not isinstance(score, (int, float)) or (
                isinstance(score, float) and not score.is_integer()):
            raise AnswerError("error.not_number", field=self.label(item))
        if not RATING_MIN <= score <= RATING_MAX:
            raise AnswerError("error.out_of_range", field=self.label(item), low=RATING_MIN, high=RATING_MAX)
        self.scores[item] = int(score)

    def unrated(self) -> list[str]:
        return [i for i in self.items if i not in self.scores]

    def to_dict(self) -> dict[str, Any]:
        return {"scores": {i: self.scores[i] for i in self.items if i in self.scores}}

    def load(self, data: Mapping[str, Any]) -> None:
        scores = data.get("scores")
        if not isinstance(scores, Mapping):
            raise bad_exercise(self.exercise)
        self.scores = {}
        for item, score in scores.items():
            self.rate(item, score)

    def is_empty(self) -> bool:
        return not self.scores


def all_rated() -> Callable[[Ratings], CheckResult]:
    def check(model: Ratings) -> CheckResult:
        unrated = [model.label(i) for i in model.unrated()]
        if unrated:
            return verdict(False, "check.ratings.hint", missing="; ".join(unrated))
        return verdict(True, "check.ratings.pass", count=len(model.items))
    return check


def ratings_table(model: Ratings) -> Table:
    not_rated = messages.text("ratings.not_rated")
    return text_table([{messages.text("ratings.item"): model.label(i),
                          messages.text("ratings.rating"): model.scores.get(i, not_rated)}
                         for i in model.items])


def ratings_summary(model: Ratings) -> str:
    if not model.scores:
        return messages.text("ratings.summary_empty")
    top, low = max(model.scores.values()), min(model.scores.values())
    return messages.text(
        "ratings.summary", rated=len(model.scores), total=len(model.items),
        strongest=", ".join(model.label(i) for i in model.items if model.scores.get(i) == top),
        weakest=", ".join(model.label(i) for i in model.items if model.scores.get(i) == low))


def ratings_html(model: Ratings) -> str:
    return paragraph(ratings_summary(model)) + table_html(ratings_table(model), exercise_title(model))
