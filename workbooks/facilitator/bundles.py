"""Listing a folder of hand-ins safely, and unpacking its .zip and .tar bundles within limits.

Links, special files and unsafe bundle entries (absolute paths, ``..``, links) are
reported, never followed or unpacked; entries are copied to fresh temporary files.
"""

from __future__ import annotations

import os
import re
import stat
import tarfile
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..notebook_copy import MAX_NOTEBOOK_BYTES
from .progress import Outcome

# The statuses of the rows in reports/collect.csv. HELD: someone's work that collect will not
# file by itself (its clues disagree, or it cannot be filed as it is); a person decides.
FILED, NOTED, SKIPPED, UNPACKED, HELD = "filed", "filed-with-note", "skipped", "unpacked", "held"

# Limits: a notebook or answers file over MAX_FILE_BYTES is not read at all; an
# archive may be at most MAX_BUNDLE_BYTES, and may unpack (nested archives
# included) to at most MAX_UNPACKED_BYTES in MAX_BUNDLE_ENTRIES files.
MAX_FILE_BYTES = MAX_NOTEBOOK_BYTES
MAX_BUNDLE_BYTES = 1_000_000_000
MAX_UNPACKED_BYTES = 1_000_000_000
MAX_BUNDLE_ENTRIES = 5_000
MAX_NESTING = 2  # a bundle inside a bundle is unpacked; one level deeper is not

NOTEBOOK_EXTENSIONS = (".ipynb", ".json")
BUNDLE_EXTENSIONS = (".zip", ".tar.gz", ".tgz", ".tar")
SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
SYSTEM_FOLDERS = {"__macosx", ".ipynb_checkpoints", ".git"}
TEMPORARY_PREFIX = ".workbooks-collect-"


@dataclass(frozen=True)
class Found:
    """One file to read: in FOLDER, or unpacked from a bundle into the temporary folder."""

    label: str   # how the report names it: its path under FOLDER, "bundle.zip > inner/name" inside bundles
    name: str    # its own file name, readable
    path: Path   # where its bytes are now (never written to)
    size: int
    mtime: float
    notes: tuple[str, ...] = ()


@dataclass
class Budget:
    """What one top-level bundle may still unpack."""

    entries: int = field(default_factory=lambda: MAX_BUNDLE_ENTRIES)
    bytes: int = field(default_factory=lambda: MAX_UNPACKED_BYTES)


def readable(name: str) -> tuple[str, bool]:
    """A file name as text, and whether it was valid UTF-8; bad bytes come back escaped: caf\\xe9."""
    raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), True


def not_utf8_note(name: str) -> str:
    return f"the file name is not valid UTF-8 text (shown as {name})"


def ignored_reason(parts: list[str]) -> str:
    """Why a file is left out without being read (system files, checkpoints), or ""."""
    lowered = [p.casefold() for p in parts if p]
    if not lowered:
        return ""
    if ".ipynb_checkpoints" in lowered[:-1]:
        return "a JupyterLab checkpoint copy, ignored (the notebook itself is what counts)"
    if any(p in SYSTEM_FOLDERS or p.startswith(TEMPORARY_PREFIX) for p in lowered[:-1]):
        return "a file from a system folder, ignored"
    if lowered[-1] in SYSTEM_FILES or lowered[-1].startswith("._"):
        return "a system file, ignored"
    return ""


def extension(name: str) -> str:
    lowered = name.casefold()
    for ext in (*NOTEBOOK_EXTENSIONS, *BUNDLE_EXTENSIONS):
        if lowered.endswith(ext):
            return ext
    return os.path.splitext(lowered)[1]


def list_folder(folder: Path) -> tuple[list[Found], list[Outcome]]:
    """Every file under ``folder``; links and special files are reported, never followed."""
    found: list[Found] = []
    outcomes: list[Outcome] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in dirs:
            if os.path.islink(os.path.join(root, name)):
                label = readable(os.path.relpath(os.path.join(root, name), folder))[0]
                outcomes.append(Outcome(label, SKIPPED, "a link to a folder, not followed"))
        for name in sorted(files):
            path = Path(root) / name
            label, bad_name = readable(os.path.relpath(path, folder))
            try:
                info = path.lstat()
            except OSError as problem:
                outcomes.append(Outcome(label, SKIPPED, f"could not be read: {plain_error(problem)}"))
                continue
            if stat.S_ISLNK(info.st_mode):
                outcomes.append(Outcome(label, SKIPPED, "a link, not followed: put the file itself in the folder"))
            elif not stat.S_ISREG(info.st_mode):
                outcomes.append(Outcome(label, SKIPPED, "not a regular file"))
            else:
                notes = (not_utf8_note(label),) if bad_name else ()
                found.append(Found(label, readable(name)[0], path, info.st_size, info.st_mtime, notes))
    return found, outcomes


