"""A throw-away course folder and participants' hand-ins, for the facilitator tests.

``make_course`` copies what a facilitator's clone has (source/, release/,
nbgrader_config.py) into a temporary folder; ``hand_in`` plays a participant who
fills a session and presses "Download my work".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripted_participant import fill_everything
from workbooks import Workbook
from workbooks.sessions import all_sessions

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SESSIONS = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())
# As declared; release/ is generated from notebooks whose cells follow the declarations.
AUTOGRADED_POINTS = {s.id: s.points for s in all_sessions()}
HAND_GRADED_POINTS = {s.id: s.hand_graded_points for s in all_sessions()}


def make_course(root: Path) -> Path:
    """A course folder like a fresh clone's: source/, release/ and nbgrader_config.py."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "release", root / "release")
    shutil.copy(REPO / "nbgrader_config.py", root)
    return root


def hand_in(desk: Path, release: Path, session: str, participant: str) -> tuple[str, bytes]:
    """The file a participant downloads after doing everything in ``session``.

    ``desk`` is the participant's own folder (created); ``release`` the release/ folder.
    Returns the suggested file name (``<id>__<session>.ipynb``) and its bytes.
    """
    folder = desk / participant / session
    folder.mkdir(parents=True)
    shutil.copy(release / session / f"{session}.ipynb", folder / f"{session}.ipynb")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JPY_SESSION_NAME", f"{session}.ipynb")
        env.delenv("NBGRADER_EXECUTION", raising=False)
        return fill_everything(Workbook(session, folder), participant)


def blank_notebook(release: Path, session: str) -> bytes:
    """The release notebook as downloaded without doing anything."""
    return (release / session / f"{session}.ipynb").read_bytes()


COURSE_ID = "community-building"  # nbgrader_config.py's


def autograded_points(course: Path, session: str, participant: str) -> float:
    """A participant's points in a session's autograded (code) cells, read from the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gradebook:
        notebook = gradebook.find_submission_notebook(session, session, participant)
        return sum(g.auto_score or 0 for g in notebook.grades if g.cell.cell_type == "code")


# Settings a facilitator's commands read from the environment, which a test run may carry from outside
# (nbgrader's execution flag, a Jupyter session, another course's gradebook or exchange).
OUTSIDE_SETTINGS = ("NBGRADER_EXECUTION", "JPY_SESSION_NAME", "WORKBOOKS_DB_URL", "WORKBOOKS_EXCHANGE")


def workbooks_cli(course: Path, *args: str, timeout: float = 900,
                  env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Runs ``workbooks <args>`` in ``course`` the way a facilitator would, with the console script."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **(env_extra or {})}
    for name in OUTSIDE_SETTINGS:
        env.pop(name, None)
    return subprocess.run([str(BIN / "workbooks"), *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=timeout)


def notebook_json(content: bytes) -> dict:
    return json.loads(content)
