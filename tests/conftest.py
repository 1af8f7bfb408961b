"""Fixtures shared by the plain (no browser, no nbgrader) tests, and how the suite is split between two workers."""

from __future__ import annotations

import os
import re

import pytest

from view_support import fill_disk
from workbooks import Workbook

# The modules that drive JupyterLab in Chromium: all marked "browser", all named so (checked below).
BROWSER_MODULE = re.compile(r"(?:^|/)test_\w*browser\w*\.py$")


def pytest_collection_modifyitems(config, items):
    """The browser tests come first: on two workers they are the longest queue (see below)."""
    for item in items:
        if bool(item.get_closest_marker("browser")) != bool(BROWSER_MODULE.search(item.nodeid.split("::")[0])):
            raise pytest.UsageError(f"{item.nodeid}: a browser test must be in a test_*browser*.py module, "
                                    "and every test there marked browser")
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


def pytest_xdist_make_scheduler(config, log):
    """``make test`` runs two pytest-xdist workers. The browser tests are one queue, run one after another on
    one worker: two JupyterLabs and Chromiums at once on two cores make them slow and timing-sensitive. Every
    other module is a unit of its own, so its module fixtures are built once, on whichever worker is free.
    (pytest-xdist's own ``loadgroup`` cannot rename pytest 9's node ids, so the grouping is done here.)"""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "browser" if BROWSER_MODULE.search(module) else module

    config.option.loadscopereorder = False  # keep the collection's order: the browser queue first
    return BrowserTestsTogether(config, log)


@pytest.fixture(scope="session", autouse=True)
def badge_key_outside_home(tmp_path_factory):
    """``workbooks badges`` (in-process or as a subprocess) signs with a throw-away key, never one in
    the real per-user configuration folder."""
    previous = os.environ.get("WORKBOOKS_BADGE_KEY")
    os.environ["WORKBOOKS_BADGE_KEY"] = str(tmp_path_factory.mktemp("badge-key") / "issuer-key.pem")
    yield
    if previous is None:
        os.environ.pop("WORKBOOKS_BADGE_KEY", None)
    else:
        os.environ["WORKBOOKS_BADGE_KEY"] = previous


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for a browser test module (imported here only when a test asks for it)."""
    from browser_support import headless_chromium

    with headless_chromium() as chromium:
        yield chromium


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty folder to work in, and an environment free of nbgrader, Jupyter and language settings."""
    monkeypatch.chdir(tmp_path)
    for name in ("NBGRADER_EXECUTION", "JPY_SESSION_NAME", "WORKBOOKS_LANG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def workbook(folder):
    """A fresh, writable session 2 workbook in ``folder``."""
    return Workbook("session2", folder)


@pytest.fixture
def workbook1(folder):
    """A fresh, writable session 1 workbook in ``folder``."""
    return Workbook("session1", folder)


@pytest.fixture
def workbook3(folder):
    """A fresh, writable session 3 workbook in ``folder``."""
    return Workbook("session3", folder)


@pytest.fixture
def workbook4(folder):
    """A fresh, writable session 4 workbook in ``folder``."""
    return Workbook("session4", folder)


@pytest.fixture
def disk_full(monkeypatch):
    """Every save fails as it would on a full disk."""
    fill_disk(monkeypatch)


_NOT_FRIENDLY = re.compile(r"Traceback|\b\w+Error\b|\bNone\b|object at 0x|[{}<>]|^\s|\s$")


@pytest.fixture
def assert_friendly():
    """Checks that a message (or an exception's message) is a plain sentence for a participant."""
    def check(message: object) -> str:
        text = str(message)
        assert text, "empty message"
        assert not _NOT_FRIENDLY.search(text), f"not a friendly message: {text!r}"
        assert text[0].isupper() or text[0] in "“\"(", f"does not start like a sentence: {text!r}"
        assert text.rstrip("”\")")[-1] in ".!?", f"does not end like a sentence: {text!r}"
        return text
    return check
