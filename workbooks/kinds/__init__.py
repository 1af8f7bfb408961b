"""The registry of exercise kinds: each model's ``kind`` names its class, its static HTML and its view.

Each kind is one module here (its model, checks and static HTML) and one view
in ``workbooks/views/``. A view is named as ``module:Class`` and imported only
when a participant sees it, so grading and the facilitator's commands never
import ipywidgets or plotly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from ..models import ExerciseModel
from . import (
    badge_designs,
    canvas,
    checklist,
    choice,
    form,
    ladder,
    maturity,
    pathway,
    power_interest_map,
    ratings,
    reflections,
    scorecard,
    sharing,
    table,
    timeline,
)


@dataclass(frozen=True)
class Kind:
    model: type[ExerciseModel]
    render: Callable[[Any], str]      # the answers as static HTML (formgrader, feedback pages)
    view: str                         # "module:Class" under workbooks.views

    @property
    def name(self) -> str:
        return self.model.kind

    def view_class(self) -> type:
        module, name = self.view.split(":")
        view: type = getattr(import_module(f"..views.{module}", __package__), name)
        return view


_KINDS = (
    Kind(table.TableModel, table.rows_html, "table:TableView"),
    Kind(timeline.Timeline, timeline.timeline_html, "timeline:TimelineView"),
    Kind(power_interest_map.PowerInterestMap, power_interest_map.map_html, "power_interest_map:PowerInterestView"),
    Kind(checklist.Checklist, checklist.checklist_html, "checklist:ChecklistView"),
    Kind(reflections.Reflections, reflections.answers_html, "reflections:ReflectionsView"),
    Kind(form.Form, reflections.answers_html, "form:FormView"),
    Kind(ratings.Ratings, ratings.ratings_html, "ratings:RatingsView"),
    Kind(choice.Choice, choice.choice_html, "choice:ChoiceView"),
    Kind(ladder.Ladder, ladder.ladder_html, "ladder:LadderView"),
    Kind(pathway.Pathway, pathway.pathway_html, "pathway:PathwayView"),
    Kind(scorecard.Scorecard, scorecard.scorecard_html, "scorecard:ScorecardView"),
    Kind(scorecard.Openness, scorecard.scorecard_html, "scorecard:OpennessView"),
    Kind(canvas.Canvas, canvas.canvas_html, "canvas:CanvasView"),
    Kind(maturity.Maturity, maturity.maturity_html, "maturity:MaturityView"),
    Kind(badge_designs.BadgeDesigns, badge_designs.designs_html, "badge_designs:BadgeDesignsView"),
    Kind(sharing.Sharing, sharing.sharing_html, "sharing:SharingView"),
)
KINDS: dict[str, Kind] = {k.name: k for k in _KINDS}


def render(model: ExerciseModel) -> str:
    """The participant's answers to one exercise, as static HTML."""
    return KINDS[model.kind].render(model)
