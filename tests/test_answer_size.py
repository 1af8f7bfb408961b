"""Answers files grow linearly in cost: reading a long table, map or checklist never compares every row with
every other.

Counted, not timed: each kind finds repeats through ``text_key`` (formerly ``same_text``), so the number of
calls to them, while a file of N rows is read, must grow in step with N. The benchmark
(``benchmarks/answers_size.py``) measures the time itself.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import pytest

from workbooks.answers import Answers, parse_json
from workbooks.kinds import checklist, power_interest_map, table
from workbooks.kinds.checklist import Checklist
from workbooks.kinds.power_interest_map import PowerInterestMap
from workbooks.kinds.table import TableModel
from workbooks.kinds.timeline import Timeline
from workbooks.notebook_copy import MAX_NOTEBOOK_BYTES
from workbooks.sessions import get

NORMALISERS = ("same_text", "text_key")  # whichever a kind uses to tell two names apart


@pytest.fixture
def calls(monkeypatch) -> Counter:
    """Counts every call to the kinds' text normalisers."""
    counter: Counter = Counter()

    def counting(name: str, original: Callable) -> Callable:
        def wrapper(*args, **kwargs):
            counter[name] += 1
            return original(*args, **kwargs)
        return wrapper

    for module in (table, power_interest_map, checklist):
        for name in NORMALISERS:
            if hasattr(module, name):
                monkeypatch.setattr(module, name, counting(name, getattr(module, name)))
    return counter


def counted(calls: Counter, action: Callable[[], object]) -> int:
    calls.clear()
    action()
    return sum(calls.values())


def assert_linear(counts: dict[int, int], per_row: int = 3) -> None:
    """At most ``per_row`` calls a row, and four times the rows costs at most about four times the calls."""
    small, large = min(counts), max(counts)
    assert counts[small] > 0, "nothing was counted: the kinds no longer use these normalisers"
    for rows, count in counts.items():
        assert count <= per_row * rows, f"{count} calls for {rows} rows: {counts}"
    assert counts[large] / counts[small] <= 1.1 * large / small, counts


SIZES = (1000, 4000)


def table_rows(rows: int) -> list[dict[str, str]]:
    return [{"project": f"Project {i}", "purpose": "Share skills", "outcomes": "Swap days"} for i in range(rows)]


def test_reading_a_long_table_looks_at_each_row_a_fixed_number_of_times(calls):
    def load(rows: int) -> None:
        model = TableModel("purpose_outcomes", ("project", "purpose", "outcomes"), "project")
        model.load({"rows": table_rows(rows)})
        assert len(model.rows) == rows

    assert_linear({rows: counted(calls, lambda rows=rows: load(rows)) for rows in SIZES})


def test_reading_a_long_timeline_looks_at_each_row_a_fixed_number_of_times(calls):
    def load(rows: int) -> None:
        model = Timeline("roadmap", ("date", "milestone", "outcome"), "milestone")
        model.load({"rows": [{"date": "2026-05", "milestone": f"Step {i}", "outcome": "Done"} for i in range(rows)]})

    assert_linear({rows: counted(calls, lambda rows=rows: load(rows)) for rows in SIZES})


def test_reading_a_long_map_looks_at_each_stakeholder_a_fixed_number_of_times(calls):
    def load(rows: int) -> None:
        model = PowerInterestMap("stakeholder_map")
        model.load({"stakeholders": [{"name": f"Group {i}", "power": i % 11, "interest": 3} for i in range(rows)]})
        assert len(model.placements) == rows

    assert_linear({rows: counted(calls, lambda rows=rows: load(rows)) for rows in SIZES})


def test_a_long_checklist_looks_at_each_line_a_fixed_number_of_times(calls):
    def typed(rows: int) -> None:
        model = Checklist("resources", ("tools",))
        repeated = model.set_text("tools", "\n".join([f"Tool {i}" for i in range(rows)] + ["TOOL 0"]))
        assert repeated == ["TOOL 0"] and len(model.items["tools"]) == rows

    assert_linear({rows: counted(calls, lambda rows=rows: typed(rows)) for rows in SIZES})


def test_one_edit_of_a_long_table_or_map_is_one_pass(calls):
    model = TableModel("purpose_outcomes", ("project", "purpose", "outcomes"), "project")
    model.load({"rows": table_rows(2000)})
    assert counted(calls, lambda: model.set_rows(table_rows(2001))) <= 2 * 2001  # a row added
    edited = table_rows(2001)
    edited[5] = {**edited[5], "purpose": "Changed"}
    assert counted(calls, lambda: model.set_rows(edited)) <= 2 * 2001  # a row changed
    stakeholders = PowerInterestMap("stakeholder_map")
    stakeholders.load({"stakeholders": [{"name": f"Group {i}", "power": 1, "interest": 2} for i in range(2000)]})
    assert counted(calls, lambda: stakeholders.place("GROUP 1999", 9, 9)) <= 2 * 2000


def test_a_large_but_allowed_answers_file_is_read_in_linear_time(calls):
    """12,000 rows in each list of session 2: 2.5 MB, far below what collect accepts (MAX_NOTEBOOK_BYTES)."""
    spec = get("session2")
    rows = 12_000
    document = Answers.empty(spec).to_dict()
    document["exercises"] = {
        "purpose_outcomes": {"rows": table_rows(rows)},
        "stakeholders": {"rows": [{"contributor": f"Group {i}", "role": "Help", "participation": "Volunteer"}
                                  for i in range(rows)]},
        "stakeholder_map": {"stakeholders": [{"name": f"Group {i}", "power": i % 11, "interest": i % 7}
                                             for i in range(rows)]},
        "resources": {"items": {"tools": [f"Tool {i}" for i in range(rows)]}},
    }
    text = json.dumps(document)
    assert len(text.encode()) < MAX_NOTEBOOK_BYTES
    count = counted(calls, lambda: parse_json(spec, text))
    answers = parse_json(spec, text)
    assert not answers.problems
    assert len(answers.models["stakeholder_map"].placements) == rows
    assert answers.check("stakeholder_map").passed and answers.check("purpose_outcomes").passed
    assert count <= 3 * 4 * rows, count  # four lists of 12,000: a few calls a row, not one per pair of rows
