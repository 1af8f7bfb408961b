"""The ``workbooks`` command: one subcommand per step of the facilitator's cycle."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from pathlib import Path

from .course import Course, CourseError
from .progress import Progress
from .safe import console

# Subcommand -> module, in the order a facilitator uses them.
STEPS = {
    "release": "release",
    "collect": "collect",
    "grade": "grade",
    "export": "export",
    "report": "dashboard",
    "badges": "badges",
    "gallery": "gallery",
}
GUIDE = "docs/facilitator-guide.md"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbooks",
        description="Run a cohort through the Community Building Workbooks: release the workbooks, "
                    "collect what participants hand in, grade it safely, and give feedback, "
                    "badges and a cohort dashboard.",
        epilog=f"The whole cycle, step by step: {GUIDE}")
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)
    for name, module_name in STEPS.items():
        module = importlib.import_module(f".{module_name}", __package__)
        sub = steps.add_parser(name, help=module.HELP, description=module.DESCRIPTION,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        common = sub.add_argument_group("course")
        common.add_argument("--course", type=Path, default=None, metavar="PATH",
                            help="the course folder (default: the current folder or the nearest one above it)")
        common.add_argument("--db-url", default="", metavar="URL",
                            help="the gradebook's database, e.g. postgresql+psycopg://user@host/db "
                                 "(default: gradebook.db in the course folder, or $WORKBOOKS_DB_URL)")
        common.add_argument("--exchange", default=None, metavar="PATH",
                            help="nbgrader's exchange folder on a shared JupyterHub "
                                 "(default: $WORKBOOKS_EXCHANGE, or Exchange.root in nbgrader_config.py)")
        common.add_argument("--quiet", action="store_true", help="no progress bar")
        common.add_argument("--debug", action="store_true", help="show the full error when something fails")
        module.add_arguments(sub)
        sub.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    progress = Progress(enabled=not args.quiet)
    try:
        course = Course.find(args.course, db_url=args.db_url, exchange=args.exchange)
        summary = args.module.run(course, args, progress)
    except CourseError as problem:
        # Course errors can quote a file or folder name, which may come from a participant.
        print(f"workbooks {args.step}: {console(problem)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"workbooks {args.step}: stopped. Everything finished so far is kept.", file=sys.stderr)
        return 130
    except Exception as problem:  # a bug of ours: say so plainly, keep the details for a bug report
        if args.debug:
            traceback.print_exc()
        print(f"workbooks {args.step} stopped on an unexpected error: {console(repr(problem))}. "
              "Files already written are kept. Run again with --debug for the details.", file=sys.stderr)
        return 1
    print(summary.render())
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
