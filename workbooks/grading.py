"""nbgrader's side: grade a hand-in from its saved answers, without running it.

Autograde runs two lists of preprocessors (``nbgrader_config.py``):

- sanitize: ``RestoreAnswers`` first, while the participant's outputs are still
  there, takes the newest copy of the answers (the side file handed in beside
  the notebook, or the copy in the notebook's outputs) and stores it in the
  notebook's metadata; nbgrader's own steps then clear outputs and put back
  locked cells; ``MarkUnchecked`` last gives every autograded cell a failing
  output, so a notebook that no later step checks scores 0, never full marks.
- autograde: ``GradeFromAnswers`` runs each exercise's check here, in the
  trusted process, on the stored answers, writes the verdict as the check
  cell's output and the answers as static HTML under each exercise, so the
  formgrader and the feedback show them. No kernel starts and nothing the
  participant typed into a cell runs: their cells stay in the notebook as text.

``workbooks grade --execute`` swaps ``GradeFromAnswers`` for nbgrader's
``Execute`` in a sandboxed kernel, as any nbgrader course does.

None of these stops a batch: a problem is logged, and recorded in the
notebook's metadata for ``workbooks grade`` to report.
"""

from __future__ import annotations

import traceback
from html import escape
from pathlib import Path
from typing import Any

from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from nbformat.v4 import new_output
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator, SchemaTooNewError, SchemaTooOldError
from nbgrader.preprocessors import CheckCellMetadata, NbGraderPreprocessor
from traitlets import Bool

from . import messages
from .answers import Answers, readable_time
from .cell_roles import repair_roles
from .cells import SETUP_GRADE_ID, grade_id, nbgrader_meta
from .checks import StillToDo
from .exercises import Session
from .models import AnswerError
from .notebook_copy import METADATA_KEY, answers_bundle, store_in_metadata, stored_answers
from .sessions import get
from .store import AnswerStore

# Where GradeFromAnswers records what it did, and RestoreAnswers what it repaired, beside the stored answers.
GRADING_KEY = "grading"
REPAIRS_KEY = "repairs"
CHARTER_CELL = "charter"
UNCHECKED = "NotChecked"
NOT_MET = StillToDo.__name__  # what a failing check raises when the notebook runs, so reports read alike


def _session(resources: dict[str, Any]) -> Session | None:
    notebook_id = (resources.get("nbgrader") or {}).get("notebook", "")
    try:
        return get(notebook_id)
    except AnswerError:
        return None


def _is_autograded(cell: Any) -> bool:
    return cell.get("cell_type") == "code" and nbgrader_meta(cell).get("grade") is True


def _failure(name: str, text: str) -> Any:
    """An error output: nbgrader scores the cell 0 and shows ``text``."""
    return new_output("error", ename=name, evalue=text, traceback=[text])


def _html(html: str, plain: str) -> Any:
    return new_output("display_data", data={"text/html": html, "text/plain": plain})


class RestoreAnswers(NbGraderPreprocessor):
    """Put the graded cells right (``cell_roles``: the setup cell too, which nbgrader's
    add_missing_cells would not), then store the newest copy of the answers in the notebook's
    metadata, before outputs are cleared."""

    def preprocess(self, nb, resources):
        spec = _session(resources)
        if spec is None:
            self.log.info("No workbook session for this notebook; nothing to restore")
            return nb, resources
        repairs = [problem.message for problem in repair_roles(spec, nb, self._lesson_cells(resources))]
        for repair in repairs:
            self.log.warning("%s: %s", spec.id, repair)
        folder = Path((resources.get("metadata") or {}).get("path") or ".")
        store = AnswerStore(spec, folder, folder / spec.notebook, read_only=True)
        answers, notices = store.load()
        for notice in notices:
            self.log.warning("Answers for %s: %s", spec.id, notice)
        if answers.is_empty():
            self.log.warning("No answers found for %s", spec.id)
        else:
            self.log.info("Grading answers saved at %s", answers.saved_at)
        store_in_metadata(nb, answers)
        nb.metadata[METADATA_KEY][REPAIRS_KEY] = repairs
        return nb, resources

    def _lesson_cells(self, resources) -> set[str] | None:
        """The grade ids of the released notebook's locked cells, as the gradebook knows them."""
        info = resources.get("nbgrader") or {}
        try:
            from nbgrader.api import Gradebook

            with Gradebook(info["db_url"]) as gradebook:
                notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
                return {cell.name for cell in notebook.source_cells}
        except Exception:  # noqa: BLE001 (no gradebook entry yet: the declarations alone will do)
            return None


class MarkUnchecked(NbGraderPreprocessor):
    """Fail every autograded cell until a check replaces the output: a missed step scores 0."""

    enabled = Bool(True)  # not configurable: turning it off would turn misconfiguration into full marks

    def preprocess(self, nb, resources):
        reason = messages.text("grading.not_checked")
        for cell in nb.cells:
            if _is_autograded(cell):
                cell.outputs = [_failure(UNCHECKED, reason)]
                cell.execution_count = None
        return nb, resources


