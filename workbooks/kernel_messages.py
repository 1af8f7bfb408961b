"""Widget messages handled one at a time, in the order the browser sent them, on the kernel's main thread.

ipykernel 7 can run comm messages on subshells: threads of their own, beside the main one. JupyterLab 4.4
and later send widget messages there by default ("commsOverSubshells"), and ipykernel sends each message of
a comm to the thread that last spoke on it. Two widgets of one exercise can so be handled on two threads:
text typed in a box, then Check my work, were checked before the text arrived (seen in the browser suite);
two saves could run at once, and beside a running cell.

Every view here assumes one message after another, as before ipykernel 7, so every comm message is sent to
the main shell. ipykernel has no public switch for it: its comms ask ``_reply_subshell_for`` where each
message goes (ipykernel 7.4, pinned in requirements.txt; tests/test_kernel_messages.py runs a real kernel
with a subshell and fails if the answer is no longer heeded).
"""

from __future__ import annotations

from typing import Any

MAIN_SHELL = None  # ipykernel's subshell id for the main shell


def _to_main_shell(_comm: Any, _data: Any, _default: str | None) -> None:
    return MAIN_SHELL


def keep_widget_messages_in_order() -> bool:
    """Send every comm message of this kernel to its main shell; False where there are no subshells to avoid
    (an older ipykernel, or Pyodide's kernel in the in-browser edition)."""
    try:
        from ipykernel.comm.comm import BaseComm
    except ImportError:
        return False
    if not hasattr(BaseComm, "_reply_subshell_for"):
        return False
    BaseComm._reply_subshell_for = _to_main_shell  # type: ignore[method-assign]
    return True
