"""What a check says: a pass or a friendly hint.

Each kind's checks (in ``workbooks/kinds/``) are pure functions over the saved
answers; the same functions back the "Check my work" buttons and the
autograded test cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import messages


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    message: str


def verdict(passed: bool, key: str, **params: object) -> CheckResult:
    """A check's result, with its message from the messages table."""
    return CheckResult(passed, messages.text(key, **params))


class StillToDo(AssertionError):
    """An exercise not done yet, as a check cell reports it under nbgrader. IPython shows an exception
    that has ``_render_traceback_`` as those lines alone, so nbgrader's Validate dialog, the formgrader
    and the feedback page show the hint, never a traceback quoting our code."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]
