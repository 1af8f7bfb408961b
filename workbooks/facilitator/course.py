"""The course folder a facilitator works in, and nbgrader set up for it.

A course folder holds ``nbgrader_config.py``, ``source/`` and ``release/``;
participants' work lands in ``submitted/``, ``autograded/`` and ``feedback/``.
Our own outputs (reports, exports, badges) go under ``reports/``, ``export/``
and ``badges/``. None of those are committed: they hold participants' data.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbgrader.api import Gradebook

CONFIG_FILE = "nbgrader_config.py"
DB_URL_VARIABLE = "WORKBOOKS_DB_URL"
EXCHANGE_VARIABLE = "WORKBOOKS_EXCHANGE"


class CourseError(Exception):
    """Something the facilitator must fix before a command can run; the text says what."""


@dataclass
class Course:
    root: Path
    db_url: str = ""
    exchange: Path | None = None
    overrides: dict[str, dict[str, object]] = field(default_factory=dict)

    @classmethod
    def find(cls, start: Path | None = None, db_url: str = "", exchange: Path | str | None = None) -> Course:
        """The course whose folder holds ``start`` (default: the current folder)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_FILE).is_file() and (folder / "source").is_dir():
                db = db_url or os.environ.get(DB_URL_VARIABLE, "")
                chosen = exchange or os.environ.get(EXCHANGE_VARIABLE) or None
                return cls(folder, db, Path(chosen).resolve() if chosen else None)
        raise CourseError(f"No course folder here: {here} (and no folder above it) has both "
                          f"{CONFIG_FILE} and source/. Run the command inside the course folder, "
                          "or pass --course PATH.")

    # -- folders ------------------------------------------------------------

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def export(self) -> Path:
        return self.root / "export"

    @property
    def badges(self) -> Path:
        return self.root / "badges"

    @property
    def gradebook_file(self) -> Path | None:
        """The SQLite gradebook, when that is where grades live."""
        url = self.effective_db_url()
        prefix = "sqlite:///"
        return Path(url[len(prefix):]) if url.startswith(prefix) else None

    @property
    def sessions(self) -> list[str]:
        """The sessions with a source notebook, in order."""
        return sorted(p.name for p in self.source.iterdir()
                      if p.is_dir() and (p / f"{p.name}.ipynb").is_file())

    def private_paths(self) -> list[Path]:
        """What participants' code must never read: solutions, others' work, grades, settings."""
        paths = [self.source, self.submitted, self.autograded, self.feedback, self.reports,
                 self.export, self.badges, self.root / "downloaded", self.root / CONFIG_FILE]
        if self.gradebook_file is not None:
            paths += [self.gradebook_file, self.gradebook_file.with_name(self.gradebook_file.name + "-journal")]
        exchange = self.exchange or self.config().Exchange.get("root")
        if exchange:
            paths.append(Path(exchange))
        return paths

    # -- nbgrader ------------------------------------------------------------

    def effective_db_url(self) -> str:
        """--db-url or $WORKBOOKS_DB_URL, else nbgrader_config.py's (what the formgrader uses), else SQLite."""
        return (self.db_url or str(self.config().CourseDirectory.get("db_url") or "")
                or f"sqlite:///{self.root / 'gradebook.db'}")

    def pick_sessions(self, chosen: list[str] | None) -> list[str]:
        """The ``chosen`` sessions in course order, or all of them; an unknown name is the facilitator's to fix."""
        available = self.sessions
        if not available:
            raise CourseError(f"No sessions in {self.source}: each needs source/<session>/<session>.ipynb.")
        unknown = [s for s in chosen or [] if s not in available]
        if unknown:
            raise CourseError(f"No session called {', '.join(unknown)} in this course. "
                              f"The sessions are: {', '.join(available)}.")
        return [s for s in available if s in chosen] if chosen else available

    @cached_property
    def _file_config(self):
        """The course's ``nbgrader_config.py``, read once."""
        from traitlets.config.loader import PyFileConfigLoader

        sys.path.insert(0, str(self.root))  # nbgrader_config.py may import from the course folder
        try:
            return PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        except Exception as problem:  # the file is Python: any error can come out of it
            raise CourseError(f"{self.root / CONFIG_FILE} could not be read: {problem}") from problem
        finally:
            sys.path.remove(str(self.root))

    def config(self, **extra: dict[str, object]):
        """nbgrader's settings: the course's ``nbgrader_config.py`` plus this run's choices."""
        from traitlets.config import Config

        config = copy.deepcopy(self._file_config)  # merging changes sections in place
        config.merge(Config({"CourseDirectory": {"root": str(self.root)}}))
        if self.db_url:
            config.merge(Config({"CourseDirectory": {"db_url": self.db_url}}))
        if self.exchange is not None:
            config.merge(Config({"Exchange": {"root": str(self.exchange)}}))
        for section in (self.overrides, extra):
            config.merge(Config(section))
        return config

    def api(self, **extra: dict[str, object]):
        """nbgrader's own Python API for this course (what the formgrader uses)."""
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        config = self.config(**extra)
        _put_venv_on_path()
        _reuse_gradebook_engines()
        return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)

    @contextmanager
    def gradebook(self) -> Iterator[Gradebook]:
        from nbgrader.api import Gradebook

        _put_venv_on_path()
        _reuse_gradebook_engines()
        with Gradebook(self.effective_db_url(), course_id=self.course_id()) as gradebook:
            yield gradebook

    def course_id(self) -> str:
        return str(self.config().CourseDirectory.get("course_id", "default_course"))


