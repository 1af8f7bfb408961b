"""What is wrong with a handed-in file, in words a facilitator can act on, and the copy collect can file instead.

nbgrader reads notebooks as UTF-8 JSON that nbformat accepts, and writes them
back as UTF-8. So a UTF-16 file, a byte-order mark, or a lone surrogate escape
("\\ud800") in the answers makes autograde stop with a traceback. ``decode``
reads any of those, and says what it converted: collect files the converted
UTF-8 copy (the participant's own file is never changed). ``format_problem``
says why nbformat would refuse a notebook. ``notebook_problems`` gives the same
reasons for a notebook already filed, for ``workbooks grade``.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..cell_roles import role_problems
from ..models import AnswerError
from ..notebook_copy import MAX_NOTEBOOK_BYTES, embedded
from ..sessions import get as get_session

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
ENCODING_NAMES = {"utf-8-sig": "UTF-8 with a byte-order mark (BOM) at the start", "utf-16": "UTF-16 text",
                  "utf-16-le": "UTF-16 text", "utf-16-be": "UTF-16 text", "utf-32": "UTF-32 text",
                  "utf-32-le": "UTF-32 text", "utf-32-be": "UTF-32 text"}
NOT_JSON = ("not a notebook: the file is not readable JSON text (damaged, cut short, or another kind of file with "
            "a notebook's name)")


@dataclass
class Decoded:
    """A file's JSON, and what had to be converted to read it as nbgrader reads files (UTF-8, valid text)."""

    data: object = None
    problem: str = ""                                      # why it cannot be read at all ("" when it can)
    conversions: list[str] = field(default_factory=list)   # what was converted, in words
    converted: bytes | None = None                         # UTF-8 bytes to file instead, when anything was

    replaced: int = 0                                      # lone surrogates replaced with U+FFFD

    @property
    def note(self) -> str:
        """What collect did about the conversions: "it was UTF-16 text, ...: a UTF-8 copy was filed"."""
        if not self.conversions:
            return ""
        replaced = f", with {REPLACEMENT} (U+FFFD) for each such character" if self.replaced else ""
        return (f"{' and '.join(self.conversions)}, which nbgrader cannot read: a converted UTF-8 copy was "
                f"filed{replaced} (the file handed in is unchanged)")


def decode(content: bytes) -> Decoded:
    """The JSON in ``content``, converted to what nbgrader can read when that is safe."""
    encoding = json.detect_encoding(content)
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:
        return Decoded(problem="not a notebook: its text is not UTF-8 (nor UTF-16), so it cannot be read; "
                               "ask the participant to download their work again")
    text = text.removeprefix("\ufeff")  # a byte-order mark left by utf-16 or utf-32 decoding
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return Decoded(problem=NOT_JSON)
    decoded = Decoded(data)
    if encoding != "utf-8":
        decoded.conversions.append(f"it was {ENCODING_NAMES.get(encoding, encoding)}")
    replaced = _count_surrogates(data)
    if replaced:
        data = _replace_surrogates(data)
        decoded.data, decoded.replaced = data, replaced
        decoded.conversions.append(f"it held {replaced} character{'s' * (replaced != 1)} that "
                                   f"{'is' if replaced == 1 else 'are'} not valid text (a lone surrogate, "
                                   "such as \\ud800)")
        decoded.converted = (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    elif decoded.conversions:
        decoded.converted = text.encode("utf-8")  # the same JSON text, only re-encoded
    return decoded


def _count_surrogates(value: object) -> int:
    if isinstance(value, str):
        return len(LONE_SURROGATE.findall(value))
    if isinstance(value, dict):
        return sum(_count_surrogates(k) + _count_surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_count_surrogates(v) for v in value)
    return 0


def _replace_surrogates(value: object) -> object:
    if isinstance(value, str):
        return LONE_SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {_replace_surrogates(k): _replace_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_surrogates(v) for v in value]
    return value


def format_problem(notebook: object) -> str:
    """Why nbformat (and so nbgrader) would refuse this notebook, or "" when it accepts it."""
    import nbformat

    version = notebook.get("nbformat") if isinstance(notebook, dict) else None
    if version != 4 or isinstance(version, bool):  # nbformat's own message would be an internal error
        return f"not a valid Jupyter notebook (its format version is {json.dumps(version)}, not 4)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat warns about what it can mend itself (cell ids)
            nbformat.validate(nbformat.reads(json.dumps(notebook), as_version=4))
    except Exception as problem:  # nbformat raises several kinds, and some that are its own bugs
        detail = (str(problem).strip().splitlines() or [type(problem).__name__])[0]
        return f"not a valid Jupyter notebook ({detail[:160]})"
    return ""


def unreadable_for_nbgrader(content: bytes) -> str:
    """Why nbgrader could not read these bytes as they are ("" when it can)."""
    decoded = decode(content)
    if decoded.problem:
        return decoded.problem
    if decoded.conversions:
        return f"{' and '.join(decoded.conversions)}, which nbgrader cannot read"
    data = decoded.data
    return format_problem(data) if isinstance(data, dict) and isinstance(data.get("cells"), list) else ""


def notebook_problems(path: Path, session: str) -> list[str]:
    """Why the notebook at ``path`` cannot be graded as it is, or what grading repairs in it; [] when fine.

    For ``workbooks grade`` to explain a submission nbgrader could not grade.
    """
    try:
        size = path.stat().st_size
        content = path.read_bytes() if size <= MAX_NOTEBOOK_BYTES else b""
    except OSError as problem:
        return [f"the notebook could not be read ({problem.strerror or problem})"]
    if size > MAX_NOTEBOOK_BYTES:
        return ["the notebook is too big to grade"]
    if not content:
        return ["the notebook is an empty file: ask the participant to download their work again"]
    decoded = decode(content)
    if decoded.problem:
        return [decoded.problem]
    found = []
    if decoded.conversions:
        found.append(f"{' and '.join(decoded.conversions)}, which nbgrader cannot read: run workbooks collect "
                     "again on the file handed in (it files a converted copy), or ask for a new download")
    notebook = decoded.data
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return [*found, "not a notebook: it is JSON, but has no cells"]
    refused = format_problem(notebook)
    if refused:
        found.append(f"{refused}: nbgrader cannot grade it; run workbooks collect again on the file handed in "
                     "(it files the answers inside with a blank notebook), or ask for a new download")
    try:
        spec = get_session(session)
    except AnswerError:
        return found
    found += [p.message for p in role_problems(spec, notebook)]
    copies = embedded(spec, notebook)
    found += dict.fromkeys(f"damaged answers: {p}" for c in copies for p in c.problems)
    return found
