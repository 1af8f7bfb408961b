"""The stakeholder map widget (``StakeholderMap``): its kernel side driven as the browser drives it, custom
messages in and acks out, and its browser files read as text and, with Node.js, their pure functions run.

Messages go in through ipywidgets' own dispatch (``Widget._handle_msg``), as a comm message from the front
end arrives; ``StakeholderMap.send`` is captured. No browser: tests/test_browser.py drives the real thing.
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

import workbooks
from workbooks.kinds.power_interest_map import QUADRANT_COLOURS, QUADRANT_SYMBOLS, QUADRANTS, quadrant
from workbooks.models import AnswerError
from workbooks.static import widget_esm
from workbooks.views import power_interest_map as map_module
from workbooks.views.power_interest_map import Done, MapChange, StakeholderMap, ui_strings

REPO = Path(__file__).resolve().parents[1]
PACKAGE = Path(workbooks.__file__).parent
MAP_JS = PACKAGE / "views" / "stakeholder_map.js"
MAP_CSS = PACKAGE / "views" / "stakeholder_map.css"
EN = json.loads((PACKAGE / "locales" / "en.json").read_text(encoding="utf-8"))
NODE = shutil.which("node")


@pytest.fixture
def sent(monkeypatch):
    """What the kernel sends the browser (custom messages). The texts are the English ones."""
    monkeypatch.delenv("WORKBOOKS_LANG", raising=False)
    messages: list = []
    monkeypatch.setattr(StakeholderMap, "send", lambda self, content, buffers=None: messages.append(content))
    return messages


@pytest.fixture
def heard():
    """Every change the widget's callback was given."""
    return []


@pytest.fixture
def widget(sent, heard):
    def on_change(change: MapChange) -> Done:
        heard.append(change)
        if change.name == "refused":
            raise AnswerError("error.not_on_map", name="refused")
        if change.name == "broken":
            raise OSError("disk full")
        return Done(f"did {change.kind}", saved=change.name != "unsaved")
    return StakeholderMap(on_change, storage_key="test/map")


def arrive(widget: StakeholderMap, content: object) -> None:
    """A custom message from the browser, through ipywidgets' dispatch (what model.send becomes)."""
    widget._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


def place(seq: int, name: str = "Mentors", power: object = 8, interest: object = 7, view: str = "view-1") -> dict:
    return {"type": "place", "seq": seq, "view": view, "name": name, "power": power, "interest": interest}


# -- changes from the browser ---------------------------------------------------------------


def test_each_change_reaches_the_callback_whole_and_is_acknowledged(widget, heard, sent):
    arrive(widget, place(1))
    arrive(widget, {"type": "remove", "seq": 2, "view": "view-1", "name": "Mentors"})
    entries = [{"name": "Funder", "power": 9, "interest": 2}]
    arrive(widget, {"type": "restore", "seq": 3, "view": "view-1", "placements": entries})
    assert heard == [MapChange("place", "Mentors", 8, 7), MapChange("remove", "Mentors"),
                     MapChange("restore", placements=entries)]
    assert sent == [{"type": "ack", "seq": n, "ok": True} for n in (1, 2, 3)]
    assert widget.outcome == {"text": "did restore", "ok": True, "n": 3}


def test_a_refused_change_says_why_and_is_acknowledged_as_not_kept(widget, sent, assert_friendly):
    arrive(widget, place(1, "refused"))
    assert widget.outcome == {"text": "“refused” is not on the map.", "ok": False, "n": 1}
    assert_friendly(widget.outcome["text"])
    # Refused: the browser shows the kernel's map again and keeps no copy of the change to send back.
    assert sent == [{"type": "ack", "seq": 1, "ok": False, "refused": True}]


def test_a_change_that_was_not_saved_is_acknowledged_as_not_kept(widget, sent):
    arrive(widget, place(1, "unsaved"))
    assert widget.outcome["ok"] is True  # it was done: the map shows it; the status line says it is not saved
    assert sent == [{"type": "ack", "seq": 1, "ok": False}]  # the browser keeps its own copy


