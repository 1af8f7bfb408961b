"""Benchmark: how much a workbook notebook costs to run, compared with a floor notebook.

Usage (from the repository root, with the project's virtual environment):

    .venv/bin/python benchmarks/run_notebooks.py                      # every release/*/*.ipynb
    .venv/bin/python benchmarks/run_notebooks.py release/session2/session2.ipynb --repeat 5
    .venv/bin/python benchmarks/run_notebooks.py --cells              # also per-cell times

Each notebook execution runs in its own child process
(``run_notebooks.py --one <notebook>``). The child copies the notebook into a
fresh temporary folder, executes it top to bottom with nbclient (kernel
``python3``, timeout 120 s) and reports:

* the wall time of ``NotebookClient.execute()``: kernel start-up, every cell,
  kernel shutdown;
* the kernel's peak memory: ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` read after
  the kernel has exited and been reaped (the kernel is the child's only child),
  with ``VmHWM`` from ``/proc/<kernel pid>/status`` after the last cell as a
  cross-check.

The floor notebook (built in code, see ``floor_notebook``) imports ipywidgets,
pandas and plotly and shows one small ``go.FigureWidget``: the least any
workbook with a plotly widget must pay. Runs are interleaved (floor, targets,
floor, targets, ...) so machine noise hits all notebooks alike, and the script
prints median and min wall time, peak memory, and the ratio
median(target) / median(floor). It never asserts on time; the figures are also
written to ``benchmarks/results/<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
FLOOR = "floor"
KERNEL_NAME = "python3"
CELL_TIMEOUT = 120
WALL_RATIO_TARGET = 1.25
MARKER = "BENCHMARK-RESULT "
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


# ---------------------------------------------------------------- the floor notebook

FLOOR_CELLS = [
    "import ipywidgets as widgets\nimport pandas as pd\nimport plotly.graph_objects as go",
    'points = pd.DataFrame({"x": [1, 2, 3, 4], "y": [3, 1, 4, 2]})',
    'figure = go.FigureWidget(data=[go.Scatter(x=points["x"], y=points["y"], mode="markers")])\n'
    "figure",
]


def floor_notebook():
    """A notebook that only imports ipywidgets, pandas and plotly and shows one FigureWidget."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": KERNEL_NAME}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Floor notebook (benchmark baseline)")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in FLOOR_CELLS]
    return nb


# ---------------------------------------------------------------- one execution (child process)

