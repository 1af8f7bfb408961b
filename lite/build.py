"""Build the in-browser edition: a static JupyterLite site of the release notebooks that needs no server and
no network once loaded (``make lite``).

Everything the site loads comes from the site itself:

- JupyterLab and the Pyodide kernel's front end, from ``jupyterlite-core`` and ``jupyterlite-pyodide-kernel``
  (lite/requirements.txt), with the JupyterLab extensions of this environment (ipywidgets, anywidget, plotly);
- Pyodide's core from its npm package (lite/package.json), with a package lock trimmed to ``micropip``, the
  one package the kernel loads from it; every other package comes from the site's own wheel index;
- pure-Python wheels of the workbooks and what they need (lite/pyodide-requirements.txt), from PyPI at build
  time, installed by the kernel from the site (PyPI fallback off).

The notebooks are the release notebooks with two changes: the kernel is the Pyodide kernel's ``python`` (so
no kernel chooser appears), and each cell that uses the workbooks first installs them from the site (which
takes no time once they are installed), so any cell works whichever is run first.

Usage: python lite/build.py [--output DIR]   (default: build/lite/site)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from workbooks.cells import for_browser

REPO = Path(__file__).resolve().parents[1]
LITE = REPO / "lite"
WORK = REPO / "build" / "lite"
PYODIDE_NPM = LITE / "node_modules" / "pyodide"
MICROPIP = "micropip==0.11.1"            # the version Pyodide 314.0.6's lock names
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}


def run(*command: str | Path, cwd: Path = REPO) -> None:
    subprocess.run([str(c) for c in command], cwd=cwd, check=True)


def download(folder: Path, *requirements: str | Path) -> list[Path]:
    """Pure-Python wheels for Pyodide's Python, without their dependencies (each is pinned itself)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    run(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
        "--platform", "any", "--python-version", "3.14", "--implementation", "py", *requirements, "-d", folder)
    return sorted(folder.glob("*.whl"))


def wheels(folder: Path) -> list[Path]:
    """The pinned runtime wheels and a wheel of the workbooks themselves, in ``folder`` (the site's index)."""
    download(folder, "-r", LITE / "pyodide-requirements.txt")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", folder, REPO)
    return sorted(folder.glob("*.whl"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pyodide(target: Path, micropip: Path) -> None:
    """Pyodide's core at ``target`` (the site's static/pyodide/), its lock holding only micropip, from ``micropip``.

    The kernel loads micropip from the lock first; any other lock entry would point at a wheel the npm
    package does not have (it has none), so the lock names only the micropip wheel put beside it."""
    if not (PYODIDE_NPM / "pyodide.mjs").is_file():
        raise SystemExit("Pyodide's npm package is missing: run `make lite`, which installs it (npm ci in lite/).")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(PYODIDE_NPM, target, ignore=shutil.ignore_patterns("*.map", "*.d.ts", "*.html", "README.md"))
    lock = json.loads((target / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = dict(lock["packages"]["micropip"])
    shutil.copy(micropip, target / micropip.name)
    entry.update(file_name=micropip.name, sha256=sha256(micropip), version=micropip.name.split("-")[1],
                 depends=[], imports=["micropip"])
    lock["packages"] = {"micropip": entry}
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n", encoding="utf-8")


def lite_notebook(source: Path) -> dict:
    """A release notebook as the site serves it: the Pyodide kernel, and the workbooks installed where used."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    notebook.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
    for cell in notebook["cells"]:
        if cell.get("cell_type") != "code":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = for_browser(text)
    return notebook


def contents(target: Path) -> None:
    """Every session's release folder, its notebook made a site notebook."""
    if target.exists():
        shutil.rmtree(target)
    for folder in sorted(p for p in (REPO / "release").iterdir() if p.is_dir()):
        shutil.copytree(folder, target / folder.name)
        for notebook in (target / folder.name).glob("*.ipynb"):
            notebook.write_text(json.dumps(lite_notebook(notebook), indent=1, ensure_ascii=False) + "\n",
                                encoding="utf-8")


# The JupyterLab extensions the site carries, from this environment (so they match the runtime wheels);
# nbgrader's and the others installed here have no place in a participant's browser.
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "anywidget", "jupyterlab-plotly",
              "@jupyterlite/pyodide-kernel-extension")


def config(lite_dir: Path, output: Path) -> None:
    labextensions = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    build_config = {"LiteBuildConfig": {
        "contents": [str(WORK / "contents")], "output_dir": str(output), "no_sourcemaps": True,
        "ignore_sys_prefix": True, "federated_extensions": [str(labextensions / e) for e in EXTENSIONS]}}
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=1) + "\n", encoding="utf-8")
    settings = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": "Community Building Workbooks",
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {"disablePyPIFallback": True}},
        # Every cell in the page, not only those in view: the browser's find and screen readers reach all of
        # the lesson, and the notebooks are short enough to draw whole.
        "settingsOverrides": {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}},
    }}
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")


def build(output: Path) -> Path:
    lite_dir = WORK / "lite-dir"
    if lite_dir.exists():  # from scratch: JupyterLite's task cache would skip steps whose output was removed
        shutil.rmtree(lite_dir)
    lite_dir.mkdir(parents=True)
    wheels(lite_dir / "pypi")
    [micropip] = download(WORK / "micropip", MICROPIP)
    pyodide(lite_dir / "static" / "pyodide", micropip)
    contents(WORK / "contents")
    config(lite_dir, output)
    if output.exists():
        shutil.rmtree(output)
    run(Path(sys.executable).parent / "jupyter", "lite", "build", "--lite-dir", lite_dir, cwd=lite_dir)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=WORK / "site")
    args = parser.parse_args(argv)
    site = build(args.output.resolve())
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"The in-browser edition is in {site} ({size / 1e6:.0f} MB). Serve the folder with any web server.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
