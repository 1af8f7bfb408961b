"""Benchmark: a synthetic cohort through the facilitator's pipeline, against stock nbgrader.

Usage (from the repository root, with the project's virtual environment):

    .venv/bin/python benchmarks/run_pipeline.py                 # 100 participants, every session
    .venv/bin/python benchmarks/run_pipeline.py --participants 10 --session session2

It builds a scratch course folder, writes one downloaded notebook per participant
and session (a scripted participant fills each session once; the copies get
their own participant id and some exercises left blank, so scores and
aggregates vary), then times each step as a facilitator runs it:
``workbooks collect``, ``grade`` (from the answers, the default), ``export``,
``report`` and ``badges`` (after every reflection is given a mark, as a
facilitator does in the formgrader; that part is not timed).
Then, for comparison, ``grade --execute`` (each notebook run in a sandboxed
kernel) regrades the first ``--execute-participants`` participants.

The floor, measured in the same run: the ``nbgrader quickstart`` course's
problem 1, handed in by the same number of participants and autograded by stock
nbgrader (its Python API, one process, no sandbox). Per notebook, the autograde
wall time of ours (read from ``reports/grade.csv``: the ``autograde`` call only)
is divided by the floor's. Peak memory is the largest resident size of the
grading processes and their kernels, polled every 0.05 s.
Nothing here asserts on time; figures go to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
RATIO_TARGET = 0.25  # per-notebook autograde, ours / stock problem 1
PIPELINE_TARGET = 180  # seconds, the whole cohort on 2 cores
BADGE_KEY = Path(tempfile.gettempdir()) / f"wbk-bench-badge-key-{os.getpid()}" / "issuer-key.pem"

from course_support import hand_in, make_course  # noqa: E402 (after the path set-up)
from workbooks.handin import describe, read_upload  # noqa: E402
from workbooks.notebook_copy import embed  # noqa: E402
from workbooks.sessions import get  # noqa: E402


def environment() -> dict[str, str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for name in ("NBGRADER_EXECUTION", "JPY_SESSION_NAME", "WORKBOOKS_DB_URL", "WORKBOOKS_EXCHANGE"):
        env.pop(name, None)
    env["WORKBOOKS_BADGE_KEY"] = str(BADGE_KEY)  # a throw-away key, never the facilitator's own
    return env


class PeakMemory:
    """The largest total resident memory of a process and its children while it runs."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = psutil.Process(process.pid)
        self.peak = 0
        self.peak_kernel = 0
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while True:
            try:
                children = self.process.children(recursive=True)
                own = self.process.memory_info().rss
            except psutil.Error:
                return
            sizes = []
            for child in children:
                try:
                    sizes.append(child.memory_info().rss)
                except psutil.Error:
                    pass
            self.peak = max(self.peak, own + sum(sizes))
            self.peak_kernel = max([self.peak_kernel, *sizes])
            time.sleep(0.05)

    def join(self) -> None:
        self._thread.join(timeout=1)


def timed(command: list[str], cwd: Path) -> dict:
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=environment(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process)
    out, err = process.communicate()
    memory.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{out}\n{err}")
    return {"seconds": time.monotonic() - started, "peak_mb": memory.peak / 2**20,
            "peak_kernel_mb": memory.peak_kernel / 2**20, "stdout": out}


# -- the synthetic cohort ----------------------------------------------------------

def cohort_downloads(course: Path, folder: Path, sessions: list[str], size: int, seed: int) -> None:
    """One downloaded notebook per participant and session, named as the download button names it."""
    chance = random.Random(seed)
    desk = Path(tempfile.mkdtemp(prefix="wbk-desk-"))
    try:
        for session in sessions:
            spec = get(session)
            _, complete = hand_in(desk, course / "release", session, "template")
            for number in range(1, size + 1):
                participant = f"p{number:03d}"
                answers = read_upload(spec, "template", complete)
                answers.participant_id = participant
                for exercise in chance.sample(sorted(answers.models), k=chance.choice([0, 0, 0, 1, 2])):
                    answers.models[exercise] = spec.exercise(exercise).make()
                notebook = embed(json.loads(complete), answers, describe(answers))
                (folder / f"{participant}__{session}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    finally:
        shutil.rmtree(desk, ignore_errors=True)


# -- the floor: stock nbgrader on its own quickstart course ---------------------------

STOCK_GRADER = """
import json, sys, time
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader
config = PyFileConfigLoader("nbgrader_config.py", path=".").load_config()
config.CourseDirectory.root = "."
api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
times = []
for student in sys.argv[1:]:
    started = time.monotonic()
    result = api.autograde("ps1", student, force=True, create=True)
    times.append(time.monotonic() - started)
    assert result["success"], result
print("TIMES " + json.dumps(times))
"""


def stock_floor(scratch: Path, size: int) -> dict:
    subprocess.run([str(BIN / "nbgrader"), "quickstart", "stock"], cwd=scratch, env=environment(),
                   check=True, capture_output=True)
    stock = scratch / "stock"
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", "ps1"], cwd=stock, env=environment(),
                   check=True, capture_output=True)
    students = [f"p{number:03d}" for number in range(1, size + 1)]
    for student in students:
        folder = stock / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        shutil.copy(stock / "source" / "ps1" / "problem1.ipynb", folder / "problem1.ipynb")
    run = timed([sys.executable, "-c", STOCK_GRADER, *students], stock)
    times = json.loads(run["stdout"].split("TIMES ", 1)[1])
    return {**run, "per_notebook": times}


# -- the run ---------------------------------------------------------------------------

