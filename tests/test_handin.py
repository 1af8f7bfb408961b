"""Handing in and restoring: the notebook downloaded with the answers inside, and the restore that brings them back."""

from __future__ import annotations

import base64
import copy
import itertools
import json
import shutil
from pathlib import Path

import pytest

from view_support import add_row, on_chart, said, saved, saved_bytes, shown, type_answers
from workbooks import Workbook, messages
from workbooks.answers import MIME_TYPE
from workbooks.sessions import session4
from workbooks.sessions.session2 import SESSION
from workbooks.views.handin import HandInView

EXAMPLE = {e.name: e.example for e in SESSION.exercises}  # the worked answers, by exercise

RELEASE_NOTEBOOK = Path(__file__).resolve().parents[1] / "release" / "session2" / "session2.ipynb"
ANSWER_FILE = SESSION.answer_file


def saved_document(folder: Path) -> dict:
    """The whole session 2 answer file in ``folder``."""
    with open(folder / ANSWER_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


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


_seq = itertools.count(1)


def from_browser(view: HandInView, buffers: list[memoryview] | None = None, **content) -> dict:
    """A message from the panel's browser half (keeper.js), and the kernel's one answer to it."""
    answers: list[dict] = []
    view.keeper.send = lambda data, buffers=None: answers.append(data)
    view.keeper._handle_msg({"content": {"data": {"method": "custom", "content": {"seq": next(_seq), **content}}},
                             "buffers": buffers or []})
    assert len(answers) == 1, answers
    return answers[0]


def restore(view: HandInView, name: str, content: bytes) -> dict:
    """Restore my work: keeper.js reads the chosen file and sends it as one binary buffer; the kernel's answer."""
    answer = from_browser(view, [memoryview(content)], type="restore_file", name=name)
    assert answer["type"] == "reply", answer
    return answer


def set_participant(view: HandInView, value: str) -> dict:
    return from_browser(view, type="participant", participant_id=value)


def download(view: HandInView, participant_id: str = "p-007") -> tuple[str, bytes]:
    """One press of Download my work: the kernel sends the hand-in file itself."""
    answer = from_browser(view, type="download", participant_id=participant_id)
    assert answer["type"] == "file" and answer["ok"], answer
    return answer["name"], base64.b64decode(answer["content"], validate=True)


@pytest.mark.parametrize("value", ["my id", "../p1", "a" * 65, "p1/x"])
def test_an_invalid_participant_id_is_explained_and_not_saved(finished, folder, value, assert_friendly):
    view = HandInView(finished)
    before = saved_bytes(folder, "session2")
    answer = set_participant(view, value)
    assert answer["ok"] is False
    assert_friendly(answer["text"])
    assert finished.answers.participant_id == ""
    assert saved_bytes(folder, "session2") == before


def test_a_valid_participant_id_is_saved(finished, folder):
    view = HandInView(finished)
    answer = set_participant(view, " p-007 ")
    assert answer == {"type": "reply", "seq": answer["seq"], "ok": True,
                      "text": messages.text("handin.participant_saved")}
    assert saved_document(folder)["participant_id"] == "p-007"
    assert HandInView(finished).keeper.answers["participant_id"] == "p-007"


def test_download_without_a_participant_id_is_explained(finished, assert_friendly):
    view = HandInView(finished)
    answer = from_browser(view, type="download", participant_id="")
    assert answer["type"] == "reply" and answer["ok"] is False
    assert answer["text"] == assert_friendly(messages.text("error.no_participant_id"))


def test_download_gives_the_notebook_with_every_answer_inside(finished, folder, notebook):
    original = notebook.read_bytes()
    view = HandInView(finished)
    answer = from_browser(view, type="download", participant_id="p-007")
    name, content = answer["name"], base64.b64decode(answer["content"], validate=True)
    assert name == "p-007__session2.ipynb"
    assert answer["text"] == messages.text("handin.ready", file=name)
    handed_in = json.loads(content)
    copies = [o["data"][MIME_TYPE] for c in handed_in["cells"] if c["cell_type"] == "code"
              for o in c.get("outputs", []) if MIME_TYPE in o.get("data", {})]
    assert len(copies) == 1
    assert copies[0]["participant_id"] == "p-007"
    assert copies[0]["exercises"] == saved_document(folder)["exercises"]
    assert copies[0]["exercises"]["stakeholder_map"] == EXAMPLE["stakeholder_map"]
    assert len(handed_in["cells"]) == len(json.loads(original)["cells"])
    assert notebook.read_bytes() == original


@pytest.fixture
def handed_in(finished):
    return download(HandInView(finished))


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
    answer = restore(hand_in, name, content)
    assert (answer["ok"], answer["text"]) == (True, messages.text("handin.restored", file=name))
    expected = {n: copy.deepcopy(d) for n, d in EXAMPLE.items()}
    assert workbook.answers.to_dict()["exercises"] == expected
    assert workbook.answers.participant_id == "p-007"
    assert saved_document(place)["exercises"] == expected and saved_document(place)["participant_id"] == "p-007"
    assert hand_in.keeper.answers["participant_id"] == "p-007"  # the panel shows the restored ID
    # every widget shows the restored answers
    assert [r["project"] for r in views["purpose_outcomes"].sheet.rows] == [
        "Peer mentoring", "Monthly community call"]
    assert "Volunteer mentors" in [r["contributor"] for r in views["stakeholders"].sheet.rows]
    assert sorted(sum(on_chart(views["stakeholder_map"]).values(), [])) == sorted(
        e["name"] for e in EXAMPLE["stakeholder_map"]["stakeholders"])
    assert "Research funder" in views["stakeholder_map"].table.value
    assert shown(views["resources"])["asynchronous"] == "Newsletter\nChat space"
    assert shown(views["reflections"])["purpose"] == EXAMPLE["reflections"]["answers"]["purpose"]


def test_restore_from_an_answer_file_works_too(finished, folder, elsewhere):
    place, workbook, views, hand_in = elsewhere
    answer = restore(hand_in, ANSWER_FILE, saved_bytes(folder, "session2"))
    assert workbook.answers.to_dict()["exercises"] == saved_document(folder)["exercises"]
    assert (answer["ok"], answer["text"]) == (True, messages.text("handin.restored", file=ANSWER_FILE))


def test_restore_keeps_the_previous_answers_aside(handed_in, elsewhere):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    add_row(views["purpose_outcomes"], project="Mine", purpose="p", outcomes="o")
    before = saved_bytes(place, "session2")
    assert restore(hand_in, name, content)["ok"]
    kept = [p for p in place.iterdir() if p.name != ANSWER_FILE]
    assert len(kept) == 1 and "before-restore" in kept[0].name
    assert kept[0].read_bytes() == before
    assert [r["project"] for r in saved_document(place)["exercises"]["purpose_outcomes"]["rows"]] == [
        "Peer mentoring", "Monthly community call"]


def test_restoring_twice_keeps_both_previous_versions(handed_in, elsewhere):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    type_answers(views["reflections"], purpose="First version")
    first = saved_bytes(place, "session2")
    assert restore(hand_in, name, content)["ok"]
    second = saved_bytes(place, "session2")
    assert restore(hand_in, name, content)["ok"]
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
        "session9_answers.json", saved_bytes(folder, "session2").replace(b'"session2"', b'"session9"')),
    "other session notebook": lambda content, folder: ("p__session9.ipynb", other_session(content)),
    "notebook without answers": lambda content, folder: ("session2.ipynb", RELEASE_NOTEBOOK.read_bytes()),
    "a list": lambda content, folder: ("list.json", b"[1, 2]"),
}


