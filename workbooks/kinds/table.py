"""Tables of short texts, one row per thing (projects, stakeholders, personas), with the enough-rows check."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import MAX_TEXT, AnswerError, bad_exercise, text_key
from ..static import Table, exercise_title, table_html, text_table


@dataclass
class TableModel:
    """Rows of short texts, such as projects with their purpose and outcomes.

    The rows are kept as the participant typed them (trimmed), unfinished or not,
    so nothing typed is ever lost; only rows with nothing in them are dropped.
    What a row still lacks, or gets wrong, is said beside its cell
    (``cell_problems``), and only complete rows count towards the check.
    """

    exercise: str
    columns: tuple[str, ...]
    key: str
    rows: list[dict[str, str]] = field(default_factory=list)
    link_columns: tuple[str, ...] = ()
    kind: ClassVar[str] = "table"

    def label(self, column: str) -> str:
        return messages.text(f"{self.exercise}.column.{column}")

    def one_line(self, column: str) -> bool:
        """Names, links and dates fit on one line; the other columns take a sentence or more."""
        return column == self.key or column in self.link_columns

    def check_cell(self, column: str, text: str) -> None:
        """Raises AnswerError when a filled-in cell is not what its column takes (a link; a timeline's date)."""
        if column in self.link_columns and not LINK.match(text):
            raise AnswerError("error.bad_link", field=self.label(column))

    def set_rows(self, rows: Sequence[Mapping[str, object]]) -> dict[str, str]:
        """Take the table as it is on screen; returns the problems to show beside cells ("row:column",
        counting the rows on screen, blank ones too)."""
        typed = [self._typed_row(values) for values in rows]
        self.rows = self.shown_rows(typed)
        return self.cell_problems(typed)

    def shown_rows(self, rows: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
        """The rows ``set_rows`` would keep from ``rows``."""
        return [row for row in map(self._typed_row, rows) if any(row.values())]

    def _typed_row(self, values: Mapping[str, object]) -> dict[str, str]:
        # Text only; over-long text is cut at the limit, and cell_problems says so.
        return {c: v.strip()[:MAX_TEXT + 1] if isinstance(v := values.get(c, ""), str) else "" for c in self.columns}

    def cell_problems(self, rows: Sequence[Mapping[str, str]] | None = None) -> dict[str, str]:
        """What is wrong with filled-in cells: a repeated key, a bad link or date, text over the limit.
        One pass over the rows, the keys seen so far kept by look-up."""
        problems: dict[str, str] = {}
        first_row: dict[str, int] = {}
        for r, row in enumerate(self.rows if rows is None else rows):
            for column in self.columns:
                text = row.get(column, "")
                if not text:
                    continue
                try:
                    if len(text) > MAX_TEXT:
                        raise AnswerError("error.too_long", field=self.label(column), limit=MAX_TEXT)
                    self.check_cell(column, text)
                except AnswerError as problem:
                    problems[f"{r}:{column}"] = str(problem)
            key = text_key(row.get(self.key, ""))
            if key and key in first_row:
                problems.setdefault(f"{r}:{self.key}", messages.text(
                    "error.duplicate_row", field=self.label(self.key), row=first_row[key] + 1))
            elif key:
                first_row[key] = r
        return problems

    def complete_rows(self) -> list[dict[str, str]]:
        """The rows that count: every cell filled in, none with a problem, and the first of each key."""
        problems = {where.split(":")[0] for where in self.cell_problems()}
        return [row for r, row in enumerate(self.rows)
                if str(r) not in problems and all(row.get(c) for c in self.columns)]

    def to_dict(self) -> dict[str, Any]:
        return {"rows": [dict(r) for r in self.rows]}

    def load(self, data: Mapping[str, Any]) -> None:
        rows = data.get("rows")
        if not isinstance(rows, list) or not all(
                isinstance(values, Mapping) and all(isinstance(values.get(c, ""), str) for c in self.columns)
                for values in rows):
            raise bad_exercise(self.exercise)
        self.set_rows(rows)

    def is_empty(self) -> bool:
        return not self.rows


LINK = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)


def enough_rows(minimum: int) -> Callable[[TableModel], CheckResult]:
    def check(model: TableModel) -> CheckResult:
        complete = model.complete_rows()
        if len(complete) >= minimum:
            return verdict(True, f"{model.exercise}.check.pass", count=len(complete))
        return verdict(False, f"{model.exercise}.check.hint", minimum=minimum, count=len(complete))
    return check


def rows_table(model: TableModel) -> Table:
    return text_table(model.rows, columns=list(model.columns)).rename(columns=model.label)


def rows_html(model: TableModel) -> str:
    return table_html(rows_table(model), exercise_title(model))
