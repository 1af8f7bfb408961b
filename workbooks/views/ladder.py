"""The mountain of engagement: pick a model and a phase, describe it, and watch the mountain fill in."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from .. import messages
from ..kinds.ladder import LENSES, PHASE_FIELDS, Ladder, phase_label
from ..models import AnswerError
from ..static import OKABE_ITO, tint
from .base import SheetView
from .chart import chart, chart_with_text
from .common import LABEL_STYLE
from .host import Host
from .sheet import Rows, Sheet, field

GAP = 0.08  # white space between the bands, so each reads as its own step


def band_label(model: Ladder, phase: str) -> str:
    mark = messages.text("ladder.todo" if model.missing(phase) else "ladder.done")
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
        return messages.text("ladder.summary_all", total=total)
    return messages.text("ladder.summary", done=total - len(todo), total=total, phases=", ".join(todo))


def mountain_traces(model: Ladder) -> list[dict]:
    """One filled band per phase, bottom to top, narrowing upwards; then one trace of band labels.

    A band still to do has a dotted outline and says so, so colour is never the only cue.
    """
    count = len(model.order)

    def half_width(y: float) -> float:
        return count + 1 - y * (count - 0.2) / count

    traces = []
    for i, phase in enumerate(model.order):
        bottom, top = i, i + 1 - GAP
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        done = not model.missing(phase)
        traces.append({
            "x": [-half_width(bottom), half_width(bottom), half_width(top), -half_width(top), -half_width(bottom)],
            "y": [bottom, bottom, top, top, bottom],
            "mode": "lines", "fill": "toself", "fillcolor": tint(colour, 0.4),
            "line": {"color": colour, "width": 2, "dash": "solid" if done else "dot"},
            "name": phase_label(phase), "hoverinfo": "text", "hoveron": "fills",
            "text": phase_status(model, phase), "showlegend": False,
        })
    traces.append({
        "x": [0] * count, "y": [i + (1 - GAP) / 2 for i in range(count)],
        "mode": "text", "text": [band_label(model, p) for p in model.order],
        "textfont": {"size": 13, "color": "#000"}, "hoverinfo": "skip", "showlegend": False,
        "name": messages.text("ladder.phase"),
    })
    return traces


def mountain_layout(model: Ladder) -> dict:
    hidden = {"visible": False, "fixedrange": True}
    return {
        "title": {"text": messages.text("ladder.chart_title", lens=messages.text(f"lens.{model.lens}"))},
        "xaxis": {**hidden, "range": [-len(model.order) - 1.5, len(model.order) + 1.5]},
        "yaxis": {**hidden, "range": [-0.2, len(model.order) + 0.2]},
        "showlegend": False, "height": 460, "plot_bgcolor": "#fff",
        "margin": {"l": 20, "r": 20, "t": 50, "b": 20},
    }


def dropdown(key: str) -> widgets.Dropdown:
    label = messages.text(key)
    return widgets.Dropdown(description=label, tooltip=label, style=LABEL_STYLE,
                            layout=widgets.Layout(width="min(100%, 36em)"))


def phases_html(model: Ladder) -> str:
    """What each phase still needs, bottom to top: the mountain's text, and the participant's to-do list."""
    items = "".join(f"<li>{escape(phase_status(model, phase))}</li>" for phase in model.order)
    return f'<ul aria-label="{escape(messages.text("ladder.table_caption"))}">{items}</ul>'


class LadderView(SheetView[Ladder]):
    """A model to choose, then a table with a row per phase of it (a ``Sheet``), and the mountain filling in."""

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
        sheet = Sheet([field(name, model.field_label(name), multiline=True,
                             placeholder=messages.text("ladder.placeholder")) for name in PHASE_FIELDS],
                      caption=messages.text("ladder.table_caption"), row_labels=self._row_labels(),
                      row_keys=model.order,
                      rows=self.rows(), storage_key=workbook.browser_key(exercise))
        sheet.cell_placeholders = self._placeholders()
        self.show(sheet, chart_with_text(self.figure, self.summary, self.phases), before=(self.lens,))

    def _row_labels(self) -> list[str]:
        return [phase_label(phase) for phase in self.model.order]

    def _placeholders(self) -> dict[str, str]:
        # The top phase has no next phase, so nothing to recognise.
        return {f"{len(self.model.order) - 1}:recognition": messages.text("ladder.recognition_top")}

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
            self.sheet.row_labels = self._row_labels()
            self.sheet.row_keys = list(self.model.order)
            self.sheet.cell_placeholders = self._placeholders()
            super().refresh()

    def changed(self) -> None:
        """The mountain and its text follow every change."""
        model = self.model
        fresh = mountain_traces(model)
        if len(self.figure.data) != len(fresh):
            self.figure.data = []
            self.figure.add_traces([{"type": "scatter", **trace} for trace in fresh])
        with self.figure.batch_update():
            for trace, new in zip(self.figure.data, fresh, strict=True):
                trace.update(new)
            self.figure.layout.update(mountain_layout(model))
        self.summary.value = f"<p>{escape(ladder_summary(model))}</p>"
        self.phases.value = phases_html(model)
