"""(being written)"""

from __future__ import annotations

HELP = "(being written)"
DESCRIPTION = HELP


def add_arguments(parser) -> None:
    pass


def run(course, args, progress):
    raise NotImplementedError("dashboard")
