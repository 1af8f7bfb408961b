"""Self-ratings: one dropdown per item, a radar chart, and its text alternative."""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from ..kinds.ratings import RATING_MAX, RATING_MIN, Ratings, ratings_frame, ratings_summary
from ..static import OKABE_ITO, paragraph, table_html
from .base import ExerciseView
from .chart import chart, chart_with_text
from .common import LABEL_STYLE
from .host import Host


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


class RatingsView(ExerciseView[Ratings]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        self.choices: dict[str, widgets.Dropdown] = {}
        for item in self.model.items:
            label = self.model.label(item)
            choice = widgets.Dropdown(options=score_options(), description=label, tooltip=label,
                                      style=LABEL_STYLE, layout=widgets.Layout(width="min(100%, 28em)"))
            choice.observe(lambda change, i=item: self._picked(i, change["new"]), names="value")
            self.choices[item] = choice
        self.figure = chart([radar(self.model)], radar_layout())
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.widget = self.frame(
            *self.choices.values(),
            chart_with_text(self.figure, self.summary, self.table),
        )
        self.refresh()

    def _picked(self, item: str, score: int | None) -> None:
        if self._quiet:
            return
        self.commit(lambda: self.model.rate(item, score))
        self.refresh()

    def refresh(self) -> None:
        model = self.model
        with self.quietly():
            for item, choice in self.choices.items():
                # by position: a value of None would show an empty box, not "Not rated yet"
                values = [value for _, value in choice.options]
                choice.index = values.index(model.scores.get(item))
        fresh = radar(model)
        with self.figure.batch_update():
            trace = self.figure.data[0]
            trace.r, trace.theta, trace.customdata = fresh["r"], fresh["theta"], fresh["customdata"]
        self.summary.value = paragraph(ratings_summary(model))
        self.table.value = table_html(ratings_frame(model), messages.text(f"{self.exercise}.title"))
