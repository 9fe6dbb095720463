"""A new API key shown once after a redirect (POST-redirect-GET), held server-side until that page.

The secret waits in ``models.FormHandoff`` under a random token bound to the admin who made it, for a few
minutes at most; the first page that shows it empties the row, so neither a reload nor a copied link
shows it again (or makes a second key).
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, delete, select

from models import FormHandoff
from models.base import utcnow
from service.platform.principal import Principal

PURPOSE = "api_key"
KEEP = timedelta(minutes=10)


@dataclass(frozen=True)
class ShownKey:
    name: str
    key: str


def hand_over_key(session: Session, principal: Principal, name: str, key: str) -> str:
    """Keep the new key for the page the browser is sent to next; returns the token naming it."""
    if principal.user_id is None:
        raise ValueError("a key is handed over to a signed-in user")
    stale = col(FormHandoff.created_at) < utcnow() - KEEP
    session.exec(delete(FormHandoff).where(col(FormHandoff.purpose) == PURPOSE, stale))  # type: ignore[call-overload]
    token = secrets.token_urlsafe(32)
    session.add(
        FormHandoff(token=token, user_id=principal.user_id, purpose=PURPOSE, body=key, meta={"name": name})
    )
    return token


def one_time_key(session: Session, principal: Principal, token: str) -> ShownKey | None:
    """The key under this token, once, for the admin who made it; None after that or for anyone else."""
    row = session.exec(
        select(FormHandoff).where(
            FormHandoff.token == token[:64],
            FormHandoff.user_id == principal.user_id,
            FormHandoff.purpose == PURPOSE,
        )
    ).first()
    if row is None:
        return None
    shown = ShownKey(str(row.meta.get("name", "")), row.body) if row.created_at >= utcnow() - KEEP else None
    session.delete(row)
    return shown
