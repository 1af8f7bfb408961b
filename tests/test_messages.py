"""The messages table: every key the code uses exists, every key is used, every text formats."""

from __future__ import annotations

import ast
import json
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import workbooks
from workbooks import messages
from workbooks.kinds.badge_designs import BadgeDesigns
from workbooks.kinds.canvas import CANVAS_BOXES
from workbooks.kinds.checklist import Checklist
from workbooks.kinds.choice import Choice
from workbooks.kinds.ladder import LENSES, PHASE_FIELDS
from workbooks.kinds.maturity import STAGE, STAGES, Maturity
from workbooks.kinds.power_interest_map import QUADRANTS
from workbooks.kinds.ratings import Ratings
from workbooks.kinds.reflections import Reflections
from workbooks.kinds.scorecard import OPENNESS_LEVELS, OPENNESS_SCALES, Openness, Scorecard
from workbooks.kinds.sharing import CREDIT, NAME, Sharing
from workbooks.kinds.table import TableModel
from workbooks.sessions import all_sessions

PACKAGE = Path(workbooks.__file__).parent
EN = PACKAGE / "locales" / "en.json"
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# Functions whose first argument is a message key (``verdict`` takes it second).
KEY_FIRST = {"text", "AnswerError", "button", "heading", "has"}
KEY_SECOND = {"verdict"}
# Dotted strings and f-string shapes in the code that are not message keys (file names).
# Module names: the sandbox, and the ones the facilitator's kits import in their code cells.
NOT_KEYS: set[str] = {"workbooks.facilitator.sandbox", "workbooks.facilitation.timer", "workbooks.facilitation.closing"}
FILE_NAME = re.compile(r".+\.(csv|db|ini|json|log|py|txt)")
NOT_KEY_SHAPES = {"{}.ipynb", "{}.json"}


@cache
def table() -> dict[str, str]:
    pairs = json.loads(EN.read_text(encoding="utf-8"), object_pairs_hook=list)
    return dict(pairs)


@cache
def sources() -> dict[str, ast.Module]:
    return {str(p.relative_to(PACKAGE)): ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(PACKAGE.rglob("*.py"))}


