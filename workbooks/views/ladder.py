"""The mountain of engagement: pick a model and a phase, describe it, and watch the mountain fill in."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from .. import messages
from ..kinds.ladder import LENSES, PHASE_FIELDS, Ladder, ladder_frame, phase_label
from ..static import OKABE_ITO, table_html, tint
from .base import ExerciseView
from .chart import chart, chart_with_text
from .common import LABEL_STYLE, text_box
from .host import Host

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


class LadderView(ExerciseView[Ladder]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        self.lens = dropdown("ladder.lens")
        self.lens.options = [(messages.text(f"lens.{lens}"), lens) for lens in LENSES]
        self.phase = dropdown("ladder.phase")
        self.boxes: dict[str, widgets.Textarea] = {}
        for name in PHASE_FIELDS:
            box = text_box(self.model.field_label(name), messages.text("ladder.placeholder"), area=True)
            box.observe(lambda change, n=name: self._typed(n, change["new"]), names="value")
            self.boxes[name] = box
        self.status = widgets.HTML()
        self.figure = chart(layout=mountain_layout(self.model))
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.lens.observe(lambda change: self._lens_chosen(change["new"]), names="value")
        self.phase.observe(lambda _: self._phase_chosen(), names="value")
        self.widget = self.frame(
            self.lens, self.phase, *self.boxes.values(), self.status,
            chart_with_text(self.figure, self.summary, self.table),
        )
        self.refresh()

    def _typed(self, name: str, value: str) -> None:
        if self._quiet or self.phase.value is None:
            return
        phase = self.phase.value
        if self.commit(lambda: self.model.set_field(phase, name, value)):
            self.feedback.clear()
        self._show_progress()

    def _lens_chosen(self, lens: str) -> None:
        if self._quiet:
            return
        if self.commit(lambda: self.model.set_lens(lens)):
            self.feedback.clear()
        self.refresh()

    def _phase_chosen(self) -> None:
        if not self._quiet:
            self._fill_boxes()
            self._show_progress()

    def _fill_boxes(self) -> None:
        phase, top = self.phase.value, self.model.order[-1]
        with self.quietly():
            for name, box in self.boxes.items():
                box.value = self.model.phases.get(phase, {}).get(name, "")
            self.boxes["recognition"].placeholder = messages.text(
                "ladder.recognition_top" if phase == top else "ladder.placeholder")

    def _show_progress(self) -> None:
        """The selected phase's status line, the mountain, and the table beside it."""
        model = self.model
        if self.phase.value is not None:
            self.status.value = (f'<p role="status" aria-live="polite">'
                                 f'{escape(phase_status(model, self.phase.value))}</p>')
        fresh = mountain_traces(model)
        if len(self.figure.data) != len(fresh):
            self.figure.data = []
            self.figure.add_traces([{"type": "scatter", **trace} for trace in fresh])
        with self.figure.batch_update():
            for trace, new in zip(self.figure.data, fresh, strict=True):
                trace.update(new)
            self.figure.layout.update(mountain_layout(model))
        self.summary.value = f"<p>{escape(ladder_summary(model))}</p>"
        self.table.value = table_html(ladder_frame(model), messages.text("ladder.table_caption"))

    def refresh(self) -> None:
        model = self.model
        with self.quietly():
            self.lens.value = model.lens
            options = [(phase_label(p), p) for p in model.order]
            if list(self.phase.options) != options:
                keep = self.phase.value if self.phase.value in model.order else model.order[0]
                self.phase.options = options
                self.phase.value = keep
        self._fill_boxes()
        self._show_progress()