def test_a_failing_callback_gives_a_friendly_message_and_no_traceback(widget, sent, capsys, assert_friendly):
    arrive(widget, place(1, "broken"))
    assert widget.outcome["ok"] is False
    assert_friendly(widget.outcome["text"])
    assert sent == [{"type": "ack", "seq": 1, "ok": False}]
    output = capsys.readouterr()
    assert "Traceback" not in output.out + output.err and "disk full" not in output.out + output.err


def test_an_older_or_repeated_message_is_ignored_but_acknowledged(widget, heard, sent):
    arrive(widget, place(5, power=3))
    arrive(widget, place(3, power=9))  # overtaken: older than what the kernel has
    arrive(widget, place(5, power=9))  # the same number again
    assert [c.power for c in heard] == [3]
    assert sent == [{"type": "ack", "seq": n, "ok": True} for n in (5, 3, 5)]
    arrive(widget, place(6, power=1))
    assert [c.power for c in heard] == [3, 1]


def test_each_browser_view_counts_its_own_messages(widget, heard):
    """A redrawn view (a reloaded page) starts counting at 1 again; its messages still count."""
    arrive(widget, place(40, view="before-reload"))
    arrive(widget, place(1, power=2, view="after-reload"))
    assert [c.power for c in heard] == [8, 2]


def test_pings_are_acknowledged_and_change_nothing(widget, heard, sent):
    arrive(widget, {"type": "ping", "seq": 7, "view": "v"})
    assert sent == [{"type": "ack", "seq": 7, "ok": True}] and heard == []
    assert widget.outcome["n"] == 0


def test_numbers_the_model_refuses_still_reach_it(widget, heard):
    """12 or 5.5 are numbers: the model refuses them with a friendly message (tests/kinds)."""
    arrive(widget, place(1, power=12))
    arrive(widget, place(2, interest=5.5))
    assert [(c.power, c.interest) for c in heard] == [(12, 7), (8, 5.5)]


MALFORMED = [
    None, "place", 42, [], {},
    {"type": "place"},
    place(1, name=None), place(1, name=["Mentors"]), place(1, power="8"), place(1, interest=None),
    place(1, power=True), place(1, interest=[7]),
    {"type": "place", "seq": 1, "view": "v", "name": "Mentors", "power": 8},
    {**place(1), "seq": "1"}, {**place(1), "seq": True}, {**place(1), "seq": -1}, {**place(1), "seq": 1.0},
    {**place(1), "seq": 2**53}, {**place(1), "view": 7}, {**place(1), "view": "v" * 65},
    {**place(1), "type": "plase"},
    {"type": "remove", "seq": 1, "view": "v"}, {"type": "remove", "seq": 1, "view": "v", "name": 3},
    {"type": "restore", "seq": 1, "view": "v"}, {"type": "restore", "seq": 1, "view": "v", "placements": "x"},
    {"type": "restore", "seq": 1, "view": "v", "placements": [{"name": "A", "power": 1}]},
    {"type": "restore", "seq": 1, "view": "v", "placements": [{"name": 1, "power": 1, "interest": 1}]},
    {"type": "restore", "seq": 1, "view": "v", "placements": [None]},
    {"type": "ping"}, {"type": "ping", "seq": "1"},
]


@pytest.mark.parametrize("content", MALFORMED, ids=[f"malformed-{i}" for i in range(len(MALFORMED))])
def test_malformed_messages_are_ignored_without_raising(widget, heard, sent, content):
    arrive(widget, content)
    assert heard == [] and sent == []
    assert widget.outcome["n"] == 0


def test_malformed_messages_leave_the_order_of_good_ones_alone(widget, heard, sent):
    for content in MALFORMED:
        arrive(widget, content)
    arrive(widget, place(1))
    assert len(heard) == 1 and sent == [{"type": "ack", "seq": 1, "ok": True}]


