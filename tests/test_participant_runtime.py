"""What a participant's kernel needs: no pandas and no numpy, which the in-browser (Pyodide) edition cannot load.

In a fresh interpreter where importing either fails, every session's workbook opens, every exercise's view
is built with its worked example (charts included), drawn as static HTML, checked and saved, and the hand-in
panel and the strategy pack are made.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import os, sys, tempfile
    sys.modules["pandas"] = None   # import pandas now raises ImportError
    sys.modules["numpy"] = None
    os.chdir(tempfile.mkdtemp())
    from workbooks import Workbook, kinds, sessions
    from workbooks.views.handin import HandInView
    from workbooks.strategy_pack import pack_html, pack_markdown
    for spec in sessions.all_sessions():
        workbook = Workbook(spec.id, os.getcwd())
        for exercise in spec.exercises:
            if exercise.example:
                workbook.models[exercise.name].load(dict(exercise.example))
            view = workbook.view(exercise.name)
            view.refresh()
            kinds.render(workbook.models[exercise.name])
            if exercise.check:
                workbook.check_result(exercise.name)
        workbook.save()
        HandInView(workbook)
        pack_html([workbook.answers]), pack_markdown([workbook.answers])
    print("participant runtime ok")
""")


def test_a_participants_workbooks_run_without_pandas_or_numpy():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "participant runtime ok" in done.stdout


def test_the_check_can_fail():
    """Guards the test above: the same interpreter set-up does refuse pandas."""
    done = subprocess.run([sys.executable, "-c", 'import sys; sys.modules["pandas"] = None; import pandas'],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "import of pandas halted" in done.stderr
