"""The manual-mode switch (admins) and the system status every logged-in caller may read."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from models.base import StrictSchema, with_examples
from models.enums import Role
from service.auth.deps import SessionDep, require
from service.platform import audit
from service.platform.principal import ALL_ROLES, Principal
from service.system.service import is_manual_mode, manual_mode_setting, set_manual_mode

router = APIRouter(tags=["system"])


class SystemStatus(BaseModel):
    model_config = with_examples({"manual_mode": False, "manual_mode_changed_at": "2026-11-30T16:45:00Z"})

    manual_mode: bool  # on: the engine ranks nothing; people match by hand
    manual_mode_changed_at: datetime | None


class ManualModeSwitch(StrictSchema):
    model_config = with_examples({"enabled": True})

    enabled: bool


def _status(session: SessionDep) -> SystemStatus:
    row = manual_mode_setting(session)
    return SystemStatus(
        manual_mode=is_manual_mode(session), manual_mode_changed_at=row.updated_at if row else None
    )


@router.get("/system/status", response_model=SystemStatus)
def system_status(
    session: SessionDep, principal: Annotated[Principal, Depends(require(*ALL_ROLES))]
) -> SystemStatus:
    """Whether the engine is in manual mode (it ranks nothing; people match by hand) and since when; for
    every logged-in caller, so staff see it before they press compute."""
    return _status(session)


@router.put("/admin/manual-mode", response_model=SystemStatus)
def switch_manual_mode(
    session: SessionDep,
    principal: Annotated[Principal, Depends(require(Role.ADMIN))],
    body: ManualModeSwitch,
) -> SystemStatus:
    """Switch the engine off (manual mode: ranking answers 503, batch jobs write nothing) or on again."""
    before = is_manual_mode(session)
    set_manual_mode(session, body.enabled, user_id=principal.user_id)
    audit.record(
        session, principal, "system.manual_mode", "system", "manual_mode",
        detail={"from": before, "to": body.enabled},
    )  # fmt: skip
    session.flush()
    return _status(session)
