"""Widget messages are handled on the kernel's main thread, one after another, even when the browser sends
them to a subshell, as JupyterLab does by default with ipykernel 7 (workbooks/kernel_messages.py).

A real kernel, a real subshell: the client sends a comm's messages the way JupyterLab does, with the
subshell's id in their header, and the kernel records which thread handled each.
"""

from __future__ import annotations

import json
import time

import pytest
from jupyter_client.manager import start_new_kernel

pytestmark = pytest.mark.slow

MESSAGES = 5

# A comm whose handler notes which thread ran it and answers, as the sheet acknowledges what it is sent:
# ipykernel sends a comm's next message to the thread of the message its last answer replied to.
# ``ordered`` says whether the workbooks' routing is on.
SETUP = """
import json, threading, comm
from workbooks.kernel_messages import keep_widget_messages_in_order
if {ordered}:
    keep_widget_messages_in_order()
handled = []
probe = comm.create_comm(target_name="workbooks-probe")
def note(msg):
    handled.append([msg["content"]["data"]["n"], threading.current_thread().name])
    probe.send({{"ack": msg["content"]["data"]["n"]}})
probe.on_msg(note)
print(json.dumps(probe.comm_id))
"""


def run(client, code: str) -> str:
    printed: list[str] = []

    def keep(message: dict) -> None:
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            raise AssertionError("\n".join(message["content"]["traceback"]))

    client.execute_interactive(code, output_hook=keep, timeout=30)
    return "".join(printed)


@pytest.fixture
def kernel():
    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=60)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def wait_for_answer(client, n: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        message = client.get_iopub_msg(timeout=30)
        if message["msg_type"] == "comm_msg" and message["content"]["data"].get("ack") == n:
            return
    raise AssertionError(f"no answer to message {n}")


def handled_by(client, ordered: bool) -> list[list]:
    """Which thread handled each of MESSAGES comm messages sent to a fresh subshell, in the order handled."""
    comm_id = json.loads(run(client, SETUP.format(ordered=ordered)))
    request = client.session.msg("create_subshell_request", {})
    client.control_channel.send(request)
    reply = client.control_channel.get_msg(timeout=30)
    assert reply["content"]["status"] == "ok", reply["content"]
    subshell = reply["content"]["subshell_id"]
    for n in range(MESSAGES):  # one at a time, each after the answer to the last, as a participant types
        message = client.session.msg("comm_msg", {"comm_id": comm_id, "data": {"n": n}})
        message["header"]["subshell_id"] = subshell  # as JupyterLab sends widget messages by default
        client.shell_channel.send(message)
        wait_for_answer(client, n)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        handled = json.loads(run(client, "print(json.dumps(handled))"))
        if len(handled) == MESSAGES:
            return handled
        time.sleep(0.2)
    raise AssertionError(f"the kernel handled only {handled}")


def test_the_kernel_can_run_comm_messages_on_a_subshell_thread(kernel):
    """Without the workbooks' routing a subshell thread handles them: the danger is real in this kernel, and
    the test below could fail."""
    info = kernel.kernel_info(reply=True)["content"]
    assert "kernel subshells" in info.get("supported_features", []), "this ipykernel has no subshells"
    threads = {thread for _, thread in handled_by(kernel, ordered=False)}
    assert threads - {"MainThread"}, threads


def test_every_comm_message_is_handled_on_the_main_thread_in_the_order_sent(kernel):
    handled = handled_by(kernel, ordered=True)
    assert handled == [[n, "MainThread"] for n in range(MESSAGES)]
