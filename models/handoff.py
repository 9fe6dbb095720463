"""Data a user's two-step form holds on the server between its steps.

An upload is previewed first and written only when the user confirms: the parsed file waits here, keyed
by a random token and bound to the user who sent it (another user's token finds nothing). A new API key
is shown once after a redirect (POST-redirect-GET): the secret waits here until that one page is shown.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, json_field, utcnow


class FormHandoff(SQLModel, table=True):
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=32)  # "upload" | "api_key"
    # The upload's text or the new key's secret; emptied once used.
    body: str = Field(default="", sa_type=Text)
    digest: str = Field(default="", max_length=64)  # sha256 of body, checked before it is used
    meta: dict[str, Any] = json_field(default_factory=dict)
    result: dict[str, Any] = json_field(default_factory=dict)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    done_at: datetime | None = None
