"""The ``ladder`` kind (the mountain of engagement): phases of a lens, the mountain check and the mountain view."""

from __future__ import annotations

import json

import pytest

from model_support import example_model, new, raises, title
from view_support import controls, said, saved, saved_bytes, type_rows
from workbooks import Workbook, kinds, messages
from workbooks.kinds.ladder import LENSES, PHASE_FIELDS, Ladder, mountain_complete, phase_label
from workbooks.models import MAX_TEXT, AnswerError
from workbooks.sessions.session3 import SESSION

EXAMPLE = {e.name: e.example for e in SESSION.exercises}  # the worked answers, by exercise
ANSWER_FILE = SESSION.answer_file
MOZILLA, CSCCE = LENSES["mozilla"], LENSES["cscce"]


def ladder() -> Ladder:
    return new("session3", "mountain")


def fill(model: Ladder, lens: str, skip: tuple[str, str] | None = None) -> Ladder:
    for phase in LENSES[lens]:
        for name in PHASE_FIELDS:
            if (phase, name) != skip:
                model.set_field(phase, name, f"{name} at {phase}")
    return model


# ---------------------------------------------------------------- model

def test_set_field_keeps_the_text_and_text_trims_it():
    m = ladder()
    m.set_field("discovery", "activities", "  Read the website \n")
    assert m.phases == {"discovery": {"activities": "  Read the website \n"}}
    assert m.text("discovery", "activities") == "Read the website"
    assert m.text("discovery", "barriers") == ""
    assert m.text("leadership", "activities") == ""


@pytest.mark.parametrize("phase, name", [("summit", "activities"), ("discovery", "feelings"),
                                         ("", "activities"), ("Discovery", "activities")])
def test_set_field_refuses_unknown_phases_and_fields(phase, name, assert_friendly):
    m = ladder()
    error = raises("error.bad_exercise", lambda: m.set_field(phase, name, "x"), assert_friendly)
    assert title("mountain") in str(error)
    assert m.phases == {}


def test_set_field_refuses_non_text_and_too_long_text(assert_friendly):
    m = ladder()
    error = raises("error.not_text", lambda: m.set_field("discovery", "barriers", 3), assert_friendly)
    assert "Barriers" in str(error)
    m.set_field("discovery", "barriers", "x" * MAX_TEXT)
    raises("error.too_long", lambda: m.set_field("discovery", "barriers", "x" * (MAX_TEXT + 1)), assert_friendly)
    assert m.text("discovery", "barriers") == "x" * MAX_TEXT


@pytest.mark.parametrize("lens", ["", "Mozilla", "turing", None, 3])
def test_set_lens_refuses_unknown_lenses(lens, assert_friendly):
    m = ladder()
    raises("error.bad_exercise", lambda: m.set_lens(lens), assert_friendly)
    assert m.lens == "mozilla"


def test_switching_lens_keeps_both_lenses_answers():
    m = ladder()
    m.set_field("discovery", "activities", "Find us")
    m.set_lens("cscce")
    assert m.order == CSCCE
    m.set_field("convey", "activities", "Read the newsletter")
    m.set_lens("mozilla")
    assert m.order == MOZILLA
    assert m.text("discovery", "activities") == "Find us"
    assert m.text("convey", "activities") == "Read the newsletter"
    assert m.to_dict() == {"lens": "mozilla", "phases": {"discovery": {"activities": "Find us"},
                                                          "convey": {"activities": "Read the newsletter"}}}


def test_barriers_and_solutions_are_one_per_line():
    m = ladder()
    m.set_field("sustained", "barriers", "Burn-out\r\n\n  No credit  \n")
    assert m.barriers("sustained") == ["Burn-out", "No credit"]
    assert m.solutions("sustained") == []


def test_missing_lists_every_field_of_an_empty_phase():
    m = ladder()
    assert m.missing("discovery") == ["activities", "barriers", "solutions", "recognition"]
    assert m.missing("leadership") == ["activities", "barriers", "solutions"]


def test_missing_is_empty_for_a_complete_phase():
    m = fill(ladder(), "mozilla")
    assert all(m.missing(p) == [] for p in MOZILLA)


