"""Short-lived signed access tokens (JWT, HS256) and hashed API keys."""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from service.platform.config import Settings
from service.platform.errors import NotAuthenticated

ALGORITHM = "HS256"
API_KEY_PREFIX_LEN = 8


def create_access_token(
    settings: Settings,
    *,
    user_id: int,
    role: str,
    organisation_id: int,
    session_key: str,
    session_version: int = 0,
) -> str:
    """A signed token for a user; ``sk`` and ``sv`` are the user's session key and version (both checked
    against the account on every request), ``sid`` names this login (CSRF)."""
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "role": role,
        "org": organisation_id,
        "sk": session_key,
        "sv": session_version,
        "sid": secrets.token_urlsafe(12),
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_minutes),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def decode_access_token(settings: Settings, token: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token, settings.secret_key, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated("the access token has expired; log in again") from exc
    except jwt.PyJWTError as exc:
        raise NotAuthenticated("the access token is not valid") from exc


def new_api_key() -> tuple[str, str, str]:
    """(full key shown once, prefix for look-up, hash to store)."""
    key = "mk_" + secrets.token_urlsafe(32)
    return key, key[: API_KEY_PREFIX_LEN + 3], hash_api_key(key)


def hash_api_key(key: str) -> str:
    # Keys are high-entropy random strings, so a fast hash is enough (unlike passwords).
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_matches(key: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_api_key(key), stored_hash)