# -- what the widget tells the browser ------------------------------------------------------


def test_the_quadrants_carry_colour_shape_and_halves_from_the_model(widget):
    styles = {q["key"]: q for q in widget.quadrants}
    assert list(styles) == list(QUADRANTS)
    for key, style in styles.items():
        assert (style["colour"], style["symbol"]) == (QUADRANT_COLOURS[key], QUADRANT_SYMBOLS[key])
        assert style["label"] == EN[f"quadrant.{key}"]
    # The browser picks the quadrant whose halves hold a position: the model's rule, at every position.
    for power in range(11):
        for interest in range(11):
            chosen = [k for k, s in styles.items()
                      if s["highPower"] == (power >= widget.scale["midpoint"])
                      and s["highInterest"] == (interest >= widget.scale["midpoint"])]
            assert chosen == [quadrant(power, interest)], (power, interest)
    assert widget.scale == {"min": 0, "max": 10, "midpoint": 5}
    assert len({QUADRANT_SYMBOLS[q] for q in QUADRANTS}) == 4  # colour is never the only cue


class Templates(dict):
    """Fills in the scale's ends and keeps every other {placeholder} for the browser to fill."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


STRING_KEYS = {
    "name": "map.name", "namePlaceholder": "map.name_placeholder", "power": "map.power", "interest": "map.interest",
    "range": "map.range", "place": "map.place", "remove": "map.remove", "unplaced": "map.unplaced",
    "drawing": "map.drawing", "how": "map.how", "marker": "map.marker", "chosenNew": "map.chosen_new",
    "chosenPlaced": "map.chosen_placed", "nameNeeded": "map.name_needed", "notOnMap": "error.not_on_map",
    "numberMissing": "map.number_missing", "numberRefused": "map.number_refused", "legend": "map.legend",
    "problem": "sheet.problem", "gone": "map.gone",
}


def test_the_strings_trait_holds_the_messages_table_texts(widget):
    assert widget.strings == {name: EN[key].format_map(Templates(low=0, high=10))
                              for name, key in STRING_KEYS.items()}
    assert widget.strings["place"] == "Place on map"
    assert widget.strings["marker"] == "{name}: power {power}, interest {interest}, {quadrant}"
    assert widget.strings["numberMissing"] == "Type a whole number from 0 to 10."


def test_every_string_key_the_js_uses_is_sent_by_python():
    used = set(re.findall(r"""\bt\(\s*"(\w+)\"""", MAP_JS.read_text(encoding="utf-8")))
    assert used, "the scan found no t(...) calls"
    assert used <= set(ui_strings())
    assert set(ui_strings()) <= used, "a string sent but never shown"


def _phrases(text: str) -> list[str]:
    """The literal pieces of a message between its {placeholders}, without edge punctuation (a lone
    lower-case word such as "power" is also code, so it is left out)."""
    pieces = (p.strip(" ,.:()") for p in re.split(r"\{\w+\}", text))
    return [p for p in pieces if len(p) >= 3 and (" " in p or not p.islower())]


