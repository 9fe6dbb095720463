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
        return f"user:{self.user_id}" if self.user_id is not None else f"apikey:{self.api_key_id}"

    @property
    def is_person(self) -> bool:
        return self.user_id is not None

    def has(self, *roles: str) -> bool:
        return self.role in roles


ALL_ROLES: tuple[str, ...] = (*(r.value for r in Role), BATCH)
