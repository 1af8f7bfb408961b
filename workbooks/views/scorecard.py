"""Scorecards: a table with a row per item (a score to pick, notes to type), a chart, and its text.

``ScorecardView`` draws the scores as a radar chart (session 5's self-audit);
``OpennessView`` draws the four openness scales and the project's place on the
open/closed by general/domain-specific grid.
"""

from __future__ import annotations

from textwrap import wrap
from typing import cast

import ipywidgets as widgets

from .. import messages
from ..kinds.scorecard import MIDDLE, Openness, Scorecard, scorecard_table
from ..models import AnswerError
from ..static import OKABE_ITO, paragraph, table_html
from .base import SheetView
from .chart import chart, chart_with_text
from .host import Host
from .sheet import Rows, Sheet, field

SCORE = "score"


def short_lines(text: str, width: int = 12) -> str:
    """``text`` in lines of about ``width`` characters for a chart label; words are never split."""
    return "<br>".join(wrap(text, width, break_long_words=False, break_on_hyphens=False))


class ScorecardView(SheetView[Scorecard]):
    """A row per item: its score from a drop-down list ("not scored yet" first, so a default is never taken
    for a score) and a box per note; the chart and its text follow every change."""

    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        fields = [field(SCORE, model.score_column(), options=self.score_options())]
        fields += [field(n, model.note_label(n), multiline=True,
                         placeholder=messages.text(f"{exercise}.placeholder.{n}")) for n in model.notes]
        self.figure = chart(self.traces(), self.layout())
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.show(Sheet(fields, caption=messages.text(f"{exercise}.sheet_caption"),
                        row_labels=[model.row_label(i) for i in model.items], row_keys=list(model.items),
                        rows=self.rows(), storage_key=workbook.browser_key(exercise)),
                  chart_with_text(self.figure, self.summary, self.table))

    def score_options(self) -> list[tuple[str, str]]:
        model = self.model
        return [("", messages.text("scorecard.not_scored"))] + [
            (str(s), model.choice_label(s)) for s in range(model.low, model.high + 1)]

    def take(self, rows: Rows) -> dict[str, str]:
        problems: dict[str, str] = {}
        model = self.model
        for r, (item, row) in enumerate(zip(model.items, rows, strict=False)):
            try:
                model.set_score(item, row.get(SCORE, ""))
            except AnswerError as problem:
                problems[f"{r}:{SCORE}"] = str(problem)
            for note in model.notes:
                try:
                    model.set_note(item, note, row.get(note, ""))
                except AnswerError as problem:
                    problems[f"{r}:{note}"] = str(problem)
        return problems

    def rows(self) -> Rows:
        model = self.model
        return [{SCORE: str(model.scores[i]) if i in model.scores else "",
                 **{n: model.texts.get(i, {}).get(n, "") for n in model.notes}} for i in model.items]

    def traces(self) -> list[dict]:
        model = self.model
        not_scored = messages.text("scorecard.not_scored")
        return [{
            "type": "scatterpolar", "fill": "toself", "mode": "lines+markers",
            "r": [model.scores.get(i, model.low) for i in model.items],
            "theta": [short_lines(model.label(i), 16) for i in model.items],
            "customdata": [model.score_label(i, model.scores[i]) if i in model.scores else not_scored
                           for i in model.items],
            "text": [model.label(i) for i in model.items],
            "hovertemplate": "%{text}: %{customdata}<extra></extra>",
            "line": {"color": OKABE_ITO[0]}, "fillcolor": "rgba(0, 114, 178, 0.25)",
            "marker": {"size": 8, "color": OKABE_ITO[0]},
        }]

    def layout(self) -> dict:
        model = self.model
        return {
            "title": {"text": messages.text(f"{self.exercise}.chart_title")},
            "polar": {"radialaxis": {"range": [model.low, model.high], "dtick": 1}},
            "showlegend": False, "height": 440, "margin": {"l": 100, "r": 90, "t": 60, "b": 40},
        }

    def changed(self) -> None:
        with self.figure.batch_update():
            for trace, fresh in zip(self.figure.data, self.traces(), strict=True):
                trace.update(fresh)
        self.summary.value = paragraph(self.model.summary())
        self.table.value = table_html(scorecard_table(self.model, notes=False),
                                      messages.text(f"{self.exercise}.title"))


