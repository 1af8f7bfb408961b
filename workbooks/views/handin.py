"""Download my work / Restore my work.

Both are the Keeper (``keeper.py``), drawn by the browser: Download my work works even after the kernel
has gone, and Restore my work is a plain button (the browser reads the file and sends it to the kernel).
"""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from .common import heading
from .host import Host
from .keeper import Keeper
from .keyboard import exercise_box
from .strategy_pack import StrategyPackView


class HandInView:
    def __init__(self, workbook: Host) -> None:
        self.workbook = workbook
        self.keeper = Keeper(workbook)
        self.widget = exercise_box(
            heading("handin.title"),
            widgets.HTML(f"<p>{messages.text('handin.help')}</p>"),
            self.keeper,  # the ID box, Download my work, then the Restore my work section
            StrategyPackView(workbook).widget,
        )