def gather(files: list[Found], unpack_to: Path) -> tuple[list[Found], list[Outcome]]:
    """The notebooks and answer files among ``files``, bundles unpacked; everything else reported."""
    result: list[Found] = []
    outcomes: list[Outcome] = []
    for found in files:
        try:
            _take(found, unpack_to, result, outcomes, depth=0, budget=None)
        except Exception as problem:  # one odd file must never stop the batch
            outcomes.append(Outcome(found.label, SKIPPED, f"could not be read: {unexpected_error(problem)}"))
    return result, outcomes


def _take(found: Found, unpack_to: Path, result: list[Found], outcomes: list[Outcome], depth: int,
          budget: Budget | None) -> None:
    reason = ignored_reason(found.label.split("/")) if depth == 0 else ""  # entries were checked when unpacked
    ext = extension(found.name)
    if reason:
        outcomes.append(Outcome(found.label, SKIPPED, reason))
    elif ext in NOTEBOOK_EXTENSIONS:
        result.append(found)
    elif ext not in BUNDLE_EXTENSIONS:
        outcomes.append(Outcome(found.label, SKIPPED,
                                "not a notebook (.ipynb), answers file (.json) or bundle (.zip, .tar.gz)"))
    elif depth >= MAX_NESTING:
        outcomes.append(Outcome(found.label, SKIPPED, "a bundle nested too deep inside other bundles: not unpacked"))
    else:
        budget = budget or Budget()  # one budget for a bundle and everything nested in it
        entries, rows = unpack(found, unpack_to, budget)
        outcomes.extend(rows)
        for entry in entries:
            _take(entry, unpack_to, result, outcomes, depth + 1, budget)


def unpack(bundle: Found, into: Path, budget: Budget) -> tuple[list[Found], list[Outcome]]:
    """The files inside a bundle, each copied to a new temporary file under ``into`` (names are never used
    as paths, so no entry can land outside it); rows for the bundle and for entries not unpacked."""
    if bundle.size > MAX_BUNDLE_BYTES:
        return [], [Outcome(bundle.label, SKIPPED, f"too big: {megabytes(bundle.size)}, and a bundle may be "
                                                   f"at most {megabytes(MAX_BUNDLE_BYTES)}")]
    folder = Path(tempfile.mkdtemp(prefix="bundle-", dir=into))
    found: list[Found] = []
    rows: list[Outcome] = []
    try:
        if extension(bundle.name) == ".zip":
            stopped = _unpack_zip(bundle, folder, budget, found, rows)
        else:
            stopped = _unpack_tar(bundle, folder, budget, found, rows)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as problem:
        return [], [Outcome(bundle.label, SKIPPED, f"a damaged or unreadable bundle ({plain_error(problem)})")]
    if stopped:
        return [], [Outcome(bundle.label, SKIPPED, stopped)]
    count = len(found) + len(rows)
    row = Outcome(bundle.label, UNPACKED, f"a bundle of {count} file{'s' * (count != 1)}, "
                                          "each with its own row in this report")
    return found, [row, *rows]


@dataclass(frozen=True)
class EntryName:
    """A bundle entry's name: as shown (bad bytes escaped), its last part, and whether it was valid UTF-8."""

    raw: bytes

    @property
    def parts(self) -> list[bytes]:
        return self.raw.replace(b"\\", b"/").split(b"/")

    @property
    def shown(self) -> str:
        return self.raw.decode("utf-8", "backslashreplace")

    @property
    def base(self) -> str:
        return self.parts[-1].decode("utf-8", "backslashreplace")

    @property
    def bad(self) -> bool:
        return not _is_utf8(self.raw)

    def unsafe(self) -> str:
        """Why unpacking this name as a path would reach outside the folder, or ""."""
        if self.raw.startswith((b"/", b"\\")) or re.match(rb"^[A-Za-z]:", self.raw):
            return "an absolute path inside the bundle, not unpacked"
        if b".." in self.parts:
            return "a path that climbs out of the bundle (../), not unpacked"
        return ""

    def ignored(self) -> str:
        return ignored_reason([p.decode("utf-8", "backslashreplace") for p in self.parts])


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def zip_entry_name(info: zipfile.ZipInfo) -> EntryName:
    if info.flag_bits & 0x800:
        return EntryName(info.filename.encode("utf-8"))
    return EntryName(info.filename.encode("cp437"))  # zipfile decoded the raw bytes as cp437


