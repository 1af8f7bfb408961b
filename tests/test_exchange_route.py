"""The JupyterHub route: several participants on one machine, nbgrader's exchange folder between them.

The facilitator releases every session into a fresh exchange folder. Three
participants, each in their own home folder, fetch a session with the real
``nbgrader fetch_assignment``, do it (or not), and ``nbgrader submit`` it. The
facilitator collects from the exchange and grades.

As on a JupyterHub with one system account per person, each participant runs as a
Unix user of their own when the tests run as root: the commands go through
``unshare --mount`` (a private /etc/passwd that names the participants, bind-mounted
for that process only) and ``setpriv`` (the participant's uid). Nothing on the
machine is changed. Otherwise every participant runs as the current user with
``--student`` and the privacy checks are skipped.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from course_support import AUTOGRADED_POINTS, BIN, make_course, workbooks_cli
from scripted_participant import ENTERED, fill_everything
from workbooks import Workbook
from workbooks.facilitator.course import Course

pytestmark = pytest.mark.slow

COURSE_ID = "community-building"
SESSION = "session2"  # the one participants do; every session is released and fetched
FIRST_UID = 61001
# How each participant leaves the session before pressing Submit.
PARTICIPANTS = {
    "ana": "saved",      # did everything and saved the notebook (answers in it and in the answer file)
    "ben": "unsaved",    # did everything, the notebook not saved since: answers only in the answer file
    "cleo": "blank",     # submitted what was fetched
}


@dataclass
class Participant:
    name: str
    home: Path
    uid: int | None  # None: runs as the current user

    def nbgrader(self, *args: str) -> subprocess.CompletedProcess:
        """``nbgrader <args>`` in this participant's home, as them."""
        command = [str(BIN / "nbgrader"), *args]
        if self.uid is None:
            command.append(f"--student={self.name}")
        return self.run(command)

    def run(self, command: list[str]) -> subprocess.CompletedProcess:
        env = {"PATH": f"{BIN}{os.pathsep}/usr/bin:/bin", "HOME": str(self.home), "USER": self.name,
               "LOGNAME": self.name, "LANG": "C.UTF-8", "JUPYTERHUB_USER": self.name}
        if self.uid is not None:
            passwd = self.home.parent / "passwd"
            command = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                       f'mount --bind "$0" /etc/passwd && exec setpriv --reuid={self.uid} --regid={self.uid} '
                       '--clear-groups -- "$@"', str(passwd), *command]
        return subprocess.run(command, cwd=self.home, env=env, capture_output=True, text=True, timeout=300)


FINDS_NBGRADER = "import importlib.util, sys; sys.exit(importlib.util.find_spec('nbgrader') is None)"


def can_switch_users(probe: Path) -> bool:
    """Can we run a command as another uid with a private /etc/passwd? (root with mount namespaces)"""
    if os.geteuid() != 0 or not (shutil.which("unshare") and shutil.which("setpriv")):
        return False
    result = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                             'mount --bind "$0" /etc/passwd && exec setpriv --reuid=65534 --regid=65534 '
                             f'--clear-groups -- {BIN / "python"} -c "{FINDS_NBGRADER}"', str(probe)],
                            capture_output=True, text=True, timeout=120)
    return result.returncode == 0


def make_participants(homes: Path) -> list[Participant]:
    homes.mkdir(mode=0o755)
    passwd = homes / "passwd"
    passwd.write_text(Path("/etc/passwd").read_text())
    separate = can_switch_users(passwd)
    people = []
    for offset, name in enumerate(PARTICIPANTS):
        home = homes / name
        home.mkdir()
        uid = None
        if separate:
            uid = FIRST_UID + offset
            if account_exists(name, uid):
                pytest.fail(f"user {name} or uid {uid} already exists on this machine; pick others")
            with passwd.open("a") as accounts:
                accounts.write(f"{name}:x:{uid}:{uid}:{name}:{home}:/bin/sh\n")
            os.chown(home, uid, uid)
            os.chmod(home, 0o700)  # as on a JupyterHub: nobody reads another's home
        people.append(Participant(name, home, uid))
    return people


