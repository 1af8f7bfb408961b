"""The mountain of engagement, or the CSCCE modes side by side: pick a model, describe each phase or mode,
and watch the picture fill in."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from .. import messages
from ..kinds.ladder import LENSES, PHASE_FIELDS, SIDE_BY_SIDE, Ladder, phase_label
from ..models import AnswerError
from ..static import OKABE_ITO, tint
from .base import SheetView
from .chart import chart, chart_with_text
from .common import LABEL_STYLE
from .host import Host
from .sheet import Field, Rows, Sheet, field

GAP = 0.08  # white space between the bands, so each reads as its own step


def band_label(model: Ladder, phase: str) -> str:
    """A band's text: the phase and whether it is done. A mode that cuts across the others says so."""
    mark = messages.text("ladder.todo" if model.missing(phase) else "ladder.done")
    if SIDE_BY_SIDE.get(model.lens) == phase:
        return messages.text("ladder.across_band", phase=phase_label(phase), mark=mark)
    return messages.text("ladder.band", phase=phase_label(phase), mark=mark)


def phase_status(model: Ladder, phase: str) -> str:
    missing = model.missing(phase)
    if not missing:
        return messages.text("ladder.status_complete", phase=phase_label(phase))
    return messages.text("ladder.status_missing", phase=phase_label(phase),
                         missing="; ".join(model.field_label(m) for m in missing))


def ladder_summary(model: Ladder) -> str:
    todo = [phase_label(p) for p in model.order if model.missing(p)]
    total = len(model.order)
    if not todo:
        return messages.text(model.texts("summary_all"), total=total)
    return messages.text(model.texts("summary"), done=total - len(todo), total=total, phases=", ".join(todo))


def shape(model: Ladder, i: int, phase: str, xs: list[float], ys: list[float]) -> dict:
    """The filled outline of one phase or mode. One still to do has a dotted outline and says so, so colour
    is never the only cue."""
    colour = OKABE_ITO[i % len(OKABE_ITO)]
    return {
        "x": xs, "y": ys,
        "mode": "lines", "fill": "toself", "fillcolor": tint(colour, 0.4),
        "line": {"color": colour, "width": 2, "dash": "dot" if model.missing(phase) else "solid"},
        "name": phase_label(phase), "hoverinfo": "text", "hoveron": "fills",
        "text": phase_status(model, phase), "showlegend": False,
    }


def labels(model: Ladder, xs: list[float], ys: list[float], texts: list[str]) -> dict:
    return {"x": xs, "y": ys, "mode": "text", "text": texts,
            "textfont": {"size": 13, "color": "#000"}, "hoverinfo": "skip", "showlegend": False,
            "name": messages.text(model.texts("row"))}


def figure_traces(model: Ladder) -> list[dict]:
    """The mountain for a climb; boxes side by side for modes."""
    return mountain_traces(model) if model.climb else modes_traces(model)


def modes_traces(model: Ladder) -> list[dict]:
    """One box per mode in a row, all the same size, none above another; under them, one wide box for the
    mode that cuts across them all (CSCCE's Champion). Then one trace of box labels."""
    across = SIDE_BY_SIDE[model.lens]
    row = [p for p in model.order if p != across]
    traces, xs, ys, texts = [], [], [], []
    for i, phase in enumerate(model.order):
        if phase == across:
            left, right, bottom, top = GAP, len(row) - GAP, 0.0, 0.8
            texts.append(band_label(model, phase))
        else:
            n = row.index(phase)
            left, right, bottom, top = n + GAP, n + 1 - GAP, 1.0, 3.0
            mark = messages.text("ladder.todo" if model.missing(phase) else "ladder.done")
            texts.append(f"{phase_label(phase)}<br>{mark}")
        traces.append(shape(model, i, phase, [left, right, right, left, left], [bottom, bottom, top, top, bottom]))
        xs.append((left + right) / 2)
        ys.append((bottom + top) / 2)
    return [*traces, labels(model, xs, ys, texts)]


def mountain_traces(model: Ladder) -> list[dict]:
    """One filled band per phase, bottom to top, narrowing upwards; then one trace of band labels."""
    count = len(model.order)

    def half_width(y: float) -> float:
        return count + 1 - y * (count - 0.2) / count

    traces = []
    for i, phase in enumerate(model.order):
        bottom, top = i, i + 1 - GAP
        traces.append(shape(model, i, phase, [-half_width(bottom), half_width(bottom), half_width(top),
                                              -half_width(top), -half_width(bottom)],
                            [bottom, bottom, top, top, bottom]))
    traces.append(labels(model, [0] * count, [i + (1 - GAP) / 2 for i in range(count)],
                         [band_label(model, p) for p in model.order]))
    return traces


