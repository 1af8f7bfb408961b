"""The hand-in panel's browser half: Download my work that works with or without the kernel.

Binder stops a participant's server after ten idle minutes even with the tab open, and the kernel and
the answers file go with it; the page and its widgets' front ends stay. So the Keeper holds a copy of
the latest answers in the browser (the ``answers`` trait, pushed after every save, also kept in the
browser's storage), and its one Download button asks the kernel for the hand-in notebook; when the
kernel does not answer, the browser saves the answers file itself (``<id>__<session>_answers.json``,
which ``workbooks collect`` and Restore my work accept), with what was typed into tables meanwhile.
A fresh notebook offers to bring back answers this browser kept.

The browser side is ``keeper.js`` (with ``keeper.css``); every word it shows comes from
``locales/en.json`` through the ``strings`` trait.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .. import messages
from ..handin import HANDIN_SEPARATOR
from ..models import PARTICIPANT_ID, AnswerError, clean_participant_id
from ..static import widget_css
from .host import Host

log = logging.getLogger(__name__)

MAX_SEQ = 2**53  # a JavaScript number stays exact below this
# The kinds whose browser side keeps a draft, and how the answers file holds it: a table's rows, a form's
# one record of answers (Sheets: views/table.py, views/reflections.py), the map's stakeholders.
DRAFT_SHAPES = {"table": "rows", "timeline": "rows", "reflections": "answers", "form": "answers",
                "power_interest_map": "stakeholders"}


def ui_strings() -> dict[str, str]:
    """The words keeper.js shows. Texts with ``{file}``, ``{time}`` or ``{value}`` stay templates for the browser."""
    return {
        "idLabel": messages.text("handin.participant_id"),
        "idPlaceholder": messages.text("handin.participant_placeholder"),
        "download": messages.text("handin.download"),
        "preparing": messages.text("keeper.preparing"),
        "offline": messages.text("keeper.offline", file="{file}"),
        "idKept": messages.text("keeper.id_kept"),
        "badId": messages.text("error.bad_participant_id", value="{value}"),
        "problem": messages.text("keeper.problem"),
        "notDownloaded": messages.text("keeper.not_downloaded"),
        "downloadedAt": messages.text("keeper.downloaded_at", time="{time}"),
        "offerHelp": messages.text("keeper.offer_help"),
        "offer": messages.text("keeper.offer", time="{time}"),
        "noAnswer": messages.text("keeper.no_answer"),
    }


def is_fresh(workbook: Host) -> bool:
    """No exercise started (a participant ID alone does not count)."""
    return all(model.is_empty() for model in workbook.models.values())


class Keeper(anywidget.AnyWidget):
    """The participant ID box and the Download my work button, drawn by the browser (see the module docstring)."""

    _esm = Path(__file__).with_suffix(".js").read_text(encoding="utf-8")
    _css = widget_css("workbooks-keeper", Path(__file__).with_suffix(".css"))

    answers: traitlets.Dict[str, Any] = traitlets.Dict().tag(sync=True)  # Answers.to_dict(), after every save
    fresh = traitlets.Bool(True).tag(sync=True)  # no exercise started: the browser may offer its kept copy
    storage_key = traitlets.Unicode("").tag(sync=True)  # this notebook's copy in the browser's storage
    storage_prefix = traitlets.Unicode("").tag(sync=True)  # every notebook's copy of this session starts so
    download_key = traitlets.Unicode("").tag(sync=True)  # when this notebook's work was last downloaded
    drafts: traitlets.Dict[str, dict[str, str]] = traitlets.Dict().tag(sync=True)  # exercise -> its sheet's draft
    file_names: traitlets.Dict[str, str] = traitlets.Dict().tag(sync=True)  # the answers file's name, with/without ID
    id_pattern = traitlets.Unicode(PARTICIPANT_ID.pattern).tag(sync=True)
    strings: traitlets.Dict[str, str] = traitlets.Dict().tag(sync=True)

    def __init__(self, workbook: Host, **kwargs: Any) -> None:
        self.workbook = workbook
        spec = workbook.spec
        drafts = {name: {"key": workbook.browser_key(name), "shape": DRAFT_SHAPES[model.kind]}
                  for name, model in workbook.models.items() if model.kind in DRAFT_SHAPES}
        super().__init__(
            storage_key=workbook.browser_key("answers"), storage_prefix=f"workbooks/{spec.id}/answers/",
            download_key=workbook.browser_key("downloaded"), drafts=drafts,
            file_names={"withId": f"{{id}}{HANDIN_SEPARATOR}{spec.answer_file}", "withoutId": spec.answer_file},
            strings=ui_strings(), **kwargs)
        self.update()
        self.on_msg(self._on_message)

    def update(self) -> None:
        """Send the browser the answers as they are now (after every save and restore)."""
        self.answers = self.workbook.answers.to_dict()
        self.fresh = is_fresh(self.workbook)

    # -- messages from the browser -------------------------------------------

    def _on_message(self, _widget: object, content: object, _buffers: object) -> None:
        try:
            self._handle(content)
        except Exception:  # never a traceback in the participant's output
            log.debug("keeper message not handled", exc_info=True)

    def _handle(self, content: object) -> None:
        if not isinstance(content, dict):
            return
        seq, kind = content.get("seq"), content.get("type")
        if type(seq) is not int or not 0 <= seq < MAX_SEQ:
            return
        try:
            if kind == "download":
                name, data = self.hand_in(content.get("participant_id"))
                self.send({"type": "file", "seq": seq, "ok": True, "name": name,
                           "content": base64.b64encode(data).decode("ascii"),
                           "text": messages.text("handin.ready", file=name)})
                return
            if kind == "participant":
                text = self.set_participant(content.get("participant_id"))
            elif kind == "restore":
                text = self.bring_back(content.get("answers"))
            else:
                return
        except AnswerError as problem:
            self._reply(seq, False, str(problem))
            return
        except Exception as problem:  # a participant never sees a traceback
            log.debug("keeper action failed", exc_info=True)
            self._reply(seq, False, messages.text("error.unexpected", reason=type(problem).__name__))
            return
        self._reply(seq, True, text)

    def _reply(self, seq: int, ok: bool, text: str) -> None:
        self.send({"type": "reply", "seq": seq, "ok": ok, "text": text})

    # -- what each message does ----------------------------------------------

    def set_participant(self, value: object) -> str:
        self.workbook.answers.participant_id = clean_participant_id(value)
        self.workbook.save()
        return messages.text("handin.participant_saved")

    def hand_in(self, participant_id: object) -> tuple[str, bytes]:
        """The hand-in notebook's name and content, with the participant ID the browser sent."""
        self.workbook.answers.participant_id = clean_participant_id(participant_id)
        return self.workbook.hand_in_file()

    def bring_back(self, answers: object) -> str:
        """Restore answers the browser kept, as Restore my work restores an answers file."""
        content = json.dumps(answers, ensure_ascii=False).encode("utf-8")
        self.workbook.restore(self.workbook.spec.answer_file, content)
        return messages.text("keeper.brought_back")
