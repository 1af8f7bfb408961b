"""Session 3's widget views in plain pytest: the mountain of engagement and the pathway numbers."""

from __future__ import annotations

import copy
import json
import re
from html import unescape
from pathlib import Path

import ipywidgets as widgets
import pytest

from workbooks import Workbook, messages
from workbooks.engagement import LENSES, PHASE_FIELDS, phase_label
from workbooks.models import MAX_TEXT
from workbooks.sessions.session3 import SESSION
from workbooks.static import OKABE_ITO

EXAMPLE = {e.name: e.example for e in SESSION.exercises}  # the worked answers, by exercise

ANSWER_FILE = SESSION.answer_file
MOZILLA = LENSES["mozilla"]


def said(widget) -> str:
    """What a Feedback (or any HTML widget) says, as plain text."""
    return unescape(re.sub(r"<[^>]+>", " ", widget.value)).replace("\u2713", "").replace("\u26a0", "").strip()


def saved(folder: Path) -> dict:
    with open(folder / ANSWER_FILE, encoding="utf-8") as handle:
        return json.load(handle)["exercises"]


def saved_bytes(folder: Path) -> bytes:
    return (folder / ANSWER_FILE).read_bytes()


@pytest.fixture
def workbook(folder):
    return Workbook("session3", folder)


@pytest.fixture
def example(folder, tmp_path_factory):
    """Another folder, whose saved answers are the session's worked example."""
    place = tmp_path_factory.mktemp("example")
    first = Workbook("session3", place)
    for exercise in ("mountain", "pathway_numbers"):
        first.models[exercise].load(copy.deepcopy(EXAMPLE[exercise]))
    first.save()
    return place


@pytest.fixture
def disk_full(monkeypatch):
    """Every save fails as it would on a full disk."""
    from workbooks import store

    def refuse(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "atomic_write", refuse)


def controls(widget) -> list[widgets.Widget]:
    """Every widget inside ``widget`` that a participant can operate."""
    found = []
    if isinstance(widget, (widgets.Text, widgets.Textarea, widgets.Dropdown, widgets.Button)):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found += controls(child)
    return found


# ---------------------------------------------------------------- the mountain

def bands(view) -> list:
    return [t for t in view.figure.data if t.fill == "toself"]


def band_labels(view) -> list[str]:
    return list(next(t for t in view.figure.data if t.mode == "text").text)


def band(phase: str, done: bool) -> str:
    mark = messages.text("ladder.done" if done else "ladder.todo")
    return messages.text("ladder.band", phase=phase_label(phase), mark=mark)


def fill_phase(view, phase: str, **values: str) -> None:
    view.phase.value = phase
    for name, value in values.items():
        view.boxes[name].value = value


def complete() -> dict[str, str]:
    return {"activities": "Read the blog", "barriers": "Jargon", "solutions": "Plain words",
            "recognition": "They sign up"}


def test_mountain_shows_the_saved_answers_when_opened_again(example):
    view = Workbook("session3", example).view("mountain")
    discovery = EXAMPLE["mountain"]["phases"]["discovery"]
    assert view.lens.value == "mozilla"
    assert view.phase.value == "discovery"
    assert [view.boxes[n].value for n in PHASE_FIELDS] == [discovery[n] for n in PHASE_FIELDS]
    view.phase.value = "participation"
    assert view.boxes["barriers"].value == "Fear of doing it wrong\nUnclear tasks"
    assert band_labels(view) == [band(p, done=True) for p in MOZILLA]
    assert said(view.summary) == messages.text("ladder.summary_all", total=6)
    assert "A plain-language welcome page" in unescape(view.table.value)


def test_mountain_typing_saves_the_model_and_the_file_at_once(workbook, folder):
    view = workbook.view("mountain")
    view.boxes["barriers"].value = "Jargon\nNo time"
    model = workbook.models["mountain"]
    assert model.barriers("discovery") == ["Jargon", "No time"]
    assert saved(folder)["mountain"] == {"lens": "mozilla", "phases": {"discovery": {"barriers": "Jargon\nNo time"}}}
    assert ANSWER_FILE in said(view.saved)
    assert "Jargon; No time" in unescape(view.table.value)


