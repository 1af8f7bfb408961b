"""Maturity: the stage picked from a list and three boxes (a ``Sheet`` form), and a chart of the stages
with the community's place and the next stage marked, beside its text."""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from ..kinds.maturity import STAGE, STAGES, Maturity, stage_label
from ..static import OKABE_ITO, paragraph, table_html, text_table
from .base import SheetView
from .chart import chart, chart_with_text
from .host import Host
from .scorecard import short_lines
from .sheet import Rows, Sheet, field

# The shape of Webber's drawing, in our own figures: the community's own energy grows over the stages while
# the energy and visibility its leaders must give falls (0 to 10, for the picture only).
COMMUNITY_ENERGY = (1, 3, 6, 8, 6)
LEADER_ENERGY = (9, 8, 5, 3, 2)


class MaturityView(SheetView[Maturity]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.maturity
        fields = [field(STAGE, model.label(STAGE), options=[("", messages.text("maturity.pick"))]
                        + [(s, stage_label(s)) for s in STAGES])]
        fields += [field(p, model.label(p), multiline=True, placeholder=messages.text(f"{exercise}.placeholder.{p}"))
                   for p in model.prompts if p != STAGE]
        self.figure = chart(self.traces(), self.layout())
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.show(Sheet(fields, layout="form", rows=self.rows(), storage_key=workbook.browser_key(exercise)),
                  chart_with_text(self.figure, self.summary, self.table))

    @property
    def maturity(self) -> Maturity:
        return self.model

    def take(self, rows: Rows) -> dict[str, str]:
        return self.maturity.set_answers(rows[0])

    def rows(self) -> Rows:
        return [{p: self.maturity.answers.get(p, "") for p in self.maturity.prompts}]

    def traces(self) -> list[dict]:
        model = self.maturity
        names = [short_lines(stage_label(s), 12) for s in STAGES]
        marked = [i for i, s in enumerate(STAGES) if s in (model.stage, model.next_stage())]
        here = messages.text("maturity.you_are_here")
        after = messages.text("maturity.next")
        return [
            {"type": "scatter", "mode": "lines+markers", "x": names, "y": list(COMMUNITY_ENERGY),
             "name": messages.text("maturity.community_line"), "line": {"color": OKABE_ITO[0], "width": 3},
             "marker": {"symbol": "circle", "size": 9}},
            {"type": "scatter", "mode": "lines+markers", "x": names, "y": list(LEADER_ENERGY),
             "name": messages.text("maturity.leader_line"), "line": {"color": OKABE_ITO[1], "width": 3, "dash": "dash"},
             "marker": {"symbol": "square", "size": 9}},
            {"type": "scatter", "mode": "markers+text", "x": [names[i] for i in marked],
             "y": [10.5] * len(marked), "text": [here if STAGES[i] == model.stage else after for i in marked],
             "textposition": "top center", "showlegend": False, "hoverinfo": "skip",
             "marker": {"symbol": "triangle-down", "size": 14, "color": OKABE_ITO[5]}},
        ]

    def layout(self) -> dict:
        return {
            "title": {"text": messages.text("maturity.chart_title")},
            "height": 420, "margin": {"l": 50, "r": 20, "t": 60, "b": 80},
            "yaxis": {"range": [0, 12.5], "title": {"text": messages.text("maturity.energy_axis")},
                      "showticklabels": False, "fixedrange": True},
            "xaxis": {"fixedrange": True},
            "legend": {"orientation": "h", "y": -0.25},
        }

    def changed(self) -> None:
        model = self.maturity
        with self.figure.batch_update():
            for trace, fresh in zip(self.figure.data, self.traces(), strict=True):
                trace.update(fresh)
        self.summary.value = paragraph(model.summary())
        where = {model.stage: messages.text("maturity.you_are_here"),
                 model.next_stage(): messages.text("maturity.next")}
        frame = text_table([{messages.text("maturity.stage_column"): stage_label(s),
                             messages.text("maturity.where_column"): where.get(s, "")} for s in STAGES])
        self.table.value = table_html(frame, messages.text("maturity.table_caption"))
