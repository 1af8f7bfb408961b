"""A real, throw-away PostgreSQL server for the gradebook tests.

``postgres`` (session-scoped fixture) finds ``initdb`` and ``pg_ctl`` (on PATH or
under /usr/lib/postgresql/*/bin, as Debian's ``postgresql`` package puts them),
makes a cluster in a temporary folder, starts it on a free port of 127.0.0.1
with its unix socket inside that folder, creates the database ``gradebook``,
and yields a :class:`PostgresServer` whose ``url`` is a SQLAlchemy URL such as
``postgresql+psycopg://workbooks:<password>@127.0.0.1:PORT/gradebook``. At the
end the server is stopped and the folder removed.

PostgreSQL refuses to run as root. Under root the server runs as the
``postgres`` system user (or ``nobody`` when there is none): the folder is
chowned to it and every PostgreSQL program is started with that uid.

When no server can be had (no binaries, no user to drop root to, the server does
not start) the tests using the fixture are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

DATABASE = "gradebook"
ROLE = "workbooks"
SERVER_USERS = ("postgres", "nobody")  # tried in this order when running as root
TIMEOUT = 60


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the text says why."""


@dataclass
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    database: str
    folder: Path
    version: str

    @property
    def url(self) -> str:
        """The SQLAlchemy URL nbgrader's ``CourseDirectory.db_url`` takes."""
        return self.url_for(self.database)

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}:{self.password}@{self.host}:{self.port}/{database}"

    def new_database(self, name: str) -> str:
        """An empty database of its own for one test module; returns its URL."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"not a plain database name: {name!r}")
        with self.connect("postgres") as connection:
            connection.autocommit = True
            connection.execute(f"CREATE DATABASE {name}")
        return self.url_for(name)

    def connect(self, database: str | None = None):
        """A plain psycopg connection, bypassing SQLAlchemy and nbgrader."""
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                               dbname=database or self.database, connect_timeout=10)


def find_binaries() -> Path:
    """The folder holding initdb and pg_ctl: PATH first, then the newest Debian-style install."""
    folders = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        folders.append(Path(on_path).resolve().parent)
    versions = glob.glob("/usr/lib/postgresql/*/bin") + glob.glob("/usr/pgsql-*/bin")
    folders += sorted((Path(p) for p in versions), key=_version_key, reverse=True)
    folders.append(Path("/usr/local/pgsql/bin"))
    for folder in folders:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise Unavailable("PostgreSQL is not installed: no initdb/pg_ctl on PATH or under "
                      "/usr/lib/postgresql/*/bin (run scripts/install-system-deps.sh)")


def _version_key(folder: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", str(folder))) or (0,)


def server_account() -> pwd.struct_passwd:
    """Who runs the server: ourselves, or under root a system user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    for name in SERVER_USERS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise Unavailable(f"running as root and none of the users {', '.join(SERVER_USERS)} exists to run "
                      "PostgreSQL as (it refuses to run as root)")


def _reachable_by_everyone(path: Path) -> bool:
    """Can any user get to ``path`` (every folder on the way has o+x)?"""
    for folder in (path, *path.parents):
        if not os.stat(folder).st_mode & 0o001:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Runner:
    """Runs PostgreSQL's programs as ``account``, with a small, predictable environment."""

    def __init__(self, binaries: Path, account: pwd.struct_passwd, home: Path) -> None:
        self.binaries = binaries
        self.account = account
        self.env = {"PATH": f"{binaries}{os.pathsep}/usr/bin:/bin", "HOME": str(home), "LANG": "C",
                    "LC_ALL": "C", "TZ": "UTC", "USER": account.pw_name, "LOGNAME": account.pw_name}
        self.switch = os.geteuid() == 0 and account.pw_uid != 0

    def __call__(self, program: str, *args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
        extra = {}
        if self.switch:  # drop root: PostgreSQL refuses to run as root
            extra = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        return subprocess.run([str(self.binaries / program), *args], env=self.env, cwd=self.env["HOME"],
                              capture_output=True, text=True, timeout=timeout, **extra)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    try:
        with running_postgres() as server:
            yield server
    except Unavailable as reason:
        pytest.skip(f"no PostgreSQL server for the gradebook tests: {reason}")


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Start a fresh server; raise :class:`Unavailable` when that cannot be done here."""
    try:
        import psycopg  # noqa: F401
    except ImportError as problem:
        raise Unavailable(f"the psycopg driver is missing ({problem}); "
                          "pip install -r requirements-dev.txt") from problem
    binaries = find_binaries()
    account = server_account()
    base = Path(tempfile.gettempdir())
    if os.geteuid() == 0 and not _reachable_by_everyone(base):
        base = Path("/tmp")  # the server's user must reach its folder
    folder = Path(tempfile.mkdtemp(prefix="workbooks-pg-", dir=base))
    try:
        os.chown(folder, account.pw_uid, account.pw_gid)
        os.chmod(folder, 0o700)
        run = _Runner(binaries, account, folder)
        password = secrets.token_hex(12)
        (folder / "pwfile").write_text(password + "\n")
        os.chown(folder / "pwfile", account.pw_uid, account.pw_gid)
        data = folder / "data"
        made = run("initdb", "-D", str(data), "-U", ROLE, f"--pwfile={folder / 'pwfile'}", "-E", "UTF8",
                   "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256", timeout=120)
        (folder / "pwfile").unlink()
        if made.returncode != 0:
            raise Unavailable(f"initdb failed as user {account.pw_name}: {(made.stderr or made.stdout)[-800:]}")
        version = (data / "PG_VERSION").read_text().strip()
        port = _start(run, data, folder)
        server = PostgresServer("127.0.0.1", port, ROLE, password, DATABASE, folder, version)
        try:
            with server.connect("postgres") as connection:
                connection.autocommit = True
                connection.execute(f"CREATE DATABASE {DATABASE}")
            yield server
        finally:
            _stop(run, data)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _start(run: _Runner, data: Path, folder: Path) -> int:
    """Start on a free port (a few tries: another program may take the port first)."""
    problem = ""
    for _ in range(3):
        port = _free_port()
        settings = {"listen_addresses": "'127.0.0.1'", "port": str(port),
                    "unix_socket_directories": f"'{folder}'",
                    # A throw-away server: durability buys nothing here.
                    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        with (data / "postgresql.auto.conf").open("w") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        log = folder / "server.log"
        started = run("pg_ctl", "-D", str(data), "-l", str(log), "-w", "-t", str(TIMEOUT), "start",
                      timeout=TIMEOUT + 30)
        if started.returncode == 0:
            return port
        problem = (log.read_text(errors="replace") if log.exists() else "") + started.stdout + started.stderr
        _stop(run, data)
    raise Unavailable(f"the server did not start as user {run.account.pw_name}: {problem[-800:]}")


def _stop(run: _Runner, data: Path) -> None:
    stopped = run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "-t", "30", "stop", timeout=60)
    pid_file = data / "postmaster.pid"
    if stopped.returncode != 0 and pid_file.exists():  # still running: end it by its own pid
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, signal.SIGQUIT)
            for _ in range(50):
                os.kill(pid, 0)
                time.sleep(0.1)
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, ValueError, IndexError, OSError):
            pass