def test_mountain_switching_phase_refills_the_boxes_and_saves_nothing(workbook, folder):
    view = workbook.view("mountain")
    view.boxes["activities"].value = "Hear about us"
    before = saved_bytes(folder)
    view.phase.value = "first_contact"
    assert [box.value for box in view.boxes.values()] == ["", "", "", ""]
    assert saved_bytes(folder) == before  # a save would at least change the time stamp
    assert list(workbook.models["mountain"].phases) == ["discovery"]
    view.boxes["activities"].value = "Post a question"
    view.phase.value = "discovery"
    assert view.boxes["activities"].value == "Hear about us"
    assert saved(folder)["mountain"]["phases"] == {
        "discovery": {"activities": "Hear about us"}, "first_contact": {"activities": "Post a question"}}


def test_mountain_switching_lens_keeps_the_answers_of_both(workbook, folder):
    view = workbook.view("mountain")
    view.boxes["activities"].value = "Hear about us"
    view.lens.value = "cscce"
    assert saved(folder)["mountain"]["lens"] == "cscce"
    assert [value for _, value in view.phase.options] == list(LENSES["cscce"])
    assert view.phase.value == "convey"
    assert view.boxes["activities"].value == ""
    view.boxes["activities"].value = "Read the newsletter"
    view.lens.value = "mozilla"
    assert view.phase.value == "discovery"
    assert view.boxes["activities"].value == "Hear about us"
    assert saved(folder)["mountain"] == {"lens": "mozilla", "phases": {
        "discovery": {"activities": "Hear about us"}, "convey": {"activities": "Read the newsletter"}}}


def test_mountain_top_phase_says_it_needs_no_recognition(workbook):
    view = workbook.view("mountain")
    assert view.boxes["recognition"].placeholder == messages.text("ladder.placeholder")
    view.phase.value = "leadership"
    assert view.boxes["recognition"].placeholder == messages.text("ladder.recognition_top")
    view.lens.value = "cscce"
    view.phase.value = "champion"
    assert view.boxes["recognition"].placeholder == messages.text("ladder.recognition_top")
    view.phase.value = "co_create"
    assert view.boxes["recognition"].placeholder == messages.text("ladder.placeholder")


def test_mountain_status_line_says_what_the_phase_still_lacks(workbook):
    view = workbook.view("mountain")
    view.boxes["activities"].value = "Hear about us"
    view.boxes["barriers"].value = "Jargon\nNo time"
    view.boxes["solutions"].value = "Plain words"
    model = workbook.models["mountain"]
    lacking = "; ".join(model.field_label(n) for n in ("solutions", "recognition"))
    assert said(view.status) == messages.text("ladder.status_missing", phase="Discovery", missing=lacking)
    view.boxes["solutions"].value = "Plain words\nShort calls"
    view.boxes["recognition"].value = "They sign up"
    assert said(view.status) == messages.text("ladder.status_complete", phase="Discovery")
    fill_phase(view, "leadership", activities="Lead", barriers="Burn-out", solutions="Handover plans")
    assert said(view.status) == messages.text("ladder.status_complete", phase="Leadership")


def test_mountain_figure_has_a_band_per_phase_with_its_mark(workbook):
    view = workbook.view("mountain")
    assert len(bands(view)) == 6
    assert [t.name for t in bands(view)] == [phase_label(p) for p in MOZILLA]
    assert [t.fillcolor for t in bands(view)][:2] == ["rgba(0,114,178,0.4)", "rgba(230,159,0,0.4)"]
    assert band_labels(view) == [band(p, done=False) for p in MOZILLA]
    # bottom to top, each narrower than the one below
    bottoms = [min(t.y) for t in bands(view)]
    widths = [max(t.x) - min(t.x) for t in bands(view)]
    assert bottoms == sorted(bottoms) and widths == sorted(widths, reverse=True)
    for name, value in complete().items():
        view.boxes[name].value = value
    assert band_labels(view)[:2] == [band("discovery", done=True), band("first_contact", done=False)]
    assert [t.line.dash for t in bands(view)][:2] == ["solid", "dot"]
    assert said(view.summary) == messages.text(
        "ladder.summary", done=1, total=6, phases=", ".join(phase_label(p) for p in MOZILLA[1:]))
    view.lens.value = "cscce"
    assert len(bands(view)) == 5
    assert band_labels(view) == [band(p, done=False) for p in LENSES["cscce"]]
    assert view.figure.layout.title.text == messages.text("ladder.chart_title", lens=messages.text("lens.cscce"))
    assert "Convey / consume" in unescape(view.table.value) and "Discovery" not in unescape(view.table.value)


