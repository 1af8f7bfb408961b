"""The Sheet widget's kernel side, driven as the browser drives it: custom messages in, acks out.

Messages go in through ipywidgets' own dispatch (``Widget._handle_msg``), as a
comm message from the front end arrives; ``Sheet.send`` is captured. No browser.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import traitlets

import workbooks
from workbooks.static import WIDGET_BASE, widget_esm
from workbooks.views import sheet as sheet_module
from workbooks.views.sheet import Sheet, field, ui_strings

REPO = Path(__file__).resolve().parents[1]
PACKAGE = Path(workbooks.__file__).parent
SHEET_JS = PACKAGE / "views" / "sheet.js"
SHEET_CSS = PACKAGE / "views" / "sheet.css"
EN = json.loads((PACKAGE / "locales" / "en.json").read_text(encoding="utf-8"))
SHEET_TEXTS = {key: value for key, value in EN.items() if key.startswith("sheet.")}

FIELDS = [field("name", "Name", placeholder="Who"),
          field("purpose", "Purpose", multiline=True, hint="at least 15 words")]
ANN = {"name": "Ann", "purpose": "Runs the welcome call"}
BEA = {"name": "Bea", "purpose": "Answers questions"}


@pytest.fixture
def sent(monkeypatch):
    """What the kernel sends the browser (custom messages). The texts are the English ones."""
    monkeypatch.delenv("WORKBOOKS_LANG", raising=False)
    messages: list = []
    monkeypatch.setattr(Sheet, "send", lambda self, content, buffers=None: messages.append(content))
    return messages


@pytest.fixture
def sheet(sent):
    return Sheet(FIELDS, caption="Your team", storage_key="test/sheet")


@pytest.fixture
def heard(sheet):
    """Every (rows, reason) the sheet's callback was called with."""
    calls: list = []
    sheet.on_rows(lambda rows, reason: calls.append((rows, reason)))
    return calls


def arrive(widget: Sheet, content: object) -> None:
    """A custom message from the browser, through ipywidgets' dispatch (what model.send becomes)."""
    widget._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


def rows_message(seq: int, rows: list, reason: str = "typing", view: str = "view-1") -> dict:
    return {"type": "rows", "seq": seq, "rows": rows, "reason": reason, "view": view}


# -- rows from the browser ---------------------------------------------------------------


def test_the_callback_gets_the_whole_rows_and_the_reason(sheet, heard):
    arrive(sheet, rows_message(1, [ANN], "typing"))
    arrive(sheet, rows_message(2, [ANN, BEA], "add"))
    assert heard == [([ANN], "typing"), ([ANN, BEA], "add")]
    assert sheet.rows == [ANN, BEA]


def test_each_callback_gets_a_copy_it_may_change(sheet):
    seen: list = []
    sheet.on_rows(lambda rows, reason: rows[0].update(name="changed"))
    sheet.on_rows(lambda rows, reason: seen.append(rows))
    arrive(sheet, rows_message(1, [ANN]))
    assert seen == [[ANN]]
    assert sheet.rows == [ANN]


def test_an_older_or_repeated_message_is_ignored(sheet, heard):
    arrive(sheet, rows_message(5, [ANN, BEA]))
    arrive(sheet, rows_message(3, [ANN]))  # overtaken: older than what the kernel has
    arrive(sheet, rows_message(5, [BEA]))  # the same number again
    assert heard == [([ANN, BEA], "typing")]
    assert sheet.rows == [ANN, BEA]
    arrive(sheet, rows_message(6, [BEA], "remove"))
    assert heard[-1] == ([BEA], "remove")


def test_each_browser_view_counts_its_own_messages(sheet, heard):
    """A redrawn view (a reloaded page) starts counting at 1 again; its messages still count."""
    arrive(sheet, rows_message(40, [ANN], view="before-reload"))
    arrive(sheet, rows_message(1, [BEA], "restore", view="after-reload"))
    assert heard == [([ANN], "typing"), ([BEA], "restore")]


def test_unknown_fields_are_dropped_and_missing_ones_read_empty(sheet, heard):
    arrive(sheet, rows_message(1, [{"name": "Ann", "evil": "<script>", "__proto__": "x"}]))
    assert heard == [([{"name": "Ann", "purpose": ""}], "typing")]
    assert sheet.rows == [{"name": "Ann", "purpose": ""}]


