"""nbgrader settings for the course. Run nbgrader commands from this folder."""

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.plugins.zipcollect import FileNameCollectorPlugin
from nbgrader.preprocessors import (
                                    AssignLatePenalties,
                                    ClearMarkScheme,
                                    ClearOutput,
                                    DeduplicateIds,
                                    GetGrades,
                                    OverwriteCells,
                                    OverwriteKernelspec,
                                    SaveAutoGrades,
)

from workbooks.grading import CheckCellMetadataQuickly, GradeFromAnswers, MarkUnchecked, RestoreAnswers
from workbooks.sessions import session_ids

c = get_config()  # noqa: F821 (provided by nbgrader)

SESSIONS = session_ids()  # as declared in workbooks/sessions/

c.CourseDirectory.course_id = "community-building"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
# Participants' answer files never travel from source/ into release/.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "*_answers.json", "*_answers.*.json"]

# The participant-facing cells keep their one short call; only the worked
# example inside the solution markers is removed.
c.ClearSolutions.code_stub = {"python": "# Nothing to type here: use the boxes this cell shows."}
c.ClearSolutions.text_stub = "Nothing to type here: use the boxes above."

# Hand-ins are "<participant id>__<session>.ipynb", optionally with the side file
# "<participant id>__<session>_answers.json".
c.ZipCollectApp.collector_plugin = FileNameCollectorPlugin
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[A-Za-z0-9][A-Za-z0-9_-]*?)__"
    r"(?P<file_id>session\d+(?:_answers\.json|\.ipynb))$"
)
c.FileNameCollectorPlugin.valid_ext = [".ipynb", ".json"]

# Grading reads the participant's saved answers, never widget defaults, and runs
# none of the notebook's code: the checks run here, on the answers (workbooks/grading.py).
# Every autograded cell fails until a check has passed, so a missed step scores 0.
c.Autograde.sanitize_preprocessors = [RestoreAnswers, ClearOutput, DeduplicateIds, OverwriteKernelspec,
                                      OverwriteCells, CheckCellMetadataQuickly, MarkUnchecked]
# (Sanitising has checked the cells' metadata; grading from answers changes only outputs.)
c.Autograde.autograde_preprocessors = [GradeFromAnswers, SaveAutoGrades, AssignLatePenalties]
c.Autograde.exclude_overwriting = {s: [f"{s}_answers.json"] for s in SESSIONS}
c.OverwriteCells.add_missing_cells = True
# Check each notebook's format once, after the last step, not after every step (0.05 s a notebook).
c.Exporter.optimistic_validation = True

# Feedback goes back to participants: nbgrader's default keeps the mark schemes in it.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, ClearMarkScheme]
# ... and would run any script a participant put in a Markdown cell or an output. This exporter
# sanitises both (nh3) and writes a page that allows no script (workbooks/facilitator/feedback_html.py).
c.GenerateFeedback.exporter_class = "workbooks.facilitator.feedback_html.FeedbackExporter"
# The formgrader shows the same notebooks to the facilitator: sanitised the same way.
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.filters = {"clean_html": "workbooks.facilitator.safe_html.clean_html",
                          "strip_files_prefix": "workbooks.facilitator.safe_html.clean_rendered_markdown"}

c.Execute.store_widget_state = False
c.Execute.timeout = 60
c.Execute.startup_timeout = 120
c.ExecutePreprocessor.kernel_name = "python3"
