"""The workbook of one session: what a notebook's cells call.

``workbook = open_workbook("session2")`` restores the participant's answers and
shows where they are saved; ``workbook.show(...)`` shows an exercise,
``check("session2", ...)`` (the test cells) checks one, and ``workbook.hand_in()``
shows the download and restore controls. Under nbgrader the workbook only reads
answers, shows them as static tables, and its checks raise when they fail.
"""

from __future__ import annotations

import os
import sys
import threading
import weakref
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from . import messages, sessions
from .answers import Answers, readable_time
from .checks import CheckResult, StillToDo
from .handin import build_handin, describe, read_upload
from .kernel_messages import keep_widget_messages_in_order
from .models import AnswerError, ExerciseModel
from .notebook_copy import answers_bundle
from .store import AnswerStore


def under_nbgrader() -> bool:
    """True while nbgrader autogrades or validates the notebook."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def current_notebook(folder: Path) -> Path | None:
    """The notebook this kernel belongs to, when the Jupyter server says so."""
    name = os.environ.get("JPY_SESSION_NAME", "")
    path = folder / Path(name).name
    return path if name.endswith(".ipynb") and path.is_file() else None


class Workbook:
    def __init__(self, session_id: str, folder: Path | str | None = None,
                 read_only: bool | None = None) -> None:
        self.spec = sessions.get(session_id)
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.read_only = under_nbgrader() if read_only is None else read_only
        notebook = self.folder / self.spec.notebook if self.read_only else current_notebook(self.folder)
        self.store = AnswerStore(self.spec, self.folder, notebook, self.read_only)
        self.answers, self.notices = self.store.load()
        self._views: weakref.WeakSet = weakref.WeakSet()
        self._handle: Any = None
        self.status = messages.text("status.not_saved_yet")

    @property
    def models(self) -> dict[str, ExerciseModel]:
        return self.answers.models

    # -- saving -----------------------------------------------------------

    def listen(self, view: Any) -> None:
        self._views.add(view)

    def save(self) -> None:
        """Save now, mirror into the notebook, and tell every view. Raises AnswerError."""
        if self.read_only:
            return
        try:
            self.store.save(self.answers)
        except AnswerError as problem:
            self.status = str(problem)
            self._tell_views(ok=False)
            raise
        when = datetime.now().strftime("%H:%M:%S")
        self.status = messages.text("status.saved", time=when, file=self.store.path.name)
        self._publish()
        self._tell_views(ok=True)

    def browser_key(self, exercise: str) -> str:
        """Where the browser keeps its own copy of an exercise's answers (its localStorage key): one per
        answers file, so two copies of a notebook in two folders never share it."""
        return f"workbooks/{self.spec.id}/{exercise}/{self.store.path.resolve()}"

    def _tell_views(self, ok: bool) -> None:
        for view in list(self._views):
            view.after_save(self.status, ok)

    def summary(self) -> str:
        lines = [self.status, describe(self.answers)]
        if in_browser() and not self.read_only:
            lines.append(messages.text("status.in_browser"))
        return "\n\n".join(lines + self.notices)

    def bundle(self) -> dict[str, Any]:
        return answers_bundle(self.answers, self.summary())

    def _publish(self) -> None:
        if self._handle is not None:
            self._handle.update(self.bundle(), raw=True)

    def display_status(self) -> None:
        """Show the saved status; the output also carries the answers inside the notebook."""
        from IPython.display import display

        if self.read_only:
            self.status = messages.text("status.graded", saved_at=readable_time(self.answers.saved_at))
        elif self.store.path.exists():
            self.status = messages.text("status.restored", file=self.store.path.name)
        self._handle = display(self.bundle(), raw=True, display_id=True)

    # -- exercises --------------------------------------------------------

    def view(self, exercise: str):
        """The widget view of ``exercise`` (see ``workbooks.views``)."""
        from .views import make_view

        if exercise not in self.models:
            raise AnswerError("error.unknown_exercise", exercise=exercise)
        return make_view(self, exercise)

    def show(self, exercise: str) -> None:
        from IPython.display import HTML, display

        if self.read_only:
            from .kinds import render
            from .static import paragraph

            if self.spec.exercise(exercise).ungraded:  # graders read it only in the cohort summary, without names
                display(HTML(paragraph(messages.text("static.not_graded"))))
                return
            display(HTML(render(self.models[exercise])))
            return
        try:
            display(self.view(exercise).widget)
        except AnswerError as problem:
            from .static import paragraph

            display(HTML(paragraph(str(problem))))

    def use_example(self, exercise: str) -> None:
        """Fill ``exercise`` with the session's worked example (used by solution notebooks)."""
        self.models[exercise].load(self.spec.exercise(exercise).example)
        self.save()

    def check_result(self, exercise: str) -> CheckResult:
        return self.answers.check(exercise)

    def check(self, exercise: str) -> None:
        """Show whether ``exercise`` is complete; under nbgrader, fail the test cell if not."""
        from IPython.display import HTML, display

        from .static import message_html, note_html

        result = self.check_result(exercise)
        if under_nbgrader() and not result.passed:
            raise StillToDo(result.message)
        if not result.passed and self.models[exercise].is_empty():  # not a problem yet: nothing is done
            display(HTML(note_html(messages.text("check.not_started"))))
            return
        display(HTML(message_html(result.message, result.passed)))

    # -- hand-in and restore ---------------------------------------------

    def notebook_path(self) -> Path:
        return current_notebook(self.folder) or self.folder / self.spec.notebook

    def hand_in_file(self) -> tuple[str, bytes]:
        self.save()
        return build_handin(self.answers, self.notebook_path(), self.summary())

    def restore(self, filename: str, content: bytes) -> Answers:
        """Replace the answers with those of an uploaded file; the current ones are kept aside."""
        restored = read_upload(self.spec, filename, content)
        if self.store.path.exists() and not self.answers.is_empty():
            self.store.set_aside("before-restore")
        restored.participant_id = restored.participant_id or self.answers.participant_id
        self.answers = restored
        self.notices = list(restored.problems)
        try:
            self.save()
        finally:
            for view in list(self._views):
                view.refresh()
        return restored

    def charter(self) -> None:
        """Show the controls that assemble and download the community charter (Session 4)."""
        from IPython.display import HTML, display

        if self.read_only:
            from .charter import markdown

            display(HTML(f"<pre>{escape(markdown(self.answers))}</pre>"))
            return
        from .views.charter import CharterView

        display(CharterView(self).widget)

    def hand_in(self) -> None:
        from IPython.display import display

        from .views.handin import HandInView

        if self.read_only:
            return
        view = HandInView(self)
        display(view.widget)