def account_exists(name: str, uid: int) -> bool:
    for look_up, key in ((pwd.getpwnam, name), (pwd.getpwuid, uid)):
        try:
            look_up(key)
            return True
        except KeyError:
            pass
    return False


def write_config(participant: Participant, exchange: Path) -> None:
    """What a JupyterHub admin puts in every participant's nbgrader settings."""
    config = participant.home / ".jupyter" / "nbgrader_config.py"
    config.parent.mkdir()
    config.write_text(f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\n"
                      f"c.CourseDirectory.course_id = {COURSE_ID!r}\n")
    give_to(participant, participant.home)


def give_to(participant: Participant, folder: Path) -> None:
    if participant.uid is None:
        return
    for path in (folder, *folder.rglob("*")):
        os.chown(path, participant.uid, participant.uid)


def do_the_session(participant: Participant, how: str) -> None:
    """Fill the fetched session as the participant would in JupyterLab."""
    folder = participant.home / SESSION
    if how == "blank":
        return
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JPY_SESSION_NAME", f"{SESSION}.ipynb")
        env.delenv("NBGRADER_EXECUTION", raising=False)
        _, content = fill_everything(Workbook(SESSION, folder), participant.name)
    assert (folder / f"{SESSION}_answers.json").is_file()
    if how == "saved":  # JupyterLab saved the notebook, with the copy of the answers inside
        (folder / f"{SESSION}.ipynb").write_bytes(content)
    give_to(participant, folder)


def facilitator(course: Course, *args: str) -> str:
    """``workbooks <args>`` in the course folder, as the facilitator; its output."""
    result = workbooks_cli(course.root, *args, "--quiet", "--exchange", str(course.exchange))
    assert result.returncode == 0, f"workbooks {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def in_parallel(jobs: list[tuple[Participant, tuple[str, ...]]]) -> None:
    """Participants run their nbgrader commands at the same time, as on a JupyterHub."""
    with ThreadPoolExecutor(3) as pool:
        results = pool.map(lambda job: job[0].nbgrader(*job[1]), jobs)
        for (person, args), result in zip(jobs, results, strict=True):
            assert result.returncode == 0, f"{person.name}: nbgrader {' '.join(args)}\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def exchange_cycle():
    """Release, fetch, work, submit, collect and grade; yields what the assertions need."""
    # Not under pytest's tmp_path: that is private to the current user, and participants must get in.
    base = Path(tempfile.mkdtemp(prefix="workbooks-exchange-", dir="/tmp" if os.geteuid() == 0 else None))
    try:
        os.chmod(base, 0o755)
        exchange = base / "exchange"
        exchange.mkdir()
        os.chmod(exchange, 0o1777)  # writable by all, like /tmp: nobody removes what another made
        root = make_course(base / "course")
        os.chmod(root, 0o700)  # solutions and grades are the facilitator's alone
        course = Course(root, exchange=exchange)
        facilitator(course, "release", "--to-exchange")

        people = make_participants(base / "homes")
        for person in people:
            write_config(person, exchange)
        # Everyone fetches the session; the first participant fetches every other session too.
        in_parallel([(person, ("fetch_assignment", SESSION)) for person in people] +
                    [(people[0], ("fetch_assignment", s)) for s in course.sessions if s != SESSION])
        for person in people:
            do_the_session(person, PARTICIPANTS[person.name])
        in_parallel([(person, ("submit", SESSION)) for person in people])

        collected = facilitator(course, "collect", "--from-exchange", "--session", SESSION)
        graded = facilitator(course, "grade", "--session", SESSION)
        yield course, exchange, people, collected + graded
    finally:
        shutil.rmtree(base, ignore_errors=True)


def code_points(course: Course, participant: str) -> tuple[float, float]:
    with Gradebook(course.effective_db_url(), COURSE_ID) as gradebook:
        notebook = gradebook.find_submission_notebook(SESSION, SESSION, participant)
        code = [g for g in notebook.grades if g.cell.cell_type == "code"]
        return sum(g.auto_score or 0 for g in code), sum(g.max_score for g in code)


