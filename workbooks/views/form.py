"""Form: the reflection boxes, optionally with a live preview of the answers as one statement."""

from __future__ import annotations

from html import escape
from typing import cast

import ipywidgets as widgets

from .. import messages
from ..kinds.form import Form
from .common import heading
from .host import Host
from .reflections import ReflectionsView


class FormView(ReflectionsView):
    @property
    def model(self) -> Form:
        return cast(Form, super().model)

    def __init__(self, workbook: Host, exercise: str, preview: str | None = None) -> None:
        # ``preview`` is the message key of the preview's heading; None shows no preview
        self.preview = preview
        self.statement = widgets.HTML()
        super().__init__(workbook, exercise)

    def frame(self, *body: widgets.Widget) -> widgets.VBox:
        if self.preview is None:
            return super().frame(*body)
        return super().frame(*body, heading(self.preview, level=5), self.statement)

    def changed(self) -> None:
        if self.preview is None:
            return
        statement = self.model.statement()
        self.statement.value = (
            f'<p style="font-size:110%">{escape(statement)}</p>' if statement
            else f"<p><em>{escape(messages.text('form.preview_empty'))}</em></p>")
