"""The registry of exercise kinds: each model's ``kind`` names its class, its static HTML and its view.

A view is named as ``module:Class`` and imported only when a participant sees
it, so grading and the facilitator's commands never import ipywidgets or plotly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from . import static
from .engagement import Ladder, Pathway
from .models import Checklist, Choice, ExerciseModel, Form, PowerInterestMap, Ratings, Reflections, TableModel, Timeline


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
        view: type = getattr(import_module(f".views.{module}", __package__), name)
        return view


_KINDS = (
    Kind(TableModel, static.rows_html, "table:TableView"),
    Kind(Timeline, static.timeline_html, "timeline:TimelineView"),
    Kind(PowerInterestMap, static.map_html, "power_interest:PowerInterestView"),
    Kind(Checklist, static.checklist_html, "checklist:ChecklistView"),
    Kind(Reflections, static.answers_html, "reflections:ReflectionsView"),
    Kind(Form, static.answers_html, "form:FormView"),
    Kind(Ratings, static.ratings_html, "ratings:RatingsView"),
    Kind(Choice, static.choice_html, "choice:ChoiceView"),
    Kind(Ladder, static.ladder_html, "ladder:LadderView"),
    Kind(Pathway, static.pathway_html, "pathway:PathwayView"),
)
KINDS: dict[str, Kind] = {k.name: k for k in _KINDS}


def render(model: ExerciseModel) -> str:
    """The participant's answers to one exercise, as static HTML."""
    return KINDS[model.kind].render(model)
