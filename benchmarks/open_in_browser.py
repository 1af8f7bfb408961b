"""Benchmark: from opening a session's page in the browser to its first exercise being interactive.

A participant opens the notebook in JupyterLab, chooses Run ▸ Run All Cells and waits for the first
exercise. This script does that in real JupyterLab and headless Chromium (the browser suite's
helpers, tests/browser_support.py) for every session and for the floor notebook of
``run_notebooks.py`` (ipywidgets, pandas and plotly imported, one FigureWidget shown), opened the
same way in the same run, interleaved round by round so machine noise hits all alike. It prints,
per notebook, the median seconds to the first interactive widget and to the end of Run All, their
ratios to the floor, and the peak memory of the Jupyter server plus its kernels (sampled every
0.2 s), against Binder's guaranteed 450 MB. It never fails on time.

    .venv/bin/python benchmarks/open_in_browser.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run_notebooks import floor_notebook  # noqa: E402

from browser_support import ALL_NOTEBOOKS, Notebook, headless_chromium, open_tab, running_lab  # noqa: E402

BINDER_MEMORY_MB = 450
# The first control a participant can use: an input of one of our exercises, or the floor's chart.
FIRST_CONTROL = ".jp-OutputArea-output :is(.workbooks-exercise input, .workbooks-exercise textarea, " \
                ".workbooks-exercise select, .workbooks-exercise button, .js-plotly-plot)"


@dataclass(frozen=True)
class FloorNotebook(Notebook):
    """The floor notebook, written to a scratch folder for the lab to copy."""

    path: Path = Path()

    @property
    def source(self) -> Path:
        return self.path


class MemoryWatch:
    """The peak resident memory of a process and its children, sampled on a thread."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for proc in [self.process, *self.process.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def one_visit(browser, lab: dict, notebook: Notebook) -> dict[str, float]:
    """Open the page, Run All, and time the first interactive control and the end of the run."""
    context, page, session = open_tab(browser, lab, notebook)
    try:
        start = time.monotonic()
        session.open_notebook(fresh_workspace=True)
        before = session.cells_run
        session.menu("Run", "Run All Cells")
        page.locator(FIRST_CONTROL).first.wait_for(state="visible", timeout=120_000)
        first = time.monotonic() - start
        session.wait_until_all_cells_ran(before, "in the benchmark")
        return {"first_control_s": first, "run_all_s": time.monotonic() - start}
    finally:
        # Shut the kernel down, so each visit starts one afresh, as a participant's first visit does.
        page.evaluate("""async () => {
            const sessions = await (await fetch('/api/sessions')).json();
            await Promise.all(sessions.map(s => fetch('/api/sessions/' + s.id, {method: 'DELETE'})));
        }""")
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="workbooks-bench-") as scratch:
        floor = FloorNotebook("floor", Path(scratch) / "floor.ipynb")
        nbformat.write(floor_notebook(), floor.path)
        notebooks = [floor, *ALL_NOTEBOOKS]
        times: dict[str, list[dict[str, float]]] = {n.session: [] for n in notebooks}
        peaks: dict[str, list[int]] = {n.session: [] for n in notebooks}
        load_before = psutil.getloadavg()
        with running_lab(notebooks) as lab, headless_chromium() as browser:
            one_visit(browser, lab, floor)  # warm-up: the lab's first page load builds caches
            for _ in range(options.repeat):
                for notebook in notebooks:
                    with MemoryWatch(lab["pid"]) as watch:
                        times[notebook.session].append(one_visit(browser, lab, notebook))
                    peaks[notebook.session].append(watch.peak)
        print(f"load average before {load_before[0]:.2f}, after {psutil.getloadavg()[0]:.2f}; "
              f"{options.repeat} rounds, medians")
        base = {key: statistics.median(t[key] for t in times["floor"]) for key in ("first_control_s", "run_all_s")}
        print(f"{'notebook':<10} {'first control':>14} {'ratio':>6} {'Run All done':>13} {'ratio':>6} "
              f"{'server+kernel peak':>19}")
        results = {}
        for name, visits in times.items():
            first = statistics.median(v["first_control_s"] for v in visits)
            done = statistics.median(v["run_all_s"] for v in visits)
            peak = max(peaks[name]) / 2**20
            results[name] = {"first_control_s": first, "run_all_s": done, "peak_mb": peak,
                             "first_ratio": first / base["first_control_s"], "run_all_ratio": done / base["run_all_s"]}
            print(f"{name:<10} {first:>12.2f} s {first / base['first_control_s']:>6.2f} {done:>11.2f} s "
                  f"{done / base['run_all_s']:>6.2f} {peak:>14.0f} MB")
        print(f"(Binder guarantees {BINDER_MEMORY_MB} MB per session)")
        out = ROOT / "benchmarks" / "results"
        out.mkdir(exist_ok=True)
        (out / "open_in_browser.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
