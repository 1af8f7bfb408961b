"""Benchmark: the in-browser edition against local JupyterLab, from opening a session's page to its first
interactive exercise control, cold (a browser that has never seen the site) and warm (the second visit in
the same browser), in the same run.

Both are driven the way a participant works: open the notebook, Run > Run All Cells, wait for the first
exercise's box or button. JupyterLab is the browser suite's (tests/browser_support.py); the site is
served on 127.0.0.1 and nothing outside it is reachable (tests/lite_support.py). It prints the medians,
the ratio of the in-browser edition to JupyterLab, and the site's size. It never fails on time.

    .venv/bin/python benchmarks/lite_vs_lab.py [--site build/lite/site] [--repeat 2] [SESSION ...]

Build the site first (make lite).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import Notebook, headless_chromium, open_tab, running_lab  # noqa: E402
from lite_support import FIRST_CONTROL, LiteTab, serving  # noqa: E402


def lab_visits(browser, lab: dict, notebook: Notebook) -> tuple[float, float]:
    """Seconds to the first control on a fresh browser's first visit, then on its second."""
    context, page, session = open_tab(browser, lab, notebook)
    found = []
    try:
        for _ in range(2):
            start = time.monotonic()
            session.open_notebook(fresh_workspace=True)
            session.menu("Run", "Run All Cells")
            page.locator(FIRST_CONTROL).first.wait_for(state="visible", timeout=120_000)
            found.append(time.monotonic() - start)
            session.restart_kernel()  # the next visit starts its own kernel, as after a closed tab
    finally:
        context.close()
    return found[0], found[1]


def lite_visits(browser, server: str, notebook: Notebook) -> tuple[float, float]:
    tab = LiteTab(browser, server)
    found = []
    try:
        for _ in range(2):
            start = time.monotonic()
            tab.open(notebook)
            tab.page.get_by_role("menuitem", name="Run", exact=True).click()
            tab.page.get_by_role("menuitem", name="Run All Cells", exact=False).first.click()
            tab.page.locator(FIRST_CONTROL).first.wait_for(state="visible", timeout=240_000)
            found.append(time.monotonic() - start)
            tab.page.goto("about:blank")
    finally:
        tab.close()
    assert not tab.outside, f"the site asked for {tab.outside[:3]}"
    return found[0], found[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sessions", nargs="*", default=["session1", "session2"])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "lite" / "site")
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args()
    if not (options.site / "index.html").is_file():
        raise SystemExit(f"No site in {options.site}: run make lite first.")
    notebooks = [Notebook(s) for s in options.sessions]
    size = sum(p.stat().st_size for p in options.site.rglob("*") if p.is_file())
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    load_before = psutil.getloadavg()
    with running_lab(notebooks) as lab, serving(options.site) as server, headless_chromium() as browser:
        lab_visits(browser, lab, notebooks[0])  # warm-up: the lab's first page load builds caches
        for _ in range(options.repeat):
            for notebook in notebooks:  # interleaved, so machine noise hits both alike
                times.setdefault(("lab", notebook.session), []).append(lab_visits(browser, lab, notebook))
                times.setdefault(("lite", notebook.session), []).append(lite_visits(browser, server, notebook))
    print(f"load average before {load_before[0]:.2f}, after {psutil.getloadavg()[0]:.2f}; "
          f"{options.repeat} rounds, medians; site {size / 1e6:.0f} MB in {sum(1 for _ in options.site.rglob('*'))} "
          "files")
    print(f"{'notebook':<10} {'':>5} {'lab':>8} {'in-browser':>11} {'ratio':>6}")
    results = {"site_bytes": size}
    for notebook in notebooks:
        for index, visit in enumerate(("cold", "warm")):
            lab_s = statistics.median(t[index] for t in times[("lab", notebook.session)])
            lite_s = statistics.median(t[index] for t in times[("lite", notebook.session)])
            results[f"{notebook.session}_{visit}"] = {"lab_s": lab_s, "lite_s": lite_s, "ratio": lite_s / lab_s}
            print(f"{notebook.session:<10} {visit:>5} {lab_s:>6.1f} s {lite_s:>9.1f} s {lite_s / lab_s:>6.2f}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "lite_vs_lab.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
