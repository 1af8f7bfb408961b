"""The Keeper (the hand-in panel's Download my work, workbooks/views/keeper.py + keeper.js), kernel side.

Messages go in as the browser sends them, through ipywidgets' own dispatch (``Widget._handle_msg``),
with the binary buffers a restored file travels in; what the kernel sends back (``Keeper.send``) is
captured. No browser: tests/test_browser_keeper.py clicks the real thing, with and without a server.
"""

from __future__ import annotations

import base64
import copy
import gc
import itertools
import json
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

import workbooks
from view_support import said, saved_bytes, type_rows
from workbooks import Workbook, messages, sessions
from workbooks.answers import SCHEMA_VERSION
from workbooks.facilitator.identify import NAME_RULE
from workbooks.handin import read_upload
from workbooks.models import MAX_TEXT
from workbooks.notebook_copy import MAX_NOTEBOOK_BYTES
from workbooks.sessions.session2 import SESSION
from workbooks.static import widget_esm
from workbooks.views import keeper as keeper_module
from workbooks.views.handin import HandInView
from workbooks.views.keeper import MAX_SENT_FILE_BYTES, MAX_SHOWN_NAME, Keeper, shown_file_name, ui_strings
from workbooks.views.keyboard import KeyboardGuard

PACKAGE = Path(workbooks.__file__).parent
KEEPER_JS = PACKAGE / "views" / "keeper.js"
KEEPER_CSS = PACKAGE / "views" / "keeper.css"
EN = json.loads((PACKAGE / "locales" / "en.json").read_text(encoding="utf-8"))
OUR_TEXTS = {key: value for key, value in EN.items() if key.startswith(("keeper.", "handin."))}
RELEASE_NOTEBOOK = Path(__file__).resolve().parents[1] / "release" / "session2" / "session2.ipynb"
FIXED_NOW = "2026-11-20T10:42:00.000000+00:00"

_seq = itertools.count(1)


@pytest.fixture
def notebook(folder, monkeypatch):
    """The release notebook, as the notebook this kernel runs."""
    path = folder / "session2.ipynb"
    shutil.copy(RELEASE_NOTEBOOK, path)
    monkeypatch.setenv("JPY_SESSION_NAME", path.name)
    return path


@pytest.fixture
def finished(notebook, folder):
    """Every exercise filled with its worked example, no participant ID yet."""
    workbook = Workbook("session2", folder)
    for exercise in SESSION.names:
        workbook.use_example(exercise)
    return workbook


@pytest.fixture
def elsewhere(tmp_path_factory, monkeypatch):
    """A fresh folder (a new Binder) with every exercise view and the hand-in panel of a fresh workbook."""
    place = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(place)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    workbook = Workbook("session2", place)
    views = {name: workbook.view(name) for name in SESSION.names}
    return place, workbook, views, HandInView(workbook)


def from_browser(keeper: Keeper, content: object, buffers: list | None = None) -> list[dict]:
    """A custom message from keeper.js, through ipywidgets' dispatch; returns what the kernel sent back."""
    answers: list[dict] = []
    keeper.send = lambda data, buffers=None: answers.append(data)
    keeper._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": buffers or []})
    return answers


def ask(keeper: Keeper, kind: str, buffers: list | None = None, **content: object) -> dict:
    """One message of ``kind``; the kernel answers it exactly once, with the same number."""
    seq = next(_seq)
    answers = from_browser(keeper, {"type": kind, "seq": seq, **content}, buffers)
    assert len(answers) == 1, answers
    assert answers[0]["seq"] == seq
    return answers[0]


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# -- Download my work --------------------------------------------------------------------------


def test_one_download_message_gives_the_hand_in_notebook(finished, monkeypatch):
    monkeypatch.setattr("workbooks.store.now", lambda: FIXED_NOW)  # the two builds below share a save time

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 11, 20, 10, 42, 0)

    monkeypatch.setattr("workbooks.workbook.datetime", Clock)
    keeper = HandInView(finished).keeper
    answer = ask(keeper, "download", participant_id="p-007")
    assert answer["type"] == "file" and answer["ok"] is True
    assert answer["name"] == "p-007__session2.ipynb"
    assert answer["text"] == messages.text("handin.ready", file="p-007__session2.ipynb")
    content = base64.b64decode(answer["content"], validate=True)
    assert (answer["name"], content) == finished.hand_in_file()
    assert finished.answers.participant_id == "p-007"  # the ID sent with the click is the one kept


