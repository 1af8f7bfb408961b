"""Build my charter: the Session 4 answers as one document, to save as Markdown or a web page."""

from __future__ import annotations

import base64
import re
from html import escape

import ipywidgets as widgets

from .. import charter, messages
from ..handin import HANDIN_SEPARATOR
from .common import Feedback, button, guarded, heading
from .host import Host
from .keyboard import exercise_box

BODY = re.compile(r"<body>(.*)</body>", re.DOTALL)


def download_link(name: str, mime: str, content: str, label_key: str) -> str:
    payload = base64.b64encode(content.encode("utf-8")).decode("ascii")
    return (f'<a download="{escape(name)}" href="data:{mime};charset=utf-8;base64,{payload}" '
            f'style="font-weight:600;margin-right:2em">&#11015; {escape(messages.text(label_key))}</a>')


class CharterView:
    def __init__(self, workbook: Host) -> None:
        self.workbook = workbook
        self.build = button("charter.build")
        self.links = widgets.HTML()
        self.preview = widgets.HTML()
        self.feedback = Feedback()
        self.build.on_click(lambda _: guarded(self.feedback, self._build))
        self.widget = exercise_box(
            heading("charter.title"),
            widgets.HTML(f"<p>{messages.text('charter.help')}</p>"),
            widgets.HBox([self.build]), self.links, self.feedback, self.preview,
        )

    def file_name(self, suffix: str) -> str:
        """charter.md, or p-007__charter.md once the participant ID is known."""
        participant = self.workbook.answers.participant_id
        name = f"charter{suffix}"
        return f"{participant}{HANDIN_SEPARATOR}{name}" if participant else name

    def _build(self) -> str:
        answers = self.workbook.answers
        text, page = charter.markdown(answers), charter.html(answers)
        markdown_link = download_link(self.file_name(".md"), "text/markdown", text, "charter.save_markdown")
        html_link = download_link(self.file_name(".html"), "text/html", page, "charter.save_html")
        self.links.value = f"<p>{markdown_link}{html_link}</p>"
        found = BODY.search(page)  # the page's own text, already escaped by charter.html
        body = found.group(1) if found else ""
        self.preview.value = (f"<h5>{escape(messages.text('form.preview'))}</h5>"
                              f'<div style="border:1px solid #999;padding:0 1em;max-width:46em">{body}</div>')
        return messages.text("charter.ready")
