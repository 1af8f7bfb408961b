"""nbgrader's side: find a submission's answers before its outputs are cleared.

``RestoreAnswers`` runs first when nbgrader autogrades. It takes the newest copy
of the answers, from the side file handed in beside the notebook or from the
notebook's own outputs, and stores it in the notebook's metadata, where the
grading kernel reads it. It never stops a batch: a problem is logged and the
notebook is graded on whatever answers could be read.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

from .answers import newest, parse_json
from .models import AnswerError
from .notebook_copy import embedded, store_in_metadata
from .sessions import get


class RestoreAnswers(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        notebook_id = (resources.get("nbgrader") or {}).get("notebook", "")
        try:
            spec = get(notebook_id)
        except AnswerError:
            self.log.info("No workbook session for notebook %r; nothing to restore", notebook_id)
            return nb, resources
        copies = embedded(spec, nb)
        side_file = Path((resources.get("metadata") or {}).get("path") or ".") / spec.answer_file
        try:
            copies.append(parse_json(spec, side_file.read_bytes()))
        except FileNotFoundError:
            pass
        except (OSError, AnswerError) as problem:
            self.log.warning("Ignoring unreadable answer file %s: %s", side_file, problem)
        best = newest(copies)
        store_in_metadata(nb, best)
        if best is None:
            self.log.warning("No answers found for %s", notebook_id)
        else:
            self.log.info("Grading answers saved at %s", best.saved_at)
            for problem in best.problems:
                self.log.warning("Answers for %s: %s", notebook_id, problem)
        return nb, resources