@pytest.mark.parametrize("barriers, solutions, lacks_solutions", [
    ("A\nB", "a", True), ("A\nB", "a\nb", False), ("A", "a\nb", False), ("A\nB\nC", "a\n\nb\n", True),
    ("A", "", True), ("A", "   ", True),
])
def test_missing_needs_a_solution_per_barrier(barriers, solutions, lacks_solutions):
    m = fill(ladder(), "mozilla")
    m.set_field("participation", "barriers", barriers)
    m.set_field("participation", "solutions", solutions)
    assert m.missing("participation") == (["solutions"] if lacks_solutions else [])


def test_missing_needs_at_least_one_solution_even_without_barriers():
    m = fill(ladder(), "mozilla")
    m.set_field("networked", "barriers", "")
    m.set_field("networked", "solutions", "")
    assert m.missing("networked") == ["barriers", "solutions"]


def test_only_the_top_phase_of_the_mountain_needs_no_recognition():
    m = fill(ladder(), "mozilla", skip=("leadership", "recognition"))
    assert m.climb and m.top("leadership")
    assert m.missing("leadership") == []
    m.set_field("networked", "recognition", " ")
    assert m.missing("networked") == ["recognition"]


def test_cscce_modes_have_no_top_so_every_mode_needs_its_fourth_box():
    """CSCCE's modes sit side by side: Champion is not a summit, and it needs support and acknowledgement
    like every other mode."""
    m = ladder()
    m.set_lens("cscce")
    fill(m, "cscce", skip=("champion", "recognition"))
    assert not m.climb and not any(m.top(p) for p in CSCCE)
    assert m.missing("champion") == ["recognition"]
    assert [m.missing(p) for p in CSCCE[:-1]] == [[]] * 4


def test_the_fourth_box_asks_what_each_lens_asks():
    m = ladder()
    assert m.field_label("recognition") == messages.text("ladder.field.recognition")
    m.set_lens("cscce")
    assert m.field_label("recognition") == messages.text("ladder.modes_recognition")
    same = PHASE_FIELDS[:3]
    assert [m.field_label(n) for n in same] == [messages.text(f"ladder.field.{n}") for n in same]


def test_no_cscce_text_speaks_of_a_climb():
    """Nothing a participant reads about the CSCCE modes ranks them: no top, no bottom, no moving on."""
    m = fill(ladder(), "cscce", skip=("contribute", "barriers"))
    m.set_lens("cscce")
    texts = [m.field_label(n) for n in PHASE_FIELDS] + [
        messages.text(m.texts(part)) for part in ("caption", "row")] + [
        mountain_complete()(m).message, kinds.render(m), mountain_complete()(fill(m, "cscce")).message]
    for text in texts:
        lowered = text.lower()
        assert not any(word in lowered for word in ("move on", "top", "bottom", "climb", "phase")), text


def test_answers_saved_before_the_modes_were_side_by_side_load_with_every_box_kept():
    """An answers file from when CSCCE was drawn as a climb: its fourth boxes (then "ready to move on") load
    unchanged and show in the same box; only Champion's box, never asked for then, is now still to do."""
    old = {"lens": "cscce", "phases": {
        phase: {"activities": f"Do {phase}", "barriers": "Time", "solutions": "Short tasks",
                **({"recognition": f"Seen at {phase}"} if phase != "champion" else {})}
        for phase in CSCCE}}
    m = ladder()
    m.load(json.loads(json.dumps(old)))
    assert m.to_dict() == old
    assert m.text("collaborate", "recognition") == "Seen at collaborate"
    result = mountain_complete()(m)
    assert not result.passed
    assert f"{phase_label('champion')}: {messages.text('ladder.modes_recognition')}" in result.message
    assert all(f"{phase_label(p)}:" not in result.message for p in CSCCE[:-1])


def test_ladder_round_trips_both_lenses():
    m = fill(fill(ladder(), "mozilla"), "cscce")
    m.set_lens("cscce")
    again = ladder()
    again.load(json.loads(json.dumps(m.to_dict())))
    assert again.lens == "cscce"
    assert again.phases == m.phases
    assert again.to_dict() == m.to_dict()


def test_ladder_to_dict_is_a_copy():
    m = fill(ladder(), "mozilla")
    data = m.to_dict()
    data["phases"]["discovery"]["activities"] = "changed"
    assert m.text("discovery", "activities") == "activities at discovery"


