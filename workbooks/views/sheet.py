"""An editable table (or a one-record form) of text boxes, drawn by the browser itself.

Two troubles with a form of ipywidgets Text boxes and an "Add row" button made
this component necessary:

* Lost keystrokes. ipywidgets holds back a widget's value updates while one of
  its messages is pending, but a button's click goes out at once, so the kernel
  could handle "Add row" before it had the last letters typed.
  Here the browser sends the *whole* content of the sheet, in order, as custom
  messages (which are never held back), so a later message can never lack text
  an earlier one had.
* A silent dead end after a kernel restart. Widgets keep looking alive while
  nothing typed reaches the kernel. Here the kernel answers every message (an
  "ack"); when answers stop coming the sheet says so, keeps what is typed in the
  browser's storage and sends it back once the workbook runs again.

The browser side is ``sheet.js`` (with ``sheet.css``); every word it shows comes
from ``locales/en.json`` through the ``strings`` trait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypedDict

import anywidget
import traitlets

from .. import messages
from ..static import widget_css, widget_esm

log = logging.getLogger(__name__)

Rows = list[dict[str, str]]
RowsCallback = Callable[[Rows, str], object]
Layout = Literal["table", "form"]
# Why the browser sent the rows: a pause in typing, a choice in a drop-down list, a button, leaving a box,
# or text kept in the browser while the kernel was gone.
REASONS = frozenset({"typing", "pick", "add", "remove", "blur", "restore"})
MAX_VIEW_ID = 64  # characters; a view id is a short random name made by sheet.js
NO_STATUS: dict[str, object] = {"text": "", "ok": None}


class Field(TypedDict):
    """One column of a table, or one box of a form."""

    name: str         # the key in each row
    label: str        # column header or box label
    multiline: bool   # a text area rather than a one-line box
    placeholder: str
    hint: str         # shown under the label from the start, e.g. "at least 15 words"
    counter: str      # a live word count under the box: a template with {count}; "" for none
    group: str        # a form's boxes under one heading (a fieldset and its legend); "" for none
    options: list[list[str]]  # [value, label] pairs: a drop-down list rather than a box; [] for a box


def field(name: str, label: str, *, multiline: bool = False, placeholder: str = "", hint: str = "",
          counter: str = "", group: str = "", options: Sequence[tuple[str, str]] = ()) -> Field:
    return Field(name=name, label=label, multiline=multiline, placeholder=placeholder, hint=hint, counter=counter,
                 group=group, options=[[value, text] for value, text in options])


def ui_strings() -> dict[str, str]:
    """The words sheet.js shows. Texts with ``{n}`` or ``{field}`` are kept as templates for the browser to fill."""
    return {
        "add": messages.text("sheet.add"),
        "remove": messages.text("sheet.remove"),
        "removeRow": messages.text("sheet.remove_row", n="{n}"),
        "row": messages.text("sheet.row", n="{n}"),
        "rowHeader": messages.text("sheet.row_header"),
        "cell": messages.text("sheet.cell", field="{field}", n="{n}"),
        "namedCell": messages.text("sheet.named_cell", field="{field}", row="{row}"),
        "added": messages.text("sheet.added", n="{n}"),
        "removed": messages.text("sheet.removed", n="{n}"),
        "problem": messages.text("sheet.problem"),
        "gone": messages.text("sheet.gone"),
        "back": messages.text("sheet.back"),
    }


def clean_rows(data: object, names: Sequence[str]) -> Rows | None:
    """Rows as the browser sent them, keeping only the declared fields; None if they are not rows of texts.

    A missing field reads as empty; any value that is not text refuses the whole message.
    """
    if not isinstance(data, list):
        return None
    rows: Rows = []
    for item in data:
        if not isinstance(item, dict):
            return None
        values = {name: item.get(name, "") for name in names}
        if not all(isinstance(value, str) for value in values.values()):
            return None
        rows.append(values)
    return rows


def _fields(value: object) -> list[Field]:
    if not isinstance(value, list):
        raise traitlets.TraitError("fields must be a list")
    result: list[Field] = []
    for item in value:
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not item["name"]:
            raise traitlets.TraitError(f"each field needs a name: {item!r}")
        options = item.get("options", [])
        if not isinstance(options, list | tuple) or not all(
                isinstance(o, list | tuple) and len(o) == 2 and all(isinstance(t, str) for t in o) for o in options):
            raise traitlets.TraitError(f"options are [value, label] pairs of texts: {item!r}")
        result.append(field(item["name"], str(item.get("label", item["name"])), multiline=bool(item.get("multiline")),
                            placeholder=str(item.get("placeholder", "")), hint=str(item.get("hint", "")),
                            counter=str(item.get("counter", "")), group=str(item.get("group", "")),
                            options=[(value, text) for value, text in options]))
    names = [f["name"] for f in result]
    if len(set(names)) != len(names):
        raise traitlets.TraitError(f"field names must differ: {names}")
    return result


class Sheet(anywidget.AnyWidget):
    """Rows of text boxes the participant edits; ``on_rows`` hears every change, with the whole content.

    ::

        sheet = Sheet([field("name", "Name"), field("purpose", "Purpose", multiline=True, hint=...)],
                      caption=..., storage_key=f"workbooks/{session}/{exercise}")
        sheet.on_rows(lambda rows, reason: ...)  # save; then set sheet.status and sheet.cell_messages
        sheet.rows = saved_rows                   # after a restore: the browser redraws

    A table always shows at least one row to type in, and removing the only row empties it, so the
    rows heard may include blank ones: the callback decides what a blank row means.
    """

    # sheet.js and sheet.css beside this file (by suffix: tests/test_messages.py takes a literal "x.js" for a key).
    _esm = widget_esm(Path(__file__).with_suffix(".js"))
    _css = widget_css("workbooks-sheet", Path(__file__).with_suffix(".css"))

    fields: traitlets.List[Field] = traitlets.List().tag(sync=True)
    layout = traitlets.Enum(("table", "form"), default_value="table").tag(sync=True)
    rows: traitlets.List[dict[str, str]] = traitlets.List().tag(sync=True)  # the kernel's truth; see _rows_version
    caption = traitlets.Unicode("").tag(sync=True)
    strings = traitlets.Dict().tag(sync=True)
    cell_messages = traitlets.Dict().tag(sync=True)  # "rowIndex:fieldName" -> message shown under that box
    status: traitlets.Dict[str, object] = traitlets.Dict(NO_STATUS).tag(sync=True)  # {"text", "ok": bool|None}
    storage_key = traitlets.Unicode("").tag(sync=True)  # the browser's localStorage key; "" keeps nothing there
    # A table with one row per label (the phases of a mountain): no rows added or removed.
    row_labels: traitlets.List[str] = traitlets.List(traitlets.Unicode()).tag(sync=True)
    # What each of those rows stands for (phase names), kept with the browser's copy so that the Keeper
    # can put rows typed while the kernel was gone back in their place.
    row_keys: traitlets.List[str] = traitlets.List(traitlets.Unicode()).tag(sync=True)
    # "rowIndex:fieldName" -> that box's placeholder, in place of its field's.
    cell_placeholders: traitlets.Dict[str, str] = traitlets.Dict().tag(sync=True)
    # "rowIndex:fieldName" of boxes that take nothing (the top phase has no next phase): shown, not typed in.
    closed_cells: traitlets.List[str] = traitlets.List(traitlets.Unicode()).tag(sync=True)
    # Counts the times Python set ``rows``. The browser redraws from ``rows`` only when this changes: rows it
    # sent itself come back too (as an ordinary trait update), but by then the participant may have typed on.
    _rows_version = traitlets.Int(0).tag(sync=True)

    def __init__(self, fields: Sequence[Field | Mapping[str, Any]], *, layout: Layout = "table",
                 rows: Rows | None = None, caption: str = "", storage_key: str = "",
                 row_labels: Sequence[str] = (), row_keys: Sequence[str] = (), **kwargs: Any) -> None:
        self._callbacks: list[RowsCallback] = []
        self._last_seq: dict[str, int] = {}  # per browser view: its views each count their own messages
        self._taking_browser_rows = False
        self._failed = False
        # Fields are checked first: the check of the rows (in whatever order traitlets runs it) reads them.
        super().__init__(fields=_fields(list(fields)), layout=layout, row_labels=list(row_labels),
                         row_keys=list(row_keys),
                         rows=list(rows or []), caption=caption,
                         storage_key=storage_key, strings=ui_strings(), **kwargs)
        self.on_msg(self._on_message)

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def on_rows(self, callback: RowsCallback, remove: bool = False) -> None:
        """Call ``callback(rows, reason)`` with the sheet's whole content each time the participant changes it."""
        if remove:
            self._callbacks.remove(callback)
        else:
            self._callbacks.append(callback)

    # -- traits --------------------------------------------------------------

    @traitlets.validate("fields")
    def _valid_fields(self, proposal: traitlets.Bunch) -> list[Field]:
        return _fields(proposal["value"])

    @traitlets.validate("rows")
    def _valid_rows(self, proposal: traitlets.Bunch) -> Rows:
        rows = clean_rows(proposal["value"], self.field_names)
        if rows is None:
            raise traitlets.TraitError("rows must be a list of dicts of str")
        if self.layout == "form":
            if len(rows) > 1:
                raise traitlets.TraitError("a form holds exactly one record")
            rows = rows or [dict.fromkeys(self.field_names, "")]
        elif self.row_labels:
            blank = dict.fromkeys(self.field_names, "")
            rows = (rows + [dict(blank) for _ in self.row_labels])[:len(self.row_labels)]
        return rows

    @property
    def fixed_rows(self) -> int | None:
        """How many rows the sheet always has (a form's one, a labelled table's), or None if rows come and go."""
        return 1 if self.layout == "form" else len(self.row_labels) or None

    @traitlets.observe("rows")
    def _rows_changed(self, _change: traitlets.Bunch) -> None:
        if not self._taking_browser_rows:
            self._rows_version += 1

    @contextmanager
    def _from_browser(self) -> Iterator[None]:
        self._taking_browser_rows = True
        try:
            yield
        finally:
            self._taking_browser_rows = False

    # -- messages from the browser -------------------------------------------

    def _on_message(self, _widget: object, content: object, _buffers: object) -> None:
        try:
            self._handle(content)
        except Exception:  # never a traceback in the participant's output
            log.debug("sheet message not handled", exc_info=True)

    def _handle(self, content: object) -> None:
        if not isinstance(content, dict):
            return
        seq, view = content.get("seq"), content.get("view", "")
        if type(seq) is not int or seq < 0 or not isinstance(view, str) or len(view) > MAX_VIEW_ID:
            return
        if content.get("type") == "ping":
            self._ack(seq, True)
            return
        if content.get("type") != "rows" or content.get("reason") not in REASONS:
            return
        reason: str = content["reason"]
        rows = clean_rows(content.get("rows"), self.field_names)
        if rows is None or self.fixed_rows not in (None, len(rows)):
            return
        if seq <= self._last_seq.get(view, -1):
            self._ack(seq, True)  # older than content already handled: the kernel is alive and up to date
            return
        self._last_seq[view] = seq
        with self._from_browser():
            self.rows = rows
        self._ack(seq, self._tell(rows, reason))

    def _tell(self, rows: Rows, reason: str) -> bool:
        """Run the callbacks; False (and a friendly status) if one failed."""
        ok = True
        for callback in list(self._callbacks):
            try:
                callback([dict(row) for row in rows], reason)
            except Exception:  # the participant gets a sentence, never a traceback
                log.debug("sheet callback failed", exc_info=True)
                ok = False
        failure = {"text": messages.text("sheet.not_saved"), "ok": False}
        if not ok and self.status.get("ok") is not False:  # a callback that said why keeps its reason
            self.status = failure
        elif self._failed and self.status == failure:
            self.status = dict(NO_STATUS)
        self._failed = not ok
        return ok

    def _ack(self, seq: int, ok: bool) -> None:
        # ok False: the kernel has the rows but could not keep them, so the browser keeps its copy too.
        self.send({"type": "ack", "seq": seq, "ok": ok})