def _unpack_zip(bundle: Found, folder: Path, budget: Budget, found: list[Found], rows: list[Outcome]) -> str:
    with zipfile.ZipFile(bundle.path) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        declared = sum(i.file_size for i in infos)
        if len(infos) > budget.entries or declared > budget.bytes:
            return (f"not unpacked: it would unpack to {len(infos)} files and {megabytes(declared)}, over the "
                    f"limit of {MAX_BUNDLE_ENTRIES} files and {megabytes(MAX_UNPACKED_BYTES)} (a zip bomb?)")
        budget.entries -= len(infos)
        for info in infos:
            name = zip_entry_name(info)
            label = f"{bundle.label} > {name.shown}"
            reason = name.unsafe() or name.ignored()
            if not reason and stat.S_ISLNK(info.external_attr >> 16):
                reason = "a link inside the bundle, not unpacked"
            if not reason and info.file_size > _entry_limit(name.base):
                reason = f"too big: {megabytes(info.file_size)} once unpacked, so not read (a zip bomb?)"
            if reason:
                rows.append(Outcome(label, SKIPPED, reason))
                continue
            target = folder / f"{len(found) + len(rows)}{extension(name.base)}"
            try:
                with archive.open(info) as source:
                    size = _copy_limited(source, target, min(_entry_limit(name.base), budget.bytes))
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error, OSError) as problem:
                rows.append(Outcome(label, SKIPPED, f"could not be unpacked ({plain_error(problem)})"))
                continue
            if size is None:  # the entry's header understated its size
                rows.append(Outcome(label, SKIPPED, "too big once unpacked, so not read (a zip bomb?)"))
                continue
            budget.bytes -= size
            notes = (not_utf8_note(name.shown),) if name.bad else ()
            found.append(Found(label, name.base, target, size, _zip_time(info), bundle.notes + notes))
    return ""


def _unpack_tar(bundle: Found, folder: Path, budget: Budget, found: list[Found], rows: list[Outcome]) -> str:
    with tarfile.open(bundle.path, "r:*", encoding="utf-8", errors="surrogateescape") as archive:
        while (member := archive.next()) is not None:  # one header at a time, so a bomb stops early
            if member.isdir():
                continue
            budget.entries -= 1
            budget.bytes -= member.size if member.isfile() else 0
            if budget.entries < 0 or budget.bytes < 0:
                return (f"not unpacked: it holds more than {MAX_BUNDLE_ENTRIES} files or "
                        f"{megabytes(MAX_UNPACKED_BYTES)} (a tar bomb?)")
            name = EntryName(member.name.encode("utf-8", "surrogateescape"))
            label = f"{bundle.label} > {name.shown}"
            reason = name.unsafe()
            if not reason and (member.issym() or member.islnk()):
                reason = "a link inside the bundle, not unpacked"
            elif not reason and not member.isfile():
                reason = "not a regular file, not unpacked"
            reason = reason or name.ignored()
            if not reason and member.size > _entry_limit(name.base):
                reason = f"too big: {megabytes(member.size)}, so not read"
            if reason:
                rows.append(Outcome(label, SKIPPED, reason))
                continue
            target = folder / f"{len(found) + len(rows)}{extension(name.base)}"
            size = _copy_limited(archive.extractfile(member), target, member.size)
            notes = (not_utf8_note(name.shown),) if name.bad else ()
            found.append(Found(label, name.base, target, size or 0, float(member.mtime), bundle.notes + notes))
    return ""


def _entry_limit(name: str) -> int:
    return MAX_BUNDLE_BYTES if extension(name) in BUNDLE_EXTENSIONS else MAX_FILE_BYTES


def _copy_limited(source, target: Path, limit: int) -> int | None:
    """Copies at most ``limit`` bytes; returns the size, or None (and keeps nothing) when there was more."""
    copied = 0
    with target.open("wb") as out:
        while chunk := source.read(1 << 20):
            copied += len(chunk)
            if copied > limit:
                break
            out.write(chunk)
    if copied > limit:
        target.unlink()
        return None
    return copied


def _zip_time(info: zipfile.ZipInfo) -> float:
    try:
        return datetime(*info.date_time).timestamp()
    except (ValueError, OverflowError):
        return 0.0


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB" if size >= 1_000_000 else f"{max(size, 1) / 1000:.0f} kB"


def plain_error(problem: BaseException) -> str:
    text = getattr(problem, "strerror", None) or str(problem) or type(problem).__name__
    return text.rstrip(".")


def unexpected_error(problem: Exception) -> str:
    return f"an unexpected problem ({type(problem).__name__}: {problem}); please report it"
