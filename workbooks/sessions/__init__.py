"""The course's sessions, in order."""

from __future__ import annotations

from ..exercises import Session
from ..models import AnswerError
from . import session1, session2, session3, session4, session5, session6

# The one list a new session is added to.
SESSIONS: tuple[Session, ...] = (session1.SESSION, session2.SESSION, session3.SESSION, session4.SESSION,
                                  session5.SESSION, session6.SESSION)


def all_sessions() -> tuple[Session, ...]:
    return SESSIONS


def session_ids() -> list[str]:
    return [s.id for s in SESSIONS]


def get(session_id: str) -> Session:
    for session in SESSIONS:
        if session.id == session_id:
            return session
    raise AnswerError("error.unknown_session", session=session_id)