_opened: dict[str, Workbook] = {}


def _workbook(session_id: str) -> Workbook:
    """The session's workbook in this kernel, opened on first use.

    Opened again in the same kernel (the setup cell run twice), it is the same
    workbook, so widgets already on screen and new ones share one set of answers.
    """
    workbook = _opened.get(session_id)
    if workbook is None or workbook.folder != Path.cwd():
        workbook = _opened[session_id] = Workbook(session_id)
        if not workbook.read_only:
            keep_widget_messages_in_order()
            load_chart_widgets()
    return workbook


def open_workbook(session_id: str) -> Workbook:
    """Open a session's workbook in a notebook and show where answers are saved (the setup cell)."""
    workbook = _workbook(session_id)
    workbook.display_status()
    return workbook


# What the notebook's other cells call. Each opens the workbook itself, so a participant who runs
# any cell before the setup cell still gets their exercise, not a NameError.

def show(session_id: str, exercise: str) -> None:
    _workbook(session_id).show(exercise)


def use_example(session_id: str, exercise: str) -> None:
    """Fill ``exercise`` with its worked example (solution notebooks only; nbgrader removes the call)."""
    _workbook(session_id).use_example(exercise)


def hand_in(session_id: str) -> None:
    _workbook(session_id).hand_in()


def show_charter(session_id: str) -> None:
    _workbook(session_id).charter()


def in_browser() -> bool:
    """Whether this kernel runs in the web page itself (Pyodide, in the in-browser edition, lite/)."""
    return sys.platform == "emscripten"


def load_chart_widgets() -> None:
    """Load plotly's chart widget on a fresh thread, and wait for it.

    On Python 3.11 these imports run about a second slower when the call stack
    is deep at that moment (CPython gh-142183; see benchmarks/README.md). A new
    thread starts with an empty stack, so where this is called from no longer
    matters. Nothing else runs meanwhile: the caller waits. Where there are no
    threads (Pyodide, in the in-browser edition) it loads here.
    """
    def load() -> None:
        import plotly.graph_objects as go

        go.FigureWidget  # noqa: B018 (the attribute access is the lazy import)

    if in_browser():
        load()
        return
    loader = threading.Thread(target=load, name="load-chart-widgets")
    loader.start()
    loader.join()


def check(session_id: str, exercise: str) -> None:
    """What a test cell calls: check the open workbook, or the saved answers if none is open.

    It does not depend on the setup cell, which nbgrader cannot put back if it was deleted.
    """
    workbook = _opened.get(session_id) or Workbook(session_id, read_only=True)
    workbook.check(exercise)
