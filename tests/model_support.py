"""Helpers for tests of the exercise models: a declared model, its worked example, a refused answer."""

from __future__ import annotations

import copy

import pytest

from workbooks import messages, sessions
from workbooks.answers import Answers
from workbooks.models import AnswerError, ExerciseModel


def raises(key: str, action, assert_friendly) -> AnswerError:
    """Runs ``action``, which must refuse with the friendly AnswerError ``key``."""
    with pytest.raises(AnswerError) as caught:
        action()
    assert caught.value.key == key, str(caught.value)
    assert_friendly(caught.value)
    return caught.value


def new(session_id: str, name: str) -> ExerciseModel:
    """A new, empty model of the declared exercise ``name``."""
    return sessions.get(session_id).exercise(name).make()


def example_model(session_id: str, name: str) -> ExerciseModel:
    """The declared model of exercise ``name``, loaded with its worked example."""
    model = new(session_id, name)
    model.load(copy.deepcopy(sessions.get(session_id).exercise(name).example))
    return model


def example_answers(session_id: str) -> Answers:
    """A session's answers with every exercise's worked example."""
    spec = sessions.get(session_id)
    answers = Answers.empty(spec)
    for name, data in ((e.name, e.example) for e in spec.exercises):
        answers.models[name].load(copy.deepcopy(data))
    return answers


def title(name: str) -> str:
    return messages.text(f"{name}.title")


def add_model_row(model, values: dict) -> dict[str, str]:
    """A row typed below a table model's rows; returns the problems said beside cells."""
    return model.set_rows([*model.rows, values])