class OpennessView(ScorecardView):
    """The four scales (each row names its two ends), drawn as dots on four lines, and the project's place
    on the grid."""

    @property
    def openness(self) -> Openness:
        return cast(Openness, self.model)

    def traces(self) -> list[dict]:
        model = self.openness
        placed = [i for i in model.items if i in model.scores]
        where = model.position()
        return [
            {"type": "scatter", "mode": "markers", "xaxis": "x", "yaxis": "y",
             "x": [model.scores[i] for i in placed], "y": [model.label(i) for i in placed],
             "text": [model.score_label(i, model.scores[i]) for i in placed],
             "hovertemplate": "%{y}: %{text}<extra></extra>",
             "marker": {"size": 14, "symbol": "circle", "color": OKABE_ITO[0], "line": {"color": "#000", "width": 1}}},
            {"type": "scatter", "mode": "markers+text", "xaxis": "x2", "yaxis": "y2",
             "x": [where[0]] if where else [], "y": [where[1]] if where else [],
             "text": [messages.text("openness.you_are_here")] if where else [], "textposition": "top center",
             "hovertemplate": f"{messages.text('openness.you_are_here')}: {model.quarter()}<extra></extra>",
             "marker": {"size": 16, "symbol": "diamond", "color": OKABE_ITO[5],
                        "line": {"color": "#000", "width": 1}}},
        ]

    def layout(self) -> dict:
        model = self.openness
        low, high = model.low, model.high
        axis = {"range": [low - 0.4, high + 0.4], "tickvals": list(range(low, high + 1)), "zeroline": False,
                "fixedrange": True}
        # Each quarter's name sits in its middle, in two short lines, so it fits a narrow chart.
        quarter = {"showarrow": False, "xref": "x2", "yref": "y2", "font": {"size": 11, "color": "#333333"}}
        inner, outer = (low + MIDDLE) / 2, (MIDDLE + high) / 2
        return {
            "title": {"text": messages.text("openness.chart_title")},
            "showlegend": False, "height": 640, "margin": {"l": 110, "r": 20, "t": 60, "b": 50},
            "xaxis": {**axis, "domain": [0, 1], "anchor": "y",
                      "title": {"text": messages.text("openness.scales_axis")}},
            "yaxis": {"domain": [0.66, 1], "anchor": "x", "type": "category", "fixedrange": True,
                      "categoryorder": "array", "categoryarray": [model.label(i) for i in reversed(model.items)]},
            "xaxis2": {**axis, "domain": [0, 1], "anchor": "y2",
                       "title": {"text": messages.text("openness.across_axis")}},
            "yaxis2": {**axis, "domain": [0, 0.5], "anchor": "x2",
                       "title": {"text": messages.text("openness.up_axis")}},
            "shapes": [
                {"type": "line", "xref": "x2", "yref": "y2", "x0": MIDDLE, "x1": MIDDLE, "y0": low, "y1": high,
                 "line": {"color": "#555555", "dash": "dot"}},
                {"type": "line", "xref": "x2", "yref": "y2", "x0": low, "x1": high, "y0": MIDDLE, "y1": MIDDLE,
                 "line": {"color": "#555555", "dash": "dot"}},
            ],
            "annotations": [
                {**quarter, "x": x, "y": y, "text": short_lines(messages.text(f"openness.corner.{key}"))}
                for x, y, key in ((inner, inner, "closed_general"), (outer, inner, "open_general"),
                                  (inner, outer, "closed_domain"), (outer, outer, "open_domain"))
            ],
        }
