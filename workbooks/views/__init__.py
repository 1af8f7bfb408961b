"""Widget views, each bound to one exercise model."""

from __future__ import annotations

from ..models import Checklist, PowerInterestMap, Reflections, TableModel


def make_view(workbook, exercise: str):
    model = workbook.models[exercise]
    if isinstance(model, TableModel):
        from .table import TableView
        return TableView(workbook, exercise)
    if isinstance(model, PowerInterestMap):
        from .power_interest import PowerInterestView
        return PowerInterestView(workbook, exercise, names_from=workbook.spec.names_for.get(exercise))
    if isinstance(model, Checklist):
        from .checklist import ChecklistView
        return ChecklistView(workbook, exercise, workbook.spec.groups[exercise])
    if isinstance(model, Reflections):
        from .reflections import ReflectionsView
        return ReflectionsView(workbook, exercise)
    raise TypeError(type(model))
