"""Plain data models for the exercises, with their validation. No widgets here.

Every model turns into JSON-ready data with ``to_dict`` and back with
``from_dict``; problems a participant can fix raise :class:`AnswerError`, whose
message comes from the messages table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Protocol

from . import messages

MAX_TEXT = 4000
SCALE_MIN, SCALE_MAX = 0, 10
SCALE_MIDPOINT = 5


class AnswerError(ValueError):
    """A problem with an answer that the participant can fix."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(messages.text(key, **params))


def clean_text(value: object, label: str, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise AnswerError("error.not_text", field=label)
    value = value.strip()
    if required and not value:
        raise AnswerError("error.empty", field=label)
    if len(value) > MAX_TEXT:
        raise AnswerError("error.too_long", field=label, limit=MAX_TEXT)
    return value


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


class ExerciseModel(Protocol):
    """What every exercise model has; its ``kind`` names it in ``workbooks.kinds``."""

    exercise: str
    kind: ClassVar[str]

    def to_dict(self) -> dict[str, Any]: ...

    def load(self, data: Mapping[str, Any]) -> None: ...

    def is_empty(self) -> bool: ...


def bad_exercise(exercise: str) -> AnswerError:
    """The answers of ``exercise`` do not have the shape its kind saves."""
    return AnswerError("error.bad_exercise", exercise=messages.text(f"{exercise}.title"))


# ---------------------------------------------------------------- tables

@dataclass
class TableModel:
    """Rows of short texts, such as projects with their purpose and outcomes."""

    exercise: str
    columns: tuple[str, ...]
    key: str
    rows: list[dict[str, str]] = field(default_factory=list)
    link_columns: tuple[str, ...] = ()
    kind: ClassVar[str] = "table"

    def label(self, column: str) -> str:
        return messages.text(f"{self.exercise}.column.{column}")

    def _clean_cell(self, column: str, value: object) -> str:
        text = clean_text(value, self.label(column))
        if column in self.link_columns and not LINK.match(text):
            raise AnswerError("error.bad_link", field=self.label(column))
        return text

    def _clean(self, values: Mapping[str, object], replacing: int | None = None) -> dict[str, str]:
        row = {c: self._clean_cell(c, values.get(c, "")) for c in self.columns}
        for i, other in enumerate(self.rows):
            if i != replacing and _same(other[self.key], row[self.key]):
                raise AnswerError("error.duplicate", field=self.label(self.key), value=row[self.key])
        return row

    def add_row(self, values: Mapping[str, object]) -> None:
        self.rows.append(self._clean(values))

    def update_row(self, index: int, values: Mapping[str, object]) -> None:
        self._index(index)
        self.rows[index] = self._clean(values, replacing=index)

    def remove_row(self, index: int) -> None:
        self._index(index)
        del self.rows[index]

    def _index(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            raise AnswerError("error.no_row_selected")

    def to_dict(self) -> dict[str, Any]:
        return {"rows": [dict(r) for r in self.rows]}

    def load(self, data: Mapping[str, Any]) -> None:
        rows = data.get("rows")
        if not isinstance(rows, list):
            raise bad_exercise(self.exercise)
        self.rows = []
        for row in rows:
            if not isinstance(row, Mapping):
                raise bad_exercise(self.exercise)
            self.add_row(row)

    def is_empty(self) -> bool:
        return not self.rows


LINK = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)
DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def clean_date(value: object, label: str) -> str:
    """A year (2019), a month (2019-05) or a day (2019-05-14)."""
    text = clean_text(value, label)
    match = DATE.match(text)
    if not match:
        raise AnswerError("error.bad_date", field=label)
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        raise AnswerError("error.bad_date", field=label) from None
    return text


@dataclass
class Timeline(TableModel):
    """Rows with a date, such as events in a community's story or roadmap milestones."""

    date_column: str = "date"
    kind: ClassVar[str] = "timeline"

    def _clean_cell(self, column: str, value: object) -> str:
        if column == self.date_column:
            return clean_date(value, self.label(column))
        return super()._clean_cell(column, value)

    def in_order(self) -> list[dict[str, str]]:
        """The rows sorted by date (a bare year sorts before its months)."""
        return sorted(self.rows, key=lambda r: r[self.date_column])


# ---------------------------------------------------------------- power/interest map

QUADRANTS = ("manage_closely", "keep_satisfied", "inform_regularly", "monitor")


def quadrant(power: int, interest: int) -> str:
    """The quadrant of a power/interest grid; the midpoint counts as high."""
    high_power = power >= SCALE_MIDPOINT
    high_interest = interest >= SCALE_MIDPOINT
    if high_power:
        return "manage_closely" if high_interest else "keep_satisfied"
    return "inform_regularly" if high_interest else "monitor"


def _scale(value: object, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AnswerError("error.not_number", field=label)
    if isinstance(value, float) and not value.is_integer():  # 5.5, and NaN or infinity from JSON
        raise AnswerError("error.not_number", field=label)
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise AnswerError("error.out_of_range", field=label, low=SCALE_MIN, high=SCALE_MAX)
    return int(value)


@dataclass(frozen=True)
class Placement:
    name: str
    power: int
    interest: int

    @property
    def quadrant(self) -> str:
        return quadrant(self.power, self.interest)


@dataclass
class PowerInterestMap:
    """Stakeholders placed by power (influence) and interest, each from 0 to 10."""

    exercise: str
    placements: list[Placement] = field(default_factory=list)
    kind: ClassVar[str] = "power_interest_map"

    def place(self, name: object, power: object, interest: object) -> bool:
        """Add a stakeholder, or move one already on the map. True when moved."""
        clean = Placement(
            clean_text(name, messages.text("map.name")),
            _scale(power, messages.text("map.power")),
            _scale(interest, messages.text("map.interest")),
        )
        for i, existing in enumerate(self.placements):
            if _same(existing.name, clean.name):
                self.placements[i] = clean
                return True
        self.placements.append(clean)
        return False

    def remove(self, name: str) -> None:
        for i, existing in enumerate(self.placements):
            if _same(existing.name, name):
                del self.placements[i]
                return
        raise AnswerError("error.not_on_map", name=name)

    def to_dict(self) -> dict[str, Any]:
        return {"stakeholders": [
            {"name": p.name, "power": p.power, "interest": p.interest} for p in self.placements
        ]}

    def load(self, data: Mapping[str, Any]) -> None:
        entries = data.get("stakeholders")
        if not isinstance(entries, list):
            raise bad_exercise(self.exercise)
        self.placements = []
        for entry in entries:
            if not isinstance(entry, Mapping):
                raise bad_exercise(self.exercise)
            if self.place(entry.get("name"), entry.get("power"), entry.get("interest")):
                raise AnswerError("error.duplicate", field=messages.text("map.name"), value=entry.get("name"))

    def is_empty(self) -> bool:
        return not self.placements


# ---------------------------------------------------------------- checklists

LINE_SPLIT = re.compile(r"[\r\n]+")


@dataclass
class Checklist:
    """Named sections, each a list of short items (one per line when typed)."""

    exercise: str
    sections: tuple[str, ...]
    items: dict[str, list[str]] = field(default_factory=dict)
    kind: ClassVar[str] = "checklist"

    def label(self, section: str) -> str:
        return messages.text(f"{self.exercise}.section.{section}")

    def set_text(self, section: str, typed: object) -> list[str]:
        """Store the lines typed for ``section``; returns the repeated lines dropped."""
        if section not in self.sections:
            raise bad_exercise(self.exercise)
        if not isinstance(typed, str):
            raise AnswerError("error.not_text", field=self.label(section))
        kept: list[str] = []
        repeated: list[str] = []
        for line in LINE_SPLIT.split(typed):
            item = clean_text(line, self.label(section), required=False)
            if not item:
                continue
            if any(_same(item, k) for k in kept):
                repeated.append(item)
            else:
                kept.append(item)
        self.items[section] = kept
        return repeated

    def text_of(self, section: str) -> str:
        return "\n".join(self.items.get(section, []))

    def filled(self, sections: tuple[str, ...] | None = None) -> list[str]:
        return [s for s in (sections or self.sections) if self.items.get(s)]

    def to_dict(self) -> dict[str, Any]:
        return {"items": {s: list(self.items.get(s, [])) for s in self.sections}}

    def load(self, data: Mapping[str, Any]) -> None:
        items = data.get("items")
        if not isinstance(items, Mapping):
            raise bad_exercise(self.exercise)
        self.items = {}
        for section, values in items.items():
            if section not in self.sections or not isinstance(values, list):
                raise bad_exercise(self.exercise)
            if not all(isinstance(v, str) for v in values):
                raise bad_exercise(self.exercise)
            self.set_text(section, "\n".join(values))

    def is_empty(self) -> bool:
        return not self.filled()


# ---------------------------------------------------------------- reflections

WORD = re.compile(r"\w+")


def word_count(value: str) -> int:
    return len(WORD.findall(value))


@dataclass
class Reflections:
    """Free-text answers to reflection prompts, graded by hand."""

    exercise: str
    prompts: tuple[str, ...]
    answers: dict[str, str] = field(default_factory=dict)
    kind: ClassVar[str] = "reflections"

    def label(self, prompt: str) -> str:
        return messages.text(f"{self.exercise}.prompt.{prompt}")

    def set_answer(self, prompt: str, value: object) -> None:
        if prompt not in self.prompts:
            raise bad_exercise(self.exercise)
        if not isinstance(value, str):
            raise AnswerError("error.not_text", field=self.label(prompt))
        if len(value) > MAX_TEXT:
            raise AnswerError("error.too_long", field=self.label(prompt), limit=MAX_TEXT)
        self.answers[prompt] = value

    def answer(self, prompt: str) -> str:
        return self.answers.get(prompt, "").strip()

    def to_dict(self) -> dict[str, Any]:
        return {"answers": {p: self.answers.get(p, "") for p in self.prompts}}

    def load(self, data: Mapping[str, Any]) -> None:
        answers = data.get("answers")
        if not isinstance(answers, Mapping):
            raise bad_exercise(self.exercise)
        self.answers = {}
        for prompt, value in answers.items():
            self.set_answer(prompt, value)

    def is_empty(self) -> bool:
        return not any(self.answer(p) for p in self.prompts)


class Form(Reflections):
    """Answers to a fixed set of prompts, checked automatically (reflections are graded by hand)."""

    kind: ClassVar[str] = "form"

    def statement(self) -> str:
        """The answers joined into one paragraph, each ending as a sentence."""
        parts = []
        for prompt in self.prompts:
            answer = " ".join(self.answer(prompt).split())
            if answer:
                answer = answer[0].upper() + answer[1:]
                ended = answer.rstrip(")]\"'”’")[-1:] in (".", "!", "?")
                parts.append(answer if ended else answer + ".")
        return " ".join(parts)


# ---------------------------------------------------------------- ratings

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


# ---------------------------------------------------------------- choices

@dataclass
class Choice:
    """Pick ``count`` different options from a fixed list, one per slot."""

    exercise: str
    options: tuple[str, ...]
    count: int
    slots: list[str] = field(default_factory=list)
    kind: ClassVar[str] = "choice"

    def __post_init__(self) -> None:
        self.slots = (list(self.slots) + [""] * self.count)[:self.count]

    def label(self, option: str) -> str:
        return messages.text(f"{self.exercise}.option.{option}")

    def slot_label(self, slot: int) -> str:
        return messages.text("choice.slot", number=slot + 1)

    def choose(self, slot: int, option: object) -> None:
        """Put ``option`` in ``slot`` ("" empties it). A repeat is refused with a friendly message."""
        if not isinstance(slot, int) or not 0 <= slot < self.count:
            raise bad_exercise(self.exercise)
        if option in ("", None):
            self.slots[slot] = ""
            return
        if option not in self.options:
            raise AnswerError("error.unknown_option", field=self.slot_label(slot))
        for other, taken in enumerate(self.slots):
            if other != slot and taken == option:
                raise AnswerError("error.chosen_twice", value=self.label(option), slot=self.slot_label(other))
        self.slots[slot] = option

    def chosen(self) -> list[str]:
        return [o for o in self.slots if o]

    def to_dict(self) -> dict[str, Any]:
        return {"chosen": list(self.slots)}

    def load(self, data: Mapping[str, Any]) -> None:
        chosen = data.get("chosen")
        if not isinstance(chosen, list) or len(chosen) > self.count:
            raise bad_exercise(self.exercise)
        self.slots = [""] * self.count
        for slot, option in enumerate(chosen):
            self.choose(slot, option)

    def is_empty(self) -> bool:
        return not self.chosen()


# ---------------------------------------------------------------- participant

PARTICIPANT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def clean_participant_id(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AnswerError("error.no_participant_id")
    value = value.strip()
    if not PARTICIPANT_ID.match(value):
        raise AnswerError("error.bad_participant_id", value=value)
    return value
