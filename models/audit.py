"""The append-only audit trail: who did what to which object, when."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, json_field, utcnow, with_examples


class AuditEvent(SQLModel, table=True):
    """Written in the same transaction as the action it records; never updated by any endpoint.

    ``subject_seeker`` is a pseudonym (keyed hash) of the seeker concerned, so erasure can leave the
    trail intact without leaving the person identifiable in it.
    """

    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_user_id: int | None = Field(default=None, index=True)
    actor_label: str = Field(max_length=200)  # "user:12", "apikey:ab12cd", "system"
    actor_role: str = Field(max_length=32)
    action: str = Field(max_length=64, index=True)  # seeker.read, decision.create, seeker.erase, …
    object_type: str = Field(max_length=64)
    object_id: str | None = Field(default=None, max_length=64)
    subject_seeker: str | None = Field(default=None, max_length=64, index=True)
    detail: dict[str, object] = json_field(default_factory=dict)


class AuditEventPublic(SQLModel):
    model_config = with_examples(
        {
            "id": 16,
            "at": "2026-12-06T09:21:40Z",
            "actor_user_id": 1,
            "actor_label": "user:1",
            "actor_role": "staff",
            "action": "seeker.read",
            "object_type": "seeker",
            "object_id": "30",
            "subject_seeker": "d0390649920ae919d6cdeca670b78eaa",
            "detail": {"via": "shortlist"},
        }
    )

    id: int
    at: datetime
    actor_user_id: int | None
    actor_label: str
    actor_role: str
    action: str
    object_type: str
    object_id: str | None
    subject_seeker: str | None
    detail: dict[str, object]
