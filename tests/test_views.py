"""The widget views in plain pytest: set values, click buttons, read the model and the saved file."""

from __future__ import annotations

import base64
import copy
import json
import re
import shutil
from datetime import datetime, timezone
from html import unescape
from pathlib import Path

import pytest

from workbooks import Workbook, messages
from workbooks.answers import MIME_TYPE
from workbooks.models import AnswerError, word_count
from workbooks.sessions.session2 import SESSION
from workbooks.views.handin import HandInView

EXAMPLE = {e.name: e.example for e in SESSION.exercises}  # the worked answers, by exercise

RELEASE_NOTEBOOK = Path(__file__).resolve().parents[1] / "release" / "session2" / "session2.ipynb"
ANSWER_FILE = SESSION.answer_file


def said(widget) -> str:
    """What a Feedback (or any HTML widget) says, as plain text."""
    return unescape(re.sub(r"<[^>]+>", " ", widget.value)).replace("\u2713", "").replace("\u26a0", "").strip()


def saved(folder: Path) -> dict:
    with open(folder / ANSWER_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def saved_bytes(folder: Path) -> bytes:
    return (folder / ANSWER_FILE).read_bytes()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# ---------------------------------------------------------------- tables

def fill(view, **values: str) -> None:
    for column, box in view.inputs.items():
        box.value = values.get(column, "")


def add(view, project: str, purpose: str = "Help newcomers", outcomes: str = "Mentor pairs") -> None:
    fill(view, project=project, purpose=purpose, outcomes=outcomes)
    view.add.click()


def test_table_add_saves_at_once_and_clears_the_boxes(workbook, folder):
    view = workbook.view("purpose_outcomes")
    add(view, " Mentoring ")
    expected = [{"project": "Mentoring", "purpose": "Help newcomers", "outcomes": "Mentor pairs"}]
    assert workbook.models["purpose_outcomes"].rows == expected
    assert saved(folder)["exercises"]["purpose_outcomes"]["rows"] == expected
    assert said(view.feedback) == messages.text("table.added")
    assert all(box.value == "" for box in view.inputs.values())
    assert view.rows.options == (("1. Mentoring", 0),)
    assert "Mentoring" in view.table.value and "Mentor pairs" in view.table.value
    assert ANSWER_FILE in said(view.saved)


def test_table_select_then_update(workbook, folder):
    view = workbook.view("purpose_outcomes")
    add(view, "Mentoring")
    add(view, "Calls", purpose="Share work")
    view.rows.value = 1
    assert view.inputs["project"].value == "Calls"
    assert view.inputs["purpose"].value == "Share work"
    view.inputs["purpose"].value = "Share work every month"
    view.update.click()
    assert said(view.feedback) == messages.text("table.updated")
    rows = saved(folder)["exercises"]["purpose_outcomes"]["rows"]
    assert [r["purpose"] for r in rows] == ["Help newcomers", "Share work every month"]
    assert workbook.models["purpose_outcomes"].rows == rows
    assert view.rows.value == 1


def test_table_select_then_remove(workbook, folder):
    view = workbook.view("purpose_outcomes")
    for name in ("A", "B", "C"):
        add(view, name)
    view.rows.value = 1
    view.remove.click()
    assert said(view.feedback) == messages.text("table.removed")
    assert [r["project"] for r in saved(folder)["exercises"]["purpose_outcomes"]["rows"]] == ["A", "C"]
    assert [label for label, _ in view.rows.options] == ["1. A", "2. C"]
    assert view.rows.value is None


def test_table_remove_or_update_without_a_selection_is_explained(workbook, folder, assert_friendly):
    view = workbook.view("purpose_outcomes")
    add(view, "A")
    before = saved_bytes(folder)
    view.remove.click()
    assert said(view.feedback) == assert_friendly(messages.text("error.no_row_selected"))
    fill(view, project="B", purpose="x", outcomes="y")
    view.update.click()
    assert said(view.feedback) == messages.text("error.no_row_selected")
    assert saved_bytes(folder) == before
    assert len(workbook.models["purpose_outcomes"].rows) == 1


def test_table_duplicate_is_explained_and_nothing_is_saved(workbook, folder, assert_friendly):
    view = workbook.view("purpose_outcomes")
    add(view, "Mentoring")
    before = saved_bytes(folder)
    add(view, "MENTORING", purpose="Other")
    message = assert_friendly(said(view.feedback).lstrip())
    assert "MENTORING" in message and "already" in message
    assert view.feedback.value.count("role=\"alert\"") == 1
    assert saved_bytes(folder) == before
    assert len(workbook.models["purpose_outcomes"].rows) == 1
    assert view.inputs["project"].value == "MENTORING"  # what was typed is not thrown away


def test_table_empty_field_is_explained_and_nothing_is_saved(workbook, folder, assert_friendly):
    view = workbook.view("stakeholders")
    fill(view, contributor="Mentors", role="   ", participation="Volunteer")
    view.add.click()
    message = assert_friendly(said(view.feedback))
    assert "Role" in message
    assert not (folder / ANSWER_FILE).exists()
    assert workbook.models["stakeholders"].rows == []


def test_table_clear_button_empties_the_boxes_and_the_selection(workbook):
    view = workbook.view("purpose_outcomes")
    add(view, "A")
    view.rows.value = 0
    assert view.inputs["project"].value == "A"
    view.clear.click()
    assert view.rows.value is None
    assert all(box.value == "" for box in view.inputs.values())


# ---------------------------------------------------------------- power/interest map

def place(view, name: str, power: int, interest: int) -> None:
    view.name.value = name
    view.power.value = power
    view.interest.value = interest
    view.place.click()


def on_chart(view) -> dict[str, list[str]]:
    return {trace.name: list(trace.text) for trace in view.figure.data}


def test_map_place_saves_and_shows_the_name_on_the_chart_and_in_the_table(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Research funder", 8, 3)
    assert said(view.feedback) == messages.text("map.placed", name="Research funder")
    assert saved(folder)["exercises"]["stakeholder_map"]["stakeholders"] == [
        {"name": "Research funder", "power": 8, "interest": 3}]
    chart = on_chart(view)
    assert chart[messages.text("quadrant.keep_satisfied")] == ["Research funder"]
    assert sum(len(names) for names in chart.values()) == 1
    trace = next(t for t in view.figure.data if t.text)
    assert (list(trace.x), list(trace.y)) == ([3], [8])  # interest across, power up
    table = unescape(view.table.value)
    assert "Research funder" in table
    assert messages.text("quadrant.keep_satisfied") in table
    assert messages.text("approach.keep_satisfied") in table
    assert view.on_map.options == ("Research funder",)


def test_map_place_again_moves_instead_of_adding(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    place(view, "Mentors", 2, 2)
    place(view, "funder", 9, 9)
    assert said(view.feedback) == messages.text("map.moved", name="funder")
    entries = saved(folder)["exercises"]["stakeholder_map"]["stakeholders"]
    assert [(e["name"], e["power"], e["interest"]) for e in entries] == [("funder", 9, 9), ("Mentors", 2, 2)]
    chart = on_chart(view)
    assert chart[messages.text("quadrant.manage_closely")] == ["funder"]
    assert chart[messages.text("quadrant.keep_satisfied")] == []
    table = unescape(view.table.value)
    assert messages.text("approach.manage_closely") in table
    assert messages.text("approach.keep_satisfied") not in table


def test_map_typing_a_placed_name_shows_its_values(workbook):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    view.name.value = ""
    view.power.value = view.interest.value = 5
    view.name.value = " FUNDER"
    assert (view.power.value, view.interest.value) == (8, 3)


def test_map_remove_through_the_dropdown(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    place(view, "Mentors", 2, 9)
    assert view.on_map.options == ("Funder", "Mentors")
    view.on_map.value = "Funder"
    view.remove.click()
    assert said(view.feedback) == messages.text("map.removed", name="Funder")
    assert [e["name"] for e in saved(folder)["exercises"]["stakeholder_map"]["stakeholders"]] == ["Mentors"]
    assert view.on_map.options == ("Mentors",)
    assert "Funder" not in view.table.value
    assert sum(on_chart(view).values(), []) == ["Mentors"]


def test_map_a_value_arriving_after_the_click_still_moves_the_stakeholder(workbook, folder):
    """ipywidgets may deliver a number box's last value after the button click."""
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 2, 2)
    view.power.value = 8
    assert said(view.feedback) == messages.text("map.placed", name="Funder")
    assert saved(folder)["exercises"]["stakeholder_map"]["stakeholders"] == [
        {"name": "Funder", "power": 8, "interest": 2}]
    assert on_chart(view)[messages.text("quadrant.keep_satisfied")] == ["Funder"]


def test_map_numbers_for_a_new_name_wait_for_the_place_button(workbook, folder):
    view = workbook.view("stakeholder_map")
    view.name.value = "Not yet placed"
    view.power.value, view.interest.value = 9, 9
    assert workbook.models["stakeholder_map"].is_empty()
    assert not (folder / ANSWER_FILE).exists()


def test_map_controls_are_labelled_number_boxes(workbook):
    view = workbook.view("stakeholder_map")
    for box, key in ((view.power, "map.power"), (view.interest, "map.interest")):
        assert box.description == messages.text(key) and (box.min, box.max) == (0, 10)


def test_map_remove_picks_someone_so_the_button_works_straight_away(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    place(view, "Mentors", 2, 9)
    assert view.on_map.value == "Funder"
    view.remove.click()
    assert said(view.feedback) == messages.text("map.removed", name="Funder")
    assert view.on_map.value == "Mentors"


def test_map_remove_with_nobody_on_the_map_is_explained(workbook, folder):
    view = workbook.view("stakeholder_map")
    view.remove.click()
    assert said(view.feedback) == messages.text("map.nothing_to_remove")
    assert workbook.models["stakeholder_map"].is_empty()


def test_map_out_of_range_is_impossible_through_the_sliders_and_refused_by_the_model(workbook, folder):
    view = workbook.view("stakeholder_map")
    assert (view.power.min, view.power.max, view.interest.min, view.interest.max) == (0, 10, 0, 10)
    view.power.value = 11
    view.interest.value = -1
    assert (view.power.value, view.interest.value) == (10, 0)
    view.name.value = "Funder"
    view.place.click()
    assert saved(folder)["exercises"]["stakeholder_map"]["stakeholders"] == [
        {"name": "Funder", "power": 10, "interest": 0}]
    with pytest.raises(AnswerError):
        workbook.models["stakeholder_map"].place("Funder", 11, 5)
    assert workbook.models["stakeholder_map"].placements[0].power == 10


def test_map_without_a_name_is_explained(workbook, folder, assert_friendly):
    view = workbook.view("stakeholder_map")
    place(view, "  ", 5, 5)
    assert messages.text("map.name") in assert_friendly(said(view.feedback))
    assert not (folder / ANSWER_FILE).exists()


def test_map_suggests_names_from_the_stakeholders_table(workbook):
    table = workbook.view("stakeholders")
    for name in ("Mentors", "Funder"):
        fill(table, contributor=name, role="r", participation="p")
        table.add.click()
    view = workbook.view("stakeholder_map")
    assert view.name.options == ("Mentors", "Funder")
    place(view, "Funder", 8, 3)
    assert view.name.options == ("Funder", "Mentors")


def test_map_suggestions_follow_the_stakeholders_table_while_both_are_open(workbook):
    table = workbook.view("stakeholders")
    view = workbook.view("stakeholder_map")
    assert view.name.options == ()
    fill(table, contributor="Local council", role="r", participation="p")
    table.add.click()
    assert view.name.options == ("Local council",)


# ---------------------------------------------------------------- checklist

def test_checklist_typing_saves_the_items(workbook, folder):
    view = workbook.view("resources")
    assert set(view.boxes) == set(workbook.models["resources"].sections)
    view.boxes["tools"].value = "GitHub\n\n  Shared drive  \n"
    assert workbook.models["resources"].items["tools"] == ["GitHub", "Shared drive"]
    assert saved(folder)["exercises"]["resources"]["items"]["tools"] == ["GitHub", "Shared drive"]
    assert view.feedback.value == ""


def test_checklist_reports_repeats_and_keeps_one(workbook, folder, assert_friendly):
    view = workbook.view("resources")
    view.boxes["asynchronous"].value = "Newsletter\nChat\nnewsletter"
    message = assert_friendly(said(view.feedback))
    assert "newsletter" in message and messages.text("resources.section.asynchronous") in message
    assert saved(folder)["exercises"]["resources"]["items"]["asynchronous"] == ["Newsletter", "Chat"]
    view.boxes["asynchronous"].value = "Newsletter\nChat"
    assert view.feedback.value == ""


def test_checklist_too_long_line_is_explained_and_not_saved(workbook, folder, assert_friendly):
    view = workbook.view("resources")
    view.boxes["tools"].value = "GitHub"
    before = saved_bytes(folder)
    view.boxes["tools"].value = "GitHub\n" + "x" * 5000
    assert_friendly(said(view.feedback))
    assert saved_bytes(folder) == before
    assert workbook.models["resources"].items["tools"] == ["GitHub"]


# ---------------------------------------------------------------- reflections

def test_reflections_typing_saves_and_counts_words(workbook, folder):
    view = workbook.view("reflections")
    assert said(view.counts["purpose"]) == messages.text("reflections.words", count=0)
    view.boxes["purpose"].value = "We help early-career researchers share methods."
    assert saved(folder)["exercises"]["reflections"]["answers"]["purpose"] == \
        "We help early-career researchers share methods."
    assert said(view.counts["purpose"]) == messages.text("reflections.words", count=7)
    assert said(view.counts["stakeholders"]) == messages.text("reflections.words", count=0)


# ---------------------------------------------------------------- Check my work

def test_check_button_shows_the_hint_then_the_pass_message(workbook):
    view = workbook.view("stakeholders")
    view.check_button.click()
    assert said(view.feedback) == workbook.check_result("stakeholders").message
    assert 'role="alert"' in view.feedback.value
    for name in ("A", "B"):
        fill(view, contributor=name, role="r", participation="p")
        view.add.click()
    view.check_button.click()
    assert said(view.feedback) == messages.text("stakeholders.check.pass", count=2)
    assert 'role="status"' in view.feedback.value


@pytest.mark.parametrize("exercise", list(SESSION.graded))
def test_every_view_has_a_check_button_that_explains(workbook, exercise):
    view = workbook.view(exercise)
    view.check_button.click()
    assert said(view.feedback) == workbook.check_result(exercise).message != ""


def test_unknown_exercise_is_a_friendly_error(workbook, assert_friendly):
    with pytest.raises(AnswerError) as caught:
        workbook.view("lunch")
    assert_friendly(caught.value)


# ---------------------------------------------------------------- hand in and restore

@pytest.fixture
def notebook(folder, monkeypatch):
    """The release notebook, as the notebook this kernel runs."""
    path = folder / "session2.ipynb"
    shutil.copy(RELEASE_NOTEBOOK, path)
    monkeypatch.setenv("JPY_SESSION_NAME", path.name)
    return path


@pytest.fixture
def finished(notebook, folder):
    workbook = Workbook("session2", folder)
    for exercise in SESSION.names:
        workbook.use_example(exercise)
    return workbook


def upload(view: HandInView, name: str, content: bytes) -> None:
    view.upload.value = ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
                          "last_modified": datetime.fromtimestamp(0, tz=timezone.utc)},)


def download(view: HandInView) -> tuple[str, bytes]:
    view.download.click()
    found = re.search(r'download="([^"]+)" href="data:application/x-ipynb\+json;base64,([^"]+)"', view.link.value)
    assert found, view.link.value
    return unescape(found.group(1)), base64.b64decode(found.group(2), validate=True)


@pytest.mark.parametrize("value", ["my id", "../p1", "a" * 65, "p1/x"])
def test_an_invalid_participant_id_is_explained_and_not_saved(finished, folder, value, assert_friendly):
    view = HandInView(finished)
    before = saved_bytes(folder)
    view.participant.value = value
    assert_friendly(said(view.feedback))
    assert finished.answers.participant_id == ""
    assert saved_bytes(folder) == before


def test_a_valid_participant_id_is_saved(finished, folder):
    view = HandInView(finished)
    view.participant.value = " p-007 "
    assert said(view.feedback) == messages.text("handin.participant_saved")
    assert saved(folder)["participant_id"] == "p-007"
    assert HandInView(finished).participant.value == "p-007"


def test_download_without_a_participant_id_is_explained(finished, assert_friendly):
    view = HandInView(finished)
    view.download.click()
    assert said(view.feedback) == assert_friendly(messages.text("error.no_participant_id"))
    assert view.link.value == ""


def test_download_gives_the_notebook_with_every_answer_inside(finished, folder, notebook):
    original = notebook.read_bytes()
    view = HandInView(finished)
    view.participant.value = "p-007"
    name, content = download(view)
    assert name == "p-007__session2.ipynb"
    assert said(view.feedback) == messages.text("handin.ready", file=name)
    handed_in = json.loads(content)
    copies = [o["data"][MIME_TYPE] for c in handed_in["cells"] if c["cell_type"] == "code"
              for o in c.get("outputs", []) if MIME_TYPE in o.get("data", {})]
    assert len(copies) == 1
    assert copies[0]["participant_id"] == "p-007"
    assert copies[0]["exercises"] == saved(folder)["exercises"]
    assert copies[0]["exercises"]["stakeholder_map"] == EXAMPLE["stakeholder_map"]
    assert len(handed_in["cells"]) == len(json.loads(original)["cells"])
    assert notebook.read_bytes() == original


@pytest.fixture
def handed_in(finished):
    view = HandInView(finished)
    view.participant.value = "p-007"
    return download(view)


@pytest.fixture
def elsewhere(tmp_path_factory, monkeypatch):
    """Another, fresh folder, as in a new Binder, with every view of a fresh workbook built."""
    place = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(place)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    workbook = Workbook("session2", place)
    views = {name: workbook.view(name) for name in SESSION.names}
    return place, workbook, views, HandInView(workbook)


def test_restore_brings_every_answer_back_and_refreshes_the_widgets(handed_in, elsewhere):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    upload(hand_in, name, content)
    assert said(hand_in.feedback) == messages.text("handin.restored", file=name)
    expected = {n: copy.deepcopy(d) for n, d in EXAMPLE.items()}
    assert workbook.answers.to_dict()["exercises"] == expected
    assert workbook.answers.participant_id == "p-007"
    assert saved(place)["exercises"] == expected and saved(place)["participant_id"] == "p-007"
    assert hand_in.participant.value == "p-007"
    assert hand_in.upload.value == ()
    # every widget shows the restored answers
    assert [label for label, _ in views["purpose_outcomes"].rows.options] == [
        "1. Peer mentoring", "2. Monthly community call"]
    assert "Volunteer mentors" in views["stakeholders"].table.value
    assert sorted(sum(on_chart(views["stakeholder_map"]).values(), [])) == sorted(
        e["name"] for e in EXAMPLE["stakeholder_map"]["stakeholders"])
    assert "Research funder" in views["stakeholder_map"].table.value
    assert views["resources"].boxes["asynchronous"].value == "Newsletter\nChat space"
    assert views["reflections"].boxes["purpose"].value == EXAMPLE["reflections"]["answers"]["purpose"]
    assert said(views["reflections"].counts["purpose"]) == messages.text(
        "reflections.words", count=word_count(EXAMPLE["reflections"]["answers"]["purpose"]))


def test_restore_from_an_answer_file_works_too(finished, folder, elsewhere):
    place, workbook, views, hand_in = elsewhere
    upload(hand_in, ANSWER_FILE, saved_bytes(folder))
    assert workbook.answers.to_dict()["exercises"] == saved(folder)["exercises"]
    assert said(hand_in.feedback) == messages.text("handin.restored", file=ANSWER_FILE)


def test_restore_keeps_the_previous_answers_aside(handed_in, elsewhere):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    views["purpose_outcomes"].inputs["project"].value = "Mine"
    views["purpose_outcomes"].inputs["purpose"].value = "p"
    views["purpose_outcomes"].inputs["outcomes"].value = "o"
    views["purpose_outcomes"].add.click()
    before = saved_bytes(place)
    upload(hand_in, name, content)
    kept = [p for p in place.iterdir() if p.name != ANSWER_FILE]
    assert len(kept) == 1 and "before-restore" in kept[0].name
    assert kept[0].read_bytes() == before
    assert [r["project"] for r in saved(place)["exercises"]["purpose_outcomes"]["rows"]] == [
        "Peer mentoring", "Monthly community call"]


def test_restoring_twice_keeps_both_previous_versions(handed_in, elsewhere):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    views["reflections"].boxes["purpose"].value = "First version"
    first = saved_bytes(place)
    upload(hand_in, name, content)
    second = saved_bytes(place)
    upload(hand_in, name, content)
    kept = sorted(p.read_bytes() for p in place.iterdir() if p.name != ANSWER_FILE)
    assert kept == sorted([first, second])


def other_session(content: bytes) -> bytes:
    data = json.loads(content)
    for cell in data["cells"]:
        for output in cell.get("outputs", []):
            if MIME_TYPE in output.get("data", {}):
                output["data"][MIME_TYPE]["session"] = "session9"
    return json.dumps(data).encode("utf-8")


BAD_UPLOADS = {
    "garbage": lambda content, folder: ("photo.ipynb", bytes(range(256)) * 8),
    "empty": lambda content, folder: ("empty.json", b""),
    "other session answers": lambda content, folder: (
        "session9_answers.json", saved_bytes(folder).replace(b'"session2"', b'"session9"')),
    "other session notebook": lambda content, folder: ("p__session9.ipynb", other_session(content)),
    "notebook without answers": lambda content, folder: ("session2.ipynb", RELEASE_NOTEBOOK.read_bytes()),
    "a list": lambda content, folder: ("list.json", b"[1, 2]"),
}


@pytest.mark.parametrize("make", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_a_bad_upload_is_explained_and_changes_nothing(handed_in, folder, elsewhere, make, assert_friendly):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    views["reflections"].boxes["purpose"].value = "Keep me"
    before_files, before_answers = files(place), workbook.answers.to_dict()
    bad_name, bad_content = make(content, folder)
    upload(hand_in, bad_name, bad_content)
    assert_friendly(said(hand_in.feedback))
    assert 'role="alert"' in hand_in.feedback.value
    assert files(place) == before_files
    assert workbook.answers.to_dict() == before_answers
    assert views["reflections"].boxes["purpose"].value == "Keep me"
    assert hand_in.upload.value == ()


def test_a_restore_never_raises_out_of_the_widget(elsewhere, monkeypatch, assert_friendly):
    place, workbook, views, hand_in = elsewhere

    def broken(filename, content):
        raise KeyError("cells")

    monkeypatch.setattr(workbook, "restore", broken)
    upload(hand_in, "x.ipynb", b"{}")
    message = said(hand_in.feedback)
    assert message == messages.text("error.unexpected", reason="KeyError")
    assert hand_in.upload.value == ()


@pytest.fixture
def disk_full(monkeypatch):
    """Every save fails as it would on a full disk."""
    from workbooks import store

    def refuse(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "atomic_write", refuse)


def test_a_restore_that_cannot_save_is_explained(handed_in, elsewhere, disk_full, assert_friendly):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    upload(hand_in, name, content)
    assert "No space left on device" in assert_friendly(said(hand_in.feedback))
    assert 'role="alert"' in hand_in.feedback.value


def test_after_a_restore_that_cannot_save_the_widgets_show_the_answers_kept_in_memory(
        handed_in, elsewhere, disk_full):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    upload(hand_in, name, content)
    box = views["reflections"].boxes["purpose"]
    assert box.value == workbook.models["reflections"].answers.get("purpose", "")


def test_running_the_setup_cell_again_keeps_one_workbook(folder, monkeypatch):
    """Widgets from before and after a second run of the setup cell must not overwrite each other."""
    from workbooks import open_workbook, workbook as module

    monkeypatch.setattr(module, "_opened", {})
    monkeypatch.setattr(module, "load_chart_widgets", lambda: None)
    first = open_workbook("session2")
    old_view = first.view("purpose_outcomes")
    second = open_workbook("session2")
    assert second is first
    add(second.view("purpose_outcomes"), "From the new widgets")
    add(old_view, "From the old widgets")
    assert [r["project"] for r in saved(folder)["exercises"]["purpose_outcomes"]["rows"]] == [
        "From the new widgets", "From the old widgets"]
