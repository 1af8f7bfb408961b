"""The ``reflections`` kind: free-text answers to prompts, the word-count check and the reflections view."""

from __future__ import annotations

import pytest

from model_support import raises
from view_support import saved, shown, type_answers
from workbooks import checks, messages
from workbooks.answers import Answers
from workbooks.kinds.reflections import Reflections, word_count
from workbooks.models import MAX_TEXT
from workbooks.sessions.session2 import SESSION


def reflections() -> Reflections:
    return SESSION.exercise("reflections").make()


# ---------------------------------------------------------------- model

def test_reflections_keep_what_was_typed_and_answer_is_trimmed():
    model = reflections()
    assert model.is_empty()
    model.set_answer("purpose", "  We share methods.\n")
    assert model.answers["purpose"] == "  We share methods.\n"
    assert model.answer("purpose") == "We share methods."
    assert model.answer("stakeholders") == ""
    assert not model.is_empty()


def test_whitespace_only_reflections_count_as_empty():
    model = reflections()
    model.set_answer("purpose", " \n\t ")
    assert model.is_empty()


def test_reflections_refuse_unknown_prompts_non_text_and_too_long(assert_friendly):
    model = reflections()
    model.set_answer("purpose", "x" * MAX_TEXT)
    raises("error.bad_exercise", lambda: model.set_answer("lunch", "Soup"), assert_friendly)
    error = raises("error.not_text", lambda: model.set_answer("purpose", 5), assert_friendly)
    assert "purpose of your community" in str(error)
    raises("error.too_long", lambda: model.set_answer("purpose", "x" * (MAX_TEXT + 1)), assert_friendly)
    assert model.answers == {"purpose": "x" * MAX_TEXT}


def test_reflections_round_trip_with_every_prompt_present():
    model = reflections()
    model.set_answer("stakeholders", "Mentors and funders.")
    data = model.to_dict()
    assert data == {"answers": {"purpose": "", "stakeholders": "Mentors and funders.", "participation": ""}}
    again = reflections()
    again.load(data)
    assert again.to_dict() == data


@pytest.mark.parametrize("data", [{}, {"answers": ["x"]}, {"answers": {"lunch": "Soup"}}])
def test_reflections_load_refuses_the_wrong_shape(data, assert_friendly):
    raises("error.bad_exercise", lambda: reflections().load(data), assert_friendly)


@pytest.mark.parametrize("text, words", [
    ("", 0), ("   \n\t", 0), ("one", 1), ("one two  three\nfour", 4),
    ("Hello, world! — ok.", 3), ("... ; — !", 0), ("café naïve über", 3), ("In 2024 we met", 4),
])
def test_word_count(text, words):
    assert word_count(text) == words


# ---------------------------------------------------------------- check

def answers() -> Answers:
    return Answers.empty(SESSION)


def check(a: Answers, exercise: str) -> checks.CheckResult:
    return a.check(exercise)


def words(n: int) -> str:
    return " ".join(f"word{i}," for i in range(n))


def prompt_label(prompt: str) -> str:
    return SESSION.exercise("reflections").make().label(prompt)


def test_reflections_pass_at_fifteen_words_each():
    a = answers()
    for prompt in a.models["reflections"].prompts:
        a.models["reflections"].set_answer(prompt, words(15))
    assert check(a, "reflections").passed


@pytest.mark.parametrize("short", ["purpose", "stakeholders", "participation"])
def test_reflections_hint_names_only_the_short_answers(short):
    a = answers()
    for prompt in a.models["reflections"].prompts:
        a.models["reflections"].set_answer(prompt, words(14 if prompt == short else 40))
    result = check(a, "reflections")
    assert not result.passed
    assert "15" in result.message
    for prompt in a.models["reflections"].prompts:
        assert (prompt_label(prompt) in result.message) == (prompt == short), prompt


def test_punctuation_and_spaces_are_not_words():
    a = answers()
    for prompt in a.models["reflections"].prompts:
        a.models["reflections"].set_answer(prompt, words(14) + " — ... !!! \n\n  ")
    result = check(a, "reflections")
    assert not result.passed
    assert all(prompt_label(p) in result.message for p in a.models["reflections"].prompts)


# ---------------------------------------------------------------- view

def counted(count: int, minimum: int = 15) -> str:
    """What a graded reflection box says under it: session 2's reflections need 15 words each."""
    return messages.text("reflections.words_of_minimum", count=count, minimum=minimum)


def test_reflections_typing_saves_and_counts_words_towards_the_minimum_shown_from_the_start(workbook, folder):
    """The box's live count is drawn by the browser from a template with the minimum already in it."""
    view = workbook.view("reflections")
    counters = {f["name"]: f["counter"] for f in view.sheet.fields}
    assert list(counters) == list(workbook.models["reflections"].prompts)
    assert all(c.replace("{count}", "0") == counted(0) and "at least 15" in c for c in counters.values())
    type_answers(view, purpose="We help early-career researchers share methods.")
    assert saved(folder, "session2")["reflections"]["answers"]["purpose"] == \
        "We help early-career researchers share methods."
    assert word_count(shown(view)["purpose"]) == 7
