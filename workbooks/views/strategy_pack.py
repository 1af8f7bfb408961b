"""Make my strategy pack: the participant's work from every session found on this computer, as one page and
one plain-text (Markdown) document to download (``workbooks/strategy_pack.py`` makes them)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from .. import messages, strategy_pack
from ..answers import Answers
from ..handin import HANDIN_SEPARATOR
from ..sessions import session_ids
from ..store import saved_nearby
from .charter import download_link
from .common import Feedback, button, guarded, heading
from .host import Host


def gathered_answers(workbook: Host) -> list[Answers]:
    """This session's answers as they are now, and every other session's saved answers near this notebook."""
    others = [s for s in session_ids() if s != workbook.spec.id]
    return [workbook.answers, *saved_nearby(workbook.folder, others).values()]


class StrategyPackView:
    def __init__(self, workbook: Host) -> None:
        self.workbook = workbook
        self.build = button("pack.build")
        self.links = widgets.HTML()
        self.feedback = Feedback()
        self.build.on_click(lambda _: guarded(self.feedback, self._build))
        self.widget = widgets.VBox([
            heading("pack.view_title", level=5),
            widgets.HTML(f"<p>{messages.text('pack.help')}</p>"),
            widgets.HBox([self.build]), self.links, self.feedback,
        ])

    def file_name(self, suffix: str) -> str:
        """strategy-pack.html, or p-007__strategy-pack.html once the participant ID is known."""
        name = Path("strategy-pack").with_suffix(suffix).name
        participant = self.workbook.answers.participant_id
        return f"{participant}{HANDIN_SEPARATOR}{name}" if participant else name

    def _build(self) -> str:
        answers = gathered_answers(self.workbook)
        with_work = sorted({a.spec.id for a in answers if not a.is_empty()}, key=session_ids().index)
        if not with_work:
            self.links.value = ""
            return messages.text("pack.nothing")
        page = download_link(self.file_name(".html"), "text/html", strategy_pack.pack_html(answers), "pack.save_html")
        text = download_link(self.file_name(".md"), "text/markdown", strategy_pack.pack_markdown(answers),
                             "pack.save_markdown")
        self.links.value = f"<p>{page}{text}</p>"
        numbers = ", ".join(session.removeprefix("session") for session in with_work)
        return messages.text("pack.ready", sessions=numbers)
