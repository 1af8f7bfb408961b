"""The ``sharing`` kind: what a participant lets the cohort gallery show, how their name appears, and its view."""

from __future__ import annotations

import json

import pytest

from model_support import new, raises
from view_support import said, saved, shown, type_answers
from workbooks import Workbook, kinds, messages, sessions
from workbooks.answers import Answers, parse, parse_json
from workbooks.kinds.sharing import CREDIT, MAX_NAME, NAME, NAMED, SHARE, Sharing, sharing_summary
from workbooks.views.sharing import SharingView

OFFERING = [s.id for s in sessions.all_sessions() if "sharing" in s.names]


def choice() -> Sharing:
    return new("session3", "sharing")  # type: ignore[return-value]


# ---------------------------------------------------------------- model

@pytest.mark.parametrize("sid", OFFERING)
def test_everything_starts_private_and_without_a_name(sid):
    model = new(sid, "sharing")
    assert isinstance(model, Sharing) and model.is_empty()
    assert model.shared() == [] and model.shown_name() == ""
    assert model.to_dict() == {"answers": dict.fromkeys((*model.outputs, CREDIT, NAME), "")}
    assert sharing_summary(model) == messages.text("sharing.summary.nothing")


def test_only_the_outputs_chosen_are_shared_in_the_order_offered():
    model = choice()
    assert model.outputs == ("mountain", "bring_document")
    model.set("bring_document", SHARE)
    assert model.shared() == ["bring_document"]
    model.set("mountain", SHARE)
    assert model.shared() == ["mountain", "bring_document"]
    model.set("bring_document", "")
    assert model.shared() == ["mountain"]


def test_the_name_shows_only_when_asked_for_and_written():
    model = choice()
    model.set(NAME, "  Sam,   library   network ")
    assert model.value(NAME) == "Sam, library network" and model.shown_name() == ""  # written, not asked for
    model.set(CREDIT, NAMED)
    assert model.shown_name() == "Sam, library network"
    model.set(NAME, "")
    assert model.shown_name() == ""  # asked for, but no name to show


def test_the_summary_says_what_will_be_shown_and_how():
    model = choice()
    model.set("mountain", SHARE)
    mountain = messages.text("sharing.output.mountain")
    assert sharing_summary(model) == messages.text("sharing.summary.anonymous", outputs=mountain)
    model.set(CREDIT, NAMED)
    assert sharing_summary(model) == messages.text("sharing.summary.name_missing", outputs=mountain)
    model.set(NAME, "Sam")
    assert sharing_summary(model) == messages.text("sharing.summary.named", outputs=mountain, name="Sam")
    assert kinds.render(model) == f"<p>{sharing_summary(model)}</p>"


@pytest.mark.parametrize("field, value, key", [
    ("mountain", "yes", "error.unknown_option"),
    ("mountain", NAMED, "error.unknown_option"),
    (CREDIT, SHARE, "error.unknown_option"),
    (NAME, "x" * (MAX_NAME + 1), "error.too_long"),
    (NAME, 3, "error.not_text"),
    ("charter", SHARE, "error.bad_exercise"),   # not offered in session 3
])
def test_values_it_cannot_take_are_refused_in_words_and_change_nothing(field, value, key, assert_friendly):
    model = choice()
    model.set("mountain", SHARE)
    before = model.to_dict()
    raises(key, lambda: model.set(field, value), assert_friendly)
    assert model.to_dict() == before


def test_the_choice_round_trips_in_the_answers_file():
    spec = sessions.get("session3")
    answers = Answers.empty(spec)
    answers.models["sharing"].load(spec.exercise("sharing").example)
    again = parse_json(spec, answers.to_json())
    assert again.problems == []
    assert again.models["sharing"].shared() == ["mountain", "bring_document"]
    assert again.models["sharing"].shown_name() == "Sam, data stewards network"


@pytest.mark.parametrize("data", [{}, {"answers": ["share"]}, {"answers": {"mountain": True}},
                                  {"answers": {"mountain": "always"}}, {"answers": {"elsewhere": "share"}}])
def test_a_damaged_choice_loads_as_nothing_shared(data):
    spec = sessions.get("session3")
    document = json.loads(Answers.empty(spec).to_json())
    document["exercises"]["sharing"] = data
    answers = parse(spec, document)
    assert answers.models["sharing"].shared() == [] and len(answers.problems) == 1


def test_outputs_must_be_named_once_each():
    for outputs in ((), ("map", "map"), ("map", NAME)):
        with pytest.raises(ValueError):
            Sharing("sharing", outputs)


# ---------------------------------------------------------------- view

def test_the_view_offers_a_labelled_list_per_output_then_the_name(workbook3, folder):
    view = workbook3.view("sharing")
    assert isinstance(view, SharingView)
    fields = view.sheet.fields
    assert [f["name"] for f in fields] == ["mountain", "bring_document", CREDIT, NAME]
    assert [f["label"] for f in fields] == [messages.text("sharing.output.mountain"),
                                            messages.text("sharing.output.bring_document"),
                                            messages.text("sharing.field.credit"), messages.text("sharing.field.name")]
    private, share = ["", messages.text("sharing.keep_private")], [SHARE, messages.text("sharing.share")]
    assert fields[0]["options"] == fields[1]["options"] == [private, share]
    assert fields[0]["options"][0][0] == "", "the first choice, shown until one is made, keeps the work private"
    assert fields[2]["options"][0] == ["", messages.text("sharing.anonymous")]
    assert fields[3]["options"] == []
    assert view.check_button not in view.widget.children, "nothing to check: it is not graded"
    assert said(view.summary) == messages.text("sharing.summary.nothing")
    assert not (folder / "session3_answers.json").exists()


def test_choosing_saves_at_once_and_the_summary_follows(workbook3, folder):
    view = workbook3.view("sharing")
    type_answers(view, mountain=SHARE)
    assert saved(folder, "session3")["sharing"]["answers"]["mountain"] == SHARE
    type_answers(view, credit=NAMED, name="Sam")
    assert saved(folder, "session3")["sharing"]["answers"] == {
        "mountain": SHARE, "bring_document": "", CREDIT: NAMED, NAME: "Sam"}
    assert said(view.summary) == messages.text(
        "sharing.summary.named", outputs=messages.text("sharing.output.mountain"), name="Sam")
    type_answers(view, mountain="")  # changing one's mind
    assert saved(folder, "session3")["sharing"]["answers"]["mountain"] == ""
    assert said(view.summary) == messages.text("sharing.summary.nothing")


def test_a_name_too_long_is_said_beside_its_box_and_the_rest_is_kept(workbook3, folder, assert_friendly):
    view = workbook3.view("sharing")
    type_answers(view, mountain=SHARE, name="x" * (MAX_NAME + 1))
    assert assert_friendly(view.sheet.cell_messages[f"0:{NAME}"])
    assert shown(view)[NAME] == "x" * (MAX_NAME + 1)  # what was typed stays in sight
    assert saved(folder, "session3")["sharing"]["answers"]["mountain"] == SHARE


def test_the_choice_shows_again_when_the_notebook_is_opened_again(workbook3, folder):
    type_answers(workbook3.view("sharing"), bring_document=SHARE, credit=NAMED, name="Sam")
    view = Workbook("session3", folder).view("sharing")
    assert shown(view) == {"mountain": "", "bring_document": SHARE, CREDIT: NAMED, NAME: "Sam"}