@pytest.mark.parametrize("value", ["", "   ", "my id", "../p1", "a" * 65, 7, None])
def test_a_bad_participant_id_is_explained_and_nothing_is_saved_or_sent(finished, folder, value, assert_friendly):
    keeper = HandInView(finished).keeper
    before = files(folder)
    for kind in ("download", "participant"):
        answer = ask(keeper, kind, participant_id=value)
        assert answer["type"] == "reply" and answer["ok"] is False, answer
        assert "content" not in answer
        assert_friendly(answer["text"])
    assert files(folder) == before
    assert finished.answers.participant_id == ""


def test_a_good_participant_id_is_saved_and_reaches_the_browser(finished, folder):
    keeper = HandInView(finished).keeper
    answer = ask(keeper, "participant", participant_id=" p-007 ")
    assert (answer["ok"], answer["text"]) == (True, messages.text("handin.participant_saved"))
    assert json.loads(saved_bytes(folder, "session2"))["participant_id"] == "p-007"
    assert keeper.answers["participant_id"] == "p-007"


def test_a_download_that_fails_unexpectedly_says_so_in_words(finished, monkeypatch):
    keeper = HandInView(finished).keeper

    def broken():
        raise KeyError("cells")

    monkeypatch.setattr(finished, "hand_in_file", broken)
    answer = ask(keeper, "download", participant_id="p-007")
    assert answer["ok"] is False
    assert answer["text"] == messages.text("error.unexpected", reason="KeyError")  # the workbook's own wording
    assert "Traceback" not in answer["text"]


@pytest.mark.parametrize("content", [
    None, "download", [], {}, {"type": "download"}, {"type": "download", "seq": "1"},
    {"type": "download", "seq": -1}, {"type": "download", "seq": 1.5}, {"type": "download", "seq": True},
    {"type": "download", "seq": 2**60}, {"type": "shutdown", "seq": 1},
])
def test_malformed_messages_are_ignored_without_an_answer(finished, folder, content):
    keeper = HandInView(finished).keeper
    before = files(folder)
    assert from_browser(keeper, content) == []
    assert files(folder) == before


# -- the copy of the answers the browser holds -------------------------------------------------


def test_the_answers_trait_follows_every_save(workbook):
    table = workbook.view("purpose_outcomes")
    keeper = HandInView(workbook).keeper
    assert keeper.answers == workbook.answers.to_dict()
    row = {"project": "Seed swap", "purpose": "Share seeds", "outcomes": "More gardens"}
    type_rows(table, row)
    assert keeper.answers["exercises"]["purpose_outcomes"] == {"rows": [row]}
    workbook.use_example("resources")
    assert keeper.answers["exercises"]["resources"] == SESSION.exercise("resources").example
    assert keeper.answers == workbook.answers.to_dict()
    assert keeper.answers["saved_at"] == workbook.answers.saved_at != ""


def test_the_answers_trait_follows_a_restore(finished, folder, elsewhere):
    place, workbook, views, hand_in = elsewhere
    HandInView(finished).keeper  # noqa: B018 (the finished workbook's panel: it must not matter here)
    workbook.restore("session2_answers.json", saved_bytes(folder, "session2"))
    assert hand_in.keeper.answers == workbook.answers.to_dict()
    assert hand_in.keeper.answers["exercises"] == finished.answers.to_dict()["exercises"]
    assert hand_in.keeper.fresh is False


def test_fresh_means_no_exercise_started(workbook):
    keeper = HandInView(workbook).keeper
    assert keeper.fresh is True
    assert ask(keeper, "participant", participant_id="p1")["ok"]
    assert keeper.fresh is True  # an ID alone starts no exercise
    workbook.use_example("resources")
    assert keeper.fresh is False
    assert HandInView(workbook).keeper.fresh is False


def test_the_browser_keys_are_per_session_and_answers_file(workbook, tmp_path):
    keeper = HandInView(workbook).keeper
    assert keeper.storage_key == workbook.browser_key("answers")
    assert keeper.storage_prefix == "workbooks/session2/answers/"
    assert keeper.storage_key.startswith(keeper.storage_prefix)
    assert keeper.storage_key.endswith(str(workbook.store.path.resolve()))
    assert keeper.download_key != keeper.storage_key and not keeper.download_key.startswith(keeper.storage_prefix)
    other = HandInView(Workbook("session2", tmp_path / "other")).keeper
    assert other.storage_key != keeper.storage_key and other.storage_key.startswith(keeper.storage_prefix)
    assert not HandInView(Workbook("session3", tmp_path)).keeper.storage_key.startswith(keeper.storage_prefix)