def test_ladder_without_a_lens_loads_as_mozilla():
    m = ladder()
    m.load({"phases": {"convey": {"activities": "Read"}}})
    assert m.lens == "mozilla" and m.text("convey", "activities") == "Read"
    assert m.climb


@pytest.mark.parametrize("data, key", [
    ({}, "error.bad_exercise"), ({"phases": []}, "error.bad_exercise"),
    ({"lens": "mountain", "phases": {}}, "error.bad_exercise"),
    ({"lens": None, "phases": {}}, "error.bad_exercise"),
    ({"phases": {"discovery": "text"}}, "error.bad_exercise"),
    ({"phases": {"summit": {"activities": "x"}}}, "error.bad_exercise"),
    ({"phases": {"discovery": {"feelings": "x"}}}, "error.bad_exercise"),
    ({"phases": {"discovery": {"activities": 5}}}, "error.not_text"),
])
def test_ladder_load_refuses_damaged_data(data, key, assert_friendly):
    raises(key, lambda: ladder().load(data), assert_friendly)


@pytest.mark.parametrize("lens", [[], {}, ["mozilla"]])
def test_ladder_load_refuses_an_unhashable_lens_with_an_answer_error(lens):
    with pytest.raises(AnswerError) as caught:
        ladder().load({"lens": lens, "phases": {}})
    assert caught.value.key == "error.bad_exercise"


def test_ladder_is_empty_ignores_blank_fields():
    m = ladder()
    m.set_field("discovery", "activities", "  \n")
    assert m.is_empty()
    m.set_field("champion", "barriers", "x")
    assert not m.is_empty()


# ---------------------------------------------------------------- check

@pytest.mark.parametrize("lens, other", [("mozilla", "cscce"), ("cscce", "mozilla")])
def test_mountain_complete_checks_the_chosen_lens_only(lens, other, assert_friendly):
    """Both lenses, each with every box filled: passes for the chosen one, names every row of the other."""
    lens_name = messages.text(f"lens.{lens}")
    m = ladder()
    m.set_lens(lens)
    fill(m, lens)
    passed = mountain_complete()(m)
    assert passed.passed and lens_name in passed.message
    m.set_lens(other)  # the other lens is still empty
    failed = mountain_complete()(m)
    assert not failed.passed
    assert_friendly(failed.message)
    assert messages.text(f"lens.{other}") in failed.message
    assert all(messages.text(f"phase.{p}") in failed.message for p in LENSES[other])


@pytest.mark.parametrize("lens", ["mozilla", "cscce"])
def test_mountain_hint_names_the_phase_and_field_that_is_missing(lens, assert_friendly):
    phase = LENSES[lens][1]
    m = ladder()
    m.set_lens(lens)
    fill(m, lens, skip=(phase, "recognition"))
    result = mountain_complete()(m)
    assert not result.passed
    assert_friendly(result.message)
    assert f"{messages.text(f'phase.{phase}')}: {m.field_label('recognition')}" in result.message
    others = [p for p in LENSES[lens] if p != phase]
    assert all(f"{messages.text(f'phase.{p}')}:" not in result.message for p in others)


def test_the_top_phase_needs_no_recognition_in_the_example():
    model = example_model("session3", "mountain")
    assert model.text("leadership", "recognition") == ""
    assert mountain_complete()(model).passed


# ---------------------------------------------------------------- static HTML

def test_exercise_html_of_the_mountain_marks_the_top_phase_and_joins_lines():
    html = kinds.render(example_model("session3", "mountain"))
    assert messages.text("lens.mozilla") in html
    assert messages.text("ladder.top_phase") in html
    assert f"<caption>{messages.text('ladder.table_caption')}</caption>" in html
    assert "Fear of doing it wrong; Unclear tasks" in html


def test_exercise_html_of_the_cscce_modes_has_no_top_and_names_modes():
    m = fill(ladder(), "cscce", skip=("champion", "recognition"))
    m.set_lens("cscce")
    html = kinds.render(m)
    assert messages.text("lens.cscce") in html
    assert messages.text("ladder.top_phase") not in html
    assert f"<caption>{messages.text('ladder.modes_caption')}</caption>" in html
    assert f"<th>{messages.text('ladder.modes_column')}</th>" in html
    assert f"<th>{messages.text('ladder.modes_recognition')}</th>" in html


