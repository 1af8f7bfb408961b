"""The closing feedback at the end of every session: saved with the answers, never checked or graded."""

from __future__ import annotations

import json
from html import escape

import ipywidgets as widgets
import pytest

from view_support import shown, type_answers
from workbooks import Workbook, messages, sessions
from workbooks.answers import Answers, parse_json
from workbooks.handin import describe
from workbooks.kinds import render as exercise_html
from workbooks.kinds.reflections import Reflections
from workbooks.models import AnswerError

SESSION_IDS = [s.id for s in sessions.all_sessions()]
PROMPTS = ("worked", "didnt", "change", "surprised")
TYPED = {"worked": "The pair work", "didnt": "Too little time for the map",
         "change": "Start with an example", "surprised": "How much we agreed"}


def saved(folder, sid: str) -> dict:
    return json.loads((folder / f"{sid}_answers.json").read_text(encoding="utf-8"))


def controls(widget: widgets.Widget) -> list[widgets.Widget]:
    found = [widget] if isinstance(widget, (widgets.Button, widgets.Textarea, widgets.Text)) else []
    for child in getattr(widget, "children", ()):
        found += controls(child)
    return found


def texts(widget: widgets.Widget) -> list[str]:
    found = [widget.value] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        found += texts(child)
    return found


# ---------------------------------------------------------------- model and answers document

@pytest.mark.parametrize("sid", SESSION_IDS)
def test_every_session_ends_with_the_same_ungraded_closing_feedback(sid):
    spec = sessions.get(sid)
    assert "closing_feedback" in spec.ungraded and spec.names.index("closing_feedback") == len(spec.graded)
    assert spec.exercise("closing_feedback").check is None and "closing_feedback" not in spec.graded
    model = spec.exercise("closing_feedback").make()
    assert isinstance(model, Reflections) and model.kind == "reflections"
    assert model.prompts == PROMPTS
    assert model.is_empty()


@pytest.mark.parametrize("sid", SESSION_IDS)
def test_the_feedback_round_trips_in_the_answers_document(sid):
    spec = sessions.get(sid)
    answers = Answers.empty(spec)
    for prompt, text in TYPED.items():
        answers.models["closing_feedback"].set_answer(prompt, text)
    data = answers.to_dict()
    assert data["exercises"]["closing_feedback"] == {"answers": TYPED}
    again = parse_json(spec, answers.to_json())
    assert again.problems == []
    assert again.models["closing_feedback"].answers == TYPED


def test_the_worked_examples_are_complete_and_differ_by_session():
    examples = [sessions.get(sid).exercise("closing_feedback").example for sid in SESSION_IDS]
    for example in examples:
        assert set(example["answers"]) == set(PROMPTS) and all(example["answers"].values())
    assert len({json.dumps(e, sort_keys=True) for e in examples}) == len(SESSION_IDS)


def test_a_damaged_feedback_resets_only_itself(assert_friendly):
    spec = sessions.get("session2")
    answers = Answers.empty(spec)
    answers.models["purpose_outcomes"].load(spec.exercise("purpose_outcomes").example)
    data = answers.to_dict()
    data["exercises"]["closing_feedback"] = {"answers": {"worked": 42}}
    again = parse_json(spec, json.dumps(data))
    assert len(again.problems) == 1 and messages.text("closing_feedback.title") in again.problems[0]
    assert_friendly(again.problems[0])
    assert again.models["closing_feedback"].is_empty()
    assert again.models["purpose_outcomes"].to_dict() == spec.exercise("purpose_outcomes").example


@pytest.mark.parametrize("sid", SESSION_IDS)
def test_the_hand_in_summary_counts_only_graded_exercises(sid):
    spec = sessions.get(sid)
    answers = Answers.empty(spec)
    answers.models["closing_feedback"].set_answer("worked", "Everything")
    assert describe(answers) == messages.text("handin.summary", started=0, total=len(spec.graded))
    for name in spec.graded:
        answers.models[name].load(spec.exercise(name).example)
    assert describe(answers) == messages.text("handin.summary", started=len(spec.graded), total=len(spec.graded))