def test_mountain_too_long_text_is_explained_and_nothing_saved_is_lost(workbook, folder, assert_friendly):
    view = workbook.view("mountain")
    view.boxes["activities"].value = "Hear about us"
    before = saved_bytes(folder)
    view.boxes["activities"].value = "x" * (MAX_TEXT + 1)
    assert str(MAX_TEXT) in assert_friendly(said(view.feedback))
    assert view.boxes["activities"].value == "x" * (MAX_TEXT + 1)
    assert workbook.models["mountain"].text("discovery", "activities") == "Hear about us"
    assert saved_bytes(folder) == before
    view.boxes["activities"].value = "Hear about us at a conference"
    assert said(view.feedback) == ""


def test_mountain_a_full_disk_is_explained_and_the_answer_kept_in_memory(
        workbook, folder, disk_full, monkeypatch, assert_friendly):
    view = workbook.view("mountain")
    view.boxes["activities"].value = "Hear about us"
    assert "No space left on device" in assert_friendly(said(view.feedback))
    assert 'role="alert"' in view.feedback.value
    assert workbook.models["mountain"].text("discovery", "activities") == "Hear about us"
    monkeypatch.undo()  # room on the disk again
    view.boxes["barriers"].value = "Jargon"
    assert said(view.feedback) == ""
    assert saved(folder)["mountain"]["phases"] == {"discovery": {"activities": "Hear about us", "barriers": "Jargon"}}


def test_mountain_follows_a_restore(workbook, example):
    view = workbook.view("mountain")
    workbook.restore(ANSWER_FILE, saved_bytes(example))
    assert view.boxes["activities"].value == EXAMPLE["mountain"]["phases"]["discovery"]["activities"]
    view.boxes["activities"].value = "Changed"
    assert workbook.models["mountain"].text("discovery", "activities") == "Changed"


# ---------------------------------------------------------------- the pathway

def sankey(view):
    return view.figure.data[0]


def link_values(view) -> list[int]:
    return list(sankey(view).link.value)


def test_pathway_shows_the_saved_numbers_when_opened_again(example):
    view = Workbook("session3", example).view("pathway_numbers")
    assert [view.people[p].value for p in MOZILLA] == ["800", "250", "90", "35", "12", "5"]
    assert [view.moved_on[p].value for p in MOZILLA[:-1]] == ["250", "90", "35", "12", "5"]
    assert link_values(view) == [250, 90, 35, 12, 5]
    assert said(view.feedback) == ""
    assert said(view.summary).startswith("Entered for 6 of 6 phases")


def test_pathway_boxes_start_blank_and_blank_is_no_answer(workbook, folder):
    view = workbook.view("pathway_numbers")
    assert [box.value for box in view.people.values()] == [""] * 6
    assert list(view.moved_on) == list(MOZILLA[:-1])
    assert all(box.placeholder == messages.text("pathway.placeholder") for box in view.people.values())
    assert link_values(view) == []
    assert said(view.summary) == messages.text("pathway.summary_empty")
    view.people["discovery"].value = "800"
    view.people["discovery"].value = ""
    assert workbook.models["pathway_numbers"].people == {}
    assert saved(folder)["pathway_numbers"] == {"people": {}, "moved_on": {}}


def test_pathway_typing_a_number_saves_it_and_draws_the_link(workbook, folder):
    view = workbook.view("pathway_numbers")
    view.people["discovery"].value = "1,200"
    view.moved_on["discovery"].value = " 300 "
    view.moved_on["participation"].value = "40"
    model = workbook.models["pathway_numbers"]
    assert (model.people, model.moved_on) == ({"discovery": 1200}, {"discovery": 300, "participation": 40})
    assert saved(folder)["pathway_numbers"] == {
        "people": {"discovery": 1200}, "moved_on": {"discovery": 300, "participation": 40}}
    link = sankey(view).link
    assert (list(link.source), list(link.target), list(link.value)) == ([0, 2], [1, 3], [300, 40])
    assert said(view.feedback) == ""
    table = unescape(view.table.value)
    assert "1200" in table and "25%" in table


def test_pathway_impossible_numbers_are_saved_with_a_warning(workbook, folder, assert_friendly):
    view = workbook.view("pathway_numbers")
    view.people["discovery"].value = "100"
    view.moved_on["discovery"].value = "250"
    assert said(view.feedback) == assert_friendly(messages.text("check.pathway.impossible", phases="Discovery"))
    assert saved(folder)["pathway_numbers"] == {"people": {"discovery": 100}, "moved_on": {"discovery": 250}}
    assert link_values(view) == [250]
    assert list(sankey(view).link.label) == [messages.text("pathway.link_impossible")]
    view.people["sustained"].value = "3"
    view.moved_on["sustained"].value = "4"
    assert said(view.feedback) == messages.text(
        "check.pathway.impossible", phases="Discovery, Sustained participation")
    view.people["discovery"].value = "900"
    assert said(view.feedback) == messages.text("check.pathway.impossible", phases="Sustained participation")
    view.moved_on["sustained"].value = "2"
    assert said(view.feedback) == ""
    assert list(sankey(view).link.label) == ["", ""]