# ---------------------------------------------------------------- view

def bands(view) -> list:
    return [t for t in view.figure.data if t.fill == "toself"]


def band_labels(view) -> list[str]:
    return list(next(t for t in view.figure.data if t.mode == "text").text)


def band(phase: str, done: bool) -> str:
    mark = messages.text("ladder.done" if done else "ladder.todo")
    return messages.text("ladder.band", phase=phase_label(phase), mark=mark)


def fill_phase(view, phase: str, **values: str) -> None:
    """Types ``values`` into the row of ``phase``, as the table's sheet sends it: every row, as on screen."""
    rows = [dict(row) for row in view.sheet.rows]
    rows[view.model.order.index(phase)].update(values)
    type_rows(view, *rows)


def shown(view, phase: str) -> dict[str, str]:
    return view.sheet.rows[view.model.order.index(phase)]


def complete() -> dict[str, str]:
    return {"activities": "Read the blog", "barriers": "Jargon", "solutions": "Plain words",
            "recognition": "They sign up"}


def test_mountain_shows_the_saved_answers_when_opened_again(session3_example):
    view = Workbook("session3", session3_example).view("mountain")
    assert view.lens.value == "mozilla"
    assert view.sheet.row_labels == [phase_label(p) for p in MOZILLA]
    assert view.sheet.rows == [{n: EXAMPLE["mountain"]["phases"][p][n] if n in EXAMPLE["mountain"]["phases"][p]
                                else "" for n in PHASE_FIELDS} for p in MOZILLA]
    assert shown(view, "participation")["barriers"] == "Fear of doing it wrong\nUnclear tasks"
    assert band_labels(view) == [band(p, done=True) for p in MOZILLA]
    assert said(view.summary) == messages.text("ladder.summary_all", total=6)


def test_mountain_typing_saves_the_model_and_the_file_at_once(workbook3, folder):
    view = workbook3.view("mountain")
    fill_phase(view, "discovery", barriers="Jargon\nNo time")
    model = workbook3.models["mountain"]
    assert model.barriers("discovery") == ["Jargon", "No time"]
    assert saved(folder, "session3")["mountain"] == {
        "lens": "mozilla", "phases": {"discovery": {"barriers": "Jargon\nNo time"}}}
    assert ANSWER_FILE in view.sheet.status["text"]


def test_mountain_every_phase_is_a_row_typed_in_at_once(workbook3, folder):
    view = workbook3.view("mountain")
    fill_phase(view, "discovery", activities="Hear about us")
    fill_phase(view, "first_contact", activities="Post a question")
    assert saved(folder, "session3")["mountain"]["phases"] == {
        "discovery": {"activities": "Hear about us"}, "first_contact": {"activities": "Post a question"}}
    assert shown(view, "discovery")["activities"] == "Hear about us"


def test_mountain_rows_are_fixed_to_the_phases(workbook3, folder):
    view = workbook3.view("mountain")
    type_rows(view, {"activities": "One row only"})  # not one row per phase: refused, nothing saved
    assert not (folder / ANSWER_FILE).exists()
    assert len(view.sheet.rows) == len(MOZILLA)


def test_mountain_switching_lens_keeps_the_answers_of_both(workbook3, folder):
    view = workbook3.view("mountain")
    fill_phase(view, "discovery", activities="Hear about us")
    view.lens.value = "cscce"
    assert saved(folder, "session3")["mountain"]["lens"] == "cscce"
    assert view.sheet.row_labels == [phase_label(p) for p in CSCCE]
    assert all(not any(row.values()) for row in view.sheet.rows) and len(view.sheet.rows) == len(CSCCE)
    fill_phase(view, "convey", activities="Read the newsletter")
    view.lens.value = "mozilla"
    assert shown(view, "discovery")["activities"] == "Hear about us"
    assert saved(folder, "session3")["mountain"] == {"lens": "mozilla", "phases": {
        "discovery": {"activities": "Hear about us"}, "convey": {"activities": "Read the newsletter"}}}


