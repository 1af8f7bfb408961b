"""The ``maturity`` kind: a stage picked from Webber's five, what shows it and what the next needs; its chart
marks the stage and the next one, and says so in words."""

from __future__ import annotations

from html import unescape

import pytest

from model_support import example_model, new
from view_support import type_answers
from workbooks import Workbook, kinds, messages, sessions
from workbooks.kinds.maturity import STAGE, STAGES, stage_label
from workbooks.models import AnswerError

CHECK = sessions.get("session6").exercise("maturity").check


def test_the_stages_are_webbers_five_in_order():
    assert [stage_label(s) for s in STAGES] == ["Potential", "Forming", "Maturing", "Self-sustaining",
                                                "Transformation"]


def test_blank_fails_and_the_example_passes():
    assert not CHECK(new("session6", "maturity")).passed
    assert CHECK(example_model("session6", "maturity")).passed


def test_a_stage_alone_or_words_alone_do_not_pass():
    model = example_model("session6", "maturity")
    model.set_answer(STAGE, "")
    result = CHECK(model)
    assert not result.passed and messages.text("maturity.prompt.stage") in result.message
    model = new("session6", "maturity")
    model.set_answer(STAGE, "maturing")
    assert not CHECK(model).passed


@pytest.mark.parametrize("stage", ["adolescent", "Forming", "<b>x</b>", 3])
def test_a_stage_not_in_the_list_is_refused(stage):
    model = new("session6", "maturity")
    with pytest.raises(AnswerError):
        model.set_answer(STAGE, stage)
    assert model.stage == ""


@pytest.mark.parametrize("stage, next_stage", [("potential", "forming"), ("self_sustaining", "transformation"),
                                                ("transformation", ""), ("", "")])
def test_the_next_stage_follows_the_one_picked(stage, next_stage):
    model = new("session6", "maturity")
    model.set_answer(STAGE, stage)
    assert model.next_stage() == next_stage


def test_the_summary_names_the_stage_and_the_next():
    model = example_model("session6", "maturity")
    assert model.summary() == "Your community is at stage 2 of 5, Forming. The next stage is Maturing."
    assert model.summary() in unescape(kinds.render(model))


def test_the_view_marks_the_stage_and_the_next_on_the_chart_and_in_its_table(folder):
    view = Workbook("session6", folder).view("maturity")
    assert list(view.figure.data[2].x) == []
    type_answers(view, stage="maturing", evidence="Members lead two groups")
    markers = view.figure.data[2]
    assert list(markers.text) == [messages.text("maturity.you_are_here"), messages.text("maturity.next")]
    assert [x.replace("<br>", " ") for x in markers.x] == ["Maturing", "Self-sustaining"]
    assert "stage 3 of 5, Maturing" in unescape(view.summary.value)
    assert "<caption>" in view.table.value and messages.text("maturity.you_are_here") in view.table.value


def test_a_stage_the_list_never_offers_is_said_beside_the_list_and_the_boxes_are_kept(folder):
    view = Workbook("session6", folder).view("maturity")
    type_answers(view, stage="adolescent", evidence="Kept")
    assert "0:stage" in view.sheet.cell_messages
    assert view.model.stage == "" and view.model.answer("evidence") == "Kept"
