"""Badge designs: a table (a ``Sheet``) whose "recognises" and "shown" columns are drop-down lists, and a
download of the complete designs as Open Badges 3.0 achievements."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from .. import messages
from ..handin import HANDIN_SEPARATOR
from ..kinds.badge_designs import BadgeDesigns, achievements, achievements_json
from .base import SheetView
from .charter import download_link
from .host import Host
from .sheet import Rows, Sheet, field


class BadgeDesignsView(SheetView[BadgeDesigns]):
    def __init__(self, workbook: Host, exercise: str, community_from: tuple[str, str] = ("", "")) -> None:
        super().__init__(workbook, exercise)
        # (exercise, prompt) where the participant names their community: the badges' creator
        self.community_from = community_from
        model = self.designs
        fields = []
        for column in model.columns:
            options = ([("", messages.text("badge_designs.pick"))]
                       + [(value, model.choice_label(column, value)) for value in model.choices[column]]
                       if column in model.choices else [])
            fields.append(field(column, model.label(column), multiline=not model.one_line(column),
                                placeholder="" if options else messages.text(f"{exercise}.placeholder.{column}"),
                                options=options))
        self.link = widgets.HTML()
        self.show(Sheet(fields, caption=messages.text(f"{exercise}.title"), rows=model.rows,
                        storage_key=workbook.browser_key(exercise)), self.link)

    @property
    def designs(self) -> BadgeDesigns:
        return self.model

    def take(self, rows: Rows) -> dict[str, str]:
        return self.designs.set_rows(rows)

    def rows(self) -> Rows:
        return self.designs.rows

    def problems(self) -> dict[str, str]:
        return self.designs.cell_problems()

    def shows_model(self) -> bool:
        return self.designs.shown_rows(self.sheet.rows) == self.designs.rows

    def community(self) -> str:
        exercise, prompt = self.community_from
        model = self.workbook.models.get(exercise)
        named = model.answer(prompt) if model is not None and hasattr(model, "answer") else ""
        return named or messages.text("badge_designs.unnamed_community")

    def changed(self) -> None:
        designs = self.designs
        if not achievements(designs, self.community()):
            self.link.value = f"<p><em>{messages.text('badge_designs.none_complete')}</em></p>"
            return
        participant = self.workbook.answers.participant_id
        file = Path("badges").with_suffix(".json").name
        name = f"{participant}{HANDIN_SEPARATOR}{file}" if participant else file
        content = achievements_json(designs, self.community())
        self.link.value = f"<p>{download_link(name, 'application/json', content, 'badge_designs.save')}</p>"
