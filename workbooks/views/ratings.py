"""Self-ratings: a drop-down list per item, a radar chart, and its text alternative."""

from __future__ import annotations

import re

import ipywidgets as widgets

from .. import messages
from ..kinds.ratings import RATING_MAX, RATING_MIN, Ratings, ratings_summary, ratings_table
from ..models import AnswerError
from ..static import OKABE_ITO, paragraph, table_html
from .base import SheetView
from .chart import chart, chart_with_text
from .host import Host
from .sheet import Rows, Sheet, field


def score_options() -> list[tuple[str, int | None]]:
    """The choices, "not rated yet" first: a default is never taken for a rating."""
    def name(score: int) -> str:
        if score == RATING_MIN:
            return messages.text("ratings.score_low")
        if score == RATING_MAX:
            return messages.text("ratings.score_high")
        return messages.text("ratings.score", score=score)
    return [(messages.text("ratings.not_rated"), None)] + [
        (name(s), s) for s in range(RATING_MIN, RATING_MAX + 1)]


def radar(model: Ratings) -> dict:
    """The scores around a circle; an unrated item sits at 0 (the table says "not rated")."""
    not_rated = messages.text("ratings.not_rated")
    return {
        "type": "scatterpolar", "fill": "toself", "mode": "lines+markers",
        "r": [model.scores.get(i, 0) for i in model.items],
        "theta": [model.label(i) for i in model.items],
        "customdata": [model.scores.get(i, not_rated) for i in model.items],
        "hovertemplate": "%{theta}: %{customdata}<extra></extra>",
        "line": {"color": OKABE_ITO[0]}, "fillcolor": "rgba(0, 114, 178, 0.25)",
        "marker": {"size": 8, "color": OKABE_ITO[0]},
    }


def radar_layout() -> dict:
    return {
        "title": {"text": messages.text("ratings.chart_title")},
        "polar": {"radialaxis": {"range": [RATING_MIN, RATING_MAX], "dtick": 1}},
        "showlegend": False, "height": 420,
        "margin": {"l": 90, "r": 90, "t": 60, "b": 40},
    }


WHOLE = re.compile(r"[0-9]{1,3}")  # a score as its drop-down list sends it; anything else is refused in words


class RatingsView(SheetView[Ratings]):
    """A drop-down list per item (a ``Sheet`` laid out as a form), and the radar chart with its text."""

    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        options = [("" if score is None else str(score), name) for name, score in score_options()]
        self.figure = chart([radar(model)], radar_layout())
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.show(Sheet([field(item, model.label(item), options=options) for item in model.items],
                        layout="form", rows=self.rows(), storage_key=workbook.browser_key(exercise)),
                  chart_with_text(self.figure, self.summary, self.table))

    def take(self, rows: Rows) -> dict[str, str]:
        problems: dict[str, str] = {}
        for item in self.model.items:
            picked = rows[0].get(item, "")
            try:
                self.model.rate(item, None if picked == "" else int(picked) if WHOLE.fullmatch(picked) else picked)
            except AnswerError as problem:
                problems[f"0:{item}"] = str(problem)
        return problems

    def rows(self) -> Rows:
        return [{item: str(self.model.scores[item]) if item in self.model.scores else ""
                 for item in self.model.items}]

    def changed(self) -> None:
        model = self.model
        fresh = radar(model)
        with self.figure.batch_update():
            trace = self.figure.data[0]
            trace.r, trace.theta, trace.customdata = fresh["r"], fresh["theta"], fresh["customdata"]
        self.summary.value = paragraph(ratings_summary(model))
        self.table.value = table_html(ratings_table(model), messages.text(f"{self.exercise}.title"))
