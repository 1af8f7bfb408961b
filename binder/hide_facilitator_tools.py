"""Hide nbgrader's facilitator tools in the participants' image; keep Validate.
Also turn off JupyterLab's news and update notifications, whose first toast covers the exercises.

Merges settings into a Jupyter config folder (default: this environment's
``etc/jupyter``), leaving whatever else is configured there in place.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

LAB_PLUGINS = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
               "@jupyter/nbgrader:course-list"]
SERVER_EXTENSIONS = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]
# JupyterLab's defaults for every user of this environment (a participant can still change them).
QUIET_NOTIFICATIONS = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}


def merge(path: Path, update: dict) -> None:
    current = json.loads(path.read_text()) if path.exists() else {}
    for key, values in update.items():
        current.setdefault(key, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config-dir", type=Path, default=Path(sys.prefix) / "etc" / "jupyter")
    config = parser.parse_args().config_dir
    merge(config / "labconfig" / "page_config.json",
          {"disabledExtensions": {name: True for name in LAB_PLUGINS}})
    merge(config / "labconfig" / "default_setting_overrides.json", QUIET_NOTIFICATIONS)
    # Files in jupyter_server_config.d are read in name order; "zz-" comes after nbgrader's own.
    merge(config / "jupyter_server_config.d" / "zz-workbooks-participants.json",
          {"ServerApp": {"jpserver_extensions": {name: False for name in SERVER_EXTENSIONS}}})


if __name__ == "__main__":
    main()