def mountain_layout(model: Ladder) -> dict:
    hidden = {"visible": False, "fixedrange": True}
    if model.climb:
        x_range, y_range = [-len(model.order) - 1.5, len(model.order) + 1.5], [-0.2, len(model.order) + 0.2]
    else:
        x_range, y_range = [-0.1, len(model.order) - 0.9], [-0.2, 3.2]
    return {
        "title": {"text": messages.text("ladder.chart_title", lens=messages.text(f"lens.{model.lens}"))},
        "xaxis": {**hidden, "range": x_range},
        "yaxis": {**hidden, "range": y_range},
        "showlegend": False, "height": 460, "plot_bgcolor": "#fff",
        "margin": {"l": 20, "r": 20, "t": 50, "b": 20},
    }


def dropdown(key: str) -> widgets.Dropdown:
    label = messages.text(key)
    return widgets.Dropdown(description=label, tooltip=label, style=LABEL_STYLE,
                            layout=widgets.Layout(width="min(100%, 36em)"))


def phases_html(model: Ladder) -> str:
    """What each phase or mode still needs: the picture's text, and the participant's to-do list."""
    items = "".join(f"<li>{escape(phase_status(model, phase))}</li>" for phase in model.order)
    return f'<ul aria-label="{escape(messages.text(model.texts("caption")))}">{items}</ul>'


class LadderView(SheetView[Ladder]):
    """A model to choose, then a table with a row per phase or mode of it (a ``Sheet``), and the picture
    filling in: a mountain for a climb, boxes side by side for modes."""

    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        self.lens = dropdown("ladder.lens")
        self.lens.options = [(messages.text(f"lens.{lens}"), lens) for lens in LENSES]
        self.lens.value = model.lens
        self.lens.observe(lambda change: self._lens_chosen(change["new"]), names="value")
        self.figure = chart(layout=mountain_layout(model))
        self.summary = widgets.HTML()
        self.phases = widgets.HTML()
        sheet = Sheet(self._fields(), caption=messages.text(model.texts("caption")), row_labels=self._row_labels(),
                      row_keys=model.order,
                      rows=self.rows(), storage_key=workbook.browser_key(exercise))
        sheet.cell_placeholders = self._placeholders()
        self.show(sheet, chart_with_text(self.figure, self.summary, self.phases), before=(self.lens,))

    def _fields(self) -> list[Field]:
        """The four boxes of a row, labelled for the chosen lens (the fourth differs: a climb or modes)."""
        return [field(name, self.model.field_label(name), multiline=True,
                      placeholder=messages.text("ladder.placeholder")) for name in PHASE_FIELDS]

    def _row_labels(self) -> list[str]:
        return [phase_label(phase) for phase in self.model.order]

    def _placeholders(self) -> dict[str, str]:
        # The top of a climb has no next phase, so nothing to recognise; modes side by side have no top.
        order = self.model.order
        return {f"{r}:recognition": messages.text("ladder.recognition_top")
                for r, phase in enumerate(order) if self.model.top(phase)}

    def take(self, rows: Rows) -> dict[str, str]:
        model, problems = self.model, {}
        for r, (phase, row) in enumerate(zip(model.order, rows, strict=False)):
            for name in PHASE_FIELDS:
                value = row.get(name, "")
                if value == model.phases.get(phase, {}).get(name, ""):
                    continue  # unchanged; a phase never typed in stays out of the file
                try:
                    model.set_field(phase, name, value)
                except AnswerError as problem:  # text over the length limit: said beside its box
                    problems[f"{r}:{name}"] = str(problem)
        return problems

    def rows(self) -> Rows:
        return [{name: self.model.phases.get(phase, {}).get(name, "") for name in PHASE_FIELDS}
                for phase in self.model.order]

    def _lens_chosen(self, lens: str) -> None:
        if self._quiet:
            return
        if self.commit(lambda: self.model.set_lens(lens)):
            self.feedback.clear()
        self.refresh()

    def refresh(self) -> None:
        with self.quietly():
            self.lens.value = self.model.lens
        # The rows follow their labels: set both, labels first, so the browser draws the new lens's rows.
        with self.sheet.hold_sync():
            self.sheet.fields = self._fields()
            self.sheet.caption = messages.text(self.model.texts("caption"))
            self.sheet.row_labels = self._row_labels()
            self.sheet.row_keys = list(self.model.order)
            self.sheet.cell_placeholders = self._placeholders()
            super().refresh()

    def changed(self) -> None:
        """The mountain and its text follow every change."""
        model = self.model
        fresh = figure_traces(model)
        if len(self.figure.data) != len(fresh):
            self.figure.data = []
            self.figure.add_traces([{"type": "scatter", **trace} for trace in fresh])
        with self.figure.batch_update():
            for trace, new in zip(self.figure.data, fresh, strict=True):
                trace.update(new)
            self.figure.layout.update(mountain_layout(model))
        self.summary.value = f"<p>{escape(ladder_summary(model))}</p>"
        self.phases.value = phases_html(model)
