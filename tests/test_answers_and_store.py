"""The answers document, and saving/restoring it on disk and inside a notebook."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import pytest

from model_support import add_model_row, example_answers, new, raises, title
from view_support import add_row, saved
from workbooks import sessions
from workbooks import store as store_module
from workbooks.answers import FORMAT, MIME_TYPE, SCHEMA_VERSION, Answers, parse, parse_json
from workbooks.kinds.checklist import Checklist
from workbooks.kinds.choice import Choice
from workbooks.kinds.ladder import Ladder
from workbooks.kinds.pathway import Pathway
from workbooks.kinds.power_interest_map import PowerInterestMap
from workbooks.kinds.ratings import Ratings
from workbooks.kinds.reflections import Reflections
from workbooks.kinds.scorecard import Scorecard
from workbooks.kinds.sharing import Sharing
from workbooks.kinds.table import TableModel
from workbooks.models import AnswerError, clean_participant_id
from workbooks.notebook_copy import embed, embedded, store_in_metadata, stored_answers
from workbooks.sessions.session2 import SESSION
from workbooks.store import AnswerStore

EXAMPLE = {e.name: e.example for e in SESSION.exercises}  # the worked answers, by exercise
SESSION_IDS = [s.id for s in sessions.all_sessions()]
EXERCISES = [(s.id, e.name) for s in sessions.all_sessions() for e in s.exercises]

ANSWER_FILE = SESSION.answer_file
OLDER, NEWER = "2024-05-01T10:00:00.000000+00:00", "2024-05-02T10:00:00.000000+00:00"


def filled(participant_id: str = "p-1", saved_at: str = "") -> Answers:
    answers = Answers.empty(SESSION)
    for name, data in EXAMPLE.items():
        answers.models[name].load(copy.deepcopy(data))
    answers.participant_id = participant_id
    answers.saved_at = saved_at
    return answers


def with_one_row(project: str, saved_at: str) -> Answers:
    answers = Answers.empty(SESSION)
    add_model_row(answers.models["purpose_outcomes"], {"project": project, "purpose": "P", "outcomes": "O"})
    answers.saved_at = saved_at
    return answers


def projects(answers: Answers) -> list[str]:
    return [r["project"] for r in answers.models["purpose_outcomes"].rows]


def notebook_with(answers: Answers | None) -> dict:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Session 2"},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": 'from workbooks import open_workbook\n\nworkbook = open_workbook("session2")'},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    return embed(notebook, answers, "summary") if answers else notebook


def write_notebook(path: Path, answers: Answers | None) -> Path:
    path.write_text(json.dumps(notebook_with(answers)), encoding="utf-8")
    return path


def write_side_file(folder: Path, answers: Answers) -> Path:
    path = folder / ANSWER_FILE
    path.write_text(answers.to_json(), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ---------------------------------------------------------------- the document

def test_answers_round_trip_through_json():
    answers = filled(saved_at=NEWER)
    data = json.loads(answers.to_json())
    assert data["format"] == FORMAT and data["schema_version"] == SCHEMA_VERSION
    assert data["session"] == "session2"
    again = parse(SESSION, data)
    assert again.to_dict() == answers.to_dict()
    assert again.problems == []
    assert parse_json(SESSION, answers.to_json().encode("utf-8")).to_dict() == answers.to_dict()


def test_an_empty_document_is_empty_and_round_trips():
    answers = Answers.empty(SESSION)
    assert answers.is_empty()
    again = parse(SESSION, answers.to_dict())
    assert again.is_empty() and again.problems == []
    assert set(again.models) == set(SESSION.names)


def test_a_participant_id_alone_makes_answers_non_empty():
    answers = Answers.empty(SESSION)
    answers.participant_id = "p-1"
    assert not answers.is_empty()


@pytest.mark.parametrize("data", [None, [], "answers", 3, {}, {"format": "something/else"},
                                  {"format": FORMAT.upper(), "schema_version": 1, "session": "session2"}])
def test_parse_refuses_what_is_not_an_answers_document(data, assert_friendly):
    with pytest.raises(AnswerError) as caught:
        parse(SESSION, data)
    assert caught.value.key == "error.not_answers"
    assert_friendly(caught.value)


def test_parse_refuses_a_newer_schema(assert_friendly):
    data = filled().to_dict() | {"schema_version": SCHEMA_VERSION + 1}
    with pytest.raises(AnswerError) as caught:
        parse(SESSION, data)
    assert caught.value.key == "error.newer_schema"
    assert_friendly(caught.value)


@pytest.mark.parametrize("change", [{"schema_version": None}, {"schema_version": "1"},
                                    {"schema_version": True}, {"schema_version": 0},
                                    {"session": None}, {"session": ""}, {"session": ["session2"]}],
                         ids=["no version", "text version", "bool version", "version 0",
                              "no session", "empty session", "list session"])
def test_parse_refuses_a_document_without_a_usable_version_or_session(change, assert_friendly):
    """Not "from a newer version", not "belongs to None": simply not an answers document."""
    with pytest.raises(AnswerError) as caught:
        parse(SESSION, filled().to_dict() | change)
    assert caught.value.key == "error.not_answers"
    assert_friendly(caught.value)


@pytest.mark.parametrize("session", ["session1", "Session2", "session2 "])
def test_parse_refuses_another_session(session, assert_friendly):
    data = filled().to_dict() | {"session": session}
    with pytest.raises(AnswerError) as caught:
        parse(SESSION, data)
    assert caught.value.key == "error.wrong_session"
    assert "session2" in assert_friendly(caught.value)


@pytest.mark.parametrize("text", [b"", b"{", b"\xff\xfe\x00garbage", b"not json at all"])
def test_parse_json_refuses_what_is_not_json(text, assert_friendly):
    with pytest.raises(AnswerError) as caught:
        parse_json(SESSION, text)
    assert caught.value.key == "error.not_json"
    assert_friendly(caught.value)


@pytest.mark.parametrize("damage", [
    "not a list",
    [{"contributor": 42}],
    ["row"],
])
def test_a_damaged_exercise_starts_empty_and_only_it(damage, assert_friendly):
    data = filled().to_dict()
    data["exercises"]["stakeholders"]["rows"] = damage
    answers = parse(SESSION, data)
    assert answers.models["stakeholders"].rows == []
    expected = filled().to_dict()["exercises"]
    for name in ("purpose_outcomes", "stakeholder_map", "resources", "reflections"):
        assert answers.models[name].to_dict() == expected[name]
    assert answers.participant_id == "p-1"
    assert len(answers.problems) == 1
    assert "stakeholders" in assert_friendly(answers.problems[0])


def test_unfinished_and_repeated_rows_are_answers_as_typed_not_damage():
    data = filled().to_dict()
    rows = [{"contributor": "Core team"}, {"contributor": "A", "role": "r", "participation": "p"},
            {"contributor": "a", "role": "r", "participation": "p"}]
    data["exercises"]["stakeholders"]["rows"] = rows
    answers = parse(SESSION, data)
    assert answers.problems == []
    assert [r["contributor"] for r in answers.models["stakeholders"].rows] == ["Core team", "A", "a"]
    assert not answers.check("stakeholders").passed  # one complete row counts, of the two needed


def test_a_map_with_impossible_numbers_from_json_starts_empty_instead_of_crashing(assert_friendly):
    """JSON allows NaN and Infinity; they must not escape as a ValueError."""
    text = filled().to_json().replace('"power": 9', '"power": NaN').replace('"interest": 3', '"interest": Infinity')
    assert "NaN" in text and "Infinity" in text
    answers = parse_json(SESSION, text)
    assert answers.models["stakeholder_map"].is_empty()
    assert projects(answers) == ["Peer mentoring", "Monthly community call"]
    assert len(answers.problems) == 1
    assert_friendly(answers.problems[0])


def test_missing_exercises_and_a_bad_participant_id_are_problems_not_failures(assert_friendly):
    data = filled().to_dict()
    data["participant_id"] = "../etc"
    del data["exercises"]
    answers = parse(SESSION, data)
    assert answers.participant_id == ""
    assert answers.is_empty()
    assert len(answers.problems) == 2
    for problem in answers.problems:
        assert_friendly(problem)


def test_unknown_exercises_are_ignored():
    data = filled().to_dict()
    data["exercises"]["from_the_future"] = {"rows": []}
    answers = parse(SESSION, data)
    assert answers.problems == []
    assert "from_the_future" not in answers.models


# ---------------------------------------------------------------- every session's document

@pytest.mark.parametrize("sid", SESSION_IDS)
def test_the_whole_example_round_trips_through_json(sid):
    answers = example_answers(sid)
    answers.participant_id = "p-07"
    answers.saved_at = "2026-01-02T03:04:05.000000+00:00"
    again = parse_json(sessions.get(sid), answers.to_json())
    assert again.problems == []
    assert again.participant_id == "p-07"
    assert again.saved_at == "2026-01-02T03:04:05.000000+00:00"
    assert again.to_dict() == answers.to_dict()
    assert again.to_dict()["exercises"] == {e.name: e.example for e in sessions.get(sid).exercises}
    assert list(again.models) == list(sessions.get(sid).names)


@pytest.mark.parametrize("sid, name", EXERCISES)
def test_one_damaged_exercise_resets_only_that_exercise(sid, name, assert_friendly):
    spec = sessions.get(sid)
    data = json.loads(example_answers(sid).to_json())
    data["exercises"][name] = {key: "garbage" for key in spec.exercise(name).example}
    answers = parse(spec, data)
    assert len(answers.problems) == 1
    problem = assert_friendly(answers.problems[0])
    assert title(name) in problem
    assert answers.models[name].is_empty()
    assert answers.models[name].to_dict() == new(sid, name).to_dict()
    for other in spec.names:
        if other != name:
            assert answers.models[other].to_dict() == spec.exercise(other).example, other


def damaged_at_the_end(model, data: dict) -> dict:
    """The example with one bad entry after the good ones, so loading fails half way."""
    data = copy.deepcopy(data)
    if isinstance(model, TableModel):
        data["rows"].append("garbage")
    elif isinstance(model, Checklist):
        data["items"]["no_such_section"] = ["x"]
    elif isinstance(model, Reflections):
        data["answers"]["no_such_prompt"] = "x"
    elif isinstance(model, Ratings):
        data["scores"]["no_such_item"] = 3
    elif isinstance(model, Choice):
        data["chosen"][-1] = data["chosen"][0]
    elif isinstance(model, Ladder):
        data["phases"]["summit"] = {"activities": "x"}
    elif isinstance(model, Pathway):
        data["moved_on"]["leadership"] = 1
    elif isinstance(model, PowerInterestMap):
        data["stakeholders"].append("garbage")
    elif isinstance(model, Scorecard):
        data["records"]["no_such_item"] = {"score": 1}
    elif isinstance(model, Sharing):
        data["answers"]["no_such_output"] = "share"
    else:
        raise TypeError(type(model))
    return data


@pytest.mark.parametrize("sid, name", EXERCISES)
def test_an_exercise_that_fails_half_way_through_loading_starts_empty(sid, name, assert_friendly):
    spec = sessions.get(sid)
    data = json.loads(example_answers(sid).to_json())
    data["exercises"][name] = damaged_at_the_end(new(sid, name), spec.exercise(name).example)
    answers = parse(spec, data)
    assert answers.models[name].to_dict() == new(sid, name).to_dict()
    assert answers.models[name].is_empty()
    assert len(answers.problems) == 1 and title(name) in assert_friendly(answers.problems[0])
    assert sum(m.is_empty() for m in answers.models.values()) == 1


@pytest.mark.parametrize("sid, name", EXERCISES)
def test_an_exercise_that_is_not_an_object_is_reset_or_left_empty(sid, name):
    spec = sessions.get(sid)
    data = json.loads(example_answers(sid).to_json())
    data["exercises"][name] = ["not", "an", "object"]
    answers = parse(spec, data)
    assert answers.models[name].to_dict() == new(sid, name).to_dict()
    assert len(answers.problems) == (0 if isinstance(answers.models[name], Pathway) else 1)


def test_a_damaged_lens_resets_only_the_mountain():
    data = json.loads(example_answers("session3").to_json())
    data["exercises"]["mountain"]["lens"] = ["mozilla"]
    answers = parse(sessions.get("session3"), data)
    assert answers.models["mountain"].is_empty()
    assert len(answers.problems) == 1


def test_a_damaged_count_resets_only_the_pathway():
    data = json.loads(example_answers("session3").to_json())
    data["exercises"]["pathway_numbers"]["people"]["discovery"] = "²"
    answers = parse(sessions.get("session3"), data)
    assert answers.models["pathway_numbers"].is_empty()
    assert len(answers.problems) == 1


# ---------------------------------------------------------------- the participant id

@pytest.mark.parametrize("value, expected", [
    ("abc", "abc"), ("P-007", "P-007"), ("a_b-c9", "a_b-c9"), ("  x1 \n", "x1"), ("7", "7"),
    ("a" * 64, "a" * 64),
])
def test_good_participant_ids(value, expected):
    assert clean_participant_id(value) == expected


@pytest.mark.parametrize("value", ["a b", "a/b", "a\\b", "../x", "..", ".hidden", "-abc", "_abc",
                                   "a" * 65, "ab\ncd", "naïve", "a.b", "a:b"])
def test_bad_participant_ids(value, assert_friendly):
    raises("error.bad_participant_id", lambda: clean_participant_id(value), assert_friendly)


@pytest.mark.parametrize("value", ["", "   ", None, 42])
def test_missing_participant_id(value, assert_friendly):
    raises("error.no_participant_id", lambda: clean_participant_id(value), assert_friendly)


# ---------------------------------------------------------------- saving

def test_save_writes_valid_json_with_its_version_and_leaves_no_temporary_file(folder):
    store = AnswerStore(SESSION, folder)
    answers = filled()
    store.save(answers)
    store.save(answers)
    assert sorted(p.name for p in folder.iterdir()) == [ANSWER_FILE]
    data = json.loads((folder / ANSWER_FILE).read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["saved_at"] == answers.saved_at != ""
    assert parse(SESSION, data).to_dict() == answers.to_dict()


def test_save_keeps_non_ascii_text(folder):
    store = AnswerStore(SESSION, folder)
    answers = Answers.empty(SESSION)
    answers.models["reflections"].set_answer("purpose", "Ça marche — très bien 👍")
    store.save(answers)
    again, _ = AnswerStore(SESSION, folder).load()
    assert again.models["reflections"].answer("purpose") == "Ça marche — très bien 👍"


def test_a_failed_save_leaves_the_previous_file_whole_and_no_temporary_file(folder, monkeypatch, assert_friendly):
    store = AnswerStore(SESSION, folder)
    store.save(with_one_row("First", ""))
    before = snapshot(folder)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "replace", broken_replace)
    with pytest.raises(AnswerError) as caught:
        store.save(with_one_row("Second", ""))
    assert caught.value.key == "error.cannot_save"
    assert "No space left on device" in assert_friendly(caught.value)
    assert snapshot(folder) == before


def test_saving_into_a_folder_that_is_gone_is_a_friendly_error(tmp_path, assert_friendly):
    store = AnswerStore(SESSION, tmp_path / "gone")
    with pytest.raises(AnswerError) as caught:
        store.save(filled())
    assert caught.value.key == "error.cannot_save"
    assert_friendly(caught.value)


def test_saving_into_an_unwritable_folder_is_a_friendly_error(tmp_path, assert_friendly):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("chmod does not stop this user from writing (running as root?)")
        with pytest.raises(AnswerError) as caught:
            AnswerStore(SESSION, locked).save(filled())
        assert caught.value.key == "error.cannot_save"
        assert_friendly(caught.value)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_read_only_store_never_writes(folder):
    store = AnswerStore(SESSION, folder, read_only=True)
    store.save(filled())
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- loading

def test_load_with_nothing_saved_gives_empty_answers_and_no_notices(folder):
    answers, notices = AnswerStore(SESSION, folder).load()
    assert answers.is_empty() and notices == []
    assert list(folder.iterdir()) == []


def test_load_reads_back_what_was_saved(folder):
    AnswerStore(SESSION, folder).save(filled())
    answers, notices = AnswerStore(SESSION, folder).load()
    assert answers.to_dict()["exercises"] == filled().to_dict()["exercises"]
    assert answers.participant_id == "p-1"
    assert notices == []


@pytest.mark.parametrize("named_notebook", [True, False])
def test_load_prefers_a_newer_copy_inside_the_notebook(folder, named_notebook, assert_friendly):
    write_side_file(folder, with_one_row("From side file", OLDER))
    notebook = write_notebook(folder / "session2.ipynb", with_one_row("From notebook", NEWER))
    store = AnswerStore(SESSION, folder, notebook if named_notebook else None)
    answers, notices = store.load()
    assert projects(answers) == ["From notebook"]
    assert len(notices) == 1
    assert "notebook" in assert_friendly(notices[0])


def test_load_prefers_a_newer_side_file(folder):
    write_side_file(folder, with_one_row("From side file", NEWER))
    notebook = write_notebook(folder / "session2.ipynb", with_one_row("From notebook", OLDER))
    answers, notices = AnswerStore(SESSION, folder, notebook).load()
    assert projects(answers) == ["From side file"]
    assert notices == []


def test_load_restores_from_the_notebook_when_the_side_file_is_missing(folder):
    notebook = write_notebook(folder / "session2.ipynb", filled(saved_at=OLDER))
    answers, notices = AnswerStore(SESSION, folder, notebook).load()
    assert answers.to_dict() == filled(saved_at=OLDER).to_dict()
    assert len(notices) == 1
    assert not (folder / ANSWER_FILE).exists()


def test_a_named_notebook_is_the_only_one_read(folder):
    write_notebook(folder / "other.ipynb", with_one_row("Other notebook", NEWER))
    mine = write_notebook(folder / "session2.ipynb", with_one_row("Mine", OLDER))
    answers, _ = AnswerStore(SESSION, folder, mine).load()
    assert projects(answers) == ["Mine"]


def test_notebooks_that_are_not_notebooks_are_ignored(folder):
    (folder / "broken.ipynb").write_bytes(b"\x00\x01 not json")
    (folder / "list.ipynb").write_text("[]")
    write_side_file(folder, with_one_row("Side", OLDER))
    answers, notices = AnswerStore(SESSION, folder).load()
    assert projects(answers) == ["Side"] and notices == []


def test_embed_replaces_the_older_copy_instead_of_adding_another():
    notebook = notebook_with(with_one_row("Old", OLDER))
    embed(notebook, with_one_row("New", NEWER), "summary")
    copies = embedded(SESSION, notebook)
    assert [projects(c) for c in copies] == [["New"]]
    outputs = notebook["cells"][1]["outputs"]
    assert len(outputs) == 1 and MIME_TYPE in outputs[0]["data"]


def test_embed_without_a_setup_cell_is_a_friendly_error(assert_friendly):
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "source": "1 + 1", "outputs": []}]}
    with pytest.raises(AnswerError) as caught:
        embed(notebook, filled(), "summary")
    assert caught.value.key == "error.no_setup_cell"
    assert_friendly(caught.value)


CORRUPT = {
    "random bytes": bytes(range(256)) * 4,
    "truncated JSON": filled(saved_at=OLDER).to_json().encode("utf-8")[:300],
    "another session": (filled(saved_at=OLDER).to_json().replace('"session2"', '"session9"')).encode("utf-8"),
    "a list": b"[]",
    "empty": b"",
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_a_corrupt_side_file_is_set_aside_unchanged_and_reported(folder, content, assert_friendly):
    (folder / ANSWER_FILE).write_bytes(content)
    store = AnswerStore(SESSION, folder)
    answers, notices = store.load()
    assert answers.is_empty()
    kept = [p for p in folder.iterdir() if p.name != ANSWER_FILE]
    assert len(kept) == 1
    assert kept[0].name.startswith("session2_answers.") and kept[0].suffix == ".json"
    assert kept[0].read_bytes() == content
    assert not (folder / ANSWER_FILE).exists()
    assert len(notices) == 1
    assert kept[0].name in assert_friendly(notices[0])
    store.save(filled())
    assert kept[0].read_bytes() == content


def test_a_corrupt_side_file_gives_way_to_the_notebook_copy(folder):
    (folder / ANSWER_FILE).write_bytes(CORRUPT["truncated JSON"])
    notebook = write_notebook(folder / "session2.ipynb", with_one_row("From notebook", OLDER))
    answers, notices = AnswerStore(SESSION, folder, notebook).load()
    assert projects(answers) == ["From notebook"]
    assert len(notices) == 2


def test_a_side_file_with_one_damaged_exercise_is_kept_before_repair(folder, assert_friendly):
    data = filled(saved_at=OLDER).to_dict()
    data["exercises"]["stakeholder_map"] = {"stakeholders": "oops"}
    content = json.dumps(data).encode("utf-8")
    (folder / ANSWER_FILE).write_bytes(content)
    answers, notices = AnswerStore(SESSION, folder).load()
    assert answers.models["stakeholder_map"].is_empty()
    assert len(answers.models["stakeholders"].rows) == 4
    kept = [p for p in folder.iterdir() if p.name != ANSWER_FILE]
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert len(notices) == 2
    for notice in notices:
        assert_friendly(notice)
    assert any(kept[0].name in n for n in notices)
    # The side file is mended at once, so the next start neither complains nor copies again.
    again, notices_again = AnswerStore(SESSION, folder).load()
    assert notices_again == [] and len(again.models["stakeholders"].rows) == 4
    assert [p for p in folder.iterdir() if p.name != ANSWER_FILE] == kept


@pytest.mark.parametrize("content", [*CORRUPT.values(), "damaged exercise"],
                         ids=[*CORRUPT.keys(), "damaged exercise"])
def test_a_read_only_store_never_writes_or_renames(folder, content, assert_friendly):
    if content == "damaged exercise":
        data = filled(saved_at=OLDER).to_dict()
        data["exercises"]["stakeholders"] = {"rows": 5}
        content = json.dumps(data).encode("utf-8")
    (folder / ANSWER_FILE).write_bytes(content)
    write_notebook(folder / "session2.ipynb", None)
    before = snapshot(folder)
    store = AnswerStore(SESSION, folder, folder / "session2.ipynb", read_only=True)
    answers, notices = store.load()
    store.save(answers)
    assert snapshot(folder) == before
    assert notices
    for notice in notices:
        assert_friendly(notice)


def test_setting_aside_twice_in_the_same_second_keeps_both_copies(folder, monkeypatch):
    monkeypatch.setattr(store_module, "_stamp", lambda: "20240501-100000")
    store = AnswerStore(SESSION, folder)
    store.save(with_one_row("First", ""))
    first = store.set_aside("before-restore")
    store.save(with_one_row("Second", ""))
    second = store.set_aside("before-restore")
    assert first != second
    assert projects(parse_json(SESSION, first.read_bytes())) == ["First"]
    assert projects(parse_json(SESSION, second.read_bytes())) == ["Second"]


def test_a_corrupt_side_file_that_cannot_be_set_aside_stays_put_and_nothing_raises(folder, monkeypatch,
                                                                                  assert_friendly):
    (folder / ANSWER_FILE).write_bytes(b"{ damaged")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(shutil, "copy2", refuse)
    answers, notices = AnswerStore(SESSION, folder).load()
    assert answers.is_empty()
    assert (folder / ANSWER_FILE).read_bytes() == b"{ damaged"
    assert len(notices) == 1
    assert_friendly(notices[0])


def test_an_unreadable_side_file_is_reported_not_raised(folder, assert_friendly):
    (folder / ANSWER_FILE).mkdir()  # reading a folder fails with an OSError, as a locked file would
    answers, notices = AnswerStore(SESSION, folder).load()
    assert answers.is_empty()
    assert len(notices) == 1 and ANSWER_FILE in assert_friendly(notices[0])
    assert (folder / ANSWER_FILE).is_dir()


def test_the_side_file_is_readable_like_other_saved_files(folder):
    store = AnswerStore(SESSION, folder)
    store.save(filled())
    assert (folder / ANSWER_FILE).stat().st_mode & 0o777 == 0o644


def test_graded_answers_come_from_what_nbgrader_stored_not_from_outputs():
    """In a graded notebook the outputs are the participant's code's; a forged, newer copy there is ignored."""
    stored = Answers.empty(SESSION)
    stored.participant_id, stored.saved_at = "alice", "2026-11-20T10:00:00+00:00"
    forged = parse(SESSION, {**stored.to_dict(), "saved_at": "2099-01-01T00:00:00+00:00",
                             "exercises": {"purpose_outcomes": EXAMPLE["purpose_outcomes"]}})
    notebook = {"cells": [{"cell_type": "code", "source": "workbook = open_workbook(\"session2\")", "metadata": {},
                           "outputs": []}], "metadata": {}}
    embed(notebook, forged, "forged")
    store_in_metadata(notebook, stored)
    assert max(embedded(SESSION, notebook), key=lambda a: a.saved_at).saved_at.startswith("2099")
    found = stored_answers(SESSION, notebook)
    assert found is not None and found.saved_at == stored.saved_at and found.models["purpose_outcomes"].is_empty()
    assert stored_answers(SESSION, {"cells": [], "metadata": {}}) is None


# ---------------------------------------------------------------- the workbook the setup cell opens

def add_project(view, project: str, purpose: str = "Help newcomers", outcomes: str = "Mentor pairs") -> None:
    add_row(view, project=project, purpose=purpose, outcomes=outcomes)


def test_running_the_setup_cell_again_keeps_one_workbook(folder, monkeypatch):
    """Widgets from before and after a second run of the setup cell must not overwrite each other."""
    from workbooks import open_workbook
    from workbooks import workbook as module

    monkeypatch.setattr(module, "_opened", {})
    monkeypatch.setattr(module, "load_chart_widgets", lambda: None)
    first = open_workbook("session2")
    old_view = first.view("purpose_outcomes")
    second = open_workbook("session2")
    assert second is first
    add_project(second.view("purpose_outcomes"), "From the new widgets")
    add_project(old_view, "From the old widgets")
    assert [r["project"] for r in saved(folder, "session2")["purpose_outcomes"]["rows"]] == [
        "From the new widgets", "From the old widgets"]


# ---------------------------------------------------------------- the graded status

def test_a_graded_workbook_says_when_its_answers_were_saved_in_plain_words(tmp_path, capsys):
    answers = example_answers(SESSION.id)
    answers.saved_at = "2026-07-01T15:05:09.123456+01:00"  # 14:05 universal time
    (tmp_path / SESSION.answer_file).write_text(json.dumps(answers.to_dict()), encoding="utf-8")
    shutil.copy(Path(__file__).resolve().parents[1] / "release" / SESSION.id / SESSION.notebook, tmp_path)
    from workbooks import Workbook

    workbook = Workbook(SESSION.id, tmp_path, read_only=True)
    workbook.display_status()
    assert "on 2026-07-01 14:05, in universal time" in workbook.status
    assert "UTC" not in workbook.status and "+01:00" not in workbook.status


@pytest.mark.parametrize("saved_at, shown", [
    ("2026-11-29T14:05:59.999999+00:00", "2026-11-29 14:05"),
    ("2026-11-29T09:05:00-05:00", "2026-11-29 14:05"),
    ("", "-"),
    ("sometime", "sometime"),
])
def test_a_save_time_is_shown_to_the_minute_in_universal_time(saved_at, shown):
    from workbooks.answers import readable_time

    assert readable_time(saved_at) == shown
