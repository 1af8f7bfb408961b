"""``python -m workbooks``: the facilitator's command (see ``workbooks --help``)."""

import sys

from .facilitator.cli import main

sys.exit(main())
