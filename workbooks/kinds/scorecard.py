"""A scorecard: for each item of a fixed set, a score on a short scale and notes beside it.

Session 5's self-audit scores the community against seven principles, each with
its evidence and one next step. The openness scales (``Openness``) are a
scorecard whose scores are positions between two ends, drawn on a grid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import MAX_TEXT, AnswerError, bad_exercise
from ..static import Table, paragraph, table_html, text_table

WHOLE = re.compile(r"\s*[0-9]{1,3}\s*")  # a score as its drop-down list (or a kept draft) sends it


@dataclass
class Scorecard:
    """A score for each item, from 1 to the number of ``levels`` (named steps such as "in place"), with a
    text per note column; unscored items stay out."""

    exercise: str
    items: tuple[str, ...]
    notes: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    scores: dict[str, int] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    kind: ClassVar[str] = "scorecard"
    low: ClassVar[int] = 1

    @property
    def high(self) -> int:
        return len(self.levels)

    def label(self, item: str) -> str:
        return messages.text(f"{self.exercise}.item.{item}")

    def item_column(self) -> str:
        return messages.text(f"{self.exercise}.item_column")

    def score_column(self) -> str:
        return messages.text(f"{self.exercise}.score_column")

    def note_label(self, note: str) -> str:
        return messages.text(f"{self.exercise}.note.{note}")

    def row_label(self, item: str) -> str:
        """The row's heading in the table the participant fills in."""
        return self.label(item)

    def choice_label(self, score: int) -> str:
        """The words for ``score`` in every row's drop-down list, such as "3: in place"."""
        level = messages.text(f"{self.exercise}.level.{self.levels[score - self.low]}")
        return messages.text("scorecard.level", score=score, step=level)

    def score_label(self, item: str, score: int) -> str:
        """The words for ``item``'s ``score`` in the tables and the chart."""
        return self.choice_label(score)

    def set_score(self, item: str, score: object) -> None:
        """Set ``item``'s score from a whole number or its text; ``None`` or an empty text clears it."""
        if item not in self.items:
            raise bad_exercise(self.exercise)
        if score is None or (isinstance(score, str) and not score.strip()):
            self.scores.pop(item, None)
            return
        if isinstance(score, str) and WHOLE.fullmatch(score):
            score = int(score)
        if isinstance(score, bool) or not isinstance(score, int):
            raise AnswerError("error.not_number", field=self.label(item))
        if not self.low <= score <= self.high:
            raise AnswerError("error.out_of_range", field=self.label(item), low=self.low, high=self.high)
        self.scores[item] = score

    def set_note(self, item: str, note: str, value: object) -> None:
        if item not in self.items or note not in self.notes:
            raise bad_exercise(self.exercise)
        label = f"{self.label(item)}: {self.note_label(note)}"
        if not isinstance(value, str):
            raise AnswerError("error.not_text", field=label)
        if len(value) > MAX_TEXT:
            raise AnswerError("error.too_long", field=label, limit=MAX_TEXT)
        self.texts.setdefault(item, {})[note] = value

    def note(self, item: str, note: str) -> str:
        return self.texts.get(item, {}).get(note, "").strip()

    def to_dict(self) -> dict[str, Any]:
        records: dict[str, dict[str, Any]] = {}
        for item in self.items:
            record: dict[str, Any] = {"score": self.scores[item]} if item in self.scores else {}
            record.update({n: self.texts[item][n] for n in self.notes if self.texts.get(item, {}).get(n)})
            if record:
                records[item] = record
        return {"records": records}

    def load(self, data: Mapping[str, Any]) -> None:
        records = data.get("records")
        if not isinstance(records, Mapping):
            raise bad_exercise(self.exercise)
        self.scores, self.texts = {}, {}
        for item, record in records.items():
            if not isinstance(record, Mapping):
                raise bad_exercise(self.exercise)
            for name, value in record.items():
                if name == "score":
                    self.set_score(item, value)
                else:
                    self.set_note(item, name, value)

    def is_empty(self) -> bool:
        return not self.scores and not any(v.strip() for notes in self.texts.values() for v in notes.values())

    def missing(self, item: str, notes: tuple[str, ...]) -> list[str]:
        """What ``item`` still lacks for the check: its score and any of ``notes`` left empty, in words."""
        lacking = [] if item in self.scores else [self.score_column()]
        return lacking + [self.note_label(n) for n in notes if not self.note(item, n)]

    def summary(self) -> str:
        """The scores in a sentence: the strongest and the weakest items."""
        if not self.scores:
            return messages.text("scorecard.summary_empty")
        top, low = max(self.scores.values()), min(self.scores.values())
        return messages.text(
            "scorecard.summary", scored=len(self.scores), total=len(self.items),
            strongest=", ".join(self.label(i) for i in self.items if self.scores.get(i) == top),
            weakest=", ".join(self.label(i) for i in self.items if self.scores.get(i) == low))