def _vm_hwm_kib(pid: int) -> int | None:
    """The process's own resident-memory high-water mark, from /proc (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time the process has used so far, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def run_one(target: str) -> dict:
    """Execute one notebook (``target`` is a path or ``floor``) in a fresh temporary folder."""
    import nbformat
    from nbclient import NotebookClient

    os.environ.pop("NBGRADER_EXECUTION", None)  # the participants' path: widgets are built
    folder = Path(tempfile.mkdtemp(prefix="cbw-bench-"))
    try:
        if target == FLOOR:
            path = folder / "floor.ipynb"
            nbformat.write(floor_notebook(), path)
        else:
            path = folder / Path(target).name
            shutil.copy2(target, path)
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT,
                                resources={"metadata": {"path": str(folder)}})
        marks: dict[str, float] = {}
        kernel: dict = {}

        def notebook_start(**_):
            marks["ready"] = time.perf_counter()
            kernel["process"] = client.km.provisioner.process
            kernel["pid"] = client.km.provisioner.pid
            kernel["cpu_ready_s"] = _cpu_seconds(kernel["pid"])

        def cell_executed(**_):
            marks["cells_done"] = time.perf_counter()
            if "pid" in kernel:
                kernel["vm_hwm_kib"] = _vm_hwm_kib(kernel["pid"])
                kernel["cpu_cells_done_s"] = _cpu_seconds(kernel["pid"])

        client.on_notebook_start = notebook_start
        client.on_cell_executed = cell_executed

        runner_rss_at_start_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        client.execute()
        end = time.perf_counter()

        process = kernel.get("process")
        if process is not None and process.poll() is None:  # make sure it is reaped
            process.wait(timeout=30)
        kernel_usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the reaped kernel
        own_usage = resource.getrusage(resource.RUSAGE_SELF)  # this process: nbclient's side
        maxrss_kib = kernel_usage.ru_maxrss  # KiB on Linux

        cells = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            timing = cell.metadata.get("execution", {})
            lines = cell.source.strip().splitlines()
            cells.append({
                "index": index,
                "source": lines[-1] if lines else "",
                "seconds": _seconds_between(timing.get("iopub.status.busy"), timing.get("iopub.status.idle")),
            })
        widget_views = sum(WIDGET_MIME in output.get("data", {})
                           for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs)
        left_behind = sorted(p.name for p in folder.iterdir())
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    ready = marks.get("ready", start)
    cells_done = marks.get("cells_done", ready)
    return {
        "notebook": target,
        "wall_s": end - start,
        "startup_s": ready - start,
        "cells_s": cells_done - ready,
        "shutdown_s": end - cells_done,
        "peak_rss_kib": maxrss_kib,
        "vm_hwm_kib": kernel.get("vm_hwm_kib"),
        "runner_maxrss_kib": own_usage.ru_maxrss,
        "runner_maxrss_at_start_kib": runner_rss_at_start_kib,
        "kernel_cpu_s": kernel_usage.ru_utime + kernel_usage.ru_stime,
        "kernel_user_s": kernel_usage.ru_utime,
        "kernel_system_s": kernel_usage.ru_stime,
        "kernel_cpu_at_ready_s": kernel.get("cpu_ready_s"),
        "kernel_cpu_at_cells_done_s": kernel.get("cpu_cells_done_s"),
        "client_cpu_s": own_usage.ru_utime + own_usage.ru_stime,
        "kernel_pid": kernel.get("pid"),
        "kernel_returncode": process.returncode if process is not None else None,
        "widget_views": widget_views,
        "files_in_folder": left_behind,
        "cells": cells,
    }


def child_main(target: str) -> int:
    result = run_one(target)
    print(MARKER + json.dumps(result), flush=True)
    return 0


# ---------------------------------------------------------------- the benchmark (parent process)

def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NBGRADER_EXECUTION", None)
    # Read the bytecode caches installed beside each library (a cache prefix would
    # hide them and make every run compile pandas and plotly from source), and
    # write none, so nothing lands in the repo. Only the small workbooks package,
    # installed in editable mode, is then compiled on each run (about 0.05 s).
    env.pop("PYTHONPYCACHEPREFIX", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def measure(target: str, env: dict[str, str]) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one", target],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=1800)
    process_wall = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-8000:])
        raise SystemExit(f"executing {target} failed (exit code {done.returncode})")
    result = json.loads(lines[-1][len(MARKER):])
    result["process_wall_s"] = process_wall
    return result


def summarise(runs: list[dict]) -> dict:
    walls = [r["wall_s"] for r in runs]
    peaks = [r["peak_rss_kib"] for r in runs]
    hwms = [r["vm_hwm_kib"] for r in runs if r["vm_hwm_kib"]]
    summary = {
        "runs": len(runs),
        "wall_median_s": statistics.median(walls),
        "wall_min_s": min(walls),
        "wall_max_s": max(walls),
        "startup_median_s": statistics.median(r["startup_s"] for r in runs),
        "cells_median_s": statistics.median(r["cells_s"] for r in runs),
        "shutdown_median_s": statistics.median(r["shutdown_s"] for r in runs),
        "kernel_cpu_median_s": statistics.median(r["kernel_cpu_s"] for r in runs),
        "kernel_system_median_s": statistics.median(r["kernel_system_s"] for r in runs),
        "client_cpu_median_s": statistics.median(r["client_cpu_s"] for r in runs),
        "peak_rss_median_kib": statistics.median(peaks),
        "peak_rss_max_kib": max(peaks),
        "vm_hwm_max_kib": max(hwms) if hwms else None,
        "widget_views": runs[-1]["widget_views"],
    }
    per_cell: dict[int, list[float]] = {}
    for run in runs:
        for cell in run["cells"]:
            if cell["seconds"] is not None:
                per_cell.setdefault(cell["index"], []).append(cell["seconds"])
    sources = {c["index"]: c["source"] for c in runs[-1]["cells"]}
    summary["cells"] = [{"index": i, "source": sources.get(i, ""), "median_s": statistics.median(v)}
                        for i, v in sorted(per_cell.items())]
    return summary


def default_targets() -> list[str]:
    return [str(p.relative_to(ROOT)) for p in sorted(ROOT.glob("release/*/*.ipynb"))]


def resolve(target: str) -> str:
    for candidate in (Path(target), ROOT / target):
        if candidate.is_file():
            return str(candidate.resolve())
    raise SystemExit(f"no such notebook: {target}")


def label(target: str) -> str:
    try:
        return str(Path(target).relative_to(ROOT))
    except ValueError:
        return target


def mib(kib: float | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.0f}"


def fmt_load(load: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.2f}" for x in load)


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("nbclient", "ipykernel", "ipywidgets", "pandas", "plotly", "anywidget",
                 "community-building-workbooks"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


def git_state() -> dict:
    """Which code was measured: the commit and any uncommitted changes (read-only git calls)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    return {"commit": git("rev-parse", "HEAD"),
            "changed": git("status", "--porcelain", "--untracked-files=no").splitlines()}


