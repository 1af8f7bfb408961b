"""Graded cells a participant pasted, renamed, deleted or changed: named, and repaired so nbgrader grades them.

nbgrader 0.9.6's autograde stops with a traceback on these notebooks (a KeyError in
OverwriteCells, "Inconsistent checksums", a metadata validation error). The slow
tests show that with real nbgrader, and that after ``repair_roles`` the same
notebooks grade to full points with every check and reflection task in place.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from course_support import AUTOGRADED_POINTS, REPO, SESSIONS, make_course
from handin_support import ago, autograde, notebook, points
from workbooks.cell_roles import RoleProblem, repair_roles, role_problems
from workbooks.cells import cell_source, derived_cells, grade_id, nbgrader_meta
from workbooks.sessions import get

SESSION = "session2"
SPEC = get(SESSION)
Damage = Callable[[dict], None]


def index_of(data: dict, gid: str) -> int:
    return next(i for i, c in enumerate(data["cells"]) if grade_id(c) == gid)


def pasted(gid: str, before: bool = False) -> Damage:
    """A copy of the cell pasted right after it (or before it), as JupyterLab pastes: with a new cell id."""
    def damage(data: dict) -> None:
        at = index_of(data, gid)
        data["cells"].insert(at if before else at + 1, {**copy.deepcopy(data["cells"][at]), "id": "a1b2c3"})
    return damage


def renamed(gid: str, new: str) -> Damage:
    def damage(data: dict) -> None:
        data["cells"][index_of(data, gid)]["metadata"]["nbgrader"]["grade_id"] = new
    return damage


def deleted(*gids: str) -> Damage:
    def damage(data: dict) -> None:
        data["cells"] = [c for c in data["cells"] if grade_id(c) not in gids]
    return damage


def settings(gid: str, **changed: object) -> Damage:
    def damage(data: dict) -> None:
        data["cells"][index_of(data, gid)]["metadata"]["nbgrader"].update(changed)
    return damage


def retyped(gid: str, cell_type: str) -> Damage:
    def damage(data: dict) -> None:
        cell = data["cells"][index_of(data, gid)]
        cell["cell_type"] = cell_type
        if cell_type == "code":
            cell.update(outputs=[], execution_count=None)
        else:
            cell.pop("outputs", None), cell.pop("execution_count", None)
    return damage


def swapped(first: str, second: str) -> Damage:
    def damage(data: dict) -> None:
        a, b = data["cells"][index_of(data, first)], data["cells"][index_of(data, second)]
        a["metadata"]["nbgrader"], b["metadata"]["nbgrader"] = b["metadata"]["nbgrader"], a["metadata"]["nbgrader"]
    return damage


# name: (damage, the problems expected as (kind, grade id)); each fails nbgrader's autograde today.
DAMAGES: dict[str, tuple[Damage, set[tuple[str, str]]]] = {
    "a pasted copy of a check": (pasted("stakeholders_check"), {("duplicated", "stakeholders_check")}),
    "a copy pasted above the check": (pasted("stakeholders_check", before=True),
                                      {("duplicated", "stakeholders_check")}),
    "a pasted copy of the setup cell": (pasted("workbook_setup"), {("duplicated", "workbook_setup")}),
    "a pasted copy of a reflection task": (pasted("reflection_purpose"), {("duplicated", "reflection_purpose")}),
    "a pasted copy of an answer cell": (pasted("stakeholders_answer"), {("duplicated", "stakeholders_answer")}),
    "a check renamed": (renamed("stakeholders_check", "my_check"),
                        {("renamed_or_unknown", "my_check"), ("deleted", "stakeholders_check")}),
    "a task renamed": (renamed("reflection_purpose", "my_reflection"),
                       {("renamed_or_unknown", "my_reflection"), ("deleted", "reflection_purpose")}),
    "an answer cell and its check deleted": (deleted("stakeholders_answer", "stakeholders_check"),
                                             {("deleted", "stakeholders_answer"), ("deleted", "stakeholders_check")}),
    "a check no longer graded": (settings("stakeholders_check", grade=False), {("role_changed", "stakeholders_check")}),
    "a check made a solution": (settings("stakeholders_check", solution=True),
                                {("role_changed", "stakeholders_check")}),
    "an answer cell made a graded cell": (settings("stakeholders_answer", grade=True, points=5),
                                          {("role_changed", "stakeholders_answer")}),
    # Nothing to tell the facilitator (nbgrader takes the points from the gradebook), but it must not stop grading.
    "a check's points written as text": (settings("stakeholders_check", points="2"), set()),
}
# Damages nbgrader grades today, but not as declared (a reflection the formgrader no longer shows, say).
QUIET_DAMAGES: dict[str, tuple[Damage, set[tuple[str, str]]]] = {
    "a task no longer a task": (settings("reflection_purpose", task=False), {("role_changed", "reflection_purpose")}),
    "a task turned into code": (retyped("reflection_purpose", "code"), {("role_changed", "reflection_purpose")}),
    "a check turned into markdown": (retyped("stakeholders_check", "markdown"),
                                     {("role_changed", "stakeholders_check")}),
    "a check's and an answer's settings swapped": (swapped("stakeholders_check", "stakeholders_answer"),
                                                   {("role_changed", "stakeholders_check"),
                                                    ("role_changed", "stakeholders_answer")}),
    "a reflection task deleted": (deleted("reflection_purpose"), {("deleted", "reflection_purpose")}),
    "damaged settings on an ordinary cell": (lambda data: data["cells"][0]["metadata"].update(nbgrader="x"),
                                             {("renamed_or_unknown", "")}),
}
ALL_DAMAGES = {**DAMAGES, **QUIET_DAMAGES}


def damaged(name: str, data: dict | None = None) -> dict:
    data = copy.deepcopy(data or released(SESSION))
    ALL_DAMAGES[name][0](data)
    return data


def released(session: str) -> dict:
    return json.loads((REPO / "release" / session / f"{session}.ipynb").read_text(encoding="utf-8"))


def roles(data: dict) -> list[tuple]:
    """Every cell with nbgrader settings: grade id, cell type and role, in notebook order."""
    return [(grade_id(c), c["cell_type"], *(bool(nbgrader_meta(c).get(k)) for k in ("grade", "solution", "task")))
            for c in data["cells"] if "nbgrader" in c["metadata"]]


# -- naming and repairing, without nbgrader -------------------------------------------------------

@pytest.mark.parametrize("session", SESSIONS)
def test_a_released_notebook_has_no_problems_and_repair_leaves_it_as_it_is(session):
    data = released(session)
    before = copy.deepcopy(data)
    assert role_problems(get(session), data) == []
    assert repair_roles(get(session), data) == []
    assert data == before


@pytest.mark.parametrize("name", ALL_DAMAGES)
def test_each_damage_is_named_with_what_grading_does(name):
    data = damaged(name)
    problems = role_problems(SPEC, data)
    assert {(p.kind, p.grade_id) for p in problems} == ALL_DAMAGES[name][1]
    for problem in problems:
        assert problem.message and "grading" in problem.message
        assert problem.grade_id in problem.message
        if problem.kind == "deleted":
            assert problem.index == -1
        else:
            assert f"cell {problem.index + 1}" in problem.message
            assert data["cells"][problem.index]["metadata"].get("nbgrader") is not None


@pytest.mark.parametrize("name", ALL_DAMAGES)
def test_repair_gives_back_the_released_roles_and_keeps_every_text(name):
    data = damaged(name)
    texts = Counter(cell_source(c) for c in data["cells"])
    problems = role_problems(SPEC, data)

    assert repair_roles(SPEC, data) == problems

    assert roles(data) == roles(released(SESSION)), "one genuine cell per declared grade id, in order"
    kept = Counter(cell_source(c) for c in data["cells"])
    assert not texts - kept, "nothing the participant wrote is lost"
    assert role_problems(SPEC, data) == []
    assert repair_roles(SPEC, data) == [], "a second repair changes nothing"
    ids = [c["id"] for c in data["cells"]]
    assert len(ids) == len(set(ids)), "cell ids stay unique"
    assert "use_example" not in json.dumps(data), "a cell put back never carries the worked example"


def test_the_genuine_cell_is_the_released_one_even_when_a_copy_comes_first():
    data = damaged("a copy pasted above the check")
    copy_at = index_of(data, "stakeholders_check")
    assert data["cells"][copy_at]["id"] == "a1b2c3"
    problem, = role_problems(SPEC, data)
    assert problem == RoleProblem("stakeholders_check", "duplicated", copy_at, problem.message)
    repair_roles(SPEC, data)
    assert "nbgrader" not in data["cells"][copy_at]["metadata"]
    assert data["cells"][copy_at + 1]["id"] == "stakeholders_check"


def test_cells_put_back_follow_the_declared_order():
    data = damaged("an answer cell and its check deleted")
    repair_roles(SPEC, data)
    order = [grade_id(c) for c in data["cells"] if grade_id(c)]
    assert order == [d.id for d in derived_cells(SPEC)]
    answer = data["cells"][index_of(data, "stakeholders_answer")]
    assert cell_source(answer).endswith('show("session2", "stakeholders")')
    assert answer["metadata"]["nbgrader"]["solution"]


def test_the_lessons_own_locked_cells_are_kept_and_their_copies_named():
    spec, data = get("session4"), released("session4")
    charter = index_of(data, "charter")  # locked, shown by grading, and declared by no exercise
    assert repair_roles(spec, data) == [] and "nbgrader" in data["cells"][charter]["metadata"]
    pasted("charter")(data)
    assert [(p.kind, p.index) for p in role_problems(spec, data)] == [("duplicated", charter + 1)]
    deleted("charter")(data)  # the original and its copy
    assert role_problems(spec, data) == [], "a lesson cell no declaration lists: only the release knows it"
    found = role_problems(spec, data, lesson_cells={"charter"})
    assert [(p.kind, p.grade_id) for p in found] == [("deleted", "charter")]
    assert "grading goes on without it" in found[0].message
    renamed_charter = released("session4")
    renamed("charter", "my_charter")(renamed_charter)
    found = role_problems(spec, renamed_charter, lesson_cells={"charter"})
    assert {(p.kind, p.grade_id) for p in found} == {("renamed_or_unknown", "my_charter"), ("deleted", "charter")}


def test_cell_roles_is_pure():
    code = ("import sys, workbooks.cell_roles\n"
            "sys.exit(any(m.startswith(('nbgrader', 'ipywidgets')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# -- with real nbgrader ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from workbooks.facilitator.course import Course
    from workbooks.facilitator.grade import ensure_in_gradebook

    found = Course.find(make_course(tmp_path_factory.mktemp("roles") / "course"))
    assert ensure_in_gradebook(found, SESSION) == ""
    return found


def file_and_grade(course, participant: str, data: dict, repair: bool) -> tuple[dict, Path]:
    folder = course.submitted / participant / SESSION
    folder.mkdir(parents=True)
    (folder / f"{SESSION}.ipynb").write_text(json.dumps(data), encoding="utf-8")
    result = autograde(course, SESSION, participant, repair)
    return result, course.autograded / participant / SESSION / f"{SESSION}.ipynb"


@pytest.mark.slow
@pytest.mark.parametrize("name", DAMAGES)
def test_nbgrader_alone_cannot_grade_these(course, name):
    result, _ = file_and_grade(course, f"plain{list(DAMAGES).index(name)}", damaged(name), repair=False)
    assert not result["success"]
    assert "Please see the the above traceback" in result["log"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL_DAMAGES)
def test_after_repair_nbgrader_grades_them_in_full(course, name):
    participant = f"fixed{list(ALL_DAMAGES).index(name)}"
    handed_in = damaged(name, notebook(SESSION, participant, ago(hours=1)))

    result, graded = file_and_grade(course, participant, handed_in, repair=True)

    assert result["success"], result["log"][-2000:]
    assert points(course, SESSION, participant) == AUTOGRADED_POINTS[SESSION]
    out = json.loads(graded.read_text(encoding="utf-8"))
    assert sorted(g for g, *_ in roles(out)) == sorted(d.id for d in derived_cells(SPEC))
    tasks = [grade_id(c) for c in out["cells"] if nbgrader_meta(c).get("task") and c["cell_type"] == "markdown"]
    assert tasks == ["reflection_purpose", "reflection_stakeholders", "reflection_participation"], \
        "the formgrader shows every reflection to grade"
