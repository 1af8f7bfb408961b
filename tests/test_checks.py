"""What every check does, and Workbook.check behind "Check my work" and the autograded test cells."""

from __future__ import annotations

import json

import pytest

from model_support import add_model_row, example_answers, example_model
from workbooks import Workbook, messages, sessions
from workbooks.answers import Answers
from workbooks.sessions.session2 import SESSION

GRADED = [(s.id, name) for s in sessions.all_sessions() for name in s.graded]  # all but the closing feedback


def empty_answers(session_id: str) -> Answers:
    return Answers.empty(sessions.get(session_id))


# ---------------------------------------------------------------- every check

@pytest.mark.parametrize("sid, name", GRADED)
def test_an_empty_model_fails_its_check_with_a_friendly_message(sid, name, assert_friendly):
    spec = sessions.get(sid)
    model = spec.new_models()[name]
    assert model.is_empty()
    result = spec.exercise(name).check(model)
    assert result.passed is False
    assert "{" not in result.message and "}" not in result.message
    assert_friendly(result.message)


@pytest.mark.parametrize("sid, name", GRADED)
def test_the_worked_example_passes_with_a_friendly_message(sid, name, assert_friendly):
    model = example_model(sid, name)
    assert not model.is_empty()
    result = sessions.get(sid).exercise(name).check(model)
    assert result.passed is True, result.message
    assert "{" not in result.message and "}" not in result.message
    assert_friendly(result.message)


@pytest.mark.parametrize("sid, exercise", GRADED)
@pytest.mark.parametrize("make", [empty_answers, example_answers], ids=["empty", "example"])
def test_checks_are_pure(sid, exercise, make):
    a = make(sid)
    before = json.dumps(a.to_dict(), sort_keys=True)
    first, second = a.check(exercise), a.check(exercise)
    assert first == second
    assert json.dumps(a.to_dict(), sort_keys=True) == before
    assert first.passed == (make is example_answers)
    assert first.message and "{" not in first.message


# ---------------------------------------------------------------- Workbook.check, in a notebook and under nbgrader

def test_check_outside_nbgrader_never_raises_and_returns_nothing(workbook, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    for exercise in SESSION.graded:
        assert not workbook.check_result(exercise).passed
        assert workbook.check(exercise) is None


def shown(workbook: Workbook, exercise: str, monkeypatch) -> str:
    """The HTML a check cell displays for ``exercise``."""
    import IPython.display

    html: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects, **_: html.extend(o.data for o in objects))
    workbook.check(exercise)
    return "".join(html)


def test_a_check_cell_says_not_started_yet_without_a_warning_before_any_work(workbook, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    for exercise in SESSION.graded:
        html = shown(workbook, exercise, monkeypatch)
        assert "Not started yet" in html and "&#9888;" not in html and 'role="alert"' not in html


def test_a_check_cell_shows_the_hint_once_work_has_started_and_the_pass_when_done(workbook, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    table = workbook.models["stakeholders"]  # two rows needed
    add_model_row(table, {column: "A start" for column in table.columns})
    hint = shown(workbook, "stakeholders", monkeypatch)
    assert 'role="alert"' in hint and "at least 2" in hint and "Not started" not in hint
    workbook.use_example("stakeholders")
    assert 'role="status"' in shown(workbook, "stakeholders", monkeypatch)


@pytest.fixture
def graded(folder, monkeypatch):
    """A workbook as the autograder sees it: one exercise done, the rest not."""
    writer = Workbook("session2", folder)
    writer.use_example("purpose_outcomes")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    return Workbook("session2", folder)


def test_check_under_nbgrader_fails_the_cell_with_the_hint(graded):
    assert graded.read_only
    with pytest.raises(AssertionError) as caught:
        graded.check("stakeholders")
    assert str(caught.value) == graded.check_result("stakeholders").message
    assert "at least 2" in str(caught.value)


def test_check_under_nbgrader_passes_quietly_and_returns_nothing(graded):
    assert graded.check("purpose_outcomes") is None


# ---------------------------------------------------------------- nbgrader's Validate button

@pytest.mark.slow
def test_validate_lists_what_is_still_to_do_in_plain_words_without_a_traceback(tmp_path):
    """nbgrader's own Validator, on a blank release notebook, as the participant's Validate button runs it."""
    import shutil
    from pathlib import Path

    from nbgrader.validator import Validator

    release = Path(__file__).resolve().parents[1] / "release" / "session2" / "session2.ipynb"
    shutil.copy(release, tmp_path / release.name)
    failed = Validator().validate(str(tmp_path / release.name))["failed"]
    checked = [exercise.name for exercise in SESSION.exercises if exercise.check_id]
    models = SESSION.new_models()
    hints = {SESSION.exercise(name).check(models[name]).message for name in checked}
    assert len(failed) == len(checked)
    for cell in failed:
        assert cell["raw_error"].strip() in hints, cell["raw_error"]
        assert "Traceback" not in cell["error"] and "File " not in cell["raw_error"]


@pytest.mark.slow
def test_the_participants_validate_lists_each_unfinished_exercise_by_its_title_not_its_code(tmp_path, monkeypatch):
    """The participants' nbgrader_config.py (binder/hide_facilitator_tools.py) loads plain_validation, as
    the Validate button's server handler loads its config; the dialog then shows titles and hints only."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from nbgrader.apps import NbGrader
    from nbgrader.validator import Validator

    repo = Path(__file__).resolve().parents[1]
    config = tmp_path / "config"
    subprocess.run([sys.executable, str(repo / "binder" / "hide_facilitator_tools.py"), "--config-dir", str(config),
                    "--workspaces-dir", str(tmp_path / "workspaces")], check=True, timeout=60)
    # The patch lasts for this test only.
    monkeypatch.setattr(Validator, "_get_failed_cells", Validator._get_failed_cells)
    monkeypatch.setattr(Validator, "_workbooks_plain", False, raising=False)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(config))  # as make lab runs; Binder uses sys.prefix's folder
    monkeypatch.chdir(tmp_path)
    app = NbGrader()  # what the Validate button's server handler does
    app.load_config_file()
    release = repo / "release" / "session2" / "session2.ipynb"
    shutil.copy(release, tmp_path / release.name)
    failed = Validator(config=app.config).validate(str(tmp_path / release.name))["failed"]
    titles = {messages.text(f"{e.name}.title") for e in SESSION.exercises if e.check_id}
    assert {cell["source"] for cell in failed} == titles
    assert not any("check(" in cell["source"] or "import" in cell["source"] for cell in failed)