def test_every_session_is_in_the_exchange_and_can_be_fetched(exchange_cycle):
    course, exchange, people, _ = exchange_cycle
    outbound = exchange / COURSE_ID / "outbound"
    assert sorted(p.name for p in outbound.iterdir()) == course.sessions
    for session in course.sessions:
        released = (course.release / session / f"{session}.ipynb").read_bytes()
        assert (outbound / session / f"{session}.ipynb").read_bytes() == released
        assert (people[0].home / session / f"{session}.ipynb").is_file()


def test_each_submission_lands_under_its_participant(exchange_cycle):
    course, _, people, _ = exchange_cycle
    assert sorted(p.name for p in course.submitted.iterdir()) == sorted(PARTICIPANTS)
    for person in people:
        assert (course.submitted / person.name / SESSION / f"{SESSION}.ipynb").is_file()
        assert (course.submitted / person.name / SESSION / "timestamp.txt").is_file()


# Ben's answers reach grading only through the answer file he submitted beside the notebook:
# nbgrader's collect would drop it (the course ignores *_answers.json so they stay out of release/).
@pytest.mark.parametrize("participant", ["ana", "ben"])
def test_the_scripted_participants_get_full_marks(exchange_cycle, participant):
    course, _, _, _ = exchange_cycle
    points, maximum = code_points(course, participant)
    assert points == maximum == AUTOGRADED_POINTS[SESSION], \
        f"{participant} ({PARTICIPANTS[participant]}) got {points} of {maximum}"
    graded = (course.autograded / participant / SESSION / f"{SESSION}.ipynb").read_text()
    for entered in ENTERED[SESSION]:
        assert json.dumps(entered)[1:-1] in graded


def test_the_blank_submission_scores_zero(exchange_cycle):
    course, _, _, _ = exchange_cycle
    points, maximum = code_points(course, "cleo")
    assert maximum == AUTOGRADED_POINTS[SESSION]
    assert points == 0


def test_collect_sees_no_impostor(exchange_cycle):
    """Each submission in the exchange is owned by the participant whose name it carries."""
    _, exchange, people, _ = exchange_cycle
    if people[0].uid is None:
        pytest.skip("participants share one Unix user here (not root, or no mount namespaces)")
    inbound = exchange / COURSE_ID / "inbound"
    owners = {entry.name.split("+")[0]: entry.stat().st_uid for entry in inbound.iterdir()}
    assert owners == {p.name: p.uid for p in people}


def test_a_participant_cannot_list_or_read_another_participants_work(exchange_cycle):
    _, exchange, people, _ = exchange_cycle
    if people[0].uid is None:
        pytest.skip("participants share one Unix user here (not root, or no mount namespaces)")
    ana, ben, _ = people
    inbound = exchange / COURSE_ID / "inbound"
    assert stat.S_IMODE(inbound.stat().st_mode) & 0o777 == 0o733  # others may add, not list
    probe = ("import os, sys\n"
             "for path in sys.argv[1:]:\n"
             "    try:\n"
             "        os.listdir(path) if os.path.isdir(path) else open(path).read()\n"
             "        print(path, 'open')\n"
             "    except PermissionError:\n"
             "        print(path, 'denied')\n")
    targets = [inbound, ana.home, ana.home / SESSION / f"{SESSION}_answers.json"]
    seen = ben.run([str(BIN / "python"), "-c", probe, *map(str, targets)])
    assert seen.returncode == 0, seen.stderr
    verdict = dict(line.rsplit(" ", 1) for line in seen.stdout.splitlines())
    assert verdict[str(inbound)] == "denied", "participants can list everyone's submissions"
    assert verdict[str(ana.home)] == "denied"
    assert verdict[str(ana.home / SESSION / f"{SESSION}_answers.json")] == "denied"
    # Not checked: nbgrader hides a submission only by its unguessable name. Knowing the exact
    # path, anyone can read its files (0644) and add to or empty its folder (0777).
