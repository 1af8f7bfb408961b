"""Our own static HTML (the kinds' renderings, the strategy pack) as plain Markdown.

Each kind has one static rendering, in HTML; Markdown is read from it, so a kind never needs a second one.
Only the few elements that HTML is made of take a Markdown form: headings, paragraphs, lists, captioned
tables and line breaks. A picture (``<svg>``) and a page's navigation are left out (the table beside each
picture says the same in words); anything else keeps its text. Every text is escaped, so an answer that
starts with ``#`` or holds a ``|`` or ``<script>`` stays plain text in its paragraph or table cell.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Characters that mark up text anywhere in a line; ``$`` starts mathematics in Jupyter's Markdown.
_INLINE = re.compile(r"([\\`*_\[\]|~$])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # only an "&" that would start a character reference
_BLOCK_MARK = re.compile(r"^([#=+\-])")         # a heading, a list item or a heading's underline
_NUMBERED = re.compile(r"^([0-9]+)([.)])")      # a numbered list item

_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "dl", "dt", "dd", "ul", "ol", "figure"}
_LEFT_OUT = {"svg", "nav", "style", "script", "title", "head", "template"}


def escape_inline(text: str) -> str:
    """Text as Markdown that shows it as typed, inside a line: no emphasis, code, links, table cells or HTML."""
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def escape_line_start(line: str) -> str:
    """An escaped line that cannot start a heading or a list, or underline the line above into a heading."""
    return _NUMBERED.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\\\1", line))


def escape_markdown(text: str) -> str:
    """Plain text as one Markdown paragraph, each line escaped and its spaces tidied."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(escape_line_start(escape_inline(line)) for line in lines if line)


def _tidy(pieces: list[str]) -> list[str]:
    """The text gathered for a block, as its lines, spaces collapsed (a ``<br>`` made a new line)."""
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.pieces: list[str] = []      # escaped text of the block being read
        self.left_out = 0                # depth inside elements whose content is left out
        self.last_heading = ""
        self.in_list = False             # the last block is a list item
        self.table: list[tuple[list[str], bool]] | None = None  # rows, each with whether it is a header
        self.row: list[str] = []
        self.header_row = False
        self.caption = ""

    # -- blocks ---------------------------------------------------------------

    def flush(self, prefix: str = "", *, item: bool = False) -> None:
        """End the block being read: a paragraph, a heading (``prefix`` "## ") or a list item (``item``)."""
        lines = _tidy(self.pieces)
        self.pieces = []
        if not lines:
            return
        text = prefix + "\n".join(line if prefix.startswith("#") else escape_line_start(line) for line in lines)
        if item and self.in_list:  # the items of one list stay together, a tight list
            self.blocks[-1] += "\n" + text
        else:
            self.blocks.append(text)
        self.in_list = item

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LEFT_OUT:
            self.left_out += 1
        if self.left_out:
            return
        if tag == "br":
            self.pieces.append("\n")
        elif tag == "table":
            self.flush()
            self.table, self.caption = [], ""
        elif self.table is not None:
            if tag == "tr":
                self.row, self.header_row = [], False
            elif tag in ("th", "td", "caption"):
                self.pieces = []
                self.header_row = self.header_row or tag == "th"
        elif tag in _HEADINGS or tag in _BLOCKS or tag == "li":
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _LEFT_OUT:
            self.left_out = max(0, self.left_out - 1)
            return
        if self.left_out:
            return
        if self.table is not None:
            self._end_in_table(tag)
        elif tag in _HEADINGS:
            self.last_heading = " ".join(_tidy(self.pieces))
            # One line, where no list or heading can start; only a closing "#" would be taken for markup.
            self.pieces = [self.last_heading[:-1] + "\\#" if self.last_heading.endswith("#") else self.last_heading]
            self.flush("#" * _HEADINGS[tag] + " ")
        elif tag == "li":
            self.flush("- ", item=True)
        elif tag in _BLOCKS:
            self.flush()
            self.in_list = self.in_list and tag not in ("ul", "ol")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.left_out:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.left_out:
            self.pieces.append(escape_inline(data))

    # -- tables ---------------------------------------------------------------

    def _end_in_table(self, tag: str) -> None:
        assert self.table is not None
        if tag in ("th", "td"):
            self.row.append(" ".join(_tidy(self.pieces)))
            self.pieces = []
        elif tag == "caption":
            self.caption = " ".join(_tidy(self.pieces))
            self.pieces = []
        elif tag == "tr":
            self.table.append((self.row, self.header_row))
        elif tag == "table":
            self._emit_table(self.table)
            self.table = None

    def _emit_table(self, rows: list[tuple[list[str], bool]]) -> None:
        # A caption that repeats the heading just above it is left out.
        if self.caption and self.caption != self.last_heading:
            self.blocks.append(self.caption)
        if not rows:
            return
        width = max(len(cells) for cells, _ in rows)
        header, body = (rows[0][0], rows[1:]) if rows[0][1] else ([""] * width, rows)

        def line(cells: list[str]) -> str:
            cells = cells + [""] * (width - len(cells))
            return "| " + " | ".join(cell or " " for cell in cells) + " |"

        self.blocks.append("\n".join([line(header), "|" + " --- |" * width, *(line(cells) for cells, _ in body)]))
        self.in_list = False

    def close(self) -> None:
        super().close()
        self.flush()


def html_to_markdown(html: str) -> str:
    """Markdown for our static HTML: blocks apart by a blank line, all text escaped."""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    return "\n\n".join(converter.blocks) + "\n"