@pytest.mark.parametrize("value", [1, 2.5, None, True, ["Ann"], {"text": "Ann"}])
def test_values_that_are_not_text_refuse_the_message(sheet, heard, sent, value):
    arrive(sheet, rows_message(1, [ANN, {"name": value, "purpose": "x"}]))
    assert heard == []
    assert sheet.rows == []
    assert sent == []


MALFORMED = [
    None, "rows", 42, [], {},
    {"type": "rows"},
    {"type": "rows", "seq": "1", "rows": [ANN], "reason": "typing"},
    {"type": "rows", "seq": True, "rows": [ANN], "reason": "typing"},
    {"type": "rows", "seq": -1, "rows": [ANN], "reason": "typing"},
    {"type": "rows", "seq": 1.0, "rows": [ANN], "reason": "typing"},
    {"type": "rowz", "seq": 1, "rows": [ANN], "reason": "typing"},
    {"type": "rows", "seq": 1, "rows": [ANN]},
    {"type": "rows", "seq": 1, "rows": [ANN], "reason": "paste"},
    {"type": "rows", "seq": 1, "rows": [ANN], "reason": ["typing"]},
    {"type": "rows", "seq": 1, "rows": "Ann,Runs the welcome call", "reason": "typing"},
    {"type": "rows", "seq": 1, "rows": None, "reason": "typing"},
    {"type": "rows", "seq": 1, "rows": {"0": ANN}, "reason": "typing"},
    {"type": "rows", "seq": 1, "rows": [["Ann", "x"]], "reason": "typing"},
    {"type": "rows", "seq": 1, "rows": [ANN, None], "reason": "typing"},
    {"type": "rows", "seq": 1, "rows": [ANN], "reason": "typing", "view": 7},
    {"type": "rows", "seq": 1, "rows": [ANN], "reason": "typing", "view": "v" * 65},
    {"type": "ping"},
    {"type": "ping", "seq": "1"},
]


@pytest.mark.parametrize("content", MALFORMED, ids=[f"malformed-{i}" for i in range(len(MALFORMED))])
def test_malformed_messages_are_ignored_without_raising(sheet, heard, sent, content):
    arrive(sheet, content)
    assert heard == []
    assert sheet.rows == []
    assert sent == []


def test_malformed_messages_leave_the_earlier_content(sheet, heard, sent):
    arrive(sheet, rows_message(1, [ANN]))
    for content in MALFORMED:
        arrive(sheet, content)
    assert sheet.rows == [ANN]
    assert len(heard) == 1 and len(sent) == 1


# -- acknowledgements --------------------------------------------------------------------


def test_rows_and_pings_are_acknowledged(sheet, sent):
    arrive(sheet, {"type": "ping", "seq": 7, "view": "v"})
    arrive(sheet, rows_message(8, [ANN]))
    arrive(sheet, rows_message(2, [BEA]))  # ignored as older, but the kernel is alive: it says so
    assert sent == [{"type": "ack", "seq": 7, "ok": True}, {"type": "ack", "seq": 8, "ok": True},
                    {"type": "ack", "seq": 2, "ok": True}]


def test_a_failing_callback_gives_a_friendly_status_and_no_traceback(sheet, sent, capsys, assert_friendly):
    broken = {"now": True}
    later: list = []

    def save(rows, reason):
        if broken["now"]:
            raise OSError("disk full")

    sheet.on_rows(save)
    sheet.on_rows(lambda rows, reason: later.append(reason))  # still called after the failing one
    arrive(sheet, rows_message(1, [ANN]))
    assert sheet.status == {"text": EN["sheet.not_saved"], "ok": False}
    assert_friendly(sheet.status["text"])
    assert sent == [{"type": "ack", "seq": 1, "ok": False}]  # the browser keeps its own copy
    assert sheet.rows == [ANN] and later == ["typing"]
    output = capsys.readouterr()
    assert "Traceback" not in output.out + output.err and "disk full" not in output.out + output.err

    broken["now"] = False
    arrive(sheet, rows_message(2, [ANN, BEA]))
    assert sheet.status == {"text": "", "ok": None}
    assert sent[-1] == {"type": "ack", "seq": 2, "ok": True}


