"""nbgrader's feedback pages (``generate_feedback``), made safe to send to participants.

``nbgrader_config.py`` sets ``c.GenerateFeedback.exporter_class = FeedbackExporter``.

nbconvert's own ``sanitize_html`` option routes outputs through its ``clean_html``
filter, but nbgrader's feedback template renders Markdown cells (the ones a
participant adds among them) without that filter, and nbconvert's filter (bleach,
with a short allow-list) escapes the tables and headings our workbooks show. So
the exporter keeps ``sanitize_html`` on (which also leaves out JavaScript and
widget outputs) and replaces both filters with nh3 ones (``safe_html``).

The page's only scripts of its own are nbconvert's MathJax loader and its
configuration, which MathJax runs with ``eval``. No workbook has mathematics, so
they are left out: the page allows no script at all, under a
Content-Security-Policy, and contacts no outside server when opened.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import BytecodeCache, pass_context
from jinja2.bccache import Bucket
from lxml import html as lxml_html
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from traitlets import Bool

from .safe_html import SANITISING_FILTERS, csp_meta

_HEAD_START = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_DOCTYPE = re.compile(r"\s*<!DOCTYPE[^>]*>", re.IGNORECASE)
_SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def secure_page(html: str) -> str:
    """A whole page nbconvert wrote, without the scripts in its head and with the no-script policy first.

    The head is the template's own (participants' content is all in the body, sanitised), so its
    scripts are MathJax's and can be cut out by pattern.
    """
    end = _HEAD_END.search(html)
    head, rest = (html[:end.start()], html[end.start():]) if end else ("", html)
    head = _SCRIPT_ELEMENT.sub("", head)
    start = _HEAD_START.search(head)
    if start is not None:
        return head[:start.end()] + csp_meta() + head[start.end():] + rest
    doctype = _DOCTYPE.match(html)  # no head: a <meta> first in the document goes into the one the browser makes
    at = doctype.end() if doctype else 0
    return html[:at] + csp_meta() + html[at:]


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept for this process: nbgrader makes a new exporter for every
    notebook, and compiling the page's templates again took half of each page's time."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class _Remembered:
    """Rendered text by what it was rendered from, for this process: every notebook of a session
    has the same lesson text and code, and rendering it again took a fifth of each page's time."""

    LIMIT = 4096  # entries; a cohort's pages repeat a few hundred

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, ...], str] = {}

    def get(self, key: tuple[str, ...], render: Any) -> str:
        if key not in self._rendered:
            if len(self._rendered) >= self.LIMIT:
                self._rendered.clear()
            self._rendered[key] = render()
        return self._rendered[key]


_MARKDOWN = _Remembered()
_HIGHLIGHTED = _Remembered()


class _RememberedHighlight(Highlight2HTML):
    def __call__(self, source: str, language: str | None = None, metadata: Any = None) -> str:
        magics = str((metadata or {}).get("magics_language", ""))
        return _HIGHLIGHTED.get((source, language or "", self.pygments_lexer, magics),
                                lambda: super(_RememberedHighlight, self).__call__(source, language, metadata))


# What nbconvert's HTMLExporter gives an image without alternative text, in its words.
NO_ALT_TEXT = "No description has been provided for this image"
_FOCUSABLE = (  # nbconvert's HTMLExporter makes these focusable, so their overflow scrolls by keyboard
    '//*[contains(concat(" ", normalize-space(@class), " "), " jp-Notebook ")]'
    '//div[contains(concat(" ", normalize-space(@class), " "), " {} ")]')


def accessible_page(html: str) -> str:
    """What nbconvert's HTMLExporter adds after rendering (alternative text on every image,
    inputs and outputs in the tab order), done with lxml: nbconvert's BeautifulSoup pass over
    the whole page took 40 % of a feedback page's time."""
    document = lxml_html.document_fromstring(html)
    for image in document.xpath("//img[not(@alt)]"):
        image.set("alt", NO_ALT_TEXT)
    for name in ("jp-Cell-inputWrapper", "jp-OutputArea-output"):
        for element in document.xpath(_FOCUSABLE.format(name)):
            element.set("tabindex", "0")
    page: str = lxml_html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")
    return page


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTML exporter as nbgrader's feedback uses it, sanitising participants' content,
    on a page that runs no script."""

    # Not configurable: the page is only safe with it.
    sanitize_html = Bool(True)

    def _create_environment(self) -> Any:
        environment = super()._create_environment()
        environment.bytecode_cache = _COMPILED  # keyed by template name and source checksum
        return environment

    def default_filters(self) -> Any:
        yield from super().default_filters()
        yield from SANITISING_FILTERS.items()  # later names replace nbconvert's

    @pass_context
    def markdown2html(self, context: Any, source: str) -> str:
        if context.get("cell", {}).get("attachments") or self.embed_images:  # rendered from more than the text
            return str(super().markdown2html(context, source))
        return _MARKDOWN.get((source, self.anchor_link_text, str(self.exclude_anchor_links)),
                             lambda: super(FeedbackExporter, self).markdown2html(context, source))

    # Typed as HTMLExporter's own override is (it returns HTML, not the notebook Exporter promises).
    def from_notebook_node(  # type: ignore[override]
            self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any) -> tuple[str, dict[str, Any]]:
        # HTMLExporter.from_notebook_node (nbconvert 7.17) without its BeautifulSoup pass: accessible_page does that.
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        highlight = self.filters.get("highlight_code", _RememberedHighlight(pygments_lexer=lexer, parent=self))
        self.register_filter("highlight_code", highlight)
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return secure_page(accessible_page(html)), resources