def print_report(summaries: dict[str, dict], targets: list[str], show_cells: bool) -> dict[str, dict]:
    floor = summaries[FLOOR]
    head = (f"{'notebook':<34} {'runs':>4} {'wall med s':>10} {'wall min s':>10} "
            f"{'start s':>7} {'cells s':>7} {'stop s':>6} {'kern CPU s':>10} "
            f"{'peak MiB':>8} {'(med)':>6} {'widgets':>7}")
    print()
    print(head)
    print("-" * len(head))
    for name in [FLOOR] + targets:
        s = summaries[name]
        print(f"{(FLOOR + ' (baseline)' if name == FLOOR else label(name)):<34} {s['runs']:>4} "
              f"{s['wall_median_s']:>10.3f} {s['wall_min_s']:>10.3f} {s['startup_median_s']:>7.3f} "
              f"{s['cells_median_s']:>7.3f} {s['shutdown_median_s']:>6.3f} "
              f"{s['kernel_cpu_median_s']:>10.3f} "
              f"{mib(s['peak_rss_max_kib']):>8} {mib(s['peak_rss_median_kib']):>6} {s['widget_views']:>7}")
    print()
    print("wall med/min: NotebookClient.execute() incl. kernel start and shutdown; start/cells/stop: "
          "median phases;\nkern CPU: kernel user+system CPU time (median); "
          "peak MiB: kernel RSS high-water mark (max over runs; median in brackets).")
    print()
    ratios = {}
    for name in targets:
        s = summaries[name]
        wall = s["wall_median_s"] / floor["wall_median_s"]
        memory = s["peak_rss_median_kib"] / floor["peak_rss_median_kib"]
        wall_min = s["wall_min_s"] / floor["wall_min_s"]
        cpu = s["kernel_cpu_median_s"] / floor["kernel_cpu_median_s"]
        met = wall <= WALL_RATIO_TARGET
        ratios[name] = {"wall_ratio": wall, "peak_memory_ratio": memory,
                        "wall_ratio_target": WALL_RATIO_TARGET, "target_met": met,
                        "wall_min_ratio": wall_min, "kernel_cpu_ratio": cpu}
        print(f"{label(name)}: wall ratio {wall:.2f} (target <= {WALL_RATIO_TARGET:.2f}: "
              f"{'met' if met else 'NOT met'}), peak-memory ratio {memory:.2f}")
        print(f"{'':{len(label(name))}}  (for reading noise: min-wall ratio {wall_min:.2f}, "
              f"kernel-CPU ratio {cpu:.2f})")
    if show_cells:
        for name in [FLOOR] + targets:
            print(f"\nper-cell median seconds (kernel busy -> idle), {label(name)}:")
            for cell in summaries[name]["cells"]:
                print(f"  cell {cell['index']:>3}  {cell['median_s']:7.3f}  {cell['source'][:70]}")
    return ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="target notebooks (default: every release/*/*.ipynb)")
    parser.add_argument("--repeat", type=int, default=5, help="measured rounds (default 5)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="rounds run first and left out of the figures (default 1)")
    parser.add_argument("--cells", action="store_true", help="also print per-cell median times")
    parser.add_argument("--one", metavar="NOTEBOOK", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one:
        return child_main(args.one if args.one == FLOOR else resolve(args.one))

    targets = [resolve(t) for t in (args.notebooks or default_targets())]
    if not targets:
        raise SystemExit("no target notebooks found")
    if args.repeat < 1:
        raise SystemExit("--repeat must be at least 1")
    env = child_env()
    load_before = os.getloadavg()
    order = [FLOOR] + targets
    runs: dict[str, list[dict]] = {name: [] for name in order}
    warmups: list[dict] = []
    total = args.warmup + args.repeat
    for round_number in range(total):
        warm = round_number < args.warmup
        for name in order:
            result = measure(name, env)
            (warmups if warm else runs[name]).append(result)
            print(f"{'warm-up' if warm else 'round'} {round_number + 1 - (0 if warm else args.warmup)}: "
                  f"{label(name):<36} {result['wall_s']:7.3f} s  {mib(result['peak_rss_kib']):>5} MiB",
                  flush=True)

    summaries = {name: summarise(r) for name, r in runs.items()}
    ratios = print_report(summaries, targets, args.cells)
    print(f"\nload average (1, 5, 15 min) before {fmt_load(load_before)}, after {fmt_load(os.getloadavg())}"
          f" on {os.cpu_count()} CPUs")

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"{stamp}.json"
    out.write_text(json.dumps({
        "created": stamp,
        "command": [Path(sys.executable).name] + sys.argv,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "floor_cells": FLOOR_CELLS,
        "memory_method": "getrusage(RUSAGE_CHILDREN).ru_maxrss in the per-notebook child, "
                         "after the kernel exited (KiB); vm_hwm_kib = /proc/<kernel>/status VmHWM "
                         "after the last cell; runner_maxrss_kib = the child's own high-water mark",
        "git": git_state(),
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(), "packages": versions()},
        "summaries": {label(k): v for k, v in summaries.items()},
        "ratios": {label(k): v for k, v in ratios.items()},
        "runs": {label(k): v for k, v in runs.items()},
        "warmup_runs": warmups,
    }, indent=1))
    print(f"\nfigures written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
