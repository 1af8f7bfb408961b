"""The stakeholder power/interest map: labelled number boxes and buttons, a plotly chart, and a table."""

from __future__ import annotations

from typing import cast

import ipywidgets as widgets

from .. import messages
from ..kinds.power_interest_map import (
    QUADRANT_COLOURS,
    QUADRANT_SYMBOLS,
    QUADRANTS,
    SCALE_MAX,
    SCALE_MIDPOINT,
    SCALE_MIN,
    PowerInterestMap,
    map_frame,
    map_summary,
)
from ..kinds.table import TableModel
from ..static import table_html
from .base import ExerciseView
from .chart import chart, chart_with_text
from .common import LABEL_STYLE, button
from .host import Host

EDGE = 0.5


def figure_layout() -> dict:
    """Axes, the four shaded quadrants and their names."""
    low, mid, high = SCALE_MIN - EDGE, SCALE_MIDPOINT - EDGE, SCALE_MAX + EDGE
    boxes = {"keep_satisfied": (low, mid, mid, high), "manage_closely": (mid, high, mid, high),
             "monitor": (low, mid, low, mid), "inform_regularly": (mid, high, low, mid)}
    shapes, notes = [], []
    for q, (x0, x1, y0, y1) in boxes.items():
        shapes.append({"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1, "layer": "below",
                       "fillcolor": QUADRANT_COLOURS[q], "opacity": 0.12, "line": {"width": 1, "color": "#777"}})
        notes.append({"x": (x0 + x1) / 2, "y": y1 - 0.35, "showarrow": False,
                      "text": f"<b>{messages.text(f'quadrant.{q}')}</b>", "font": {"size": 12}})
    axis = {"range": [low, high], "dtick": 1, "zeroline": False, "fixedrange": True}
    return {
        "title": {"text": messages.text("map.title")},
        "xaxis": {**axis, "title": {"text": messages.text("map.interest")}},
        "yaxis": {**axis, "title": {"text": messages.text("map.power")}},
        "shapes": shapes, "annotations": notes, "showlegend": True,
        "legend": {"orientation": "h", "y": -0.2}, "width": 560, "height": 560,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
    }


def traces(model: PowerInterestMap) -> list[dict]:
    """One trace per quadrant, each with its own colour and marker shape."""
    result = []
    for q in QUADRANTS:
        placed = [p for p in model.placements if p.quadrant == q]
        result.append({
            "type": "scatter", "mode": "markers+text", "name": messages.text(f"quadrant.{q}"),
            "x": [p.interest for p in placed], "y": [p.power for p in placed],
            "text": [p.name for p in placed], "textposition": "top center",
            "marker": {"size": 14, "color": QUADRANT_COLOURS[q], "symbol": QUADRANT_SYMBOLS[q],
                       "line": {"width": 1, "color": "#222"}},
            "hovertemplate": "%{text}<extra></extra>",
        })
    return result


def scale_box(label: str) -> widgets.BoundedIntText:
    """A labelled number box from 0 to 10; the arrow keys step it."""
    return widgets.BoundedIntText(value=SCALE_MIDPOINT, min=SCALE_MIN, max=SCALE_MAX, step=1,
                                  continuous_update=False, description=label, tooltip=label, style=LABEL_STYLE,
                                  layout=widgets.Layout(width="16em"))


class PowerInterestView(ExerciseView[PowerInterestMap]):
    def __init__(self, workbook: Host, exercise: str, names_from: str | None = None) -> None:
        super().__init__(workbook, exercise)
        self.names_from = names_from
        label = messages.text("map.name")
        self.name = widgets.Combobox(description=label, tooltip=label, ensure_option=False, continuous_update=False,
                                     placeholder=messages.text("map.name_placeholder"), style=LABEL_STYLE,
                                     layout=widgets.Layout(width="min(100%, 32em)"))
        self.power = scale_box(messages.text("map.power"))
        self.interest = scale_box(messages.text("map.interest"))
        self.place = button("map.place")
        label = messages.text("map.on_map")
        self.on_map = widgets.Dropdown(description=label, tooltip=label, style=LABEL_STYLE)
        self.remove = button("map.remove")
        self.figure = chart(traces(self.model), figure_layout())
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.place.on_click(lambda _: self.commit(self._place))
        self.remove.on_click(lambda _: self.commit(self._remove))
        self.name.observe(lambda change: self._show_existing(change["new"]), names="value")
        for box in (self.power, self.interest):
            box.observe(lambda _: self._values_changed(), names="value")
        self.widget = self.frame(
            self.name, self.power, self.interest, widgets.HBox([self.place]),
            widgets.HBox([self.on_map, self.remove]),
            chart_with_text(self.figure, self.summary, self.table),
        )
        self.refresh()

    def _placed(self, name: str) -> bool:
        return any(p.name.casefold() == name.strip().casefold() for p in self.model.placements)

    def _place(self) -> str:
        name = self.name.value
        moved = self.model.place(name, self.power.value, self.interest.value)
        self.refresh()
        return messages.text("map.moved" if moved else "map.placed", name=name.strip())

    def _values_changed(self) -> None:
        # Changing the numbers of someone on the map moves them; this also keeps
        # the map right should a number ever reach the kernel after the click.
        if not self._quiet and self._placed(self.name.value):
            self.commit(self._follow)

    def _follow(self) -> None:
        """Move a placed stakeholder without a new message: the map itself shows it."""
        self.model.place(self.name.value, self.power.value, self.interest.value)
        self.refresh()

    def _remove(self) -> str:
        name = self.on_map.value
        if not name:
            return messages.text("map.nothing_to_remove")
        self.model.remove(name)
        self.refresh()
        return messages.text("map.removed", name=name)

    def _show_existing(self, name: str) -> None:
        for p in self.model.placements:
            if p.name.casefold() == name.strip().casefold():
                with self.quietly():
                    self.power.value, self.interest.value = p.power, p.interest

    def after_save(self, status: str, ok: bool) -> None:
        super().after_save(status, ok)
        self._suggest_names()

    def _suggest_names(self) -> None:
        names = [p.name for p in self.model.placements]
        if self.names_from:
            table = cast(TableModel, self.workbook.models[self.names_from])
            names += [r[table.key] for r in table.rows if r[table.key] and r[table.key] not in names]
        if list(self.name.options) != names:
            self.name.options = names

    def refresh(self) -> None:
        model = self.model
        names = [p.name for p in model.placements]
        self._suggest_names()
        self.on_map.options = names
        self.on_map.value = names[0] if names else None
        with self.figure.batch_update():
            for trace, fresh in zip(self.figure.data, traces(model), strict=True):
                trace.x, trace.y, trace.text = fresh["x"], fresh["y"], fresh["text"]
        self.summary.value = f"<p>{map_summary(model)}</p>"
        self.table.value = table_html(map_frame(model), messages.text("map.table_caption"))
