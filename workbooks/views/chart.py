"""The one way the views make a plotly chart widget."""

from __future__ import annotations

from typing import Any

# No logo, no selection tools, and no button that uploads the chart (and the
# participant's answers) to a cloud service.
FIGURE_CONFIG = {"displaylogo": False, "showSendToCloud": False, "showEditInChartStudio": False,
                 "modeBarButtonsToRemove": ["sendDataToCloud", "sendChartToCloud", "lasso2d", "select2d"],
                 "responsive": True}  # the chart follows its box's width


def chart(data: Any = None, layout: Any = None):
    """A plotly FigureWidget with our toolbar settings."""
    import plotly.graph_objects as go

    figure = go.FigureWidget(data=data, layout=layout)
    figure._config = FIGURE_CONFIG
    return figure


def chart_with_text(figure: Any, summary: Any, table: Any):
    """A chart with its text alternative (a summary and a table) beside it, or below it when the output is
    narrow. The chart has no fixed width: plotly sizes it to its box, which takes the room there is."""
    import ipywidgets as widgets

    return widgets.HBox([
        widgets.Box([figure], layout=widgets.Layout(display="block", flex="1 1 26em", min_width="0", max_width="44em")),
        widgets.VBox([summary, table], layout=widgets.Layout(flex="1 1 18em", min_width="0")),
    ], layout=widgets.Layout(flex_flow="row wrap", width="100%"))
