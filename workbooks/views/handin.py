"""Download my work / Restore my work."""

from __future__ import annotations

import base64
from html import escape

import ipywidgets as widgets

from .. import messages
from ..models import clean_participant_id
from .common import Feedback, button, guarded, heading, text_box
from .host import Host
from .keyboard import exercise_box


class HandInView:
    def __init__(self, workbook: Host) -> None:
        self.workbook = workbook
        self.participant = text_box(messages.text("handin.participant_id"),
                                    messages.text("handin.participant_placeholder"))
        self.participant.value = workbook.answers.participant_id
        self.download = button("handin.download")
        self.link = widgets.HTML()
        self.upload = widgets.FileUpload(accept=".ipynb,.json", multiple=False,
                                         description=messages.text("handin.restore"),
                                         tooltip=messages.text("handin.restore"),
                                         layout=widgets.Layout(width="auto"))
        self.feedback = Feedback()
        self.participant.observe(lambda change: self._set_participant(change["new"]), names="value")
        self.download.on_click(lambda _: guarded(self.feedback, self._download))
        self.upload.observe(lambda change: self._restore(change["new"]), names="value")
        self.widget = exercise_box(
            heading("handin.title"),
            widgets.HTML(f"<p>{messages.text('handin.help')}</p>"),
            self.participant, widgets.HBox([self.download]), self.link,
            heading("handin.restore_title", level=5),
            widgets.HTML(f"<p>{messages.text('handin.restore_help')}</p>"),
            self.upload, self.feedback,
        )

    def _set_participant(self, value: str) -> None:
        def store() -> str:
            self.workbook.answers.participant_id = clean_participant_id(value)
            self.workbook.save()
            return messages.text("handin.participant_saved")
        guarded(self.feedback, store)

    def _download(self) -> str:
        self.workbook.answers.participant_id = clean_participant_id(self.participant.value)
        name, content = self.workbook.hand_in_file()
        payload = base64.b64encode(content).decode("ascii")
        self.link.value = (
            f'<p><a download="{escape(name)}" href="data:application/x-ipynb+json;base64,{payload}" '
            f'style="font-weight:600">&#11015; {escape(messages.text("handin.link", file=name))}</a></p>')
        return messages.text("handin.ready", file=name)

    def _restore(self, uploaded) -> None:
        if not uploaded:
            return
        item = uploaded[0]

        def restore() -> str:
            answers = self.workbook.restore(item["name"], bytes(item["content"]))
            self.participant.value = answers.participant_id
            return messages.text("handin.restored", file=item["name"])

        guarded(self.feedback, restore)
        self.upload.value = ()
