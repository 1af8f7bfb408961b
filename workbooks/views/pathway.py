"""Numbers along the pathway: people at each phase and how many moved on, drawn as a Sankey diagram."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from .. import messages
from ..kinds.ladder import phase_label
from ..kinds.pathway import Pathway, pathway_frame, pathway_summary
from ..static import OKABE_ITO, PROBLEM_COLOUR, message_html, table_html, tint
from .base import ExerciseView
from .chart import chart, chart_with_text
from .common import text_box
from .host import Host

# The labels name a phase ("Moved on from Networked participation"), so they need more room than most.
DESCRIPTION_WIDTH = "20em"


def links(model: Pathway) -> dict[str, list]:
    """A link from each phase to the next with the number who moved on; a blank number draws no link."""
    found: dict[str, list] = {"source": [], "target": [], "value": [], "color": [], "label": []}
    impossible = set(model.impossible())
    for i, phase in enumerate(model.order[:-1]):
        if phase not in model.moved_on:
            continue
        wrong = phase in impossible
        found["source"].append(i)
        found["target"].append(i + 1)
        found["value"].append(model.moved_on[phase])
        found["color"].append(tint(PROBLEM_COLOUR if wrong else OKABE_ITO[i % len(OKABE_ITO)], 0.7 if wrong else 0.35))
        found["label"].append(messages.text("pathway.link_impossible") if wrong else "")
    return found


def sankey(model: Pathway) -> dict:
    return {
        "type": "sankey", "arrangement": "snap",
        "node": {"label": [phase_label(p) for p in model.order], "pad": 18, "thickness": 18,
                 "color": [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(model.order))],
                 "line": {"color": "#222", "width": 1}},
        "link": links(model),
    }


class PathwayView(ExerciseView[Pathway]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        placeholder = messages.text("pathway.placeholder")
        self.people: dict[str, widgets.Text] = {}
        self.moved_on: dict[str, widgets.Text] = {}
        body: list[widgets.Widget] = []
        for phase in model.order:
            self.people[phase] = self._box(model.people_label(phase), placeholder, phase, "people")
            body.append(self.people[phase])
            if phase != model.order[-1]:
                self.moved_on[phase] = self._box(model.moved_label(phase), placeholder, phase, "moved_on")
                body.append(self.moved_on[phase])
        # (which, phase) of a box -> the message saying why its text was not taken
        self._refused: dict[tuple[str, str], str] = {}
        self.figure = chart([sankey(model)], {
            "title": {"text": messages.text("pathway.chart_title")}, "height": 420,
            "margin": {"l": 20, "r": 20, "t": 50, "b": 20}})
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.widget = self.frame(
            *body,
            chart_with_text(self.figure, self.summary, self.table),
        )
        self.refresh()

    def _box(self, label: str, placeholder: str, phase: str, which: str) -> widgets.Text:
        box = text_box(label, placeholder)
        box.style.description_width = DESCRIPTION_WIDTH
        box.layout.width = "min(100%, 32em)"
        box.observe(lambda change: self._typed(which, phase, change["new"]), names="value")
        return box

    def _typed(self, which: str, phase: str, value: str) -> None:
        if self._quiet:
            return
        taken: list[bool] = []

        def change() -> None:
            # Looked up at each change: a restore replaces the model.
            setter = self.model.set_people if which == "people" else self.model.set_moved_on
            setter(phase, value)
            taken.append(True)

        saved = self.commit(change)
        problem = "" if saved else self.feedback.value
        if taken:
            self._refused.pop((which, phase), None)
        else:
            self._refused[(which, phase)] = problem
        self._warn(problem if taken else "")
        self._draw()

    def _warn(self, saving_problem: str = "") -> None:
        """Say why a save failed, which boxes were not taken, and which numbers cannot all be right.

        Impossible numbers are saved all the same: the participant may be halfway through a change.
        """
        warnings = [saving_problem, *self._refused.values()]
        impossible = self.model.impossible()
        if impossible:
            warnings.append(message_html(messages.text(
                "check.pathway.impossible", phases=", ".join(phase_label(p) for p in impossible)), ok=False))
        self.feedback.value = "".join(warnings)

    def _draw(self) -> None:
        model = self.model
        fresh = links(model)
        with self.figure.batch_update():
            link = self.figure.data[0].link
            link.source, link.target, link.value = fresh["source"], fresh["target"], fresh["value"]
            link.color, link.label = fresh["color"], fresh["label"]
        self.summary.value = f"<p>{escape(pathway_summary(model))}</p>"
        self.table.value = table_html(pathway_frame(model), messages.text("pathway.table_caption"))

    def refresh(self) -> None:
        model = self.model
        with self.quietly():
            for phase, box in self.people.items():
                box.value = str(model.people[phase]) if phase in model.people else ""
            for phase, box in self.moved_on.items():
                box.value = str(model.moved_on[phase]) if phase in model.moved_on else ""
        self._refused.clear()
        self._warn()
        self._draw()
