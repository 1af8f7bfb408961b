"""Timelines: table rows with a date, such as events in a community's story or roadmap milestones."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from .. import messages
from ..models import AnswerError, clean_text, text_key
from ..static import Table, exercise_title, paragraph, table_html, text_table
from .table import TableModel

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

    def one_line(self, column: str) -> bool:
        return column == self.date_column or super().one_line(column)

    def check_cell(self, column: str, text: str) -> None:
        if column == self.date_column:
            clean_date(text, self.label(column))
        super().check_cell(column, text)

    def _dated(self, row: dict[str, str]) -> bool:
        try:
            clean_date(row.get(self.date_column, ""), "")
        except AnswerError:
            return False
        return True

    def placed(self) -> list[dict[str, str]]:
        """The rows a chart can place (a valid date and a name, the first row of each name), in date order;
        a bare year sorts before its months."""
        seen: set[str] = set()
        rows = []
        for row in self.rows:
            key = text_key(row.get(self.key, ""))
            if key and key not in seen and self._dated(row):
                rows.append(row)
            seen.add(key)
        return sorted(rows, key=lambda r: r[self.date_column])

    def in_order(self) -> list[dict[str, str]]:
        """Every row: the placed ones in date order, then the others as typed."""
        placed = self.placed()
        return placed + [r for r in self.rows if not any(r is p for p in placed)]


def timeline_table(model: Timeline) -> Table:
    return text_table(model.in_order(), columns=list(model.columns)).rename(columns=model.label)


def timeline_summary(model: Timeline) -> str:
    rows = model.placed()
    if not rows:
        return messages.text("timeline.empty")
    return messages.text("timeline.summary", count=len(rows), first=rows[0][model.date_column],
                         last=rows[-1][model.date_column])


def timeline_html(model: Timeline) -> str:
    return paragraph(timeline_summary(model)) + table_html(timeline_table(model), exercise_title(model))
