"""A progress bar for long batches, and the summary every command ends with."""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO, TypeVar

from .safe import console, csv_row

T = TypeVar("T")
BAR_WIDTH = 24


class Progress:
    """Draws ``[#####.....] 12/60 label`` on a terminal; on a log file, one line per item."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.live = enabled and self.stream.isatty()

    def over(self, items: Iterable[T], label: str, describe=str) -> Iterator[T]:
        items = list(items)
        started = time.monotonic()
        for done, item in enumerate(items):
            self._draw(label, done, len(items), describe(item))
            yield item
        self._draw(label, len(items), len(items), f"done in {time.monotonic() - started:.0f} s", end=True)

    def note(self, text: str) -> None:
        """One line for the facilitator; any line break or escape sequence in ``text`` is shown, not obeyed."""
        if self.enabled:
            self.stream.write(("\r\033[K" if self.live else "") + console(text) + "\n")
            self.stream.flush()

    def _draw(self, label: str, done: int, total: int, current: str, end: bool = False) -> None:
        if not self.enabled or total == 0:
            return
        filled = BAR_WIDTH * done // total
        # ``current`` names the item at hand, often a participant's file: one line, however it is named.
        line = console(f"{label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {current}")
        if self.live:
            self.stream.write("\r\033[K" + line[:150] + ("\n" if end else ""))
        elif end or done == 0 or done % max(1, total // 10) == 0:
            self.stream.write(line + "\n")
        self.stream.flush()


@dataclass
class Outcome:
    """What happened to one item of a batch (a file, a participant's session)."""

    item: str
    status: str
    reason: str = ""
    participant: str = ""
    session: str = ""
    seconds: float | None = None  # how long the item took, where that is worth knowing

    def as_row(self) -> dict[str, str]:
        return {"item": self.item, "participant": self.participant, "session": self.session,
                "status": self.status, "reason": self.reason,
                "seconds": "" if self.seconds is None else f"{self.seconds:.2f}"}


@dataclass
class Summary:
    """What a command did, printed at its end. ``failed`` makes the exit status 1."""

    title: str
    counts: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    failed: bool = False

    def count(self, key: str, by: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + by

    def render(self) -> str:
        """The summary, one terminal line per entry: participants' names and files cannot add or rewrite lines."""
        parts = [console(self.title)]
        if self.counts:
            parts.append("  " + console(", ".join(f"{n} {key}" for key, n in self.counts.items())))
        parts += [f"  - {console(line)}" for line in self.lines]
        parts += [f"  Written: {console(path)}" for path in self.outputs]
        return "\n".join(parts)


def write_outcomes(path: Path, outcomes: list[Outcome]) -> Path:
    """A CSV report of a batch, one row per item, for the facilitator to read or sort.

    Items and reasons often carry participants' file names, so no cell may start a formula.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["item", "participant", "session", "status", "reason", "seconds"])
        writer.writeheader()
        writer.writerows(csv_row(o.as_row()) for o in outcomes)
    return path