# What the answers file holds of an exercise, for each shape of draft keeper.js knows.
HOLDS = {"rows": {"rows"}, "answers": {"answers"}, "items": {"items"}, "phases": {"lens", "phases"},
         "counts": {"people", "moved_on"}, "scores": {"scores"}, "chosen": {"chosen"},
         "stakeholders": {"stakeholders"}, "records": {"records"}}


@pytest.mark.parametrize("session", [s.id for s in sessions.all_sessions()])
def test_the_drafts_are_every_sheets_own_storage_key_with_its_shape(session, folder):
    """Every exercise typed into a Sheet (tables and forms) has its draft overlaid when the kernel is gone."""
    workbook = Workbook(session, folder)
    keeper = HandInView(workbook).keeper
    drafting = {name: view.sheet for name in workbook.models
                if hasattr(view := workbook.view(name), "sheet")}
    drafting |= {name: view.map for name in workbook.models if hasattr(view := workbook.view(name), "map")}
    assert set(keeper.drafts) == set(drafting)
    for name, widget in drafting.items():
        model = workbook.models[name]
        shape = keeper.drafts[name]["shape"]
        assert keeper.drafts[name] == {"key": widget.storage_key, "shape": shape}
        assert set(model.to_dict()) == HOLDS[shape]  # what keeper.js writes for that shape


def test_the_answers_file_name_is_one_collect_files(workbook):
    names = HandInView(workbook).keeper.file_names
    assert names["withoutId"] == "session2_answers.json" == workbook.spec.answer_file
    named = names["withId"].replace("{id}", "p-007")
    assert named == "p-007__session2_answers.json"
    found = NAME_RULE.match(named)
    assert found and (found["id"], found["session"], found["rest"]) == ("p-007", "session2", "_answers.json")


def test_the_id_rule_the_browser_uses_is_the_kernels(workbook):
    pattern = re.compile(HandInView(workbook).keeper.id_pattern)
    assert pattern.match("p-007") and pattern.match("a" * 64)
    for bad in ("my id", "../p1", "a" * 65, "-p1", ""):
        assert not pattern.match(bad), bad


def test_an_answers_file_as_the_browser_builds_it_is_restorable(finished):
    """keeper.js: the copy, with a table typed while the kernel was gone, and a JavaScript-made save time."""
    document = finished.answers.to_dict()
    typed = [{"project": "Typed offline", "purpose": "Kept by the browser", "outcomes": "Handed in"}]
    document["exercises"]["purpose_outcomes"] = {"rows": typed}
    document["participant_id"] = "p-007"
    document["saved_at"] = "2026-11-20T10:42:00.123000+00:00"  # Date.toISOString(), as keeper.js writes it
    restored = read_upload(SESSION, "p-007__session2_answers.json", json.dumps(document, indent=1).encode("utf-8"))
    assert restored.to_dict() == document
    assert restored.problems == []


# -- bringing back what the browser kept -----------------------------------------------------


def test_bringing_back_the_browsers_copy_restores_it_everywhere(finished, elsewhere):
    place, workbook, views, hand_in = elsewhere
    finished.answers.participant_id = "p-007"
    finished.save()
    kept = copy.deepcopy(HandInView(finished).keeper.answers)
    assert hand_in.keeper.fresh is True
    answer = ask(hand_in.keeper, "restore", answers=kept)
    assert (answer["ok"], answer["text"]) == (True, messages.text("keeper.brought_back"))
    assert workbook.answers.to_dict()["exercises"] == kept["exercises"]
    assert workbook.answers.participant_id == "p-007"
    on_disk = json.loads(saved_bytes(place, "session2"))
    assert on_disk["exercises"] == kept["exercises"] and on_disk["participant_id"] == "p-007"
    assert [r["project"] for r in views["purpose_outcomes"].sheet.rows] == ["Peer mentoring", "Monthly community call"]
    assert workbook.models["reflections"].to_dict() == kept["exercises"]["reflections"]
    assert hand_in.keeper.fresh is False and hand_in.keeper.answers["participant_id"] == "p-007"


