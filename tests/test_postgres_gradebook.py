"""The gradebook on a real PostgreSQL server, as several facilitators sharing one would use it.

A throw-away server is started for the session (``postgres_support``). The facilitator
grades with ``workbooks grade --db-url URL``; the scores are then read back through nbgrader
and with plain SQL on the server. Skipped, with the reason, when no PostgreSQL server can be
started here.
"""

from __future__ import annotations

import csv
import shutil

import pytest
from nbgrader.api import Gradebook
from sqlalchemy import create_engine, text

from course_support import AUTOGRADED_POINTS, HAND_GRADED_POINTS, hand_in, make_course, workbooks_cli
from postgres_support import PostgresServer, postgres  # noqa: F401 (fixture)
from workbooks.facilitator.course import Course
from workbooks.sessions import get

pytestmark = pytest.mark.slow

SESSION = "session2"
PARTICIPANTS = ["alice", "bob"]
COURSE_ID = "community-building"

# Points of the autograded (code) checks per participant, read straight from nbgrader's tables.
CODE_POINTS_SQL = text("""
    SELECT sa.student_id, SUM(g.auto_score), SUM(gc.max_score)
    FROM grade g
    JOIN grade_cells gc ON gc.id = g.cell_id
    JOIN submitted_notebook sn ON sn.id = g.notebook_id
    JOIN submitted_assignment sa ON sa.id = sn.assignment_id
    JOIN assignment a ON a.id = sa.assignment_id
    WHERE gc.cell_type = 'code' AND a.name = :session
    GROUP BY sa.student_id ORDER BY sa.student_id
""")


@pytest.fixture(scope="module")
def graded(postgres: PostgresServer, tmp_path_factory) -> tuple[Course, str]:  # noqa: F811
    """Two participants' Session 2 collected and graded with ``workbooks grade --db-url``."""
    url = postgres.new_database("gradebook_cycle")
    root = make_course(tmp_path_factory.mktemp("pg") / "course")
    course = Course(root, db_url=url)
    desk = tmp_path_factory.mktemp("pg-participants")
    for participant in PARTICIPANTS:
        _, content = hand_in(desk, course.release, SESSION, participant)
        folder = course.submitted / participant / SESSION
        folder.mkdir(parents=True)
        (folder / f"{SESSION}.ipynb").write_bytes(content)

    result = workbooks_cli(root, "grade", "--db-url", url, "--session", SESSION, "--quiet")
    assert result.returncode == 0, f"workbooks grade failed:\n{result.stdout}\n{result.stderr}"
    assert postgres.password not in result.stdout + result.stderr, "the summary shows the database password"
    return course, url


def test_the_server_is_postgresql(graded):
    _, url = graded
    engine = create_engine(url)
    try:
        with engine.connect() as db:
            assert engine.dialect.name == "postgresql"
            assert db.execute(text("SELECT version()")).scalar().startswith("PostgreSQL ")
    finally:
        engine.dispose()


def test_autograded_scores_are_in_postgresql(graded):
    course, url = graded
    with Gradebook(url, COURSE_ID) as gradebook:
        for participant in PARTICIPANTS:
            notebook = gradebook.find_submission_notebook(SESSION, SESSION, participant)
            code = [g for g in notebook.grades if g.cell.cell_type == "code"]
            tasks = [g for g in notebook.grades if g.cell.cell_type != "code"]
            assert sum(g.auto_score or 0 for g in code) == sum(g.max_score for g in code) == AUTOGRADED_POINTS[SESSION]
            assert sum(g.max_score for g in tasks) == HAND_GRADED_POINTS[SESSION]
            assert all(g.needs_manual_grade for g in tasks)

    # The same numbers with plain SQL on the server, past nbgrader and its ORM.
    engine = create_engine(url)
    try:
        with engine.connect() as db:
            rows = db.execute(CODE_POINTS_SQL, {"session": SESSION}).all()
            grades = db.execute(text("SELECT count(*) FROM grade")).scalar()
    finally:
        engine.dispose()
    full = float(AUTOGRADED_POINTS[SESSION])
    assert [tuple(r) for r in rows] == [(p, full, full) for p in PARTICIPANTS]
    assert grades == len(PARTICIPANTS) * len(get(SESSION).grade_cells)  # its checks and reflections, each
    assert len(get(SESSION).grade_cells) >= 4


def test_no_sqlite_gradebook_is_made(graded):
    course, _ = graded
    assert course.gradebook_file is None
    assert not [p for p in course.root.rglob("*") if p.suffix in (".db", ".sqlite", ".sqlite3")
                or p.name.endswith(".db-journal")]


def test_two_facilitators_grade_at_the_same_time(graded, postgres):  # noqa: F811
    """Two open transactions write reflections of different participants; both are kept.

    (SQLite would make the second writer wait for the first and then fail with
    'database is locked'; PostgreSQL locks rows, not the file.)
    """
    _, url = graded
    with Gradebook(url, COURSE_ID) as first, Gradebook(url, COURSE_ID) as second:
        task = next(g.name for g in first.find_submission_notebook(SESSION, SESSION, "alice").grades
                    if g.cell.cell_type != "code")
        alice = first.find_grade(task, SESSION, SESSION, "alice")
        alice.manual_score = 2
        first.db.flush()  # the UPDATE is sent; the transaction stays open
        bob = second.find_grade(task, SESSION, SESSION, "bob")
        bob.manual_score = 3
        second.db.flush()
        second.db.commit()
        first.db.commit()

    with Gradebook(url, COURSE_ID) as gradebook:
        assert gradebook.find_grade(task, SESSION, SESSION, "alice").manual_score == 2
        assert gradebook.find_grade(task, SESSION, SESSION, "bob").manual_score == 3
    with postgres.connect("gradebook_cycle") as connection:
        kept = connection.execute(
            "SELECT sa.student_id, g.manual_score FROM grade g "
            "JOIN submitted_notebook sn ON sn.id = g.notebook_id "
            "JOIN submitted_assignment sa ON sa.id = sn.assignment_id "
            "JOIN base_cell c ON c.id = g.cell_id "
            "WHERE c.name = %s ORDER BY sa.student_id", (task,)).fetchall()
    assert kept == [("alice", 2.0), ("bob", 3.0)]


def test_db_url_in_nbgrader_config_is_used(graded, postgres, tmp_path):  # noqa: F811
    """The setting the formgrader also reads: ``c.CourseDirectory.db_url`` in the course's nbgrader_config.py."""
    course, _ = graded
    root = tmp_path / "course"
    shutil.copytree(course.root, root)
    with (root / "nbgrader_config.py").open("a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {postgres.url_for('gradebook_cycle')!r}\n")
    result = workbooks_cli(root, "export", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (root / "gradebook.db").exists(), "a new SQLite gradebook was made beside the PostgreSQL one"
    with (root / "export" / "grades.csv").open(newline="") as table:
        rows = {(r["participant_id"], r["session"]): r for r in csv.DictReader(table)}
    for participant in PARTICIPANTS:
        assert float(rows[participant, SESSION]["autograded_points"] or 0) == AUTOGRADED_POINTS[SESSION]
