"""Numbers along the pathway: people at each phase and how many moved on, drawn as a Sankey diagram."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from .. import messages
from ..kinds.ladder import phase_label
from ..kinds.pathway import Pathway, pathway_summary, pathway_table
from ..models import AnswerError
from ..static import OKABE_ITO, PROBLEM_COLOUR, table_html, tint
from .base import SheetView
from .chart import chart, chart_with_text
from .host import Host
from .sheet import Rows, Sheet, field


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


class PathwayView(SheetView[Pathway]):
    """A table with a row per phase (a ``Sheet``): people there, and how many moved on; the Sankey diagram
    and its text follow every number."""

    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        placeholder = messages.text("pathway.placeholder")
        top = len(model.order) - 1
        sheet = Sheet([field("people", messages.text("pathway.people_column"), placeholder=placeholder),
                       field("moved_on", messages.text("pathway.moved_column"), placeholder=placeholder)],
                      caption=messages.text("pathway.sheet_caption"),
                      row_labels=[phase_label(p) for p in model.order], row_keys=model.order,
                      rows=self.rows(), storage_key=workbook.browser_key(exercise))
        # The top phase has no next phase to move on to.
        sheet.closed_cells = [f"{top}:moved_on"]
        sheet.cell_placeholders = {f"{top}:moved_on": messages.text("pathway.top_phase")}
        self.figure = chart([sankey(model)], {
            "title": {"text": messages.text("pathway.chart_title")}, "height": 420,
            "margin": {"l": 20, "r": 20, "t": 50, "b": 20}})
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.show(sheet, chart_with_text(self.figure, self.summary, self.table))

    def _setters(self) -> dict[str, Callable[[str, object], None]]:
        # Looked up at each change: a restore replaces the model.
        return {"people": self.model.set_people, "moved_on": self.model.set_moved_on}

    def take(self, rows: Rows) -> dict[str, str]:
        """Each number typed; a box that is not a whole number keeps the model's and is said beside it.
        Numbers that cannot all be right (more moved on than were there) are saved all the same: the
        participant may be halfway through a change."""
        problems: dict[str, str] = {}
        last = len(self.model.order) - 1
        for r, (phase, row) in enumerate(zip(self.model.order, rows, strict=False)):
            for which, setter in self._setters().items():
                if which == "moved_on" and r == last:
                    continue
                try:
                    setter(phase, row.get(which, ""))
                except AnswerError as problem:
                    problems[f"{r}:{which}"] = str(problem)
        return {**self.problems(), **problems}

    def rows(self) -> Rows:
        model = self.model
        return [{"people": str(model.people[p]) if p in model.people else "",
                 "moved_on": str(model.moved_on[p]) if p in model.moved_on else ""} for p in model.order]

    def problems(self) -> dict[str, str]:
        order = self.model.order
        return {f"{order.index(p)}:moved_on": messages.text("pathway.impossible_cell")
                for p in self.model.impossible()}

    def shows_model(self) -> bool:
        # "1,200" on screen is the model's 1200: compare what the boxes read as.
        shown = Pathway(self.model.exercise, self.model.order)
        for phase, row in zip(shown.order, self.sheet.rows, strict=False):
            for which, setter in {"people": shown.set_people, "moved_on": shown.set_moved_on}.items():
                if which == "moved_on" and phase == shown.order[-1]:
                    continue
                try:
                    setter(phase, row.get(which, ""))
                except AnswerError:
                    return True  # a box the model refused: it keeps what was typed
        return shown.to_dict() == self.model.to_dict()

    def changed(self) -> None:
        model = self.model
        fresh = links(model)
        with self.figure.batch_update():
            link = self.figure.data[0].link
            link.source, link.target, link.value = fresh["source"], fresh["target"], fresh["value"]
            link.color, link.label = fresh["color"], fresh["label"]
        self.summary.value = f"<p>{escape(pathway_summary(model))}</p>"
        self.table.value = table_html(pathway_table(model), messages.text("pathway.table_caption"))
