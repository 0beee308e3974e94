"""The dashboard's charts: SVG drawn on the server by pygal, served as images.

No script (the CSP allows none; pygal's tooltips and configuration are left out) and no figure
that is not also in the table beside the chart: each chart is a picture of one table, with a
text alternative on its ``<img>``. Values are drawn from Decimal through float: drawing only,
never a figure.
"""

from __future__ import annotations

import pygal
from django.utils.translation import gettext as _
from pygal.etree import etree
from pygal.style import Style

from reports.scope import Row
from reports.selectors import Utilisation

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1e1e1e",
    foreground_strong="#1e1e1e",
    foreground_subtle="#696969",
    colors=("#01689b", "#8fcae7", "#e17000"),
    font_family="Arial, sans-serif",
)
COMMON = {
    "style": STYLE,
    "disable_xml_declaration": True,
    "js": [],  # no script: the CSP allows none, and the table beside it holds the figures
    "legend_at_bottom": True,
    "print_values": False,
}


def _render(chart: pygal.graph.graph.Graph) -> str:
    """The SVG without pygal's own configuration script (it always writes one, even with no
    script to configure): nothing in the picture is script."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return etree.tostring(tree, encoding="unicode")


def status_chart(rows: list[Row]) -> str:
    chart = pygal.Bar(height=320, show_legend=False, x_label_rotation=30, **COMMON)
    chart.title = _("Requests by status")
    chart.x_labels = [row.label for row in rows]
    chart.add(_("Requests"), [row.count for row in rows])
    return _render(chart)


def themes_chart(rows: list[Row]) -> str:
    chart = pygal.HorizontalBar(height=max(200, 40 + 28 * len(rows)), show_legend=False, **COMMON)
    chart.title = _("Demand by theme")
    chart.x_labels = [row.label for row in reversed(rows)]
    chart.add(_("Requests"), [row.count for row in reversed(rows)])
    return _render(chart)


def utilisation_chart(rows: list[Utilisation]) -> str:
    chart = pygal.HorizontalBar(height=max(240, 60 + 48 * len(rows)), **COMMON)
    chart.title = _("Expert hours against capacity")
    chart.x_labels = [row.name for row in reversed(rows)]
    chart.add(_("Capacity"), [float(row.capacity) for row in reversed(rows)])
    chart.add(_("Committed"), [float(row.committed) for row in reversed(rows)])
    chart.add(_("Logged"), [float(row.logged) for row in reversed(rows)])
    return _render(chart)
