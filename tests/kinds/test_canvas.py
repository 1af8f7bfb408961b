"""The ``canvas`` kind: nine boxes, started from earlier sessions' saved answers on request, shown as one page."""

from __future__ import annotations

import json
import re
from html import unescape

from model_support import example_model, new
from view_support import saved, type_answers
from workbooks import Workbook, kinds, messages, sessions
from workbooks.kinds.canvas import CANVAS_BOXES, canvas_page, earlier_text
from workbooks.sessions.session6 import CANVAS_EARLIER

SCRIPT = "<script>alert(1)</script>"


def test_the_canvas_has_the_guides_nine_boxes_each_with_our_own_question():
    model = new("session6", "canvas")
    assert model.prompts == CANVAS_BOXES and len(CANVAS_BOXES) == 9
    assert all(model.question(box).endswith("?") for box in CANVAS_BOXES)


def test_blank_fails_and_the_example_passes():
    check = sessions.get("session6").exercise("canvas").check
    assert not check(new("session6", "canvas")).passed
    assert check(example_model("session6", "canvas")).passed


def test_the_page_is_self_contained_and_shows_every_box_escaped():
    model = example_model("session6", "canvas")
    model.set_answer("rules", SCRIPT)
    page = canvas_page(model, participant="p-007")
    assert page.startswith("<!DOCTYPE html>") and "<title>" in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page), "the page loads nothing from outside"
    for box in CANVAS_BOXES:
        assert messages.text(f"canvas.prompt.{box}") in page
    assert "p-007" in page and "Pfortmüller" in unescape(page)


def test_feedback_pages_get_the_boxes_without_layout_styles():
    html = kinds.render(example_model("session6", "canvas"))
    assert "style=" not in html and html.count("<h4>") == 9


def finished_earlier_sessions(root):
    """Sessions 2 and 4 done with their worked examples, each in its own folder beside session 6's."""
    for session in ("session2", "session4"):
        folder = root / session
        folder.mkdir()
        workbook = Workbook(session, folder)
        for name in workbook.spec.graded:
            workbook.use_example(name)
    (root / "session6").mkdir()
    return root / "session6"


def test_the_button_starts_empty_boxes_from_earlier_sessions_and_keeps_typed_ones(tmp_path):
    folder = finished_earlier_sessions(tmp_path)
    view = Workbook("session6", folder).view("canvas")
    type_answers(view, values="Ours, typed first")
    view.bring.click()
    answers = saved(folder, "session6")["canvas"]["answers"]
    assert answers["values"] == "Ours, typed first"  # a box with text is left alone
    purposes = [row["purpose"] for row in sessions.get("session2").exercise("purpose_outcomes").example["rows"]]
    assert all(p in answers["purpose"] for p in purposes)
    assert "Fifty active members" in answers["success"]  # session 4's success at six months
    assert answers["experience"] == ""  # no earlier answer starts it
    assert view.sheet.rows[0]["purpose"] == answers["purpose"]  # the boxes show it at once
    said = unescape(view.feedback.value)
    assert messages.text("canvas.prompt.purpose") in said and "Values" not in said.split(":", 1)[1]


def test_with_no_earlier_answers_the_button_says_so_and_changes_nothing(tmp_path):
    view = Workbook("session6", tmp_path).view("canvas")
    view.bring.click()
    assert messages.text("canvas.nothing_found") in unescape(view.feedback.value)
    assert not (tmp_path / "session6_answers.json").exists()


def test_earlier_text_reads_each_kind_and_skips_what_is_missing():
    found = {"session2": {"purpose_outcomes": example_model("session2", "purpose_outcomes"),
                          "resources": example_model("session2", "resources")}}
    channels = earlier_text(CANVAS_EARLIER["communication"], found).splitlines()
    assert len(channels) == 3 and channels[1].endswith(": Newsletter, Chat space")  # the channels, not the tools
    assert "Shared drive" not in "".join(channels)
    assert earlier_text(CANVAS_EARLIER["success"], found) == ""  # session 4 not found


def test_the_page_download_appears_once_something_is_written(folder):
    view = Workbook("session6", folder).view("canvas")
    assert view.link.value == ""
    type_answers(view, purpose="A place to learn together")
    assert 'download="canvas.html"' in view.link.value
    assert json.loads(json.dumps(saved(folder, "session6")["canvas"]))["answers"]["purpose"] == \
        "A place to learn together"
