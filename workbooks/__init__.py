"""Community Building Workbooks: exercises for community managers, as Jupyter widgets."""

from .workbook import Workbook, check, hand_in, open_workbook, show, show_charter, use_example

__all__ = ["Workbook", "check", "hand_in", "open_workbook", "show", "show_charter", "use_example"]
__version__ = "0.1.0"
