"""Shared pieces of the widget views: labelled controls and message areas."""

from __future__ import annotations

import copy
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets

from .. import messages
from ..exercises import Exercise
from ..models import AnswerError
from ..static import message_html
from .keyboard import EXAMPLE_CLASS

LABEL_STYLE = {"description_width": "12em"}


def button(key: str) -> widgets.Button:
    label = messages.text(key)
    return widgets.Button(description=label, tooltip=label, layout=widgets.Layout(width="auto"))


def heading(key: str, level: int = 4) -> widgets.HTML:
    return widgets.HTML(f"<h{level}>{messages.text(key)}</h{level}>")


def example_html(exercise: Exercise[Any]) -> str:
    """The exercise's worked example, folded away until asked for: plain HTML, so it opens without the kernel,
    and it is never an answer, so nothing in it can be saved."""
    from ..kinds import render

    model = exercise.make()
    model.load(copy.deepcopy(exercise.example))
    return (f'<details class="{EXAMPLE_CLASS}"><summary>{escape(messages.text("example.show"))}</summary>'
            f'<div role="note" aria-label="{escape(messages.text("example.label"))}">'
            f'<p><em>{escape(messages.text("example.note"))}</em></p>{render(model)}</div></details>')


class Feedback(widgets.HTML):
    """Where a view tells the participant what happened, in words."""

    def ok(self, text: str) -> None:
        self.value = message_html(text, ok=True)

    def problem(self, text: str) -> None:
        self.value = message_html(text, ok=False)

    def clear(self) -> None:
        self.value = ""


def guarded(feedback: Feedback, action: Callable[[], str | None]) -> bool:
    """Run ``action``; show its message, or the friendly reason it failed. Never raises."""
    try:
        done = action()
    except AnswerError as problem:
        feedback.problem(str(problem))
        return False
    except Exception as problem:  # a participant never sees a traceback
        feedback.problem(messages.text("error.unexpected", reason=type(problem).__name__))
        return False
    if done:
        feedback.ok(done)
    return True