def test_mountain_top_phase_says_it_needs_no_recognition_and_cscce_modes_have_no_top(workbook3):
    view = workbook3.view("mountain")
    assert view.sheet.fields[3]["placeholder"] == messages.text("ladder.placeholder")
    assert view.sheet.cell_placeholders == {"5:recognition": messages.text("ladder.recognition_top")}
    view.lens.value = "cscce"
    assert view.sheet.cell_placeholders == {}
    view.lens.value = "mozilla"
    assert view.sheet.cell_placeholders == {"5:recognition": messages.text("ladder.recognition_top")}


def test_mountain_switching_lens_relabels_the_fourth_box_and_the_table(workbook3):
    view = workbook3.view("mountain")
    assert view.sheet.fields[3]["label"] == messages.text("ladder.field.recognition")
    assert view.sheet.caption == messages.text("ladder.table_caption")
    view.lens.value = "cscce"
    assert view.sheet.fields[3]["label"] == messages.text("ladder.modes_recognition")
    assert [f["label"] for f in view.sheet.fields[:3]] == [messages.text(f"ladder.field.{n}") for n in PHASE_FIELDS[:3]]
    assert view.sheet.caption == messages.text("ladder.modes_caption")
    assert messages.text("ladder.modes_caption") in view.phases.value
    view.lens.value = "mozilla"
    assert view.sheet.fields[3]["label"] == messages.text("ladder.field.recognition")
    assert view.sheet.caption == messages.text("ladder.table_caption")


def test_mountain_text_says_what_each_phase_still_lacks(workbook3):
    view = workbook3.view("mountain")
    fill_phase(view, "discovery", activities="Hear about us", barriers="Jargon\nNo time", solutions="Plain words")
    model = workbook3.models["mountain"]
    lacking = "; ".join(model.field_label(n) for n in ("solutions", "recognition"))
    assert messages.text("ladder.status_missing", phase="Discovery", missing=lacking) in said(view.phases)
    fill_phase(view, "discovery", solutions="Plain words\nShort calls", recognition="They sign up")
    assert messages.text("ladder.status_complete", phase="Discovery") in said(view.phases)
    fill_phase(view, "leadership", activities="Lead", barriers="Burn-out", solutions="Handover plans")
    assert messages.text("ladder.status_complete", phase="Leadership") in said(view.phases)


def test_mountain_figure_has_a_band_per_phase_with_its_mark(workbook3):
    view = workbook3.view("mountain")
    assert len(bands(view)) == 6
    assert [t.name for t in bands(view)] == [phase_label(p) for p in MOZILLA]
    assert [t.fillcolor for t in bands(view)][:2] == ["rgba(0,114,178,0.4)", "rgba(230,159,0,0.4)"]
    assert band_labels(view) == [band(p, done=False) for p in MOZILLA]
    # bottom to top, each narrower than the one below
    bottoms = [min(t.y) for t in bands(view)]
    widths = [max(t.x) - min(t.x) for t in bands(view)]
    assert bottoms == sorted(bottoms) and widths == sorted(widths, reverse=True)
    fill_phase(view, "discovery", **complete())
    assert band_labels(view)[:2] == [band("discovery", done=True), band("first_contact", done=False)]
    assert [t.line.dash for t in bands(view)][:2] == ["solid", "dot"]
    assert said(view.summary) == messages.text(
        "ladder.summary", done=1, total=6, phases=", ".join(phase_label(p) for p in MOZILLA[1:]))
    view.lens.value = "cscce"
    assert len(bands(view)) == 5
    assert view.figure.layout.title.text == messages.text("ladder.chart_title", lens=messages.text("lens.cscce"))
    assert "Convey / consume" in said(view.phases) and "Discovery" not in said(view.phases)
    assert said(view.summary) == messages.text(
        "ladder.modes_summary", done=0, total=5, phases=", ".join(phase_label(p) for p in CSCCE))


