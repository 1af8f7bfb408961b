"""The participants' Binder image: repo2docker reads binder/, with Python 3.11 or later."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", line.strip())
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


@pytest.mark.slow
def test_repo2docker_uses_binder_folder_and_python_311_or_later():
    result = subprocess.run([str(BIN / "jupyter-repo2docker"), "--no-build", "--debug", str(REPO)],
                            capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    version = re.search(r"Building conda environment for python=3\.(\d+)", output)
    assert version and int(version.group(1)) >= 11, output[-2000:]
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in output
    assert "./binder/postBuild" in output


def test_binder_pins_every_runtime_package_like_requirements_txt():
    binder = pins(REPO / "binder" / "requirements.txt")
    runtime = pins(REPO / "requirements.txt")
    for package in ("jupyterlab", "ipywidgets", "nbgrader", "pandas", "plotly", "anywidget"):
        assert package in binder, f"{package} is not pinned for Binder"
        assert binder[package] == runtime[package], f"{package}: Binder and requirements.txt disagree"


def test_runtime_txt_asks_for_python_311_or_later():
    match = re.fullmatch(r"python-3\.(\d+)\s*", (REPO / "binder" / "runtime.txt").read_text())
    assert match and int(match.group(1)) >= 11


def test_postbuild_installs_the_package_and_hides_facilitator_tools():
    script = (REPO / "binder" / "postBuild").read_text()
    assert "set -euo pipefail" in script
    assert "pip install --no-deps" in script and "python binder/hide_facilitator_tools.py" in script


@pytest.mark.slow
def test_participants_keep_validate_but_not_the_facilitator_tools(tmp_path):
    """Apply the participants' settings to a scratch config folder and start a real server with it."""
    config = tmp_path / "config"
    subprocess.run([sys.executable, str(REPO / "binder" / "hide_facilitator_tools.py"), "--config-dir", str(config),
                    "--workspaces-dir", str(tmp_path / "workspaces")], check=True, timeout=60)
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(config), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    lab = subprocess.run([str(BIN / "jupyter"), "labextension", "list"], env=env,
                         capture_output=True, text=True, timeout=120)
    disabled = (lab.stdout + lab.stderr).split("Disabled extensions:")[-1]
    for plugin in ("formgrader", "create-assignment", "course-list", "assignment-list", "menu"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled
    assert "validate-assignment" not in disabled

    log = tmp_path / "server.log"
    # A port chosen here and no retries: the test asks the one address the server listens on, and waits until
    # it answers (reading the port from the log once found a port that refused the connection).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification"
    with log.open("w") as out:
        server = subprocess.Popen([str(BIN / "jupyter"), "server", "--no-browser", "--allow-root", f"--port={port}",
                                   "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1", "--ServerApp.token=",
                                   f"--ServerApp.root_dir={tmp_path}"],
                                  env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    # The overrides become the schema's defaults.
                    notification = {name: spec.get("default")
                                    for name, spec in json.load(response)["schema"]["properties"].items()}
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text()[-3000:]) from None
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert "validate_assignment | extension was successfully loaded" in text, text[-3000:]
    assert "formgrader | extension was successfully loaded" not in text
    assert "course_list | extension was successfully loaded" not in text
    assert "assignment_list | extension was successfully loaded" not in text
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False


def test_participants_start_with_the_file_browser_closed_and_keep_their_own_layout(tmp_path):
    """JupyterLab opens its file browser when it finds no saved layout; the participants' setup saves one
    with the side bars closed, once: a layout the participant changed later is left alone."""
    tool = [sys.executable, str(REPO / "binder" / "hide_facilitator_tools.py"), "--config-dir", str(tmp_path / "c"),
            "--workspaces-dir", str(tmp_path / "w")]
    subprocess.run(tool, check=True, timeout=60)
    from jupyterlab_server.workspaces_handler import WorkspacesManager

    layout = WorkspacesManager(str(tmp_path / "w")).load("default")["data"]["layout-restorer:data"]
    assert layout["left"]["collapsed"] is True and layout["right"]["collapsed"] is True
    saved = next((tmp_path / "w").iterdir())
    saved.write_text(saved.read_text().replace('"collapsed": true', '"collapsed": false', 1))
    subprocess.run(tool, check=True, timeout=60)
    assert '"collapsed": false' in saved.read_text()


def test_on_a_hub_participants_keep_the_assignment_list_and_elsewhere_they_do_not(tmp_path):
    def disabled(*options: str) -> set[str]:
        folder = tmp_path / "-".join(options or ("binder",))
        subprocess.run([sys.executable, str(REPO / "binder" / "hide_facilitator_tools.py"), "--config-dir",
                        str(folder), "--workspaces-dir", str(folder / "w"), *options], check=True, timeout=60)
        return set(json.loads((folder / "labconfig" / "page_config.json").read_text())["disabledExtensions"])

    assert {"@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu",
            "@jupyter/nbgrader:formgrader"} <= disabled()
    hub = disabled("--hub")
    assert "@jupyter/nbgrader:formgrader" in hub and "@jupyter/nbgrader:assignment-list" not in hub
    assert "@jupyter/nbgrader:validate-assignment" not in hub | disabled()