class GradeFromAnswers(NbGraderPreprocessor):
    """Check the stored answers here, and show them, without running any cell."""

    # nbconvert preprocessors are off unless enabled; this one must always run where it is listed.
    enabled = Bool(True)

    def preprocess(self, nb, resources):
        spec = _session(resources)
        record: dict[str, Any] = {"checked": {}, "problems": []}
        answers = stored_answers(spec, nb) if spec is not None else None
        if spec is None:
            record["problems"].append("not one of the course's workbook sessions: nothing was checked")
        elif answers is None or answers.is_empty():
            record["problems"].append("no answers were found in the hand-in (neither in the notebook nor "
                                      "in an answers file beside it): every check scored 0")
        for cell in nb.cells:
            if cell.get("cell_type") != "code":
                continue
            cell.execution_count = None
            if spec is None:
                continue
            if _is_autograded(cell):
                cell.outputs = [self._check(spec, answers, grade_id(cell), record)]
            else:
                cell.outputs = self._shown(spec, answers, grade_id(cell))
        metadata = nb.setdefault("metadata", {}).setdefault(METADATA_KEY, {})
        metadata[GRADING_KEY] = record
        for problem in record["problems"]:
            self.log.warning("%s: %s", (resources.get("nbgrader") or {}).get("notebook", "?"), problem)
        return nb, resources

    def _check(self, spec: Session, answers: Answers | None, cell_id: str, record: dict[str, Any]) -> Any:
        graded = spec.grade_cell(cell_id)
        if graded is None or graded.by_hand:
            record["problems"].append(f"{cell_id} is not a check this session declares: scored 0")
            return _failure(UNCHECKED, messages.text("grading.unknown_check"))
        if answers is None or answers.is_empty():
            record["checked"][cell_id] = False
            return _failure(NOT_MET, messages.text("grading.no_answers"))
        result = answers.check(graded.exercise)
        record["checked"][cell_id] = result.passed
        if not result.passed:
            return _failure(NOT_MET, result.message)
        from .static import message_html

        return _html(message_html(result.message, True), result.message)

    def _shown(self, spec: Session, answers: Answers | None, cell_id: str) -> list[Any]:
        """What a cell displays when the notebook runs under nbgrader, made here instead."""
        if cell_id == SETUP_GRADE_ID:
            if answers is None:
                text = messages.text("grading.no_answers")
                return [_html(f"<p>{escape(text)}</p>", text)]
            # As when the notebook runs: the status, carrying the answers graded.
            status = messages.text("status.graded", saved_at=readable_time(answers.saved_at))
            return [new_output("display_data", data=answers_bundle(answers, status))]
        exercise = next((e for e in spec.exercises if e.answer_id == cell_id), None)
        if exercise is not None:
            from .kinds import render
            from .static import paragraph

            if exercise.ungraded:  # graders read these only in the cohort summary, without names
                text = messages.text("static.not_graded")
                return [_html(paragraph(text), text)]
            if answers is None:
                return []
            return [_html(render(answers.models[exercise.name]), messages.text(f"{exercise.name}.title"))]
        if cell_id == CHARTER_CELL and answers is not None:
            from .charter import markdown

            text = markdown(answers)
            return [_html(f"<pre>{escape(text)}</pre>", text)]
        return []  # the participant's own cells, and the lesson's: kept as text, never run


_SCHEMA_VALIDATORS: dict[int, Validator] = {}  # by nbgrader's metadata schema version


def _schema_validator(version: int, schema: dict[str, Any]) -> Validator:
    if version not in _SCHEMA_VALIDATORS:
        _SCHEMA_VALIDATORS[version] = validator_for(schema)(schema)
    return _SCHEMA_VALIDATORS[version]


class _SchemaCheckedOnce(BaseMetadataValidator):
    """nbgrader's check of a cell's metadata against its schema, with the schema's validator made once
    per process: nbgrader's (``jsonschema.validate``) checks the schema itself again for every cell."""

    def validate_cell(self, cell: Any) -> None:
        if "nbgrader" not in cell.metadata:
            return
        metadata = cell.metadata["nbgrader"]
        version = metadata.get("schema_version", 0)
        if version < self.schema_version:
            raise SchemaTooOldError(f"Outdated schema version: {version} (expected {self.schema_version})",
                                    version, self.schema_version)
        if version > self.schema_version:
            raise SchemaTooNewError(f"Schema version is too new: {version} (expected {self.schema_version})",
                                    version, self.schema_version)
        _schema_validator(self.schema_version, self.schema).validate(metadata)


class _QuickMetadataValidator(MetadataValidator, _SchemaCheckedOnce):
    """nbgrader's MetadataValidator; its ``super().validate_cell`` lands on ``_SchemaCheckedOnce``."""


class CheckCellMetadataQuickly(CheckCellMetadata):
    """nbgrader's ``CheckCellMetadata`` with the same verdicts, 20 times faster (0.1 s a notebook less)."""

    def preprocess(self, nb, resources):
        try:
            _QuickMetadataValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            message = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(message)
            raise ValidationError(message) from None
        return nb, resources


def _ours(notebook: dict[str, Any]) -> dict[str, Any]:
    metadata = notebook.get("metadata")
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    return ours if isinstance(ours, dict) else {}


def grading_record(notebook: dict[str, Any]) -> dict[str, Any] | None:
    """What ``GradeFromAnswers`` recorded in a graded notebook, or None when it did not run."""
    record = _ours(notebook).get(GRADING_KEY)
    return record if isinstance(record, dict) else None


def repairs_made(notebook: dict[str, Any]) -> list[str]:
    """The graded cells ``RestoreAnswers`` put right before grading, in words for the facilitator."""
    repairs = _ours(notebook).get(REPAIRS_KEY)
    return [str(r) for r in repairs] if isinstance(repairs, list) else []
