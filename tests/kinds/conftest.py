"""Fixtures shared by the tests of the exercise kinds."""

from __future__ import annotations

import copy

import pytest

from workbooks import Workbook
from workbooks.sessions.session3 import SESSION as SESSION3


@pytest.fixture
def session3_example(folder, tmp_path_factory):
    """Another folder, whose saved answers are session 3's worked mountain and pathway."""
    place = tmp_path_factory.mktemp("example")
    first = Workbook("session3", place)
    for exercise in ("mountain", "pathway_numbers"):
        first.models[exercise].load(copy.deepcopy(SESSION3.exercise(exercise).example))
    first.save()
    return place
