"""The rate limit on occupation suggestions: each one classifies a whole ad, so a loop must not own a CPU."""

from datetime import timedelta

from sqlmodel import Session

from models.base import utcnow
from service.platform import ratelimit
from service.platform.config import Settings
from service.platform.errors import TooManyRequests
from service.platform.principal import Principal

WINDOW = timedelta(minutes=1)
PREFIX = "occ-suggest"


def check_suggestion_rate(session: Session, principal: Principal, settings: Settings) -> None:
    """Count this suggestion for the caller; 429 (``Retry-After``) beyond the per-minute limit.

    Counted in the database, so every worker process shares one count per user or API key.
    """
    now = utcnow()
    limit = settings.occupation_suggestions_per_minute
    if not ratelimit.take(session, ratelimit.rate_key(PREFIX, principal.label), limit, WINDOW, now):
        refused = TooManyRequests(f"at most {limit} occupation suggestions a minute; try again in a minute")
        refused.retry_after = int(WINDOW.total_seconds())
        raise refused
    ratelimit.purge(session, f"{PREFIX}:", now - WINDOW)
