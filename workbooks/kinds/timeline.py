"""Timelines: table rows with a date, such as events in a community's story or roadmap milestones."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from .. import messages
from ..models import AnswerError, clean_text
from ..static import data_frame, exercise_title, paragraph, table_html
from .table import TableModel

if TYPE_CHECKING:
    from pandas import DataFrame

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


def timeline_frame(model: Timeline) -> DataFrame:
    return data_frame(model.in_order(), columns=list(model.columns)).rename(columns=model.label)


def timeline_summary(model: Timeline) -> str:
    rows = model.in_order()
    if not rows:
        return messages.text("timeline.empty")
    return messages.text("timeline.summary", count=len(rows), first=rows[0][model.date_column],
                         last=rows[-1][model.date_column])


def timeline_html(model: Timeline) -> str:
    return paragraph(timeline_summary(model)) + table_html(timeline_frame(model), exercise_title(model))