def test_a_status_the_callback_sets_is_kept(sheet):
    sheet.on_rows(lambda rows, reason: setattr(sheet, "status", {"text": "Saved at 10:42.", "ok": True}))
    arrive(sheet, rows_message(1, [ANN]))
    assert sheet.status == {"text": "Saved at 10:42.", "ok": True}


def test_a_removed_callback_is_not_called(sheet):
    calls: list = []

    def callback(rows, reason):
        calls.append(reason)

    sheet.on_rows(callback)
    sheet.on_rows(callback, remove=True)
    arrive(sheet, rows_message(1, [ANN]))
    assert calls == []


# -- rows set by Python ------------------------------------------------------------------


def test_rows_set_by_python_redraw_the_browser_and_rows_from_it_do_not(sheet):
    """The browser redraws when _rows_version changes: never for its own rows, which may be older than the screen."""
    version = sheet._rows_version
    arrive(sheet, rows_message(1, [ANN]))
    assert sheet._rows_version == version
    sheet.rows = [BEA]
    assert sheet._rows_version == version + 1
    sheet.rows = [{"name": "Cy"}]
    assert sheet.rows == [{"name": "Cy", "purpose": ""}]
    assert sheet._rows_version == version + 2


def test_rows_set_by_python_must_be_texts(sheet):
    with pytest.raises(traitlets.TraitError):
        sheet.rows = [{"name": 3}]


def test_a_form_holds_exactly_one_record(sent):
    form = Sheet(FIELDS, layout="form")
    assert form.rows == [{"name": "", "purpose": ""}]
    heard: list = []
    form.on_rows(lambda rows, reason: heard.append(rows))
    arrive(form, rows_message(1, [ANN, BEA]))
    arrive(form, rows_message(2, []))
    assert heard == []
    arrive(form, rows_message(3, [ANN]))
    assert heard == [[ANN]]
    with pytest.raises(traitlets.TraitError):
        form.rows = [ANN, BEA]


def test_a_labelled_table_has_exactly_a_row_per_label(sent):
    phases = Sheet(FIELDS, row_labels=["Discovery", "First contact"], rows=[ANN])
    assert phases.rows == [ANN, {"name": "", "purpose": ""}]  # padded to a row per label
    assert phases.fixed_rows == 2
    heard: list = []
    phases.on_rows(lambda rows, reason: heard.append(rows))
    arrive(phases, rows_message(1, [ANN]))
    arrive(phases, rows_message(2, [ANN, BEA, ANN]))
    assert heard == []
    arrive(phases, rows_message(3, [BEA, ANN]))
    assert heard == [[BEA, ANN]]
    phases.rows = [ANN, BEA, ANN]
    assert phases.rows == [ANN, BEA]
    assert Sheet(FIELDS).fixed_rows is None and Sheet(FIELDS, layout="form").fixed_rows == 1


def test_a_field_with_options_is_a_drop_down_list_of_value_label_pairs():
    listed = Sheet([field("score", "Score", options=[("", "Not rated"), ("1", "One")])], layout="form")
    assert listed.fields[0]["options"] == [["", "Not rated"], ["1", "One"]]
    for bad in (["one"], [["1"]], [["1", 1]], "one"):
        with pytest.raises(traitlets.TraitError):
            Sheet([{"name": "score", "options": bad}])


def test_fields_need_distinct_names():
    with pytest.raises(traitlets.TraitError):
        Sheet([field("name", "Name"), field("name", "Other name")])
    with pytest.raises(traitlets.TraitError):
        Sheet([{"label": "No name"}])


def test_fields_are_filled_in_with_their_defaults(sheet):
    plain = Sheet([{"name": "goal", "label": "Goal"}])
    assert plain.fields == [{"name": "goal", "label": "Goal", "multiline": False, "placeholder": "", "hint": "",
                            "counter": "", "group": "", "options": []}]
    assert sheet.fields[1]["hint"] == "at least 15 words" and sheet.fields[1]["multiline"] is True


# -- words: all from en.json -------------------------------------------------------------


