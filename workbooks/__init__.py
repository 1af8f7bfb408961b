"""Community Building Workbooks: exercises for community managers, as Jupyter widgets."""

from .workbook import Workbook, check, open_workbook

__all__ = ["Workbook", "check", "open_workbook"]
__version__ = "0.1.0"