def test_the_js_holds_no_participant_english():
    js = MAP_JS.read_text(encoding="utf-8")
    texts = {key: value for key, value in EN.items() if key.startswith(("map.", "quadrant."))}
    texts |= {name: value for name, value in ui_strings().items()}
    for key, value in texts.items():
        for phrase in _phrases(value):
            assert not re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", js), (key, phrase)
    literals = re.findall(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""", js)
    assert len(literals) > 40, "the scan found too few string literals"
    english = [lit for lit in literals if re.search(r"\b[A-Z][a-z]+(?: [a-z]+)+", lit)]
    assert english == []


def test_the_phrase_scan_catches_english():
    assert _phrases("Place on map") == ["Place on map"]
    assert _phrases("{name}: power {power}, interest {interest}, {quadrant}") == []
    assert _phrases("Interest") == ["Interest"]


def test_the_js_never_writes_html():
    """Participant text goes in as textContent or value only, so no script in a name can run."""
    js = StakeholderMap._esm  # with widget_base.js in front
    for way in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser",
                "createContextualFragment"):
        assert way not in js, way
    assert "textContent" in js


def test_the_css_uses_no_fixed_pixel_widths_and_the_project_colours():
    css = MAP_CSS.read_text(encoding="utf-8")
    # 24px is the WCAG target height of a button, not a width.
    assert not re.search(r"(?<![-\w])(?:min-|max-)?width:\s*\d+px", css)
    assert "3px solid var(--wb-ok-text)" in css
    assert "--wb-ok-text: #0072B2;" in StakeholderMap._css and "--wb-problem-text: #B34E00;" in StakeholderMap._css
    assert "max-width: 36em" in css and re.search(r"\.map-drawing \{[^}]*width: 100%", css)


def test_the_browser_files_are_read_and_packaged():
    assert StakeholderMap._esm == widget_esm(MAP_JS)
    assert StakeholderMap._css.endswith(MAP_CSS.read_text(encoding="utf-8"))
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["workbooks"]
    for path in (MAP_JS, MAP_CSS):
        relative = path.relative_to(PACKAGE).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative
    assert map_module.__file__ and Path(map_module.__file__).parent == MAP_JS.parent


# -- the browser's own arithmetic, run by Node.js ------------------------------------------------


def run_js(tmp_path: Path, script: str) -> object:
    """Runs ``script`` (which may use ``map``, the module's exports) and returns what it prints, as JSON."""
    module = tmp_path / "stakeholder_map.mjs"
    module.write_text(StakeholderMap._esm, encoding="utf-8")  # as anywidget gets it: widget_base.js first
    runner = tmp_path / "run.mjs"
    runner.write_text(f"import * as map from {json.dumps(module.as_uri())};\n{script}\n", encoding="utf-8")
    result = subprocess.run([NODE or "node", str(runner)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


needs_node = pytest.mark.skipif(NODE is None, reason="needs Node.js to run stakeholder_map.js")


@needs_node
def test_the_js_is_a_valid_module_that_exports_render(tmp_path):
    assert run_js(tmp_path, "console.log(JSON.stringify(typeof map.default.render));") == "function"


@needs_node
def test_the_browser_puts_every_position_in_the_models_quadrant(tmp_path, widget):
    found = run_js(tmp_path, f"""
        const quadrants = {json.dumps(widget.quadrants)};
        const scale = map.cleanScale({json.dumps(widget.scale)});
        const out = [];
        for (let p = 0; p <= 10; p++) {{
          for (let i = 0; i <= 10; i++) out.push(map.quadrantOf(p, i, quadrants, scale).key);
        }}
        console.log(JSON.stringify(out));""")
    assert found == [quadrant(p, i) for p in range(11) for i in range(11)]


@needs_node
def test_a_click_goes_to_the_nearest_whole_numbers_on_the_scale(tmp_path):
    """A point anywhere within half a step of a value snaps to it; beyond the ends it snaps to the ends."""
    found = run_js(tmp_path, """
        const scale = map.cleanScale({min: 0, max: 10, midpoint: 5});
        const a = map.axes(scale);
        const out = [];
        for (let v = 0; v <= 10; v++) for (const d of [-0.49, 0, 0.49]) {
          out.push([v, map.snap(a.interestAt(a.x(v + d)), scale), map.snap(a.powerAt(a.y(v + d)), scale)]);
        }
        const edges = [map.snap(a.interestAt(0), scale), map.snap(a.interestAt(map.WIDTH), scale),
                       map.snap(a.powerAt(0), scale), map.snap(a.powerAt(map.HEIGHT), scale)];
        console.log(JSON.stringify({out, edges, up: a.y(10) < a.y(0), across: a.x(10) > a.x(0)}));""")
    assert all(v == interest == power for v, interest, power in found["out"])
    assert found["edges"] == [0, 10, 10, 0]
    assert found["up"] and found["across"]  # power up, interest across


@needs_node
def test_only_whole_numbers_on_the_scale_are_taken_from_a_box(tmp_path):
    typed = ["0", "7", " 10 ", "05", "11", "12", "-1", "5.5", "5,0", "", "  ", "five", "1e1", "0x5", "+5"]
    found = run_js(tmp_path, f"""
        const scale = map.cleanScale({{min: 0, max: 10, midpoint: 5}});
        console.log(JSON.stringify({json.dumps(typed)}.map((t) => map.wholeNumber(t, scale))));""")
    assert found == [0, 7, 10, 5] + [None] * 11


@needs_node
def test_the_browser_changes_its_map_as_the_kernel_will(tmp_path):
    found = run_js(tmp_path, """
        let list = [];
        const steps = [
          {type: "place", name: " Funder ", power: 8, interest: 3},
          {type: "place", name: "Mentors", power: 2, interest: 9},
          {type: "place", name: "FUNDER", power: 4, interest: 6},
          {type: "remove", name: "mentors"},
          {type: "remove", name: "Nobody"},
        ];
        const out = steps.map((change) => (list = map.applyChange(list, change)));
        out.push(map.applyChange(list, {type: "restore", placements: [{name: "A", power: 1, interest: 1}]}));
        out.push(map.nameKey("Straße") === map.nameKey("STRASSE "));
        console.log(JSON.stringify(out));""")
    stakeholders = PowerInterestMapLike()
    expected = []
    for step in (("place", " Funder ", 8, 3), ("place", "Mentors", 2, 9), ("place", "FUNDER", 4, 6),
                 ("remove", "mentors"), ("remove", "Nobody")):
        stakeholders.apply(*step)
        expected.append(stakeholders.rows())
    assert found[:5] == expected
    assert found[5] == [{"name": "A", "power": 1, "interest": 1}]
    assert found[6] is True  # as str.casefold() does


class PowerInterestMapLike:
    """The kernel's model, for comparing the browser's changes with (a missing name is left alone)."""

    def __init__(self) -> None:
        from workbooks.kinds.power_interest_map import PowerInterestMap

        self.model = PowerInterestMap("stakeholder_map")

    def apply(self, kind: str, name: str, *numbers: int) -> None:
        if kind == "place":
            self.model.place(name, *numbers)
        elif self.model.find(name):
            self.model.remove(name)

    def rows(self) -> list[dict]:
        return self.model.to_dict()["stakeholders"]


@needs_node
def test_a_name_never_runs_past_the_drawing(tmp_path):
    """At every position, a name goes where it fits, shortened if it must be; the drawing's edges hold it."""
    found = run_js(tmp_path, """
        const scale = map.cleanScale({min: 0, max: 10, midpoint: 5});
        const a = map.axes(scale);
        const names = ["Mentors", "The Very Long Regional Community Foundation Board", "WWWWWWWWWWWWWWWWWWWWWW"];
        const out = [];
        for (const name of names) for (let i = 0; i <= 10; i++) {
          const measure = (text) => text.length * 11; // wide letters
          const place = map.labelPlace(name, a.x(i), measure);
          const width = measure(place.text);
          const left = place.anchor === "start" ? place.x : place.x - width;
          out.push({name, text: place.text, left, right: left + width});
        }
        console.log(JSON.stringify({out, width: map.WIDTH}));""")
    for label in found["out"]:
        assert 0 <= label["left"] and label["right"] <= found["width"], label
        assert label["text"] == label["name"] or label["text"].endswith("\u2026")
    assert {label["text"] for label in found["out"] if label["name"] == "Mentors"} == {"Mentors"}


@needs_node
def test_every_quadrant_symbol_has_its_own_shape(tmp_path):
    symbols = json.dumps(sorted(QUADRANT_SYMBOLS.values()))
    found = run_js(tmp_path, f"console.log(JSON.stringify({symbols}.map((s) => map.shapePath(s, 9))));")
    assert len(set(found)) == 4 and all(path.startswith("M ") for path in found)