def test_bringing_back_keeps_the_answers_it_replaces_aside(finished, elsewhere):
    place, workbook, views, hand_in = elsewhere
    type_rows(views["purpose_outcomes"], {"project": "Mine", "purpose": "p", "outcomes": "o"})
    before = saved_bytes(place, "session2")
    assert ask(hand_in.keeper, "restore", answers=finished.answers.to_dict())["ok"]
    aside = [p for p in place.iterdir() if "before-restore" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == before


def damaged(finished) -> dict[str, object]:
    good = finished.answers.to_dict()
    return {
        "not a document": "answers",
        "a list": [1, 2],
        "nothing": None,
        "another format": {**good, "format": "something-else"},
        "another session": {**good, "session": "session3"},
        "a newer schema": {**good, "schema_version": SCHEMA_VERSION + 1},
    }


@pytest.mark.parametrize("case", ["not a document", "a list", "nothing", "another format", "another session",
                                  "a newer schema"])
def test_a_damaged_copy_is_refused_in_words_and_nothing_is_lost(finished, elsewhere, case, assert_friendly):
    place, workbook, views, hand_in = elsewhere
    type_rows(views["purpose_outcomes"], {"project": "Keep me", "purpose": "p", "outcomes": "o"})
    before_files, before_answers = files(place), workbook.answers.to_dict()
    answer = ask(hand_in.keeper, "restore", answers=damaged(finished)[case])
    assert answer["ok"] is False
    assert_friendly(answer["text"])
    assert files(place) == before_files
    assert workbook.answers.to_dict() == before_answers
    assert [r["project"] for r in views["purpose_outcomes"].sheet.rows] == ["Keep me"]
    assert hand_in.keeper.answers == before_answers


# -- Restore my work: a file chosen in the browser, sent as one binary buffer -----------------


def restore_file(keeper: Keeper, name: object, content: bytes) -> dict:
    """keeper.js reads the chosen file and sends it (ipykernel hands the buffer over as a memoryview)."""
    return ask(keeper, "restore_file", [memoryview(content)], name=name)


def test_restoring_a_downloaded_answers_file_brings_every_answer_back(finished, folder, elsewhere):
    place, workbook, views, hand_in = elsewhere
    finished.answers.participant_id = "p-007"
    finished.save()
    name = "p-007__session2_answers.json"
    answer = restore_file(hand_in.keeper, name, saved_bytes(folder, "session2"))
    assert (answer["type"], answer["ok"]) == ("reply", True)
    assert answer["text"] == messages.text("handin.restored", file=name)
    assert workbook.answers.to_dict()["exercises"] == finished.answers.to_dict()["exercises"]
    assert json.loads(saved_bytes(place, "session2"))["participant_id"] == "p-007"
    assert [r["project"] for r in views["purpose_outcomes"].sheet.rows] == ["Peer mentoring", "Monthly community call"]
    assert hand_in.keeper.answers == workbook.answers.to_dict()  # the browser's copy follows
    assert hand_in.keeper.fresh is False


def test_restoring_a_hand_in_notebook_brings_every_answer_back(finished, elsewhere):
    place, workbook, views, hand_in = elsewhere
    download = ask(HandInView(finished).keeper, "download", participant_id="p-007")
    notebook = base64.b64decode(download["content"])
    answer = restore_file(hand_in.keeper, download["name"], notebook)
    assert (answer["ok"], answer["text"]) == (True, messages.text("handin.restored", file="p-007__session2.ipynb"))
    assert workbook.answers.to_dict()["exercises"] == finished.answers.to_dict()["exercises"]
    assert workbook.answers.participant_id == "p-007" == hand_in.keeper.answers["participant_id"]
    assert workbook.models["reflections"].to_dict() == finished.models["reflections"].to_dict()


DAMAGED_FILES = {
    "garbage": ("photo.ipynb", bytes(range(256)) * 8),
    "empty": ("empty.json", b""),
    "a list": ("list.json", b"[1, 2]"),
    "another session": ("session3_answers.json", b'{"format": "community-building-workbooks", "session": "session3"}'),
    "a notebook without answers": ("session2.ipynb", RELEASE_NOTEBOOK.read_bytes()),
    "half a notebook": ("p1__session2.ipynb", RELEASE_NOTEBOOK.read_bytes()[:5000]),
}


@pytest.mark.parametrize("case", DAMAGED_FILES)
def test_a_damaged_file_is_refused_in_words_and_nothing_is_lost(elsewhere, case, assert_friendly):
    place, workbook, views, hand_in = elsewhere
    type_rows(views["purpose_outcomes"], {"project": "Keep me", "purpose": "p", "outcomes": "o"})
    before_files, before_answers = files(place), workbook.answers.to_dict()
    name, content = DAMAGED_FILES[case]
    answer = restore_file(hand_in.keeper, name, content)
    assert answer["ok"] is False
    assert_friendly(answer["text"])
    assert files(place) == before_files
    assert workbook.answers.to_dict() == before_answers == hand_in.keeper.answers
    assert [r["project"] for r in views["purpose_outcomes"].sheet.rows] == ["Keep me"]


def test_a_file_too_large_to_be_a_workbook_is_refused_before_it_is_read(elsewhere, monkeypatch, assert_friendly):
    place, workbook, views, hand_in = elsewhere
    before = files(place)
    monkeypatch.setattr(workbook, "restore", lambda name, content: pytest.fail("a huge file was read"))
    answer = restore_file(hand_in.keeper, "holiday.json", bytes(MAX_NOTEBOOK_BYTES + 1))
    assert answer["ok"] is False
    assert answer["text"] == assert_friendly(messages.text("keeper.restore_too_big", file="holiday.json"))
    assert files(place) == before
    # The browser refuses it first, and already one that would not fit in one websocket message.
    assert hand_in.keeper.max_file_bytes == MAX_SENT_FILE_BYTES < min(MAX_NOTEBOOK_BYTES, 10 * 1024 * 1024)


@pytest.mark.parametrize("buffers", [[], [b"{}", b"{}"], ["not bytes"], [None]], ids=["none", "two", "text", "null"])
def test_a_restore_message_without_its_one_file_is_refused_in_words(elsewhere, buffers, assert_friendly):
    place, workbook, views, hand_in = elsewhere
    before_files, before_answers = files(place), workbook.answers.to_dict()
    answer = ask(hand_in.keeper, "restore_file", buffers, name="p1__session2_answers.json")
    assert answer["ok"] is False
    assert answer["text"] == assert_friendly(messages.text("error.upload_unreadable", file="p1__session2_answers.json"))
    assert files(place) == before_files and workbook.answers.to_dict() == before_answers


HOSTILE_NAMES = {
    "../../../etc/p1__session2_answers.json": "p1__session2_answers.json",
    "C:\\Users\\me\\Downloads\\p1__session2_answers.json": "p1__session2_answers.json",
    "<img src=x onerror=alert(1)>.json": "<img src=x onerror=alert(1)>.json",  # words, shown as text only
    "<b>bold</b>.json": "b>.json",
    "p1\u202enosj.ipynb\n\r\t\x00": "p1nosj.ipynb",  # no right-to-left override, no control characters
    "   ": messages.text("keeper.unnamed_file"),
    "a/b/": messages.text("keeper.unnamed_file"),
}


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_only_the_last_part_of_a_file_name_is_said_back_as_text(finished, folder, elsewhere, name):
    place, workbook, views, hand_in = elsewhere
    answer = restore_file(hand_in.keeper, name, saved_bytes(folder, "session2"))
    assert (answer["ok"], answer["text"]) == (True, messages.text("handin.restored", file=HOSTILE_NAMES[name]))
    assert sorted(p.name for p in place.iterdir()) == ["session2_answers.json"]  # no file named after it


@pytest.mark.parametrize("name", [None, 7, ["a.json"], {"name": "a.json"}])
def test_a_file_name_that_is_not_text_is_the_file_you_chose(name):
    assert shown_file_name(name) == messages.text("keeper.unnamed_file")


def test_a_long_file_name_keeps_its_start_and_its_type():
    shown = shown_file_name("p1__" + "x" * 5000 + "__session2_answers.json")
    assert len(shown) == MAX_SHOWN_NAME + 1
    assert shown.startswith("p1__xxx") and shown.endswith("__session2_answers.json") and "\u2026" in shown
    assert shown_file_name("a" * MAX_SHOWN_NAME) == "a" * MAX_SHOWN_NAME


def test_the_browser_cuts_file_names_as_the_kernel_does():
    js = KEEPER_JS.read_text(encoding="utf-8")
    assert f"const MAX_SHOWN_NAME = {MAX_SHOWN_NAME};" in js
    assert ".split(/[\\\\/]/).pop().replace(/\\p{C}/gu, \"\")" in js


def test_the_restore_button_opens_a_hidden_file_box_and_sends_the_file_as_a_buffer():
    js = KEEPER_JS.read_text(encoding="utf-8")
    assert re.search(r'restoreButton = make\("button", \{ type: "button"', js)
    assert re.search(r'type: "file", accept: "\.ipynb,\.json", class: "keeper-restore-file", tabindex: "-1", '
                     r'"aria-hidden": "true"', js)
    assert "chooser.click()" in js
    assert 'chooser.value = ""' in js  # the same file can be chosen twice
    assert "file.arrayBuffer()" in js and "buffers: [content]" in js
    assert 'model.send({ ...message, seq: s }, undefined, buffers)' in js
    assert 'file.size > model.get("max_file_bytes")' in js
    css = KEEPER_CSS.read_text(encoding="utf-8")
    hidden = re.search(r"\.keeper-restore-file \{(.*?)\}", css, flags=re.DOTALL)
    assert hidden and "clip-path: inset(50%)" in hidden.group(1) and "position: absolute" in hidden.group(1)


def test_the_restore_section_comes_after_the_download_button():
    js = KEEPER_JS.read_text(encoding="utf-8")
    order = re.search(r"root\.append\(([^;]*)\);", js)
    assert order, "the panel's parts are not appended in one place"
    parts = [p.strip() for p in order.group(1).split(",")]
    assert parts.index("download") < parts.index("statusLine") < parts.index("restoreSection")
    assert re.search(r'make\("div", \{ class: "keeper-restore-section" \},\s*restoreTitle, restoreHelp, '
                     r'restoreButton, chooser, restoreStatus\)', js)


def test_going_back_to_the_top_only_scrolls():
    """A fresh notebook's first view of the panel takes the notebook to its top; focus stays where it is."""
    js = KEEPER_JS.read_text(encoding="utf-8")
    body = js[js.index("function showTopOnce("):]
    body = body[:body.index("\n}\n")]
    assert "scrollTo(" in body and "focus" not in body and "activeCell" not in body
    assert "const cancelGoingToTop = model.get(\"fresh\") ? showTopOnce(el)" in js


# -- words: all from en.json -------------------------------------------------------------------


def test_the_strings_trait_holds_the_messages_table_texts(workbook, monkeypatch):
    monkeypatch.delenv("WORKBOOKS_LANG", raising=False)
    expected = {
        "idLabel": "handin.participant_id", "idPlaceholder": "handin.participant_placeholder",
        "download": "handin.download", "preparing": "keeper.preparing", "offline": "keeper.offline",
        "idKept": "keeper.id_kept", "badId": "error.bad_participant_id", "problem": "keeper.problem",
        "notDownloaded": "keeper.not_downloaded", "downloadedAt": "keeper.downloaded_at",
        "offerHelp": "keeper.offer_help", "offer": "keeper.offer", "noAnswer": "keeper.no_answer",
        "restoreTitle": "handin.restore_title", "restoreHelp": "handin.restore_help", "restore": "handin.restore",
        "restoring": "keeper.restoring", "restoreTooBig": "keeper.restore_too_big",
        "restoreUnreadable": "error.upload_unreadable", "restoreNeedsKernel": "keeper.restore_needs_kernel",
        "unnamedFile": "keeper.unnamed_file",
    }
    assert HandInView(workbook).keeper.strings == {name: EN[key] for name, key in expected.items()}
    assert "{file}" in ui_strings()["offline"] and "{time}" in ui_strings()["offer"]  # filled in by the browser
    assert all("{file}" in ui_strings()[name] for name in ("restoring", "restoreTooBig", "restoreUnreadable"))


def test_every_string_key_keeper_js_uses_is_sent_by_python():
    used = set(re.findall(r"""\bt\(\s*"(\w+)\"""", KEEPER_JS.read_text(encoding="utf-8")))
    assert used, "the scan found no t(...) calls"
    assert used == set(ui_strings())


def _phrases(text: str) -> list[str]:
    """The literal pieces of a message between its {placeholders}, without edge punctuation; lone lower-case
    words ("download") are left out, as they are also code."""
    pieces = (p.strip(" ,.:;…()") for p in re.split(r"\{\w+\}", text))
    return [p for p in pieces if len(p) >= 3 and (" " in p or not p.islower())]


def _english_in(js: str) -> list[str]:
    found = [f"{key}: {phrase}" for key, value in OUR_TEXTS.items() for phrase in _phrases(value)
             if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", js)]
    literals = re.findall(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""", js)
    return found + [lit for lit in literals if re.search(r"\b[A-Z][a-z]+(?: [a-z]+)+", lit)]


def test_keeper_js_holds_no_participant_english():
    assert len(OUR_TEXTS) > 15 and "keeper.offline" in OUR_TEXTS
    assert _english_in(KEEPER_JS.read_text(encoding="utf-8")) == []


def test_the_english_scan_catches_a_planted_message():
    js = KEEPER_JS.read_text(encoding="utf-8")
    assert _english_in(js + '\nconst x = "Download my work";\n')
    assert _english_in(js.replace('t("notDownloaded")', '"Not downloaded yet."'))
    assert _english_in(js + "\n// " + EN["keeper.offline"].split("{")[0] + "\n")


def test_keeper_js_cuts_draft_text_at_the_kernels_limit():
    """A draft's text over the limit would make the kernel set a whole checklist or mountain aside."""
    found = re.search(r"const MAX_TEXT = (\d+);", KEEPER_JS.read_text(encoding="utf-8"))
    assert found and int(found.group(1)) == MAX_TEXT


def test_keeper_js_never_writes_html():
    """Participant text (the ID, the file name) goes in as textContent or value only."""
    js = Keeper._esm  # with widget_base.js in front
    for way in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser",
                "createContextualFragment"):
        assert way not in js, way


def test_no_leave_site_dialog():
    """Tests close tabs and participants leave: a reminder in the panel, never a beforeunload question."""
    assert "beforeunload" not in KEEPER_JS.read_text(encoding="utf-8")


def test_messages_go_in_live_regions_and_keys_stay_in_the_panel():
    js = KEEPER_JS.read_text(encoding="utf-8")
    assert js.count('role: "status", "aria-live": "polite"') == 3  # the ID's answer, the download's, the restore's
    assert "event.stopPropagation()" in js and 'event.key === "Tab" || event.key === "Escape"' in js
    assert re.search(r'make\("label", \{ for: input\.id', js)


def test_keeper_css_uses_the_project_colours_and_a_3px_focus_outline():
    css = re.sub(r"/\*.*?\*/", "", KEEPER_CSS.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert "outline: 3px solid var(--wb-ok-text)" in css
    assert "--wb-ok-text: #0072B2;" in Keeper._css and "--wb-problem-text: #B34E00;" in Keeper._css
    assert "--wb-note-text: #444444;" in Keeper._css
    assert not re.search(r"#(?!444444\b|767676\b|000000\b|ffffff\b|5f5f5f\b|f2f2f2\b|e0e0e0\b)[0-9a-fA-F]{6}\b", css)


# -- the browser file --------------------------------------------------------------------------


def test_the_browser_files_are_read():
    assert Keeper._esm == widget_esm(KEEPER_JS)
    assert Keeper._css.endswith(KEEPER_CSS.read_text(encoding="utf-8"))
    assert keeper_module.__file__ and Path(keeper_module.__file__).parent == KEEPER_JS.parent


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to parse keeper.js")
def test_keeper_js_is_a_valid_module(tmp_path):
    module = tmp_path / "keeper.mjs"
    module.write_text(Keeper._esm, encoding="utf-8")  # as anywidget gets it: widget_base.js, then keeper.js
    result = subprocess.run(["node", "--check", str(module)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert re.search(r"export default \{ render \}", KEEPER_JS.read_text(encoding="utf-8"))


def test_the_panel_is_its_heading_its_help_the_keeper_and_the_strategy_pack(workbook):
    """Restore my work is drawn by the Keeper: no ipywidgets FileUpload ("Restore my work (0)")."""
    view = HandInView(workbook)
    guard, heading, help_text, keeper, pack = view.widget.children
    assert isinstance(guard, KeyboardGuard)
    assert said(heading) == messages.text("handin.title")
    assert said(help_text).startswith(messages.text("handin.help")[:40])
    assert keeper is view.keeper
    assert said(pack.children[0]) == messages.text("pack.view_title")
    assert not hasattr(view, "upload")


def test_the_keeper_follows_saves_with_no_one_holding_the_panel(workbook):
    """Workbook.hand_in displays the panel's widget and drops the view: the Keeper listens itself."""
    keeper = HandInView(workbook).keeper
    gc.collect()
    workbook.use_example("resources")
    assert keeper.fresh is False
    assert keeper.answers == workbook.answers.to_dict()
