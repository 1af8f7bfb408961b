"""Timeline: the editable table, plus a chart of its rows in date order and its text alternative."""

from __future__ import annotations

import textwrap
from typing import cast

import ipywidgets as widgets

from .. import messages
from ..kinds.timeline import Timeline, timeline_summary, timeline_table
from ..static import NOTE_TEXT_COLOUR, OKABE_ITO, paragraph, table_html
from .chart import chart, chart_with_text
from .host import Host
from .table import TableView

LABEL_WIDTH = 24  # characters per line of a label on the chart
HEIGHTS = (1, -1)  # labels alternate above and below the line


def chart_date(text: str) -> str:
    """A year or a month as the first day of it: "2019" is 2019-01-01, "2019-05" is 2019-05-01."""
    return (text + "-01-01")[:10] if len(text) == 4 else (text + "-01")[:10]


def points(model: Timeline) -> dict[str, list]:
    rows = model.placed()
    return {
        "x": [chart_date(r[model.date_column]) for r in rows],
        "y": [HEIGHTS[i % len(HEIGHTS)] for i in range(len(rows))],
        "text": ["<br>".join(textwrap.wrap(r[model.key], LABEL_WIDTH)) for r in rows],
        "customdata": [r[model.date_column] for r in rows],
        "textposition": ["top center" if i % 2 == 0 else "bottom center" for i in range(len(rows))],
    }


def stems(x: list[str], y: list[int]) -> dict[str, list]:
    """A thin line from the axis up (or down) to each marker, as one trace."""
    xs: list[str | None] = []
    ys: list[int | None] = []
    for when, height in zip(x, y, strict=True):
        xs += [when, when, None]
        ys += [0, height, None]
    return {"x": xs, "y": ys}


class TimelineView(TableView):
    @property
    def model(self) -> Timeline:
        return cast(Timeline, super().model)

    def __init__(self, workbook: Host, exercise: str) -> None:
        import plotly.graph_objects as go

        model = cast(Timeline, workbook.models[exercise])
        label = model.label(model.date_column)
        self.figure = chart(
            data=[
                go.Scatter(mode="lines", line={"color": "#777", "width": 1}, hoverinfo="skip", showlegend=False),
                go.Scatter(mode="markers+text", showlegend=False, cliponaxis=False,
                           marker={"size": 12, "color": OKABE_ITO[0], "line": {"width": 1, "color": "#222"}},
                           hovertemplate="%{customdata}: %{text}<extra></extra>"),
            ],
            layout={
                "title": {"text": messages.text("timeline.title")},
                "xaxis": {"type": "date", "title": {"text": label}, "showgrid": False},
                "yaxis": {"visible": False, "range": [-2.5, 2.5], "fixedrange": True},
                "shapes": [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 0, "y1": 0,
                            "line": {"color": "#555", "width": 2}}],
                "height": 360, "margin": {"l": 40, "r": 40, "t": 50, "b": 50},
            },
        )
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        super().__init__(workbook, exercise)

    def frame(self, *body: widgets.Widget) -> widgets.VBox:
        """The table to type into, then the chart with its text alternative: a summary and the rows in date order."""
        return super().frame(*body, chart_with_text(self.figure, self.summary, self.table))

    def changed(self) -> None:
        model = self.model
        fresh = points(model)
        line = stems(fresh["x"], fresh["y"])
        empty = not fresh["x"]
        with self.figure.batch_update():
            self.figure.data[0].x, self.figure.data[0].y = line["x"], line["y"]
            marks = self.figure.data[1]
            marks.x, marks.y, marks.text = fresh["x"], fresh["y"], fresh["text"]
            marks.customdata, marks.textposition = fresh["customdata"], fresh["textposition"]
            # With no dates plotly would label the axis with the year 2000: say there is nothing yet instead.
            self.figure.layout.xaxis.visible = not empty
            self.figure.layout.annotations = [{
                "text": messages.text("timeline.empty"), "showarrow": False, "xref": "paper", "yref": "paper",
                "x": 0.5, "y": 0.75, "font": {"size": 14, "color": NOTE_TEXT_COLOUR}}] if empty else []
        self.summary.value = paragraph(timeline_summary(model))
        self.table.value = table_html(timeline_table(model), messages.text(f"{self.exercise}.title"))
