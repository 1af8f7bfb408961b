"""Tables of short texts, one row per thing (projects, stakeholders, personas), with the enough-rows check."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import AnswerError, bad_exercise, clean_text, text_key
from ..static import data_frame, exercise_title, table_html

if TYPE_CHECKING:
    from pandas import DataFrame


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

    def _clean_cells(self, values: Mapping[str, object]) -> dict[str, str]:
        return {c: self._clean_cell(c, values.get(c, "")) for c in self.columns}

    def _duplicate(self, row: dict[str, str]) -> AnswerError:
        return AnswerError("error.duplicate", field=self.label(self.key), value=row[self.key])

    def _clean(self, values: Mapping[str, object], replacing: int | None = None) -> dict[str, str]:
        """One row, checked against every other: one pass over the rows per edit."""
        row = self._clean_cells(values)
        key = text_key(row[self.key])
        for i, other in enumerate(self.rows):
            if i != replacing and text_key(other[self.key]) == key:
                raise self._duplicate(row)
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
        # The keys seen so far: a repeat is found by look-up, so a long table loads in linear time
        # (as add_row would, row by row: the first of two rows with one key stays, the second is refused).
        keys: set[str] = set()
        for values in rows:
            if not isinstance(values, Mapping):
                raise bad_exercise(self.exercise)
            row = self._clean_cells(values)
            key = text_key(row[self.key])
            if key in keys:
                raise self._duplicate(row)
            keys.add(key)
            self.rows.append(row)

    def is_empty(self) -> bool:
        return not self.rows


LINK = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)


def enough_rows(minimum: int) -> Callable[[TableModel], CheckResult]:
    def check(model: TableModel) -> CheckResult:
        complete = [r for r in model.rows if all(r.get(c, "").strip() for c in model.columns)]
        if len(complete) >= minimum:
            return verdict(True, f"{model.exercise}.check.pass", count=len(complete))
        return verdict(False, f"{model.exercise}.check.hint", minimum=minimum, count=len(complete))
    return check


def rows_frame(model: TableModel) -> DataFrame:
    return data_frame(model.rows, columns=list(model.columns)).rename(columns=model.label)


def rows_html(model: TableModel) -> str:
    return table_html(rows_frame(model), exercise_title(model))
