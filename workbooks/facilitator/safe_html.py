"""Web pages that run no script from participants' content.

Two layers, because either alone can fail:

- **Sanitising.** Whatever a participant controls and a page shows as HTML (the
  Markdown cells they add, their cells' outputs) goes through :func:`clean_html`,
  nh3 (the Python binding of the Rust sanitiser *ammonia*) with an allow-list:
  no ``<script>``, ``<style>``, ``<iframe>``, ``<form>``, event handlers or
  ``javascript:`` links survive; tables, headings, lists, images and the simple
  SVG our answer pictures use do. Our own pages escape participants' text instead
  and need no sanitiser.
- **A Content-Security-Policy** in a ``<meta http-equiv>`` at the top of each
  page we write or nbgrader writes for us: a page that needs no script allows
  none; the dashboard allows exactly its own inline scripts, by hash (plotly's).
  A tag that slipped past the first layer still cannot run.

nbgrader's pages use these through ``nbgrader_config.py``: its feedback pages
through ``feedback_html.FeedbackExporter``, the formgrader through
``c.HTMLExporter.filters``, both with the two filters in :data:`SANITISING_FILTERS`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

import nh3

# The no-script policy lives with the other static pieces (the strategy pack uses it too); imported from
# here by the facilitator's pages.
from ..static import NO_SCRIPT_POLICY as NO_SCRIPT_POLICY
from ..static import csp_meta as csp_meta

# -- the sanitiser -------------------------------------------------------------------------------

# The SVG our answer pictures use (workbooks/kinds/power_interest_map.py), and other plain shapes.
# No <use>, <image>, <foreignObject>, <animate> or <set>: each can load or run something.
_SVG_TAGS = {"svg", "g", "title", "desc", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path",
             "text", "tspan"}
_SVG_ATTRIBUTES = {"x", "y", "width", "height", "cx", "cy", "r", "rx", "ry", "x1", "y1", "x2", "y2", "points",
                   "d", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "opacity",
                   "font-size", "font-weight", "text-anchor", "dominant-baseline", "transform"}
ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS | _SVG_TAGS | {"tfoot"})
_ATTRIBUTES: dict[str, set[str]] = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"class", "id", "title", "lang", "dir", "role", "style"}
_ATTRIBUTES["table"] = _ATTRIBUTES.get("table", set()) | {"border"}
_ATTRIBUTES["svg"] = {"xmlns", "width", "height", "viewBox"}
for _tag in _SVG_TAGS - {"svg", "title", "desc"}:
    _ATTRIBUTES[_tag] = set(_SVG_ATTRIBUTES)
# Inline styles are kept for what our outputs and pandas' tables use; nothing that can
# position, load (url()) or hide content.
_STYLE_PROPERTIES = {"color", "background-color", "font-weight", "font-style", "text-align",
                     "text-decoration", "vertical-align", "white-space"}
# Images pasted into Markdown arrive as data: URLs; only raster images are kept.
_URL_SCHEMES = set(nh3.ALLOWED_URL_SCHEMES) | {"data"}
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*", re.IGNORECASE)


def _attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's last word on each attribute: ``data:`` URLs only as the source of a raster image."""
    if name in ("href", "src", "cite") and value.strip().lower().startswith("data:"):
        return value if tag == "img" and name == "src" and _DATA_IMAGE.fullmatch(value.strip()) else None
    return value


def clean_html(fragment: object) -> str:
    """``fragment`` with everything that could run, load or restyle the page removed (tags, not their text)."""
    text = fragment.decode() if isinstance(fragment, bytes) else str(fragment)
    return nh3.clean(text, tags=set(ALLOWED_TAGS), attributes=_ATTRIBUTES, attribute_filter=_attribute,
                     generic_attribute_prefixes={"aria-"}, filter_style_properties=_STYLE_PROPERTIES,
                     url_schemes=_URL_SCHEMES)


def clean_rendered_markdown(html: object) -> str:
    """nbconvert's ``strip_files_prefix`` filter, then :func:`clean_html`.

    Registered as ``strip_files_prefix``: nbconvert's HTML templates and nbgrader's
    feedback and formgrade templates apply that filter to every Markdown cell (and
    grader's comment) right after turning it into HTML, and nowhere else, so this is
    where rendered Markdown can be cleaned without changing their templates.
    """
    from nbconvert.filters import strip_files_prefix

    return clean_html(strip_files_prefix(str(html)))


# nbconvert's filters to replace (HTMLExporter.filters, or an exporter's default_filters).
SANITISING_FILTERS: dict[str, Any] = {"clean_html": clean_html, "strip_files_prefix": clean_rendered_markdown}


# -- the Content-Security-Policy ---------------------------------------------------------------

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)


def script_hashes(html: str) -> Iterator[str]:
    """The CSP source (``'sha256-...'``) of each inline script in ``html``, which we wrote ourselves."""
    for match in _SCRIPT.finditer(html):
        digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
        yield f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(scripts: Iterable[str] = ()) -> str:
    """A page's policy: no script at all, or only the inline scripts whose hashes are given."""
    allowed = sorted(set(scripts))
    if not allowed:
        return NO_SCRIPT_POLICY
    return NO_SCRIPT_POLICY.replace("default-src 'none';", f"default-src 'none'; script-src {' '.join(allowed)};")