def mark_reflections(course: Path) -> None:
    """Every reflection gets 2 points, as a facilitator would give in the formgrader."""
    from nbgrader.api import Gradebook

    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"  # the gradebook runs alembic
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "community-building") as gradebook:
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.cell.cell_type == "markdown":
                            grade.manual_score = min(2, grade.max_score)
                            grade.needs_manual_grade = False
        gradebook.db.commit()


def autograde_seconds(course: Path, participants: set[str] | None = None) -> list[float]:
    with (course / "reports" / "grade.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["seconds"] and r["status"] != "unchanged"]
    return [float(r["seconds"]) for r in rows if participants is None or r["participant"] in participants]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--execute-participants", type=int, default=5,
                        help="participants regraded with grade --execute, for comparison (0: none)")
    parser.add_argument("--session", action="append", help="only this session (repeatable)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the scratch course folder")
    args = parser.parse_args()
    sessions = args.session or sorted(p.name for p in (ROOT / "source").iterdir() if p.is_dir())
    scratch = Path(tempfile.mkdtemp(prefix="wbk-bench-"))
    load_before = os.getloadavg()
    try:
        course = make_course(scratch / "course")
        downloads = scratch / "handed-in"
        downloads.mkdir()
        print(f"Writing {args.participants} participants x {len(sessions)} sessions of downloads...", flush=True)
        cohort_downloads(course, downloads, sessions, args.participants, args.seed)
        print("Floor: stock nbgrader, quickstart problem 1...", flush=True)
        floor = stock_floor(scratch, args.participants)
        steps = {}
        workbooks = str(BIN / "workbooks")
        for step, extra in [("collect", [str(downloads)]), ("grade", []), ("export", []), ("report", []),
                            ("badges", [])]:
            if step == "badges":
                mark_reflections(course)
            print(f"workbooks {step}...", flush=True)
            steps[step] = timed([workbooks, step, "--quiet", *extra], course)
            if step == "grade":
                ours = autograde_seconds(course)
                with (course / "reports" / "grade.csv").open(encoding="utf-8") as handle:
                    problems = [r for r in csv.DictReader(handle) if r["status"] != "graded"]
        executed: dict = {}
        if args.execute_participants:
            chosen = [f"p{number:03d}" for number in range(1, args.execute_participants + 1)]
            print(f"workbooks grade --execute, {len(chosen)} participants...", flush=True)
            executed = timed([workbooks, "grade", "--execute", "--again", "--quiet",
                              *[f"--participant={p}" for p in chosen]], course)
            executed["per_notebook"] = autograde_seconds(course, set(chosen))
        badges = len(list((course / "badges").rglob("*.json")))
    finally:
        shutil.rmtree(BADGE_KEY.parent, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    load_after = os.getloadavg()

    ours_median, floor_median = statistics.median(ours), statistics.median(floor["per_notebook"])
    total = sum(s["seconds"] for s in steps.values())
    execute_median = statistics.median(executed["per_notebook"]) if executed.get("per_notebook") else None
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "participants": args.participants, "sessions": sessions, "notebooks": len(ours),
        "autograde_seconds_median": ours_median, "autograde_seconds_mean": statistics.mean(ours),
        "floor_seconds_median": floor_median, "floor_seconds_mean": statistics.mean(floor["per_notebook"]),
        "wall_ratio": ours_median / floor_median,
        "grade_peak_mb": steps["grade"]["peak_mb"], "grade_peak_kernel_mb": steps["grade"]["peak_kernel_mb"],
        "floor_peak_mb": floor["peak_mb"], "floor_peak_kernel_mb": floor["peak_kernel_mb"],
        "steps_seconds": {name: step["seconds"] for name, step in steps.items()},
        "pipeline_seconds": total, "not_plainly_graded": len(problems), "badges": badges,
        "jobs": os.cpu_count(),
        "execute_notebooks": len(executed.get("per_notebook", [])),
        "execute_seconds_median": execute_median,
        "execute_wall_ratio": execute_median / floor_median if execute_median else None,
        "execute_grade_seconds": executed.get("seconds"), "execute_peak_mb": executed.get("peak_mb"),
        "load_before": load_before, "load_after": load_after,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"pipeline-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")

    print()
    print(f"Cohort: {args.participants} participants x {len(sessions)} sessions = {len(ours)} notebooks graded")
    print(f"Autograde per notebook (median): ours {ours_median:.2f} s, stock problem 1 {floor_median:.2f} s, "
          f"ratio {result['wall_ratio']:.2f} (target <= {RATIO_TARGET})")
    print(f"Peak memory while grading: ours {steps['grade']['peak_mb']:.0f} MB "
          f"(largest kernel {steps['grade']['peak_kernel_mb']:.0f} MB); stock {floor['peak_mb']:.0f} MB "
          f"(largest kernel {floor['peak_kernel_mb']:.0f} MB)")
    for name, step in steps.items():
        print(f"  workbooks {name:8} {step['seconds']:7.1f} s   peak {step['peak_mb']:5.0f} MB")
    print(f"Total pipeline: {total:.1f} s ({total / 60:.1f} min, target <= {PIPELINE_TARGET / 60:.0f} min on "
          f"{os.cpu_count()} cores); not plainly graded: {len(problems)}; badges: {badges}")
    if execute_median:
        print(f"grade --execute, {result['execute_notebooks']} notebooks: {executed['seconds']:.1f} s, "
              f"autograde per notebook (median) {execute_median:.2f} s, ratio {result['execute_wall_ratio']:.2f}; "
              f"peak {executed['peak_mb']:.0f} MB")
    print(f"Load average before {load_before[0]:.2f}, after {load_after[0]:.2f}. Written: {out}")


if __name__ == "__main__":
    main()
