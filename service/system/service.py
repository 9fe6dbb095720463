"""System switches kept in the database, so every process and batch job sees the same state."""

from sqlmodel import Session

from models import SystemSetting
from models.base import utcnow

MANUAL_MODE = "manual_mode"


def is_manual_mode(session: Session) -> bool:
    """In manual mode the engine ranks nothing: ranking endpoints answer 503 and batch jobs write nothing."""
    row = session.get(SystemSetting, MANUAL_MODE)
    return row is not None and row.value == "true"


def set_manual_mode(session: Session, on: bool, *, user_id: int | None) -> None:
    row = session.get(SystemSetting, MANUAL_MODE) or SystemSetting(key=MANUAL_MODE, value="false")
    row.value = "true" if on else "false"
    row.updated_at = utcnow()
    row.updated_by = user_id
    session.add(row)
    session.flush()


def manual_mode_setting(session: Session) -> SystemSetting | None:
    """The stored switch (with when and by whom it was last set), or None if never set."""
    return session.get(SystemSetting, MANUAL_MODE)