def test_cscce_modes_are_drawn_side_by_side_with_champion_across_them(workbook3):
    """Not a mountain: the four modes inside the community are boxes of one size in one row, and Champion is
    one box under all four, labelled as cutting across them."""
    view = workbook3.view("mountain")
    view.lens.value = "cscce"
    shapes = {t.name: t for t in bands(view)}
    assert list(shapes) == [phase_label(p) for p in CSCCE]
    inside = [shapes[phase_label(p)] for p in CSCCE[:-1]]
    assert len({(min(t.y), max(t.y)) for t in inside}) == 1  # same bottom and top: no mode above another
    assert len({round(max(t.x) - min(t.x), 6) for t in inside}) == 1  # same width: none narrows to a summit
    lefts = [min(t.x) for t in inside]
    assert lefts == sorted(lefts)  # in a row, left to right
    champion = shapes[phase_label("champion")]
    assert min(champion.x) <= min(lefts) and max(champion.x) >= max(max(t.x) for t in inside)
    assert max(champion.y) < min(min(t.y) for t in inside)
    todo = messages.text("ladder.todo")
    assert band_labels(view) == [f"{phase_label(p)}<br>{todo}" for p in CSCCE[:-1]] + [
        messages.text("ladder.across_band", phase=phase_label("champion"), mark=todo)]
    fill_phase(view, "collaborate", **complete())
    assert band_labels(view)[2] == f"{phase_label('collaborate')}<br>{messages.text('ladder.done')}"
    assert [t.line.dash for t in bands(view)] == ["dot", "dot", "solid", "dot", "dot"]


def test_mountain_too_long_text_is_explained_beside_its_box_and_nothing_saved_is_lost(
        workbook3, folder, assert_friendly):
    view = workbook3.view("mountain")
    fill_phase(view, "discovery", activities="Hear about us")
    fill_phase(view, "discovery", activities="x" * (MAX_TEXT + 1))
    assert str(MAX_TEXT) in assert_friendly(view.sheet.cell_messages["0:activities"])
    assert shown(view, "discovery")["activities"] == "x" * (MAX_TEXT + 1)
    assert workbook3.models["mountain"].text("discovery", "activities") == "Hear about us"
    assert saved(folder, "session3")["mountain"]["phases"]["discovery"]["activities"] == "Hear about us"
    workbook3.save()  # another exercise's save leaves the refused text on screen, beside its message
    assert shown(view, "discovery")["activities"] == "x" * (MAX_TEXT + 1)
    assert "0:activities" in view.sheet.cell_messages
    fill_phase(view, "discovery", activities="Hear about us at a conference")
    assert view.sheet.cell_messages == {}


def test_mountain_a_full_disk_is_explained_and_the_answer_kept_in_memory(
        workbook3, folder, disk_full, monkeypatch, assert_friendly):
    view = workbook3.view("mountain")
    fill_phase(view, "discovery", activities="Hear about us")
    assert view.sheet.status["ok"] is False
    assert "No space left on device" in assert_friendly(view.sheet.status["text"])
    assert workbook3.models["mountain"].text("discovery", "activities") == "Hear about us"
    monkeypatch.undo()  # room on the disk again
    fill_phase(view, "discovery", barriers="Jargon")
    assert view.sheet.status["ok"] is not False
    assert saved(folder, "session3")["mountain"]["phases"] == {
        "discovery": {"activities": "Hear about us", "barriers": "Jargon"}}


def test_mountain_follows_a_restore(workbook3, session3_example):
    view = workbook3.view("mountain")
    workbook3.restore(ANSWER_FILE, saved_bytes(session3_example, "session3"))
    assert shown(view, "discovery")["activities"] == EXAMPLE["mountain"]["phases"]["discovery"]["activities"]
    fill_phase(view, "discovery", activities="Changed")
    assert workbook3.models["mountain"].text("discovery", "activities") == "Changed"


def test_every_mountain_control_has_a_label_and_a_tooltip(workbook3):
    found = controls(workbook3.view("mountain").widget)
    assert len(found) == 2  # the model chooser and the check button; the table's boxes are the sheet's
    assert all(w.description.strip() and w.tooltip and w.tooltip.strip() for w in found), [
        (type(w).__name__, w.description) for w in found if not (w.description.strip() and w.tooltip)]


def test_mountain_controls_use_the_model_labels(workbook3):
    view = workbook3.view("mountain")
    model = workbook3.models["mountain"]
    assert view.lens.description == messages.text("ladder.lens")
    assert view.lens.options == ((messages.text("lens.mozilla"), "mozilla"), (messages.text("lens.cscce"), "cscce"))
    assert [f["label"] for f in view.sheet.fields] == [model.field_label(n) for n in PHASE_FIELDS]
    assert view.sheet.caption == messages.text("ladder.table_caption")
