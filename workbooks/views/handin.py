"""Download my work / Restore my work.

Download my work is the Keeper (``keeper.py``), drawn by the browser, so that it works even after
the kernel has gone; Restore my work is an ipywidgets FileUpload, which needs the kernel.
"""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from .common import Feedback, guarded, heading
from .host import Host
from .keeper import Keeper
from .keyboard import exercise_box


class HandInView:
    def __init__(self, workbook: Host) -> None:
        self.workbook = workbook
        self.keeper = Keeper(workbook)
        # ipywidgets always adds the number of files chosen to the label: "Restore my work (0)".
        self.upload = widgets.FileUpload(accept=".ipynb,.json", multiple=False,
                                         description=messages.text("handin.restore"),
                                         tooltip=messages.text("handin.restore"),
                                         layout=widgets.Layout(width="auto"))
        self.feedback = Feedback()
        self.upload.observe(lambda change: self._restore(change["new"]), names="value")
        self.widget = exercise_box(
            heading("handin.title"),
            widgets.HTML(f"<p>{messages.text('handin.help')}</p>"),
            self.keeper,
            heading("handin.restore_title", level=5),
            widgets.HTML(f"<p>{messages.text('handin.restore_help')}</p>"),
            self.upload, self.feedback,
        )
        workbook.listen(self)

    # The keeper's copy of the answers follows every save and restore.
    def after_save(self, status: str, ok: bool) -> None:
        self.keeper.update()

    def refresh(self) -> None:
        self.keeper.update()

    def _restore(self, uploaded) -> None:
        if not uploaded:
            return
        item = uploaded[0]

        def restore() -> str:
            self.workbook.restore(item["name"], bytes(item["content"]))
            return messages.text("handin.restored", file=item["name"])

        guarded(self.feedback, restore)
        self.upload.value = ()