def test_the_strings_trait_holds_the_messages_table_texts(sheet):
    expected = {
        "add": "sheet.add", "remove": "sheet.remove", "removeRow": "sheet.remove_row", "row": "sheet.row",
        "rowHeader": "sheet.row_header", "cell": "sheet.cell", "added": "sheet.added", "removed": "sheet.removed",
        "problem": "sheet.problem", "gone": "sheet.gone", "back": "sheet.back", "namedCell": "sheet.named_cell",
    }
    assert sheet.strings == {name: EN[key] for name, key in expected.items()}
    assert "{n}" in sheet.strings["removeRow"]  # templates reach the browser unfilled


def test_every_string_key_sheet_js_uses_is_sent_by_python():
    used = set(re.findall(r"""\bt\(\s*"(\w+)\"""", SHEET_JS.read_text(encoding="utf-8")))
    assert used, "the scan found no t(...) calls"
    assert used <= set(ui_strings())
    assert set(ui_strings()) <= used, "a string sent but never shown"


def _phrases(text: str) -> list[str]:
    """The literal pieces of a message between its {placeholders}, without edge punctuation.

    A lone lower-case word ("row") is left out: it is also code (``scope: "row"``, a variable).
    """
    pieces = (p.strip(" ,.:") for p in re.split(r"\{\w+\}", text))
    return [p for p in pieces if len(p) >= 3 and (" " in p or not p.islower())]


def test_sheet_js_holds_no_participant_english():
    js = SHEET_JS.read_text(encoding="utf-8")
    assert SHEET_TEXTS, "no sheet.* texts found in en.json"
    for key, value in SHEET_TEXTS.items():
        for phrase in _phrases(value):
            assert not re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", js), (key, phrase)
    # Nor any other sentence-like string literal ("Remove row", 'Saved at').
    literals = re.findall(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""", js)
    assert len(literals) > 20, "the scan found too few string literals"
    english = [lit for lit in literals if re.search(r"\b[A-Z][a-z]+(?: [a-z]+)+", lit)]
    assert english == []


def test_the_phrase_scan_catches_english():
    assert _phrases("Remove row {n}") == ["Remove row"]
    assert _phrases("{field}, row {n}") == []
    assert _phrases("Row {n} added.") == ["Row"]


def test_sheet_js_never_writes_html():
    """Participant text goes in as textContent or value only, so no script in it can run."""
    js = Sheet._esm  # with widget_base.js in front
    for way in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser",
                "createContextualFragment"):
        assert way not in js, way


def test_sheet_css_uses_no_fixed_pixel_widths_and_the_project_colours():
    css = SHEET_CSS.read_text(encoding="utf-8")
    # 1px is the visually-hidden idiom (text for screen readers only), not a layout width.
    assert not re.search(r"(?<![-\w])(?:min-|max-)?width:\s*(?!1px)\d+px", css)
    assert "3px solid var(--wb-ok-text)" in css
    assert "--wb-ok-text: #0072B2;" in Sheet._css and "--wb-problem-text: #B34E00;" in Sheet._css
    assert ".workbooks-sheet.sheet-cards .sheet-table tr" in css  # rows become cards when too narrow
    assert 'classList.toggle("sheet-cards"' in SHEET_JS.read_text(encoding="utf-8")


# -- packaging and the browser file ------------------------------------------------------


def test_the_browser_files_are_read_and_packaged():
    assert Sheet._esm == widget_esm(SHEET_JS) and Sheet._esm.endswith(SHEET_JS.read_text(encoding="utf-8"))
    assert Sheet._css.endswith(SHEET_CSS.read_text(encoding="utf-8"))
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["workbooks"]
    for path in (SHEET_JS, SHEET_CSS, WIDGET_BASE):
        relative = path.relative_to(PACKAGE).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative
    assert "workbooks.views" in config["tool"]["setuptools"]["packages"]
    assert sheet_module.__file__ and Path(sheet_module.__file__).parent == SHEET_JS.parent


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to parse sheet.js")
def test_sheet_js_is_a_valid_module(tmp_path):
    module = tmp_path / "sheet.mjs"
    module.write_text(Sheet._esm, encoding="utf-8")  # as anywidget gets it: widget_base.js, then sheet.js
    result = subprocess.run(["node", "--check", str(module)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # And it exports render, as anywidget expects.
    assert re.search(r"export default \{ render \}", SHEET_JS.read_text(encoding="utf-8"))