def add_session_option(parser, verb: str) -> None:
    parser.add_argument("--session", action="append", metavar="SESSION",
                        help=f"{verb} only this session (repeat for several; default: every session)")


def nbgrader_problem(result: dict | None) -> str:
    """The last error line of an nbgrader API call's result, for a report."""
    if not result:
        return "nbgrader gave no answer"
    lines = [line.strip() for line in (result.get("log") or "").splitlines() if line.strip()]
    problems = [line for line in lines if line.startswith(("[ERROR]", "[CRITICAL]"))]
    if problems:
        return problems[-1]
    if result.get("error"):
        return result["error"].strip().splitlines()[-1]
    return "see nbgrader's log" if not result.get("success") else "no problem reported"


_reusing_engines = False
SQLITE_WAIT_SECONDS = 120  # SQLite's own default is 5


def _reuse_gradebook_engines() -> None:
    """One database engine per gradebook address in this process, instead of one per access.

    nbgrader opens its gradebook a dozen times per notebook it grades, each time
    with a new SQLAlchemy engine, which throws away SQLAlchemy's cache of compiled
    queries, and checks every table again. Reusing the engine (and checking the
    tables once) takes a quarter off grading a notebook. Closing a gradebook still
    disposes of its connections, as nbgrader expects.
    """
    global _reusing_engines
    if _reusing_engines:
        return
    import nbgrader.api as gradebook_module
    from sqlalchemy import create_engine

    engines: dict[str, Any] = {}
    checked: set[int] = set()
    create_all = gradebook_module.Base.metadata.create_all

    def engine_for(url: str, **options: Any) -> Any:
        key = f"{url}|{sorted(options.items())}"
        if key not in engines:
            if url.startswith("sqlite") and "connect_args" not in options:
                # Grading workers read while another writes: wait for the write, as long as it takes.
                options["connect_args"] = {"timeout": SQLITE_WAIT_SECONDS}
            engines[key] = create_engine(url, **options)
        return engines[key]

    def create_tables_once(bind: Any = None, **options: Any) -> None:
        if id(bind) not in checked:
            create_all(bind=bind, **options)
            checked.add(id(bind))

    gradebook_module.create_engine = engine_for
    gradebook_module.Base.metadata.create_all = create_tables_once
    _reusing_engines = True


def _put_venv_on_path() -> None:
    """nbgrader's gradebook runs the ``alembic`` command, installed beside this Python."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
