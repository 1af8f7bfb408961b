"""Community Building Workbooks: exercises for community managers, as Jupyter widgets."""

from .workbook import Workbook, open_workbook

__all__ = ["Workbook", "open_workbook"]
__version__ = "0.1.0"
