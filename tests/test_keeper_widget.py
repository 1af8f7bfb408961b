"""The Keeper (the hand-in panel's Download my work, workbooks/views/keeper.py + keeper.js), kernel side.

Messages go in as the browser sends them, through ipywidgets' own dispatch (``Widget._handle_msg``);
what the kernel sends back (``Keeper.send``) is captured. No browser: tests/test_browser_keeper.py
clicks the real thing, with and without a server.
"""

from __future__ import annotations

import base64
import copy
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
from workbooks.kinds.table import TableModel
from workbooks.sessions.session2 import SESSION
from workbooks.views import keeper as keeper_module
from workbooks.views.handin import HandInView
from workbooks.views.keeper import Keeper, ui_strings

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


def from_browser(keeper: Keeper, content: object) -> list[dict]:
    """A custom message from keeper.js, through ipywidgets' dispatch; returns what the kernel sent back."""
    answers: list[dict] = []
    keeper.send = lambda data, buffers=None: answers.append(data)
    keeper._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})
    return answers


def ask(keeper: Keeper, kind: str, **content: object) -> dict:
    """One message of ``kind``; the kernel answers it exactly once, with the same number."""
    seq = next(_seq)
    answers = from_browser(keeper, {"type": kind, "seq": seq, **content})
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
        shape = "rows" if isinstance(model, TableModel) else "stakeholders" if hasattr(model, "placements") \
            else "answers"
        assert keeper.drafts[name] == {"key": widget.storage_key, "shape": shape}
        assert set(model.to_dict()) == {shape}  # the shape the answers file holds


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


# -- words: all from en.json -------------------------------------------------------------------


def test_the_strings_trait_holds_the_messages_table_texts(workbook, monkeypatch):
    monkeypatch.delenv("WORKBOOKS_LANG", raising=False)
    expected = {
        "idLabel": "handin.participant_id", "idPlaceholder": "handin.participant_placeholder",
        "download": "handin.download", "preparing": "keeper.preparing", "offline": "keeper.offline",
        "idKept": "keeper.id_kept", "badId": "error.bad_participant_id", "problem": "keeper.problem",
        "notDownloaded": "keeper.not_downloaded", "downloadedAt": "keeper.downloaded_at",
        "offerHelp": "keeper.offer_help", "offer": "keeper.offer", "noAnswer": "keeper.no_answer",
    }
    assert HandInView(workbook).keeper.strings == {name: EN[key] for name, key in expected.items()}
    assert "{file}" in ui_strings()["offline"] and "{time}" in ui_strings()["offer"]  # filled in by the browser


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


def test_keeper_js_never_writes_html():
    """Participant text (the ID, the file name) goes in as textContent or value only."""
    js = KEEPER_JS.read_text(encoding="utf-8")
    for way in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser",
                "createContextualFragment"):
        assert way not in js, way


def test_no_leave_site_dialog():
    """Tests close tabs and participants leave: a reminder in the panel, never a beforeunload question."""
    assert "beforeunload" not in KEEPER_JS.read_text(encoding="utf-8")


def test_messages_go_in_live_regions_and_keys_stay_in_the_panel():
    js = KEEPER_JS.read_text(encoding="utf-8")
    assert js.count('role: "status", "aria-live": "polite"') == 2  # the ID's answer and the panel's status
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
    assert Keeper._esm == KEEPER_JS.read_text(encoding="utf-8")
    assert Keeper._css.endswith(KEEPER_CSS.read_text(encoding="utf-8"))
    assert keeper_module.__file__ and Path(keeper_module.__file__).parent == KEEPER_JS.parent


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to parse keeper.js")
def test_keeper_js_is_a_valid_module(tmp_path):
    module = tmp_path / "keeper.mjs"
    shutil.copy(KEEPER_JS, module)
    result = subprocess.run(["node", "--check", str(module)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert re.search(r"export default \{ render \}", KEEPER_JS.read_text(encoding="utf-8"))


def test_the_panel_shows_the_keeper_and_restore_below_it(workbook):
    view = HandInView(workbook)
    children = list(view.widget.children)
    assert view.keeper in children and view.upload in children
    assert children.index(view.keeper) < children.index(view.upload)
    assert said(children[children.index(view.keeper) - 1]).startswith(messages.text("handin.help")[:40])
