"""The peer of ``bench_read.py``: a minimal FastAPI app that returns the same JSON body.

``PEER_BODY`` names a file with the body our service answered; ``/sync`` returns it from a plain ``def``
(run in the thread pool, as our route is), ``/async`` from an ``async def``. FastAPI encodes the dict
on every request, as any app that returns data does.
"""

import json
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI

BODY: dict[str, Any] = json.loads(Path(os.environ["PEER_BODY"]).read_text(encoding="utf-8"))

app = FastAPI()


@app.get("/sync")
def sync_body() -> dict[str, Any]:
    return BODY


@app.get("/async")
async def async_body() -> dict[str, Any]:
    return BODY
