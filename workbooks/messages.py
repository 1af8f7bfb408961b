"""Every piece of text a participant sees, looked up by key.

The English table lives in ``locales/en.json``; a translation is another file
beside it (``locales/<lang>.json``) chosen with ``WORKBOOKS_LANG``. Keys missing
from a translation fall back to English.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "en"


@cache
def _table(language: str) -> dict[str, str]:
    path = LOCALES / f"{language}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def language() -> str:
    return os.environ.get("WORKBOOKS_LANG", DEFAULT_LANGUAGE)


def text(key: str, **params: object) -> str:
    """The participant-facing text for ``key``, with ``{placeholders}`` filled in."""
    template = _table(language()).get(key) or _table(DEFAULT_LANGUAGE)[key]
    return template.format(**params) if params else template
