"""Widget views, each bound to one exercise model; ``workbooks.kinds`` says which view shows which kind."""

from __future__ import annotations

from ..kinds import KINDS
from .host import Host


def make_view(host: Host, name: str):  # -> ExerciseView; kept untyped so this module imports no widgets
    exercise = host.spec.exercise(name)
    return KINDS[exercise.kind].view_class()(host, name, **exercise.view)
