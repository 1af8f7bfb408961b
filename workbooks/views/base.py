"""What every exercise view has: a title, a check button, messages and a saved status."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Generic, TypeVar, cast

import ipywidgets as widgets

from .. import messages
from ..models import ExerciseModel
from .common import Feedback, button, example_html, guarded, heading
from .host import Host
from .keyboard import exercise_box
from .sheet import Rows, Sheet

M = TypeVar("M", bound=ExerciseModel)


class ExerciseView(Generic[M]):
    """A widget view bound to one exercise model (of kind ``M``) of a workbook."""

    widget: widgets.Widget
    _quiet = False  # set while the view shows the model, so its change handlers save nothing back
    _typing = False  # set while the view takes in what the participant typed (views built on a Sheet)

    def __init__(self, workbook: Host, exercise: str) -> None:
        self.workbook = workbook
        self.exercise = exercise
        self.feedback = Feedback()
        self.check_button = button("check.button")
        self.check_button.on_click(lambda _: self.show_check())
        workbook.listen(self)

    @property
    def model(self) -> M:
        return cast(M, self.workbook.models[self.exercise])

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
        """Say whether the last save worked, in the view's own status line (the sheet's, the map's)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Show the model's current content (after a restore)."""

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Set widgets from the model without their change handlers taking it as typing."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    def frame(self, *body: widgets.Widget) -> widgets.VBox:
        """The exercise's box: its title, help and worked example, then ``body``, the check button and its message.
        The saved status is in the body (the sheet's or the map's own status line)."""
        declared = self.workbook.spec.exercise(self.exercise)
        return exercise_box(
            heading(f"{self.exercise}.title"),
            widgets.HTML(f"<p>{messages.text(f'{self.exercise}.help')}</p>"),
            *([widgets.HTML(example_html(declared))] if declared.shows_example else []),
            *body,
            *([widgets.HBox([self.check_button])] if self.graded else []),
            self.feedback,
        )


class SheetView(ExerciseView[M]):
    """An exercise typed into a ``Sheet``: the sheet sends all of it with every change, the view hands it
    to the model, shows the problems beside their boxes and saves; the sheet shows the saved status."""

    sheet: Sheet

    def take(self, rows: Rows) -> dict[str, str]:
        """Give the model what is on screen; returns the problems to show beside boxes."""
        raise NotImplementedError

    def rows(self) -> Rows:
        """What the sheet shows of the model."""
        raise NotImplementedError

    def problems(self) -> dict[str, str]:
        """The problems to show beside boxes for what the model holds."""
        return {}

    def shows_model(self) -> bool:
        """Whether the sheet shows what the model holds. A box with a problem beside it (text the model
        refused) counts as shown: it keeps what was typed until the participant changes it."""
        shown, held, problems = self.sheet.rows, self.rows(), self.sheet.cell_messages
        return len(shown) == len(held) and all(
            row.get(name, "") == value or f"{r}:{name}" in problems
            for r, (row, wanted) in enumerate(zip(shown, held, strict=True)) for name, value in wanted.items())

    def changed(self) -> None:
        """Called after the model changed (a view redraws what else it shows of it: a chart, a statement)."""

    def _typed(self, rows: Rows, _reason: str) -> None:
        self._typing = True  # this sheet shows what was typed already: its after_save leaves it alone
        try:
            self.sheet.cell_messages = self.take(rows)
            self.changed()
            self.workbook.save()  # raises when it cannot save: the sheet then keeps its copy in the browser
        finally:
            self._typing = False

    def after_save(self, status: str, ok: bool) -> None:
        super().after_save(status, ok)
        # Another view of this exercise (its cell run twice) changed it: show that here too, so what this
        # sheet sends next includes it.
        if not self._typing and not self.shows_model():
            self.refresh()

    def show_saved(self, status: str, ok: bool) -> None:
        # In the sheet's own status line, which stops saying "Saved" the moment the kernel is gone.
        self.sheet.status = {"text": status, "ok": None if ok else False}

    def refresh(self) -> None:
        self.sheet.rows = self.rows()
        self.sheet.cell_messages = self.problems()
        self.changed()

    def show(self, sheet: Sheet, *after: widgets.Widget, before: Sequence[widgets.Widget] = ()) -> None:
        """Put ``sheet`` in the exercise's box, with whatever the view shows ``before`` and ``after`` it."""
        self.sheet = sheet
        sheet.cell_messages = self.problems()
        sheet.on_rows(self._typed)
        self.widget = self.frame(*before, sheet, *after)
        self.changed()
