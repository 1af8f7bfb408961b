"""What every exercise view has: a title, a check button, messages and a saved status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import ipywidgets as widgets

from .. import messages
from ..static import message_html
from .common import Feedback, button, guarded, heading
from .keyboard import KeyboardGuard

if TYPE_CHECKING:
    from ..workbook import Workbook


class ExerciseView:
    """A widget view bound to one exercise model of a workbook."""

    def __init__(self, workbook: "Workbook", exercise: str) -> None:
        self.workbook = workbook
        self.exercise = exercise
        self.feedback = Feedback()
        self.saved = widgets.HTML()
        self.check_button = button("check.button")
        self.check_button.on_click(lambda _: self.show_check())
        workbook.listen(self)

    @property
    def model(self):
        return self.workbook.models[self.exercise]

    @property
    def graded(self) -> bool:
        """False for exercises that are only saved, such as the closing feedback: they get no check button."""
        return self.exercise not in self.workbook.spec.ungraded

    def commit(self, action: Callable[[], str | None]) -> bool:
        """Change the model through ``action``, then save at once."""
        def run() -> str | None:
            done = action()
            self.workbook.save()
            return done
        return guarded(self.feedback, run)

    def show_check(self) -> None:
        result = self.workbook.check_result(self.exercise)
        (self.feedback.ok if result.passed else self.feedback.problem)(result.message)

    def after_save(self, status: str, ok: bool) -> None:
        """Called after every save of the workbook, whichever exercise changed."""
        self.show_saved(status, ok)

    def show_saved(self, status: str, ok: bool) -> None:
        self.saved.value = message_html(status, ok) if not ok else (
            f'<div role="status" aria-live="polite" style="font-size:90%">{status}</div>')

    def refresh(self) -> None:
        """Show the model's current content (after a restore)."""

    def chart_with_text(self) -> widgets.HBox:
        """The view's chart with its text alternative (summary and table) beside it."""
        return widgets.HBox([self.figure, widgets.VBox([self.summary, self.table])],
                            layout=widgets.Layout(flex_flow="row wrap"))

    def frame(self, *body: widgets.Widget) -> widgets.VBox:
        return widgets.VBox([
            KeyboardGuard(),
            heading(f"{self.exercise}.title"),
            widgets.HTML(f"<p>{messages.text(f'{self.exercise}.help')}</p>"),
            *body,
            *([widgets.HBox([self.check_button])] if self.graded else []),
            self.feedback,
            self.saved,
        ])