def callee(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def key_argument(node: ast.Call) -> ast.expr | None:
    name = callee(node)
    position = 0 if name in KEY_FIRST else 1 if name in KEY_SECOND else None
    if position is None or len(node.args) <= position:
        return None
    return node.args[position]


def shape(node: ast.JoinedStr) -> str:
    """An f-string with each ``{...}`` replaced by ``{}``: ``f"{ex}.column.{c}"`` -> ``{}.column.{}``."""
    return "".join("{}" if isinstance(v, ast.FormattedValue) else v.value for v in node.values)


@dataclass(frozen=True)
class Use:
    where: str
    key: str            # a literal key, or an f-string shape
    params: frozenset   # the keyword arguments passed with it (None when passed with ** or unknown)
    literal: bool


@cache
def uses() -> tuple[Use, ...]:
    found = []
    for where, tree in sources().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            argument = key_argument(node)
            if argument is None:
                continue
            if any(k.arg is None for k in node.keywords):
                params = None
            else:
                params = frozenset(k.arg for k in node.keywords
                                   if k.arg not in {"level", "icon", "area"})
            candidates = [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
            for candidate in candidates:
                if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
                    found.append(Use(f"{where}:{node.lineno}", candidate.value, params, True))
                elif isinstance(candidate, ast.JoinedStr):
                    found.append(Use(f"{where}:{node.lineno}", shape(candidate), params, False))
    return tuple(found)


@cache
def literal_strings() -> set[str]:
    """Every dotted, key-like string constant in the package (keys kept in tuples, dicts and so on)."""
    return {node.value for tree in sources().values() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value)}


@cache
def fstring_shapes() -> set[str]:
    result = set()
    for tree in sources().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                s = shape(node)
                if re.fullmatch(r"(\{\}|[a-z_]+)(\.(\{\}|[a-z_]+))+", s) and s not in NOT_KEY_SHAPES:
                    result.add(s)
    return result


# How each f-string shape expands over every session. A new shape in the code makes
# test_every_fstring_key_shape_is_known fail until it is added here.
SPECS = {spec.id: spec for spec in all_sessions()}
CHECKS = {e.name: e.check for spec in SPECS.values() for e in spec.exercises if e.check}
MODELS = {name: model for spec in SPECS.values() for name, model in spec.new_models().items()}
GROUPS = {e.name: e.view["groups"] for spec in SPECS.values() for e in spec.exercises if "groups" in e.view}
# Exercises saved but never checked (the closing feedback, the same in every session).
UNGRADED = {name for spec in SPECS.values() for name in spec.ungraded}


def check_kind(exercise: str) -> str:
    return CHECKS[exercise].__qualname__.split(".")[0] if exercise in CHECKS else ""


# Check factories whose messages are keyed by exercise, and the hint keys each uses.
EXERCISE_HINTS = {"enough_rows": {"hint"}, "enough_placed": {"hint"}, "reflections_written": {"hint"},
                  "enough_sections": {"hint_resources", "hint_channels"}, "required_sections": {"hint"}}


@cache
def expand(s: str) -> set[str]:
    models = MODELS
    tables = {n: m for n, m in models.items() if isinstance(m, TableModel)}
    checklists = {n: m for n, m in models.items() if isinstance(m, Checklist)}
    prompted = {n: m for n, m in models.items() if isinstance(m, Reflections)}
    scorecards = {n: m for n, m in models.items() if isinstance(m, Scorecard)}
    keyed = {n for n in models if check_kind(n) in EXERCISE_HINTS}
    hints = {n: EXERCISE_HINTS.get(check_kind(n), set()) for n in models}
    expansions = {
        "{}.title": {f"{n}.title" for n in models} | {f"{sid}.title" for sid in SPECS},
        "{}.help": {f"{n}.help" for n in models},
        "{}.check.pass": {f"{n}.check.pass" for n in keyed},
        "{}.check.hint": {f"{n}.check.hint" for n in models if "hint" in hints[n]},
        "{}.check.hint_resources": {f"{n}.check.hint_resources" for n in models if "hint_resources" in hints[n]},
        "{}.check.hint_channels": {f"{n}.check.hint_channels" for n in models if "hint_channels" in hints[n]},
        "{}.column.{}": {f"{n}.column.{c}" for n, m in tables.items() for c in m.columns},
        "{}.placeholder.{}": {f"{n}.placeholder.{c}" for n, m in tables.items() for c in m.columns
                              if c not in getattr(m, "choices", {})}
        | {f"{n}.placeholder.{p}" for n, m in models.items() if isinstance(m, Maturity) for p in m.prompts
           if p != STAGE}
        | {f"{n}.placeholder.{s}" for n, m in checklists.items() for s in m.sections}
        | {f"{n}.placeholder.{note}" for n, m in scorecards.items() for note in m.notes},
        "{}.section.{}": {f"{n}.section.{s}" for n, m in checklists.items() for s in m.sections},
        "{}.group.{}": {f"{n}.group.{g}" for n, groups in GROUPS.items() for g in groups},
        "{}.prompt.{}": {f"{n}.prompt.{p}" for n, m in prompted.items() for p in m.prompts},
        "{}.placeholder": {f"{n}.placeholder" for n in prompted if n in UNGRADED},
        "{}.item.{}": {f"{n}.item.{i}" for n, m in models.items() if isinstance(m, Ratings | Scorecard)
                       for i in m.items},
        "{}.note.{}": {f"{n}.note.{note}" for n, m in scorecards.items() for note in m.notes},
        "{}.level.{}": {f"{n}.level.{level}" for n, m in scorecards.items() if not isinstance(m, Openness)
                        for level in m.levels},
        "{}.item_column": {f"{n}.item_column" for n in scorecards},
        "{}.score_column": {f"{n}.score_column" for n in scorecards},
        "{}.sheet_caption": {f"{n}.sheet_caption" for n in scorecards},
        "{}.chart_title": {f"{n}.chart_title" for n, m in scorecards.items() if not isinstance(m, Openness)},
        "openness.level.{}": {f"openness.level.{level}" for level in OPENNESS_LEVELS},
        "openness.end.{}.{}": {f"openness.end.{scale}.{end}" for scale in OPENNESS_SCALES for end in ("low", "high")},
        "canvas.question.{}": {f"canvas.question.{box}" for box in CANVAS_BOXES},
        "maturity.stage.{}": {f"maturity.stage.{stage}" for stage in STAGES},
        "badge_designs.{}.{}": {f"badge_designs.{column}.{value}" for m in models.values()
                                if isinstance(m, BadgeDesigns) for column, values in m.choices.items()
                                for value in values},
        "openness.corner.{}": {f"openness.corner.{x}_{y}" for x in ("closed", "open") for y in ("general", "domain")},
        "{}.option.{}": {f"{n}.option.{o}" for n, m in models.items() if isinstance(m, Choice) for o in m.options},
        "quadrant.{}": {f"quadrant.{q}" for q in QUADRANTS},
        "approach.{}": {f"approach.{q}" for q in QUADRANTS},
        "phase.{}": {f"phase.{p}" for phases in LENSES.values() for p in phases},
        "lens.{}": {f"lens.{lens}" for lens in LENSES},
        "ladder.field.{}": {f"ladder.field.{f}" for f in PHASE_FIELDS},
        # Every session's sharing choice has one name and its own outputs: MODELS keeps only one of them.
        "sharing.output.{}": {f"sharing.output.{o}" for spec in SPECS.values() for e in spec.exercises
                              if e.model is Sharing for o in e.options["outputs"]},
        "sharing.field.{}": {f"sharing.field.{f}" for f in (CREDIT, NAME)},
    }
    return frozenset(expansions[s])


KNOWN_SHAPES = {"{}.title", "{}.help", "{}.check.pass", "{}.check.hint", "{}.check.hint_resources",
                "{}.check.hint_channels", "{}.column.{}", "{}.placeholder.{}", "{}.section.{}",
                "{}.group.{}", "{}.prompt.{}", "{}.placeholder", "{}.item.{}", "{}.option.{}", "quadrant.{}",
                "approach.{}", "phase.{}", "lens.{}", "ladder.field.{}", "{}.note.{}", "{}.level.{}",
                "{}.item_column", "{}.score_column", "{}.sheet_caption", "{}.chart_title", "openness.level.{}",
                "openness.end.{}.{}", "openness.corner.{}", "canvas.question.{}", "maturity.stage.{}",
                "badge_designs.{}.{}", "sharing.output.{}", "sharing.field.{}"}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_an_exercise_name_has_one_set_of_texts():
    """Texts are keyed by exercise name, so a name shared by sessions must mean the same exercise in each:
    ungraded everywhere (no check texts) and built with the same prompts."""
    seen: dict[str, list] = {}
    for spec in SPECS.values():
        for name, model in spec.new_models().items():
            seen.setdefault(name, []).append((spec.id, type(model), getattr(model, "prompts", None)))
    for name, places in seen.items():
        if len(places) > 1:
            assert all(name in SPECS[sid].ungraded for sid, _, _ in places), name
            assert len({(kind, prompts) for _, kind, prompts in places}) == 1, name
    assert len(seen["closing_feedback"]) == len(SPECS)
    assert MODELS.keys() == seen.keys()


# ---------------------------------------------------------------- the table itself

def test_the_table_has_no_duplicate_keys():
    pairs = json.loads(EN.read_text(encoding="utf-8"), object_pairs_hook=list)
    keys = [k for k, _ in pairs]
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


def test_every_value_is_a_non_empty_string_with_only_simple_placeholders():
    for key, value in table().items():
        assert KEY.match(key), key
        assert isinstance(value, str) and value.strip() == value and value, key
        for literal, name, spec, conversion in string.Formatter().parse(value):
            assert "}" not in literal, (key, "stray }")
            if name is not None:
                assert name.isidentifier(), (key, name)
                assert not spec and conversion is None, (key, name)


def test_every_value_formats_with_its_own_fields():
    for key, value in table().items():
        params = {name: "X" for name in fields(value)}
        formatted = messages.text(key, **params)
        assert "{" not in formatted and "}" not in formatted, key


# ---------------------------------------------------------------- keys used by the code

def test_the_scan_finds_the_keys_it_should():
    """Guards the scan itself: if it found nothing, the other tests would pass for nothing."""
    keys = {u.key for u in uses() if u.literal}
    assert {"error.empty", "check.button", "handin.title", "map.placed", "map.moved"} <= keys
    shapes = {u.key for u in uses() if not u.literal}
    assert {"{}.title", "{}.column.{}", "{}.check.hint", "quadrant.{}"} <= shapes
    assert len(used_keys()) > 100


def test_every_literal_key_in_the_code_exists():
    known = table()
    missing = sorted(f"{u.where}: {u.key}" for u in uses() if u.literal and u.key not in known)
    assert missing == []
    strays = sorted(s for s in literal_strings() - NOT_KEYS if s not in known and not FILE_NAME.fullmatch(s))
    assert strays == [], "dotted strings that look like keys but are not in en.json"


def test_every_fstring_key_shape_is_known():
    assert fstring_shapes() - KNOWN_SHAPES == set()
    assert {u.key for u in uses() if not u.literal} <= KNOWN_SHAPES


@pytest.mark.parametrize("s", sorted(KNOWN_SHAPES))
def test_every_fstring_key_exists_for_every_session(s):
    expanded = expand(s)
    assert expanded, s
    assert sorted(expanded - set(table())) == []


@cache
def used_keys() -> set[str]:
    used = {u.key for u in uses() if u.literal} | (literal_strings() & set(table()))
    for s in fstring_shapes():
        used |= expand(s)
    return used


def test_every_key_in_the_table_is_used():
    assert sorted(set(table()) - used_keys()) == []


# ---------------------------------------------------------------- the parameters the code passes

def test_literal_keys_get_the_parameters_they_need():
    known = table()
    problems = []
    for use in uses():
        if not use.literal or use.params is None or use.key not in known:
            continue
        needed = fields(known[use.key])
        if use.params and not needed <= use.params:
            problems.append(f"{use.where}: {use.key} needs {sorted(needed)}, gets {sorted(use.params)}")
        if not use.params and needed:
            problems.append(f"{use.where}: {use.key} is shown without its {sorted(needed)}")
    assert problems == []


def test_fstring_keys_get_the_parameters_they_need():
    """Every call with an f-string key must pass what the expanded texts need (checks differ by kind)."""
    known = table()
    problems = []
    for use in uses():
        if use.literal or use.params is None:
            continue
        for key in expand(use.key):
            if use.key.startswith("{}.check.") and use.where.startswith("kinds/"):
                exercise = key.split(".")[0]
                # only the check functions that build this exercise's result
                if not _call_belongs_to(use.where, check_kind(exercise)):
                    continue
            needed = fields(known[key])
            if use.params and not needed <= use.params or not use.params and needed:
                problems.append(f"{use.where}: {key} needs {sorted(needed)}, gets {sorted(use.params)}")
    assert problems == []


def _call_belongs_to(where: str, function: str) -> bool:
    file, line_number = where.rsplit(":", 1)
    line, tree = int(line_number), sources()[file]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return node.lineno <= line <= node.end_lineno
    return False


@pytest.mark.parametrize("session, exercise", [(s.id, e) for s in all_sessions() for e in s.graded])
def test_check_messages_are_fully_formatted(session, exercise):
    spec = SPECS[session]
    models = spec.new_models()
    models[exercise].load(spec.exercise(exercise).example)
    for model in (spec.new_models()[exercise], models[exercise]):
        message = spec.exercise(exercise).check(model).message
        assert message and "{" not in message and "}" not in message


def test_a_missing_translation_falls_back_to_english(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBOOKS_LANG", "xx-not-a-language")
    assert messages.text("check.button") == table()["check.button"]
    assert messages.text("map.removed", name="Ann") == "Ann removed from the map."


@pytest.mark.parametrize("key", sorted(k for k in table() if k.split(".")[0] in {"error", "store"}))
def test_every_error_and_store_notice_reads_as_a_sentence(key, assert_friendly):
    assert_friendly(messages.text(key, **{name: "Sample" for name in fields(table()[key])}))
