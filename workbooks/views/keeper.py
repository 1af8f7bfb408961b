"""The hand-in panel's browser half: Download my work that works with or without the kernel, and Restore my work.

Binder stops a participant's server after ten idle minutes even with the tab open, and the kernel and
the answers file go with it; the page and its widgets' front ends stay. So the Keeper holds a copy of
the latest answers in the browser (the ``answers`` trait, pushed after every save, also kept in the
browser's storage), and its one Download button asks the kernel for the hand-in notebook; when the
kernel does not answer, the browser saves the answers file itself (``<id>__<session>_answers.json``,
which ``workbooks collect`` and Restore my work accept), with what was typed into tables meanwhile.
A fresh notebook offers to bring back answers this browser kept.

Restore my work is a plain button: the browser reads the chosen file and sends it to the kernel as one
binary buffer of a ``restore_file`` message (ipywidgets' FileUpload always showed "(0)" in its label).

The browser side is ``keeper.js`` (with ``keeper.css``); every word it shows comes from
``locales/en.json`` through the ``strings`` trait.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .. import messages
from ..handin import HANDIN_SEPARATOR
from ..models import PARTICIPANT_ID, AnswerError, clean_participant_id
from ..notebook_copy import MAX_NOTEBOOK_BYTES
from ..static import widget_css, widget_esm
from .host import Host

log = logging.getLogger(__name__)

MAX_SEQ = 2**53  # a JavaScript number stays exact below this
# The kinds whose browser side keeps a draft, and how the answers file holds it: a table's rows, a form's
# one record of answers, a checklist's items by section, the mountain's phases, the pathway's head counts,
# ratings' scores, a choice's picks (all Sheets), the map's stakeholders.
DRAFT_SHAPES = {"table": "rows", "timeline": "rows", "reflections": "answers", "form": "answers",
                "checklist": "items", "ladder": "phases", "pathway": "counts", "ratings": "scores",
                "choice": "chosen", "power_interest_map": "stakeholders", "scorecard": "records",
                "openness": "records", "canvas": "answers", "maturity": "answers", "badge_designs": "rows",
                "sharing": "answers"}
MAX_SHOWN_NAME = 80  # characters of a chosen file's name said back to the participant
# Jupyter Server takes a websocket message of up to 10 MiB (tornado's websocket_max_message_size); a larger
# one closes the kernel's connection and never arrives. A hand-in notebook is far smaller (well under 1 MB).
WEBSOCKET_MESSAGE_BYTES = 10 * 1024 * 1024
MAX_SENT_FILE_BYTES = min(MAX_NOTEBOOK_BYTES, WEBSOCKET_MESSAGE_BYTES - 64 * 1024)  # room for the message itself


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
        "restoreTitle": messages.text("handin.restore_title"),
        "restoreHelp": messages.text("handin.restore_help"),
        "restore": messages.text("handin.restore"),
        "restoring": messages.text("keeper.restoring", file="{file}"),
        "restoreTooBig": messages.text("keeper.restore_too_big", file="{file}"),
        "restoreUnreadable": messages.text("error.upload_unreadable", file="{file}"),
        "restoreNeedsKernel": messages.text("keeper.restore_needs_kernel"),
        "unnamedFile": messages.text("keeper.unnamed_file"),
    }


def shown_file_name(value: object) -> str:
    """A file name the browser sent, fit to be said back: its last part only, without control or
    direction-changing characters, and not too long (its start and its end, where the type is, are kept)."""
    name = re.split(r"[/\\]", value)[-1] if isinstance(value, str) else ""
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C")).strip()
    if len(name) > MAX_SHOWN_NAME:
        half = MAX_SHOWN_NAME // 2
        name = f"{name[:half]}\u2026{name[-half:]}"
    return name or messages.text("keeper.unnamed_file")


def sent_file(buffers: object, name: str) -> bytes:
    """The one file a ``restore_file`` message carries, refused in words when it is missing or too large."""
    if not isinstance(buffers, list | tuple) or len(buffers) != 1:
        raise AnswerError("error.upload_unreadable", file=name)
    try:
        content = memoryview(buffers[0])
    except TypeError as problem:
        raise AnswerError("error.upload_unreadable", file=name) from problem
    if content.nbytes > MAX_NOTEBOOK_BYTES:  # the browser refuses it first; checked before it is copied
        raise AnswerError("keeper.restore_too_big", file=name)
    return content.tobytes()


def is_fresh(workbook: Host) -> bool:
    """No exercise started (a participant ID alone does not count)."""
    return all(model.is_empty() for model in workbook.models.values())


class Keeper(anywidget.AnyWidget):
    """The participant ID box, Download my work and Restore my work, drawn by the browser (see the module docstring)."""

    _esm = widget_esm(Path(__file__).with_suffix(".js"))
    _css = widget_css("workbooks-keeper", Path(__file__).with_suffix(".css"))

    answers: traitlets.Dict[str, Any] = traitlets.Dict().tag(sync=True)  # Answers.to_dict(), after every save
    fresh = traitlets.Bool(True).tag(sync=True)  # no exercise started: the browser may offer its kept copy
    storage_key = traitlets.Unicode("").tag(sync=True)  # this notebook's copy in the browser's storage
    storage_prefix = traitlets.Unicode("").tag(sync=True)  # every notebook's copy of this session starts so
    download_key = traitlets.Unicode("").tag(sync=True)  # when this notebook's work was last downloaded
    drafts: traitlets.Dict[str, dict[str, str]] = traitlets.Dict().tag(sync=True)  # exercise -> its sheet's draft
    file_names: traitlets.Dict[str, str] = traitlets.Dict().tag(sync=True)  # the answers file's name, with/without ID
    id_pattern = traitlets.Unicode(PARTICIPANT_ID.pattern).tag(sync=True)
    max_file_bytes = traitlets.Int(MAX_SENT_FILE_BYTES).tag(sync=True)  # a larger file is refused by the browser
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
        # The workbook holds its listeners weakly; ipywidgets keeps every open widget, so the Keeper lasts.
        workbook.listen(self)

    def update(self) -> None:
        """Send the browser the answers as they are now (after every save and restore)."""
        self.answers = self.workbook.answers.to_dict()
        self.fresh = is_fresh(self.workbook)

    # The browser's copy of the answers follows every save and restore.
    def after_save(self, status: str, ok: bool) -> None:
        self.update()

    def refresh(self) -> None:
        self.update()

    # -- messages from the browser -------------------------------------------

    def _on_message(self, _widget: object, content: object, buffers: object) -> None:
        try:
            self._handle(content, buffers)
        except Exception:  # never a traceback in the participant's output
            log.debug("keeper message not handled", exc_info=True)

    def _handle(self, content: object, buffers: object = ()) -> None:
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
            elif kind == "restore_file":
                text = self.restore_file(content.get("name"), buffers)
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

    def restore_file(self, name: object, buffers: object) -> str:
        """Restore my work: the answers in the file the participant chose (a hand-in notebook or an answers file)."""
        shown = shown_file_name(name)  # only ever used in messages: the file is never written under it
        self.workbook.restore(shown, sent_file(buffers, shown))
        return messages.text("handin.restored", file=shown)