def test_pathway_a_non_number_is_explained_and_nothing_saved_is_lost(workbook, folder, assert_friendly):
    view = workbook.view("pathway_numbers")
    view.people["discovery"].value = "800"
    before = saved_bytes(folder)
    view.people["discovery"].value = "lots"
    message = assert_friendly(said(view.feedback))
    assert message == messages.text("error.not_count", field=messages.text("pathway.people", phase="Discovery"))
    assert view.people["discovery"].value == "lots"
    assert workbook.models["pathway_numbers"].people == {"discovery": 800}
    assert saved_bytes(folder) == before
    # another box does not hide the message; fixing the box does
    view.people["first_contact"].value = "250"
    assert said(view.feedback) == message
    view.people["discovery"].value = "700"
    assert said(view.feedback) == ""
    assert saved(folder)["pathway_numbers"]["people"] == {"discovery": 700, "first_contact": 250}


def test_pathway_figure_has_a_node_per_phase(workbook):
    view = workbook.view("pathway_numbers")
    node = sankey(view).node
    assert list(node.label) == [phase_label(p) for p in MOZILLA]
    assert list(node.color) == list(OKABE_ITO[:6])
    assert view.figure.layout.title.text == messages.text("pathway.chart_title")
    view.moved_on["networked"].value = "5"
    assert (list(sankey(view).link.source), list(sankey(view).link.target)) == ([4], [5])


def test_pathway_a_full_disk_is_explained_and_the_number_kept_in_memory(
        workbook, folder, disk_full, monkeypatch, assert_friendly):
    view = workbook.view("pathway_numbers")
    view.people["discovery"].value = "800"
    assert "No space left on device" in assert_friendly(said(view.feedback))
    assert workbook.models["pathway_numbers"].people == {"discovery": 800}
    assert link_values(view) == []  # nothing moved on yet; the number is in the table
    assert "800" in view.table.value
    monkeypatch.undo()  # room on the disk again: the next change saves both numbers, and the message goes
    view.people["first_contact"].value = "250"
    assert said(view.feedback) == ""
    assert saved(folder)["pathway_numbers"]["people"] == {"discovery": 800, "first_contact": 250}


def test_pathway_follows_a_restore(workbook, example):
    view = workbook.view("pathway_numbers")
    view.people["discovery"].value = "lots"
    workbook.restore(ANSWER_FILE, saved_bytes(example))
    assert view.people["discovery"].value == "800"
    assert said(view.feedback) == ""  # the box no longer holds the refused text
    assert link_values(view) == [250, 90, 35, 12, 5]
    view.people["discovery"].value = "900"
    assert workbook.models["pathway_numbers"].people["discovery"] == 900


# ---------------------------------------------------------------- both

@pytest.mark.parametrize("exercise, count", [("mountain", 2 + 4 + 1), ("pathway_numbers", 6 + 5 + 1)])
def test_every_control_has_a_label_and_a_tooltip(workbook, exercise, count):
    found = controls(workbook.view(exercise).widget)
    assert len(found) == count
    assert all(w.description.strip() and w.tooltip and w.tooltip.strip() for w in found), [
        (type(w).__name__, w.description) for w in found if not (w.description.strip() and w.tooltip)]


def test_mountain_controls_use_the_model_labels(workbook):
    view = workbook.view("mountain")
    model = workbook.models["mountain"]
    assert view.lens.description == messages.text("ladder.lens")
    assert view.lens.options == ((messages.text("lens.mozilla"), "mozilla"), (messages.text("lens.cscce"), "cscce"))
    assert [o for o, _ in view.phase.options] == [phase_label(p) for p in MOZILLA]
    assert [box.description for box in view.boxes.values()] == [model.field_label(n) for n in PHASE_FIELDS]
    view = workbook.view("pathway_numbers")
    model = workbook.models["pathway_numbers"]
    assert view.people["discovery"].description == model.people_label("discovery")
    assert view.moved_on["networked"].description == model.moved_label("networked")
