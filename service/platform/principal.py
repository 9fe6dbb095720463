"""Who is calling: a logged-in user or a machine client with an API key."""

from dataclasses import dataclass

from models.enums import Role

BATCH = "batch"  # the role of API-key clients: may compute shortlists, never decide


@dataclass(frozen=True)
class Principal:
    role: str  # a Role value or BATCH
    organisation_id: int
    user_id: int | None = None
    api_key_id: int | None = None

    @property
    def label(self) -> str:
        if self.user_id is not None:
            return f"user:{self.user_id}"
        # Neither a person nor a key: the service acting on its own (a stale list recomputed).
        return f"apikey:{self.api_key_id}" if self.api_key_id is not None else "system"

    @property
    def is_person(self) -> bool:
        return self.user_id is not None

    def has(self, *roles: str) -> bool:
        return self.role in roles


ALL_ROLES: tuple[str, ...] = (*(r.value for r in Role), BATCH)
