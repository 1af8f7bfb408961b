"""Run each participant's notebook in a kernel that cannot harm the course.

While ``workbooks grade`` runs, nbgrader starts the kernel named
``workbooks-sandbox``, whose command is this module. On Linux with bubblewrap
(``bwrap``) the kernel gets:

- no network (its own, empty network namespace);
- a read-only view of the machine, with the course folder (solutions, others'
  work, hand-ins, rosters, the gradebook, settings) and the home folder hidden,
  apart from the Python environment and this package;
- write access to a private copy of its own submission folder only (plus a
  private ``/tmp``), so nothing it writes, links included, reaches the files
  nbgrader goes on to read and write;
- a memory limit, and the per-cell timeout nbgrader already enforces; its
  writable scratch mounts (``/tmp``, ``/dev/shm``, ``/run``, the hidden
  folders) are capped too, since what a tmpfs holds is memory the process
  limit does not count;
- only an allow-listed environment, for the sandbox's first process as well
  as the kernel (inside, ``/proc/1/environ`` is readable);
- no mark schemes in the notebook it can read: its private copy has them cut.

The kernel talks to nbgrader over Unix sockets in a small runtime folder, since
TCP cannot cross the network namespace; that folder is emptied before every
notebook, so nothing a kernel leaves there reaches the next one. Where bwrap is
missing or refused (macOS, Windows, locked-down containers) the kernel runs with
the memory and time limits only, and ``grade`` says so plainly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .course import Course

KERNEL_NAME = "workbooks-sandbox"
DEFAULT_MEMORY_MB = 2048
DEFAULT_CELL_TIMEOUT = 30
# What the kernel may see of the grader's environment; everything else (tokens,
# database passwords) stays outside.
KEPT_VARIABLES = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "NBGRADER_EXECUTION", "NBGRADER_VALIDATING",
                  "WORKBOOKS_LANG", "PYTHONHASHSEED")
# Writable scratch space inside the sandbox: /tmp (and /dev/shm) get this share of
# the memory limit; the other writable mounts only what an empty folder needs.
SCRATCH_SHARE = 8
SMALL_MOUNT_BYTES = 1024 * 1024
MARK_SCHEME = re.compile(r"=*\s*BEGIN MARK SCHEME.*?END MARK SCHEME\s*=*", re.S)


@dataclass
class Settings:
    """What the launcher needs; written as JSON beside the kernel spec."""

    autograded: str
    runtime: str  # sockets and the connection file: the only shared, writable place
    course: str = ""  # hidden as a whole; only ``readable`` paths inside it come back
    work: str = ""  # where each kernel's private copy of its folder is made
    log: str = ""
    readable: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    memory_mb: int = DEFAULT_MEMORY_MB
    confine: bool = True


def bwrap_problem() -> str:
    """Why bwrap cannot confine kernels here, or "" when it can."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap only exists on Linux (this is {sys.platform})"
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) is not installed; on Debian or Ubuntu: sudo apt-get install bubblewrap"
    try:
        trial = subprocess.run(["bwrap", "--unshare-net", "--ro-bind", "/", "/", "--dev", "/dev",
                                "--proc", "/proc", "true"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as problem:
        return f"bwrap could not start: {problem}"
    if trial.returncode != 0:
        return f"bwrap is installed but not allowed to run here: {trial.stderr.strip() or trial.returncode}"
    return ""


class Sandbox:
    """The sandboxed kernel for one grading run over ``course``."""

    def __init__(self, course: Course, memory_mb: int = DEFAULT_MEMORY_MB,
                 cell_timeout: int = DEFAULT_CELL_TIMEOUT, confine: bool = True) -> None:
        self.course = course
        self.memory_mb = memory_mb
        self.cell_timeout = cell_timeout
        self.problem = bwrap_problem() if confine else "the sandbox was turned off with --no-sandbox"
        self.confined = not self.problem

    def warning(self) -> str:
        if self.confined:
            return ""
        return (f"WARNING: participants' notebooks run WITHOUT a sandbox, because {self.problem}. "
                "Their code can reach the network and read files this account can read. Only the "
                f"{self.cell_timeout} s cell timeout and the {self.memory_mb} MB memory limit apply.")

    def settings(self, scratch: Path) -> Settings:
        root = self.course.root.resolve()
        candidates = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path)
                      if p and Path(p).is_dir()}
        candidates.add(Path(__file__).resolve().parents[1])  # this package, wherever it is installed
        # The course folder itself (or a folder above it) would bring everything back.
        readable = {p for p in candidates if not root.is_relative_to(p)}
        return Settings(autograded=str(self.course.autograded.resolve()), runtime=str(scratch / "run"),
                        course=str(root),
                        work=str(scratch / "work"), log=str(scratch / "kernel.log"),
                        readable=sorted(map(str, readable)),
                        hidden=[str(p.resolve()) for p in self.course.private_paths()],
                        memory_mb=self.memory_mb, confine=self.confined)

    @contextmanager
    def active(self) -> Iterator[dict[str, dict[str, object]]]:
        """Install the kernel for this run; yields nbgrader settings that select it."""
        with tempfile.TemporaryDirectory(prefix="wbk-") as folder:  # short: socket paths have a limit
            scratch = Path(folder)
            settings = self.settings(scratch)
            self.runtime = Path(settings.runtime)
            for path in (self.runtime, Path(settings.work)):
                path.mkdir(mode=0o700)
            spec_dir = scratch / "kernels" / KERNEL_NAME
            spec_dir.mkdir(parents=True)
            settings_file = scratch / "sandbox.json"
            settings_file.write_text(json.dumps(asdict(settings)), encoding="utf-8")
            (spec_dir / "kernel.json").write_text(json.dumps({
                "argv": [sys.executable, "-m", "workbooks.facilitator.sandbox", str(settings_file),
                         "{connection_file}"],
                "display_name": "Workbooks grading sandbox",
                "language": "python",
                # Signals cannot reach into the sandbox's process session; a message can.
                "interrupt_mode": "message",
            }), encoding="utf-8")
            before = os.environ.get("JUPYTER_PATH")
            os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(scratch), before]))
            try:
                yield {
                    # A cell that runs too long is interrupted and the rest of the notebook
                    # still runs, so the other answers are graded.
                    "Execute": {"kernel_name": KERNEL_NAME, "timeout": self.cell_timeout,
                                "interrupt_on_timeout": True},
                    "ExecutePreprocessor": {"kernel_name": KERNEL_NAME, "timeout": self.cell_timeout},
                    "KernelManager": {"transport": "ipc", "connection_file": str(self.runtime / "kernel.json")},
                }
            finally:
                if before is None:
                    os.environ.pop("JUPYTER_PATH", None)
                else:
                    os.environ["JUPYTER_PATH"] = before

    def reset(self) -> None:
        """Empty the shared runtime folder before the next notebook, without following links."""
        for entry in self.runtime.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