def test_there_is_no_check_to_run():
    answers = Answers.empty(sessions.get("session3"))
    with pytest.raises(AnswerError):
        answers.check("closing_feedback")


# ---------------------------------------------------------------- the view

@pytest.mark.parametrize("sid", SESSION_IDS)
def test_the_view_has_a_labelled_box_per_prompt_and_no_check_button(folder, sid):
    workbook = Workbook(sid, folder)
    view = workbook.view("closing_feedback")
    assert not view.graded
    assert controls(view.widget) == [], "the boxes are the sheet's own; there is no check button"
    assert view.check_button not in view.widget.children
    assert view.sheet.layout == "form"
    for f in view.sheet.fields:
        assert f["label"] == messages.text(f"closing_feedback.prompt.{f['name']}") and f["multiline"]
        assert f["placeholder"] == messages.text("closing_feedback.placeholder")
        assert f["counter"] == "", "no word count: length does not matter here"
    shown = texts(view.widget)
    assert f"<h4>{messages.text('closing_feedback.title')}</h4>" in shown
    assert f"<p>{messages.text('closing_feedback.help')}</p>" in shown
    count = messages.text("reflections.words", count=0)
    assert not any(count in t for t in shown), "no word count: length does not matter here"


def test_the_help_says_it_is_not_graded_and_read_without_names():
    help_text = messages.text("closing_feedback.help")
    assert "not graded" in help_text and "without names" in help_text


def test_graded_reflections_keep_their_check_button_and_word_counts(folder):
    view = Workbook("session2", folder).view("reflections")
    assert view.graded and view.check_button in controls(view.widget)
    assert all(f["placeholder"] == messages.text("reflections.placeholder") for f in view.sheet.fields)
    assert all("{count}" in f["counter"] for f in view.sheet.fields)


@pytest.mark.parametrize("sid", SESSION_IDS)
def test_typing_saves_at_once_and_a_restore_brings_it_back(folder, tmp_path_factory, sid):
    workbook = Workbook(sid, folder)
    view = workbook.view("closing_feedback")
    type_answers(view, **TYPED)
    assert saved(folder, sid)["exercises"]["closing_feedback"] == {"answers": TYPED}
    assert "saved" in view.sheet.status["text"].lower()

    elsewhere = tmp_path_factory.mktemp("elsewhere")
    fresh = Workbook(sid, elsewhere)
    other = fresh.view("closing_feedback")
    fresh.restore(f"{sid}_answers.json", (folder / f"{sid}_answers.json").read_bytes())
    assert shown(other) == TYPED
    assert saved(elsewhere, sid)["exercises"]["closing_feedback"] == {"answers": TYPED}

    assert Workbook(sid, folder).models["closing_feedback"].answers == TYPED  # opened again


def test_use_example_fills_the_feedback(folder):
    workbook = Workbook("session4", folder)
    workbook.use_example("closing_feedback")
    assert saved(folder, "session4")["exercises"]["closing_feedback"] == \
        sessions.get("session4").exercise("closing_feedback").example


# ---------------------------------------------------------------- under nbgrader

def test_under_nbgrader_the_feedback_is_not_shown_beside_the_participant(folder, monkeypatch):
    import IPython.display

    writer = Workbook("session1", folder)
    type_answers(writer.view("closing_feedback"), **TYPED)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    graded = Workbook("session1", folder)
    assert graded.read_only and graded.models["closing_feedback"].answers == TYPED
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    graded.show("closing_feedback")
    html = "".join(o.data for o in shown)
    assert html == f"<p>{escape(messages.text('static.not_graded'))}</p>"
    assert not any(text in html for text in TYPED.values())


def test_the_static_html_still_renders_the_feedback_for_the_participants_own_pages():
    model = sessions.get("session2").exercise("closing_feedback").make()
    model.set_answer("worked", "<b>Pairs</b>")
    html = exercise_html(model)
    assert "&lt;b&gt;Pairs&lt;/b&gt;" in html and html.count("<h4>") == 4
