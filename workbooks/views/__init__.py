"""Widget views, each bound to one exercise model."""

from __future__ import annotations

from ..engagement import Ladder, Pathway
from ..models import Checklist, Choice, Form, PowerInterestMap, Ratings, Reflections, TableModel, Timeline


def make_view(workbook, exercise: str):
    model = workbook.models[exercise]
    if isinstance(model, Timeline):
        from .timeline import TimelineView
        return TimelineView(workbook, exercise)
    if isinstance(model, TableModel):
        from .table import TableView
        return TableView(workbook, exercise)
    if isinstance(model, PowerInterestMap):
        from .power_interest import PowerInterestView
        return PowerInterestView(workbook, exercise, names_from=workbook.spec.names_for.get(exercise))
    if isinstance(model, Checklist):
        from .checklist import ChecklistView
        return ChecklistView(workbook, exercise, workbook.spec.groups[exercise])
    if isinstance(model, Form):
        from .form import FormView
        return FormView(workbook, exercise, preview=workbook.spec.previews.get(exercise))
    if isinstance(model, Reflections):
        from .reflections import ReflectionsView
        return ReflectionsView(workbook, exercise)
    if isinstance(model, Ratings):
        from .ratings import RatingsView
        return RatingsView(workbook, exercise)
    if isinstance(model, Choice):
        from .choice import ChoiceView
        return ChoiceView(workbook, exercise)
    if isinstance(model, Ladder):
        from .ladder import LadderView
        return LadderView(workbook, exercise)
    if isinstance(model, Pathway):
        from .pathway import PathwayView
        return PathwayView(workbook, exercise)
    raise TypeError(type(model))
