"""The ``form`` kind: prompts whose answers join into a statement, the prompts check and the form view."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from model_support import new
from view_support import said, saved, shown, type_answers
from workbooks import Workbook, checks, kinds, messages
from workbooks.kinds.form import Form, prompts_answered
from workbooks.kinds.reflections import Reflections
from workbooks.models import MAX_TEXT
from workbooks.sessions import session4
from workbooks.views.form import FormView


def vision() -> Form:
    return new("session4", "vision")


# ---------------------------------------------------------------- model

def test_form_and_reflections_kinds():
    assert vision().kind == "form"
    assert isinstance(vision(), Reflections)
    assert new("session4", "charter_reflections").kind == "reflections"
    assert not isinstance(new("session4", "charter_reflections"), Form)


def test_statement_joins_the_answers_in_prompt_order_as_sentences():
    form = vision()
    form.set_answer("who", "for researchers")
    form.set_answer("what", "we build a network")
    form.set_answer("impact", "Everyone teaches!")
    form.set_answer("why", "is it fair?")
    assert form.statement() == "We build a network. Is it fair? Everyone teaches! For researchers."


def test_statement_skips_blank_answers_and_tidies_spaces():
    form = vision()
    form.set_answer("what", "  we   build\n a\tnetwork.  ")
    form.set_answer("why", "   ")
    form.set_answer("who", "")
    form.set_answer("impact", "more  teachers")
    assert form.statement() == "We build a network. More teachers."


def test_statement_of_an_empty_form_is_empty():
    assert vision().statement() == ""
    assert vision().is_empty()


def test_statement_keeps_the_rest_of_the_answer_as_typed():
    form = vision()
    form.set_answer("what", "eLife and ORCID users")
    assert form.statement() == "ELife and ORCID users."


def test_statement_adds_no_full_stop_after_a_closing_bracket():
    form = Form("vision", ("what", "why", "impact", "who"))
    form.set_answer("what", "we teach (see notes.)")
    form.set_answer("why", "because it matters")
    assert form.statement() == "We teach (see notes.) Because it matters."


# ---------------------------------------------------------------- check

def words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))


@pytest.mark.parametrize("minimum", [1, 3, 5])
def test_prompts_answered_needs_the_minimum_words_in_every_prompt(minimum, assert_friendly):
    check = prompts_answered(minimum)
    form = vision()
    for prompt in form.prompts:
        form.set_answer(prompt, words(minimum))
    assert check(form) == checks.CheckResult(True, messages.text("check.prompts.pass"))
    form.set_answer("impact", words(minimum - 1) + " ... — !")
    result = check(form)
    assert not result.passed
    assert_friendly(result.message)
    assert f"at least {minimum} word" in result.message
    assert form.label("impact") in result.message
    assert all(form.label(p) not in result.message for p in form.prompts if p != "impact")


# ---------------------------------------------------------------- static HTML

def test_exercise_html_of_an_unanswered_form_says_so():
    html = kinds.render(vision())
    assert html.count(messages.text("static.no_answer")) == 4
    assert html.count("<h4>") == 4


# ---------------------------------------------------------------- view

def test_form_preview_follows_the_typing(workbook4, folder):
    view = workbook4.view("vision")
    assert isinstance(view, FormView) and view.preview == "vision.preview"
    texts = [c.value for c in view.widget.children if isinstance(c, widgets.HTML)]
    assert f"<h5>{messages.text('vision.preview')}</h5>" in texts
    assert said(view.statement) == messages.text("form.preview_empty")
    type_answers(view, what="we build a network  of <peers>")
    assert said(view.statement) == "We build a network of <peers>."
    assert "&lt;peers&gt;" in view.statement.value and "<peers>" not in view.statement.value
    type_answers(view, impact="Everyone teaches!")
    assert said(view.statement) == "We build a network of <peers>. Everyone teaches!"
    assert saved(folder, "session4")["vision"]["answers"]["impact"] == "Everyone teaches!"
    counter = {f["name"]: f["counter"] for f in view.sheet.fields}["what"]
    assert counter == messages.text("reflections.words_of_minimum", count="{count}", minimum=3)


def test_form_without_a_preview_has_none(workbook1):
    view = workbook1.view("origin_story")
    assert isinstance(view, FormView) and view.preview is None
    assert view.statement not in view.widget.children
    type_answers(view, founders="Two researchers.")
    assert view.statement.value == ""
    assert messages.text("form.preview") not in str([c.value for c in view.widget.children
                                                      if isinstance(c, widgets.HTML)])


def test_form_shows_saved_answers_and_statement_when_opened_again(workbook4, folder):
    workbook4.use_example("mission")
    view = Workbook("session4", folder).view("mission")
    answers = session4.SESSION.exercise("mission").example["answers"]
    assert shown(view)["unique"] == answers["unique"]
    assert said(view.statement) == workbook4.models["mission"].statement()
    assert said(view.statement).startswith("This year we run monthly training calls")


def test_form_preview_follows_another_view_and_a_refresh(workbook4):
    first, second = workbook4.view("vision"), workbook4.view("vision")
    type_answers(first, why="because it matters")
    assert said(second.statement) == "Because it matters."
    assert shown(second)["why"] == "because it matters"
    workbook4.models["vision"].set_answer("why", "for fairness")
    second.refresh()
    assert said(second.statement) == "For fairness."
    assert shown(second)["why"] == "for fairness"


def test_form_too_long_is_said_beside_the_box_and_kept_up_to_the_limit(workbook4, folder, assert_friendly):
    view = workbook4.view("vision")
    type_answers(view, what="We build")
    type_answers(view, what="x" * (MAX_TEXT + 1))
    assert str(MAX_TEXT) in assert_friendly(view.sheet.cell_messages["0:what"])
    assert saved(folder, "session4")["vision"]["answers"]["what"] == "x" * MAX_TEXT
    type_answers(view, what="We build")
    assert view.sheet.cell_messages == {} and said(view.statement) == "We build."


def test_form_disk_full_is_explained(workbook4, disk_full, assert_friendly):
    view = workbook4.view("mission")
    type_answers(view, objectives="Run calls")
    assert "No space left on device" in assert_friendly(view.sheet.status["text"])
    assert said(view.statement) == "Run calls."
