"""Badge designs: a table of badges a participant designs for their own community, exported as
Open Badges 3.0 achievement definitions.

Two columns are picked from a list: what a badge recognises (participation,
creation or reflection) and whether it is advertised or a "stealth" badge that
moderators award, unannounced, for pro-social behaviour.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import AnswerError
from ..static import exercise_title, table_html, text_table
from .table import TableModel

RECOGNISES = ("participation", "creation", "reflection")
ADVERTISED, STEALTH = "advertised", "stealth"
SHOWN = (ADVERTISED, STEALTH)
BADGE_COLUMNS = ("name", "recognises", "criteria", "evidence", "awarded_by", "shown")
CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
# Ids for designs are URNs made from the design's name and the participant's answers file: stable across
# downloads, and naming no server.
DESIGNS = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/community-building-workbooks/badge-designs")


@dataclass
class BadgeDesigns(TableModel):
    """A row per badge; ``choices`` are the columns picked from a list, with the values each takes."""

    columns: tuple[str, ...] = BADGE_COLUMNS
    key: str = "name"
    choices: dict[str, tuple[str, ...]] = field(default_factory=lambda: {"recognises": RECOGNISES,
                                                                        "shown": SHOWN})
    kind: ClassVar[str] = "badge_designs"

    def one_line(self, column: str) -> bool:
        return column in ("name", "awarded_by") or column in self.choices

    def choice_label(self, column: str, value: str) -> str:
        return messages.text(f"badge_designs.{column}.{value}")

    def check_cell(self, column: str, text: str) -> None:
        if column in self.choices and text not in self.choices[column]:
            raise AnswerError("error.not_a_choice", field=self.label(column))

    def shown_text(self, row: dict[str, str], column: str) -> str:
        """A cell as a person reads it: a picked value in words."""
        value = row.get(column, "")
        return self.choice_label(column, value) if column in self.choices and value in self.choices[column] else value


def badges_designed(minimum: int) -> Callable[[BadgeDesigns], CheckResult]:
    """At least ``minimum`` complete badges, one of them a stealth badge."""
    def check(model: BadgeDesigns) -> CheckResult:
        complete = model.complete_rows()
        stealth = [r for r in complete if r["shown"] == STEALTH]
        if len(complete) < minimum:
            return verdict(False, "check.badges.hint_count", minimum=minimum, count=len(complete))
        if not stealth:
            return verdict(False, "check.badges.hint_stealth")
        return verdict(True, "check.badges.pass", count=len(complete), stealth=len(stealth))
    return check


def achievement(model: BadgeDesigns, row: dict[str, str], issuer: str) -> dict[str, Any]:
    """One design as an Open Badges 3.0 Achievement (the definition a badge platform imports). The
    standard has no field for the evidence a badge asks for, so the criteria narrative says it."""
    recognises = model.choice_label("recognises", row["recognises"])
    shown = model.choice_label("shown", row["shown"])
    return {
        "@context": list(CONTEXT),
        "id": f"urn:uuid:{uuid.uuid5(DESIGNS, issuer + '|' + row['name'])}",
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": row["name"],
        "description": messages.text("badge_designs.description", recognises=recognises, shown=shown,
                                     awarded_by=row["awarded_by"]),
        "criteria": {"narrative": messages.text("badge_designs.narrative", criteria=row["criteria"],
                                                evidence=row["evidence"])},
        "tag": [row["recognises"], row["shown"]],
        "creator": {"id": f"urn:uuid:{uuid.uuid5(DESIGNS, 'issuer|' + issuer)}", "type": ["Profile"],
                    "name": issuer},
        "inLanguage": messages.language(),
    }


def achievements(model: BadgeDesigns, issuer: str) -> list[dict[str, Any]]:
    """Every complete design, as Open Badges 3.0 achievements."""
    return [achievement(model, row, issuer) for row in model.complete_rows()]


def achievements_json(model: BadgeDesigns, issuer: str) -> str:
    return json.dumps(achievements(model, issuer), indent=2, ensure_ascii=False) + "\n"


def designs_html(model: BadgeDesigns) -> str:
    frame = text_table([{model.label(c): model.shown_text(row, c) for c in model.columns} for row in model.rows],
                       columns=[model.label(c) for c in model.columns])
    return table_html(frame, exercise_title(model))
