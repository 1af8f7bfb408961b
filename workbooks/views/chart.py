"""The one way the views make a plotly chart widget."""

from __future__ import annotations

from typing import Any

# No logo, no selection tools, and no button that uploads the chart (and the
# participant's answers) to a cloud service.
FIGURE_CONFIG = {"displaylogo": False, "showSendToCloud": False, "showEditInChartStudio": False,
                 "modeBarButtonsToRemove": ["sendDataToCloud", "sendChartToCloud", "lasso2d", "select2d"]}


def chart(data: Any = None, layout: Any = None):
    """A plotly FigureWidget with our toolbar settings."""
    import plotly.graph_objects as go

    figure = go.FigureWidget(data=data, layout=layout)
    figure._config = FIGURE_CONFIG
    return figure


def chart_with_text(figure: Any, summary: Any, table: Any):
    """A chart with its text alternative (a summary and a table) beside it."""
    import ipywidgets as widgets

    return widgets.HBox([figure, widgets.VBox([summary, table])], layout=widgets.Layout(flex_flow="row wrap"))
