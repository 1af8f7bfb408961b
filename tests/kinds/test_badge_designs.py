"""The ``badge_designs`` kind: badges designed in a table with two picked columns, the at-least-one-stealth
check, and their export as Open Badges 3.0 achievements that validate against 1EdTech's JSON Schema."""

from __future__ import annotations

import base64
import json
import re
from html import unescape
from pathlib import Path

import pytest
from jsonschema import Draft201909Validator

from model_support import example_model, new
from view_support import type_rows
from workbooks import Workbook, kinds, messages, sessions
from workbooks.kinds.badge_designs import BADGE_COLUMNS, achievements, achievements_json

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "ob3" / "ob_v3p0_achievementcredential_schema.json"
CHECK = sessions.get("session6").exercise("badge_designs").check


def achievement_validator() -> Draft201909Validator:
    """The Achievement definition of the schema ``workbooks badges`` is tested against."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft201909Validator({"$schema": schema["$schema"], "$defs": schema["$defs"],
                                 "$ref": "#/$defs/Achievement"})


def badge(name: str, shown: str = "advertised", **values: str) -> dict[str, str]:
    row = {"name": name, "recognises": "creation", "criteria": "Wrote a guide", "evidence": "A link",
           "awarded_by": "Moderators", "shown": shown}
    row.update(values)
    return row


def designs(*rows: dict[str, str]):
    model = new("session6", "badge_designs")
    model.set_rows(rows)
    return model


def test_blank_fails_and_the_example_passes():
    assert not CHECK(new("session6", "badge_designs")).passed
    assert CHECK(example_model("session6", "badge_designs")).passed


@pytest.mark.parametrize("rows, key", [
    ([badge("One", "stealth")], "check.badges.hint_count"),
    ([badge("One"), badge("Two")], "check.badges.hint_stealth"),
    ([badge("One"), badge("Two", "stealth", evidence="")], "check.badges.hint_count"),  # an incomplete row
    ([badge("One"), badge("Two", "hidden")], "check.badges.hint_count"),  # not one of the list's values
])
def test_two_complete_badges_one_of_them_stealth_are_needed(rows, key):
    result = CHECK(designs(*rows))
    assert not result.passed
    assert result.message == messages.text(key, minimum=2, count=len([r for r in rows if r["evidence"]
                                                                       and r["shown"] != "hidden"]))


def test_a_value_not_in_its_list_is_said_beside_its_cell_and_kept():
    model = designs(badge("One", recognises="everything"))
    assert model.rows[0]["recognises"] == "everything"
    assert model.cell_problems() == {"0:recognises": messages.text("error.not_a_choice",
                                                                   field=model.label("recognises"))}


def test_every_exported_design_validates_against_the_open_badges_3_achievement_schema():
    model = example_model("session6", "badge_designs")
    exported = json.loads(achievements_json(model, "Open Methods North"))
    assert len(exported) == 2
    validator = achievement_validator()
    for achievement in exported:
        assert list(validator.iter_errors(achievement)) == []
        assert achievement["achievementType"] == "Badge" and achievement["creator"]["name"] == "Open Methods North"
    stealth = next(a for a in exported if a["name"] == "Welcomer")
    assert stealth["tag"] == ["participation", "stealth"]
    assert "The replies, noticed by a moderator." in stealth["criteria"]["narrative"]
    broken = dict(exported[0])
    del broken["criteria"]
    assert list(validator.iter_errors(broken)), "the schema must be able to fail"


def test_ids_are_stable_and_differ_per_design_and_community():
    model = example_model("session6", "badge_designs")
    first, again, elsewhere = (achievements(model, c) for c in ("A", "A", "B"))
    assert [a["id"] for a in first] == [a["id"] for a in again]
    assert len({a["id"] for a in first + elsewhere}) == 4
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", a["id"]) for a in first)


def test_only_complete_designs_are_exported():
    model = designs(badge("One"), badge("Two", "stealth", criteria=""))
    assert [a["name"] for a in achievements(model, "X")] == ["One"]


def test_the_view_lists_picked_values_and_offers_the_download_named_by_the_community(folder):
    workbook = Workbook("session6", folder)
    workbook.models["home_and_rhythm"].set_answer("community_name", "Seed Savers")
    view = workbook.view("badge_designs")
    fields = {f["name"]: f for f in view.sheet.fields}
    assert [f["name"] for f in view.sheet.fields] == list(BADGE_COLUMNS)
    assert [v for v, _ in fields["shown"]["options"]] == ["", "advertised", "stealth"]
    assert messages.text("badge_designs.none_complete") in unescape(view.link.value)
    type_rows(view, badge("Seed sharer"), badge("Quiet helper", "stealth"))
    link = re.search(r'download="([^"]+)" href="data:application/json;charset=utf-8;base64,([^"]+)"',
                     view.link.value)
    assert link and link[1] == "badges.json"
    exported = json.loads(base64.b64decode(link[2]))
    assert [a["name"] for a in exported] == ["Seed sharer", "Quiet helper"]
    assert {a["creator"]["name"] for a in exported} == {"Seed Savers"}


def test_feedback_pages_show_picked_values_in_words():
    html = unescape(kinds.render(example_model("session6", "badge_designs")))
    assert "Stealth (not announced)" in html and ">stealth<" not in html
