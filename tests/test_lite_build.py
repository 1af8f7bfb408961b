"""The in-browser edition's pieces that need no browser: its notebooks, its pins, its notice and its links."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from workbooks import Workbook, messages
from workbooks.cells import BROWSER_INSTALL
from workbooks.handin import build_handin
from workbooks.sessions import session_ids

REPO = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("lite_build", REPO / "lite" / "build.py")
assert spec and spec.loader
lite_build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lite_build)


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            found[name.strip().lower().replace("_", "-")] = pinned.strip()
    return found


def test_the_wheels_that_carry_browser_extensions_match_the_extensions_the_site_is_built_with():
    """A widget's Python side and its JupyterLab extension must be the same version (jupyterlite#471)."""
    wheels = pins(REPO / "lite" / "pyodide-requirements.txt")
    runtime = pins(REPO / "requirements.txt")
    for name in ("ipywidgets", "anywidget", "plotly"):
        assert wheels[name] == runtime[name] == version(name), name
    assert wheels["jupyterlab-widgets"] == version("jupyterlab_widgets")
    assert all(re.fullmatch(r"[\d.]+", v) for v in wheels.values()), "every wheel is pinned exactly"


def test_the_package_needs_nothing_the_browser_cannot_install():
    """pandas and numpy have no wheel Pyodide 314 can install from PyPI: the package must not ask for them."""
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    needed = {re.split(r"[<>=; \[]", r)[0].lower() for r in declared}
    assert needed == {"ipywidgets", "plotly", "anywidget"}
    assert needed <= set(pins(REPO / "lite" / "pyodide-requirements.txt"))


@pytest.mark.parametrize("session", session_ids())
def test_a_site_notebook_uses_the_pyodide_kernel_and_installs_the_workbooks_where_it_uses_them(session):
    release = REPO / "release" / session / f"{session}.ipynb"
    original = json.loads(release.read_text(encoding="utf-8"))
    lite = lite_build.lite_notebook(release)
    assert lite["metadata"]["kernelspec"]["name"] == "python"
    assert len(lite["cells"]) == len(original["cells"])
    for before, after in zip(original["cells"], lite["cells"], strict=True):
        text = "".join(before["source"])
        if before["cell_type"] == "code" and "from workbooks import" in text:
            first, _, rest = text.partition("\n")
            assert after["source"] == f"{first}\n{BROWSER_INSTALL}{rest}"  # the plain-words line stays first
        else:
            assert after == before


def test_in_the_browser_the_workbook_says_where_the_answers_are_kept(folder, monkeypatch):
    notice = messages.text("status.in_browser")
    assert notice not in Workbook("session2", folder).summary()
    monkeypatch.setattr(sys, "platform", "emscripten")
    assert notice in Workbook("session2", folder).summary()
    assert notice not in Workbook("session2", folder, read_only=True).summary()


def test_the_readme_offers_the_in_browser_edition_beside_each_binder_link():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for session in session_ids():
        row = next(line for line in readme.splitlines() if f"release/{session}/{session}.ipynb" in line)
        assert f"lab/index.html?path={session}/{session}.ipynb" in row, session
        assert "Open in your browser (no install)" in row


def test_the_pages_workflow_builds_with_make_lite_and_publishes_the_site():
    workflow = (REPO / ".github" / "workflows" / "lite.yml").read_text(encoding="utf-8")
    assert "run: make lite" in workflow
    assert "path: build/lite/site" in workflow
    assert "actions/deploy-pages" in workflow


def test_the_install_line_names_this_package():
    import tomllib

    name = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert f'piplite.install("{name}")' in BROWSER_INSTALL


@pytest.mark.parametrize("session", session_ids())
def test_a_hand_in_made_in_the_browser_has_the_release_cells(session, folder):
    """Download my work in the in-browser edition leaves the install lines out again, so collect finds every
    locked cell as released (and files the hand-in without a note about changed cells)."""
    release = REPO / "release" / session / f"{session}.ipynb"
    in_site = folder / f"{session}.ipynb"
    in_site.write_text(json.dumps(lite_build.lite_notebook(release)), encoding="utf-8")
    workbook = Workbook(session, folder)
    workbook.answers.participant_id = "lite-1"
    _, content = build_handin(workbook.answers, in_site, "summary")
    handed_in = json.loads(content)
    original = json.loads(release.read_text(encoding="utf-8"))
    assert ["".join(c["source"]) for c in handed_in["cells"]] == ["".join(c["source"]) for c in original["cells"]]