@pytest.mark.parametrize("make", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_a_bad_upload_is_explained_and_changes_nothing(handed_in, folder, elsewhere, make, assert_friendly):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    type_answers(views["reflections"], purpose="Keep me")
    before_files, before_answers = files(place), workbook.answers.to_dict()
    bad_name, bad_content = make(content, folder)
    answer = restore(hand_in, bad_name, bad_content)
    assert answer["ok"] is False
    assert_friendly(answer["text"])
    assert files(place) == before_files
    assert workbook.answers.to_dict() == before_answers
    assert shown(views["reflections"])["purpose"] == "Keep me"
    assert hand_in.keeper.answers == before_answers


def test_a_restore_never_raises_out_of_the_widget(elsewhere, monkeypatch):
    place, workbook, views, hand_in = elsewhere

    def broken(filename, content):
        raise KeyError("cells")

    monkeypatch.setattr(workbook, "restore", broken)
    answer = restore(hand_in, "x.ipynb", b"{}")
    assert answer["ok"] is False
    assert answer["text"] == messages.text("error.unexpected", reason="KeyError")  # the workbook's own wording
    assert "Traceback" not in answer["text"]


def test_a_restore_that_cannot_save_is_explained(handed_in, elsewhere, disk_full, assert_friendly):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    answer = restore(hand_in, name, content)
    assert answer["ok"] is False
    assert "No space left on device" in assert_friendly(answer["text"])


def test_after_a_restore_that_cannot_save_the_widgets_show_the_answers_kept_in_memory(
        handed_in, elsewhere, disk_full):
    name, content = handed_in
    place, workbook, views, hand_in = elsewhere
    assert restore(hand_in, name, content)["ok"] is False
    assert shown(views["reflections"])["purpose"] == workbook.models["reflections"].answers.get("purpose", "")


def test_a_restore_refreshes_the_choice_timeline_form_and_ratings_views(tmp_path_factory, folder):
    donor = tmp_path_factory.mktemp("donor")
    finished = Workbook("session4", donor)
    for exercise in session4.SESSION.names:
        finished.use_example(exercise)
    workbook = Workbook("session4", folder)
    views = {name: workbook.view(name) for name in session4.SESSION.names}
    workbook.restore("session4_answers.json", saved_bytes(donor, "session4"))
    assert list(shown(views["core_values"]).values()) == ["openness", "kindness", "learning"]
    assert list(views["roadmap"].figure.data[1].x) == ["2027-03-01", "2027-06-01", "2028-01-01"]
    assert said(views["vision"].statement) == finished.models["vision"].statement() != ""
    assert saved(folder, "session4") == saved(donor, "session4")

    donor1 = tmp_path_factory.mktemp("donor1")
    Workbook("session1", donor1).use_example("skills_rating")
    one = Workbook("session1", folder)
    ratings = one.view("skills_rating")
    one.restore("session1_answers.json", saved_bytes(donor1, "session1"))
    assert list(shown(ratings).values()) == ["4", "3", "2", "1", "3"]
    assert list(ratings.figure.data[0].r) == [4, 3, 2, 1, 3]
