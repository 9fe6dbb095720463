"""What runs beside the app while it serves: the batched audit writer, the pool warmer and the
recomputation of stale shortlists."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from service.engine.pools import get_ranking_engine
from service.engine.warmup import PoolWarmer
from service.jobs.stale_lists import StaleListRefresher
from service.platform.audit_writer import AuditWriter
from service.platform.config import Settings
from service.platform.db import get_engine


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the audit writer, build the API schema and warm the pools before serving; write every queued
    event on the way out."""
    settings: Settings = app.state.settings
    db = get_engine()
    writer = (
        AuditWriter(db, max_delay_s=settings.audit_flush_ms / 1000).start()
        if settings.audit_flush_ms
        else None
    )
    warmer = refresher = None
    if settings.warmup:
        if settings.show_docs:
            # Made on the first request instead, the API schema holds the event loop for a second or more
            # (every other request waits) and can time the first visitor of /docs out.
            await anyio.to_thread.run_sync(app.openapi)
        warmer = PoolWarmer(get_ranking_engine(), db, interval_s=settings.warmup_interval_s).start()
        # Serve once the first pass is done (bounded: a huge cold pool keeps warming while we serve).
        await anyio.to_thread.run_sync(warmer.wait_ready, settings.warmup_wait_s)
        interval = settings.warmup_interval_s
        refresher = StaleListRefresher(get_ranking_engine(), db, interval_s=interval).start()
    app.state.audit_writer, app.state.pool_warmer = writer, warmer
    try:
        yield
    finally:
        if refresher is not None:
            await anyio.to_thread.run_sync(refresher.stop)
        if warmer is not None:
            await anyio.to_thread.run_sync(warmer.stop)
        if writer is not None:
            await anyio.to_thread.run_sync(writer.close)