def every_item_scored(notes: tuple[str, ...] = ()) -> Callable[[Scorecard], CheckResult]:
    """Every item has a score, and a text in each of ``notes``."""
    def check(model: Scorecard) -> CheckResult:
        gaps = [f"{model.label(i)} ({', '.join(lacking)})"
                for i in model.items if (lacking := model.missing(i, notes))]
        if gaps:
            return verdict(False, "check.scorecard.hint", missing="; ".join(gaps))
        return verdict(True, "check.scorecard.pass", count=len(model.items))
    return check


def scorecard_table(model: Scorecard, *, notes: bool = True) -> Table:
    """The scores, and the notes unless ``notes`` is false (beside a chart, whose table above has them)."""
    not_scored = messages.text("scorecard.not_scored")
    return text_table([
        {model.item_column(): model.label(i),
         model.score_column(): model.score_label(i, model.scores[i]) if i in model.scores else not_scored,
         **({model.note_label(n): model.note(i, n) for n in model.notes} if notes else {})}
        for i in model.items])


def scorecard_html(model: Scorecard) -> str:
    return paragraph(model.summary()) + table_html(scorecard_table(model), messages.text(f"{model.exercise}.title"))


# ---------------------------------------------------------------- openness scales

# The four closed-to-open scales of The Alan Turing Institute's open research community templates; the
# subject scale runs from general to domain-specific, the vertical axis of the grid.
OPENNESS_SCALES = ("subject", "infrastructure", "participants", "outcomes")
SUBJECT = "subject"
# Where a project stands between a scale's two ends, from the first (1) to the second (5).
OPENNESS_LEVELS = ("first_end", "nearer_first", "middle", "nearer_second", "second_end")
MIDDLE = (1 + len(OPENNESS_LEVELS)) / 2


@dataclass
class Openness(Scorecard):
    """Where a project stands on each scale, from one end (1) to the other (5), with a note on why.

    On the grid, across is how open it is (the mean of the scales other than the subject) and up is how
    domain-specific its subject is."""

    items: tuple[str, ...] = OPENNESS_SCALES
    notes: tuple[str, ...] = ("why",)
    levels: tuple[str, ...] = OPENNESS_LEVELS
    kind: ClassVar[str] = "openness"

    def end(self, item: str, which: str) -> str:
        return messages.text(f"openness.end.{item}.{which}")

    def row_label(self, item: str) -> str:
        return messages.text("openness.row", scale=self.label(item), low=self.end(item, "low"),
                             high=self.end(item, "high"))

    def choice_label(self, score: int) -> str:
        level = messages.text(f"openness.level.{self.levels[score - self.low]}")
        return messages.text("scorecard.level", score=score, step=level)

    def score_label(self, item: str, score: int) -> str:
        if score == self.low:
            return messages.text("openness.at_end", score=score, end=self.end(item, "low"))
        if score == self.high:
            return messages.text("openness.at_end", score=score, end=self.end(item, "high"))
        if score == MIDDLE:
            return messages.text("openness.middle", score=score)
        nearer = "low" if score < MIDDLE else "high"
        return messages.text("openness.towards", score=score, end=self.end(item, nearer))

    def position(self) -> tuple[float, float] | None:
        """(openness, subject) on the grid; None until every scale has a place."""
        if any(i not in self.scores for i in self.items):
            return None
        across = [self.scores[i] for i in self.items if i != SUBJECT]
        return sum(across) / len(across), float(self.scores[SUBJECT])

    def quarter(self) -> str:
        """The grid's quarter in words, such as "open and domain-specific"; "" before every scale is placed."""
        where = self.position()
        if where is None:
            return ""
        def side(value: float, low: str, high: str) -> str:
            if value == MIDDLE:
                return messages.text("openness.between", low=messages.text(low), high=messages.text(high))
            return messages.text(low if value < MIDDLE else high)
        return messages.text("openness.quarter", across=side(where[0], "openness.closed", "openness.open"),
                             up=side(where[1], "openness.general", "openness.domain"))

    def summary(self) -> str:
        where = self.position()
        if where is None:
            return messages.text("openness.summary_empty", placed=len(self.scores), total=len(self.items))
        return messages.text("openness.summary", across=f"{where[0]:.1f}".rstrip("0").rstrip("."),
                             up=f"{where[1]:.0f}", high=self.high, quarter=self.quarter())
