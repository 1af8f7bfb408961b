"""The facilitator's side: release, collect, grade, export, report and badges.

Each step is a module with ``add_arguments(parser)`` and ``run(course, args,
progress) -> Summary``; ``cli`` turns them into the ``workbooks`` command. They
build on nbgrader's own commands and gradebook.
"""