# -- the launcher: runs as the kernel's command --------------------------------

def private_copy(folder: Path, work: Path) -> Path:
    """A copy of the submission folder for the kernel to see and change in place of the real one.

    nbgrader has already written the notebook it runs into the folder, with the
    reflections' mark schemes put back; the copy has them cut out.
    """
    copy = Path(tempfile.mkdtemp(dir=work))
    shutil.copytree(folder, copy, symlinks=True, dirs_exist_ok=True)
    for notebook in copy.glob("*.ipynb"):
        if not notebook.is_symlink():
            cut_mark_schemes(notebook)
    return copy


def cut_mark_schemes(notebook: Path) -> None:
    try:
        data = json.loads(notebook.read_text(encoding="utf-8"))
        cells = data["cells"]
        for cell in cells:
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            cell["source"] = MARK_SCHEME.sub("", text)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        notebook.unlink(missing_ok=True)  # not a notebook we can clean: the kernel is better off without it
        return
    notebook.write_text(json.dumps(data), encoding="utf-8")


def allowed_environment() -> dict[str, str]:
    """What the sandbox may see of the grader's environment."""
    return {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}


def kernel_command(settings: Settings, connection_file: str, folder: Path, copy: Path | None = None) -> list[str]:
    """The command that starts the kernel for the notebook in ``folder`` (seen through ``copy``)."""
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file]
    if not settings.confine:
        return kernel
    home = Path.home().resolve()
    scratch = str(settings.memory_mb * 1024 * 1024 // SCRATCH_SHARE)
    small = str(SMALL_MOUNT_BYTES)
    command = ["bwrap", "--die-with-parent", "--new-session", "--unshare-net", "--unshare-ipc",
               "--unshare-pid", "--ro-bind", "/", "/", "--dev", "/dev",
               "--size", scratch, "--tmpfs", "/dev/shm", "--remount-ro", "/dev", "--proc", "/proc",
               "--size", scratch, "--tmpfs", "/tmp", "--size", small, "--tmpfs", "/run"]
    for private in (home, Path(settings.course) if settings.course else None):
        if private is not None and private != Path("/"):
            command += ["--size", small, "--tmpfs", str(private)]
    for path in settings.readable:
        command += ["--ro-bind", path, path]
    for hidden in map(Path, settings.hidden):
        if hidden.is_dir():
            command += ["--size", small, "--tmpfs", str(hidden)]
        elif hidden.exists():
            command += ["--ro-bind", "/dev/null", str(hidden)]
    command += ["--bind", str(copy or folder), str(folder), "--bind", settings.runtime, settings.runtime,
                "--chdir", str(folder), "--clearenv"]
    for name in KEPT_VARIABLES:
        if name in os.environ:
            command += ["--setenv", name, os.environ[name]]
    command += ["--setenv", "HOME", str(home), "--setenv", "IPYTHONDIR", "/tmp/ipython",
                "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib", "--"]
    return command + kernel


def limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no limit available
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def launch(argv: list[str]) -> None:
    settings_file, connection_file = argv
    settings = Settings(**json.loads(Path(settings_file).read_text(encoding="utf-8")))
    folder = Path.cwd().resolve()
    if not folder.is_relative_to(settings.autograded):
        sys.exit(f"workbooks sandbox: refusing to start a grading kernel outside {settings.autograded} "
                 f"(asked for {folder})")
    copy = private_copy(folder, Path(settings.work)) if settings.confine and settings.work else None
    command = kernel_command(settings, connection_file, folder, copy)
    limit_memory(settings.memory_mb)
    # The kernel's own chatter (and anything a notebook writes to the raw file
    # descriptors) goes to a log, never to the facilitator's terminal.
    log = os.open(settings.log or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.execvpe(command[0], command, allowed_environment())


if __name__ == "__main__":
    launch(sys.argv[1:])
