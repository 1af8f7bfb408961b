"""The Community Canvas: nine boxes (a ``Sheet`` laid out as a form), a button that starts empty boxes from
earlier sessions' answers, the canvas as one page, and a download of that page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from .. import messages
from ..handin import HANDIN_SEPARATOR
from ..kinds.canvas import Canvas, Source, canvas_grid, canvas_page, earlier_text
from ..store import saved_nearby
from .base import SheetView
from .charter import download_link
from .common import button, guarded
from .host import Host
from .sheet import Rows, Sheet, field


def earlier_models(folder: Path, sessions: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The saved answers of ``sessions`` near this notebook (``store.saved_nearby``): session -> exercise -> model."""
    return {session: answers.models for session, answers in saved_nearby(folder, sessions).items()}


class CanvasView(SheetView[Canvas]):
    def __init__(self, workbook: Host, exercise: str,
                 earlier: Mapping[str, Sequence[Source]] | None = None) -> None:
        super().__init__(workbook, exercise)
        self.earlier = dict(earlier or {})
        model = self.canvas
        self.bring = button("canvas.bring")
        self.bring.on_click(lambda _: guarded(self.feedback, self.bring_earlier))
        self.grid = widgets.HTML()
        self.link = widgets.HTML()
        self.show(Sheet([field(box, f"{n}. {model.label(box)}", multiline=True, hint=model.question(box),
                               placeholder=messages.text("canvas.placeholder"))
                         for n, box in enumerate(model.prompts, 1)],
                        layout="form", rows=self.rows(), storage_key=workbook.browser_key(exercise)),
                  widgets.HTML(f"<h5>{messages.text('canvas.preview')}</h5>"), self.grid, self.link,
                  before=[widgets.HBox([self.bring])] if self.earlier else [])

    @property
    def canvas(self) -> Canvas:
        return self.model

    def take(self, rows: Rows) -> dict[str, str]:
        return self.canvas.set_answers(rows[0])

    def rows(self) -> Rows:
        return [{box: self.canvas.answers.get(box, "") for box in self.canvas.prompts}]

    def bring_earlier(self) -> str:
        """Fill the empty boxes from earlier sessions' answers; a box with text in it is left alone."""
        folder = self.workbook.folder
        sessions = sorted({session for sources in self.earlier.values() for session, _, _ in sources})
        found = earlier_models(folder, sessions)
        filled = []
        for box, sources in self.earlier.items():
            text = earlier_text(sources, found)
            if text and not self.canvas.answer(box):
                self.canvas.set_answer(box, text)
                filled.append(self.canvas.label(box))
        if not filled:
            return messages.text("canvas.nothing_found" if not found else "canvas.nothing_to_fill")
        self.workbook.save()
        self.refresh()
        return messages.text("canvas.brought", boxes=", ".join(filled))

    def changed(self) -> None:
        model = self.canvas
        self.grid.value = canvas_grid(model)
        participant = self.workbook.answers.participant_id
        page = Path("canvas").with_suffix(".html").name
        name = f"{participant}{HANDIN_SEPARATOR}{page}" if participant else page
        self.link.value = ("" if model.is_empty() else
                           f"<p>{download_link(name, 'text/html', canvas_page(model, participant), 'canvas.save')}</p>")
