"""Hide nbgrader's facilitator tools in the participants' image; keep Validate, in plain words.
Also turn off JupyterLab's news and update notifications, whose first toast covers the exercises,
and start JupyterLab with its file browser closed, so a notebook gets the whole width.

Merges settings into a Jupyter config folder (default: this environment's
``etc/jupyter``), leaving whatever else is configured there in place. The
starting layout is JupyterLab's default workspace, written only when there is
none yet, so a layout the participant made is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

LAB_PLUGINS = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
               "@jupyter/nbgrader:course-list"]
SERVER_EXTENSIONS = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]
# Without a JupyterHub exchange (Binder, make lab) the Assignment List has nothing to fetch, so it is hidden
# too, with the Nbgrader menu that leads to it; Validate stays on the notebook's toolbar. --hub keeps them.
EXCHANGE_LAB_PLUGINS = ["@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu"]
EXCHANGE_SERVER_EXTENSIONS = ["nbgrader.server_extensions.assignment_list"]
# JupyterLab's defaults for every user of this environment (a participant can still change them).
QUIET_NOTIFICATIONS = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}


PLAIN_VALIDATION = (
    "# Written by binder/hide_facilitator_tools.py: Validate lists unfinished exercises by their titles.\n"
    "from workbooks.plain_validation import use_plain_validation\n\n"
    "use_plain_validation()\n"
)
# JupyterLab opens the file browser whenever it starts without a saved layout; this one has the side
# bars closed and nothing open (the notebook to open comes from the link, as on Binder).
START_LAYOUT = {
    "data": {"layout-restorer:data": {
        "main": {"dock": None},
        "left": {"collapsed": True, "visible": True, "widgets": []},
        "right": {"collapsed": True, "visible": True, "widgets": []},
    }},
    "metadata": {"id": "default"},
}
WORKSPACE_FILE = "default-37a8.jupyterlab-workspace"  # jupyterlab_server's slugify("default")


def default_workspaces_dir() -> Path:
    """Where JupyterLab keeps workspaces (``jupyterlab.commands.get_workspaces_dir``, without importing lab)."""
    from jupyter_core.paths import jupyter_config_dir

    return Path(os.environ.get("JUPYTERLAB_WORKSPACES_DIR") or Path(jupyter_config_dir()) / "lab" / "workspaces")


def merge(path: Path, update: dict) -> None:
    current = json.loads(path.read_text()) if path.exists() else {}
    for key, values in update.items():
        current.setdefault(key, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config-dir", type=Path, default=Path(sys.prefix) / "etc" / "jupyter")
    parser.add_argument("--workspaces-dir", type=Path, default=None,
                        help="JupyterLab's workspaces folder (default: $JUPYTERLAB_WORKSPACES_DIR or ~/.jupyter's)")
    parser.add_argument("--hub", action="store_true",
                        help="participants on a JupyterHub with nbgrader's exchange: keep the Assignment List")
    options = parser.parse_args()
    config = options.config_dir
    plugins = LAB_PLUGINS + ([] if options.hub else EXCHANGE_LAB_PLUGINS)
    extensions = SERVER_EXTENSIONS + ([] if options.hub else EXCHANGE_SERVER_EXTENSIONS)
    workspace = (options.workspaces_dir or default_workspaces_dir()) / WORKSPACE_FILE
    if not workspace.exists():
        workspace.parent.mkdir(parents=True, exist_ok=True)
        workspace.write_text(json.dumps(START_LAYOUT, indent=2) + "\n")
    merge(config / "labconfig" / "page_config.json",
          {"disabledExtensions": {name: True for name in plugins}})
    merge(config / "labconfig" / "default_setting_overrides.json", QUIET_NOTIFICATIONS)
    # nbgrader's Validate reads nbgrader_config.py from the Jupyter config folders: ours lists unfinished
    # exercises by their titles, not by their check cells' code (workbooks/plain_validation.py).
    nbgrader_config = config / "nbgrader_config.py"
    if not nbgrader_config.exists() or "use_plain_validation" in nbgrader_config.read_text():
        nbgrader_config.parent.mkdir(parents=True, exist_ok=True)
        nbgrader_config.write_text(PLAIN_VALIDATION)
    # Files in jupyter_server_config.d are read in name order; "zz-" comes after nbgrader's own.
    merge(config / "jupyter_server_config.d" / "zz-workbooks-participants.json",
          {"ServerApp": {"jpserver_extensions": {name: False for name in extensions}}})


if __name__ == "__main__":
    main()
