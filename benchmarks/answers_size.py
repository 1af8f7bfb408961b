"""Benchmark: reading, checking and drawing an answers file as it grows from 1,000 to 12,000 rows.

Usage (from the repository root, with the project's virtual environment):

    .venv/bin/python benchmarks/answers_size.py                        # every session, 1,000 and 12,000 rows
    .venv/bin/python benchmarks/answers_size.py --session session2 --repeat 5
    .venv/bin/python benchmarks/answers_size.py --sizes 1000 4000 12000

An answers file of N rows holds N entries in every list exercise of a session
(each table and timeline, each power/interest map, the first section of each
checklist), made from the session's worked example with the key made unique;
the other exercises hold their worked example. Each round times, in this
process, the three things every reader of a hand-in does with it:

- parse: ``parse_json`` (JSON decoding and every model's ``load``, duplicate checks included);
- check: every exercise's completeness check;
- render: every exercise's static HTML (what the formgrader and feedback pages show).

The figure is the time per row (the fastest round's total divided by N), and the
ratio of the largest file's per-row time to the smallest's. Work that is linear in
the rows keeps that ratio near 1; work that compares every row with every other
grows it in step with N (about 12 for 12,000 against 1,000). The target is 2.0
or less. Nothing asserts on time; figures go to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
RATIO_TARGET = 2.0

sys.path.insert(0, str(ROOT))
from workbooks.answers import Answers, parse_json  # noqa: E402 (after the path set-up)
from workbooks.exercises import Exercise, Session  # noqa: E402
from workbooks.kinds import render  # noqa: E402
from workbooks.kinds.checklist import Checklist  # noqa: E402
from workbooks.kinds.power_interest_map import SCALE_MAX, PowerInterestMap  # noqa: E402
from workbooks.kinds.table import TableModel  # noqa: E402
from workbooks.sessions import all_sessions, get  # noqa: E402

# -- the answers files ------------------------------------------------------------------

def table_rows(model: TableModel, example: dict[str, Any], rows: int) -> list[dict[str, str]]:
    """``rows`` rows cycled from the worked example, each with a key of its own."""
    templates = example["rows"]
    made = []
    for number in range(rows):
        row = dict(templates[number % len(templates)])
        row[model.key] = f"{row[model.key]} {number}"
        made.append(row)
    return made


def map_entries(rows: int) -> list[dict[str, Any]]:
    return [{"name": f"Stakeholder {number}", "power": number % (SCALE_MAX + 1),
             "interest": (number * 7) % (SCALE_MAX + 1)} for number in range(rows)]


def exercise_data(exercise: Exercise[Any], rows: int) -> dict[str, Any]:
    example = copy.deepcopy(exercise.example) or {}
    model = exercise.make()
    if isinstance(model, TableModel):  # timelines too
        return {"rows": table_rows(model, example, rows)}
    if isinstance(model, PowerInterestMap):
        return {"stakeholders": map_entries(rows)}
    if isinstance(model, Checklist):
        items = {section: list(example.get("items", {}).get(section, [])) for section in model.sections}
        items[model.sections[0]] = [f"Item {number}" for number in range(rows)]
        return {"items": items}
    return example


def answers_file(spec: Session, rows: int) -> str:
    document = Answers.empty(spec).to_dict()
    document["participant_id"] = "p001"
    document["exercises"] = {e.name: exercise_data(e, rows) for e in spec.exercises}
    return json.dumps(document)


# -- one round ------------------------------------------------------------------------------

def one_round(spec: Session, text: str) -> dict[str, float]:
    started = time.perf_counter()
    answers = parse_json(spec, text)
    parsed = time.perf_counter()
    if answers.problems:
        raise SystemExit(f"{spec.id}: the generated file does not read cleanly: {answers.problems}")
    for exercise in spec.exercises:
        if exercise.check is not None:
            answers.check(exercise.name)
    checked = time.perf_counter()
    for model in answers.models.values():
        render(model)
    drawn = time.perf_counter()
    return {"parse": parsed - started, "check": checked - parsed, "render": drawn - checked,
            "total": drawn - started}


def measure(specs: list[Session], rows: int, repeat: int) -> dict[str, Any]:
    files = {spec.id: answers_file(spec, rows) for spec in specs}
    rounds = []
    for _ in range(repeat):
        phases = {"parse": 0.0, "check": 0.0, "render": 0.0, "total": 0.0}
        for spec in specs:
            for phase, seconds in one_round(spec, files[spec.id]).items():
                phases[phase] += seconds
        rounds.append(phases)
    fastest = min(rounds, key=lambda r: r["total"])
    return {"rows": rows, "bytes": sum(len(t.encode()) for t in files.values()), "rounds": rounds,
            "fastest": fastest, "median_total": statistics.median(r["total"] for r in rounds),
            "per_row_us": fastest["total"] / rows * 1e6}


# -- the run ------------------------------------------------------------------------------

def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 12000], metavar="ROWS")
    parser.add_argument("--session", action="append", help="only this session (repeatable; default: every one)")
    parser.add_argument("--repeat", type=int, default=3, help="measured rounds per size (default 3)")
    args = parser.parse_args()
    specs = [get(s) for s in args.session] if args.session else list(all_sessions())
    sizes = sorted(set(args.sizes))
    load_before = os.getloadavg()
    print(f"Sessions {', '.join(s.id for s in specs)}; {args.repeat} rounds per size.", flush=True)
    measured = []
    for rows in sizes:
        one_round(specs[0], answers_file(specs[0], min(rows, 50)))  # warm-up: imports and first-call costs
        result = measure(specs, rows, args.repeat)
        measured.append(result)
        fastest = result["fastest"]
        print(f"{rows:>7} rows ({result['bytes'] / 1e6:5.1f} MB): parse {fastest['parse']:7.3f} s, "
              f"check {fastest['check']:7.3f} s, render {fastest['render']:7.3f} s, "
              f"total {fastest['total']:7.3f} s, {result['per_row_us']:8.1f} µs per row", flush=True)
    ratio = measured[-1]["per_row_us"] / measured[0]["per_row_us"]
    met = "met" if ratio <= RATIO_TARGET else "NOT met"
    print(f"per-row time ratio {sizes[-1]} / {sizes[0]} rows: {ratio:.2f} (target <= {RATIO_TARGET}: {met})")
    load_after = os.getloadavg()
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": sys.argv, "commit": git("rev-parse", "HEAD"), "changes": git("status", "--short"),
        "python": sys.version, "machine": platform.platform(), "cpus": os.cpu_count(),
        "load_before": load_before, "load_after": load_after,
        "sessions": [s.id for s in specs], "sizes": measured,
        "per_row_ratio": ratio, "ratio_target": RATIO_TARGET,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"answers-size-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"Written: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
