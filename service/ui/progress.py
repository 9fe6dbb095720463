"""The shortlist computation with real progress: run in the background, reported step by step.

With JavaScript the page starts the computation here and polls its state; each step is reported as it
starts (reading the profiles, preparing the search among N seekers — the long part on a cold pool —,
ranking and explaining, saving). Without JavaScript the form posts to the plain route in
``service.ui.workflow`` and the page comes back when the list is ready. A job lives in this process only
and is visible to the person who started it; with several worker processes a poll that reaches another
worker answers 404 and the script falls back to the plain post.
"""

import logging
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session

from models.enums import Role
from service.auth.deps import SessionDep
from service.engine.pools import get_ranking_engine, seeker_profiles
from service.platform.db import get_engine
from service.platform.errors import Conflict, MatcherError, NotFound, TooManyRequests, Unavailable
from service.platform.principal import Principal
from service.shortlists import service as shortlists
from service.ui.data import vacancy_for
from service.ui.i18n import language, translate
from service.ui.session import ui_require

log = logging.getLogger("service.ui.progress")
router = APIRouter(include_in_schema=False)
Staff = Annotated[Principal, Depends(ui_require(Role.STAFF))]
STEPS = ("prog.pool", "prog.index", "prog.rank")
KEEP_S = 600  # finished jobs are forgotten after this long


@dataclass
class Job:
    user_id: int | None
    vacancy_id: int
    step: int = 0  # 0 = not started; 1..len(STEPS)
    seekers: int = 0
    done: bool = False
    error_of: Exception | None = None
    finished_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


_JOBS: dict[str, Job] = {}
_JOBS_LOCK = threading.Lock()
# Computations run on a small pool of threads of their own: a burst of starts waits its turn instead of
# starting a thread each. A person's second start of the same vacancy follows the first; beyond
# MAX_UNFINISHED computations waiting or running, a start is refused (429) rather than queued unboundedly.
WORKERS = 2
MAX_UNFINISHED = 16
_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="shortlist")


def _forget_old() -> None:
    now = time.monotonic()
    with _JOBS_LOCK:
        for key in [k for k, j in _JOBS.items() if j.done and now - j.finished_at > KEEP_S]:
            del _JOBS[key]


def shortlist_error(exc: Exception, lang: str) -> str:
    """Why a shortlist could not be computed, in the user's language."""
    if isinstance(exc, Unavailable):
        return translate("prog.err.manual", lang)
    if isinstance(exc, Conflict):
        return translate("prog.err.closed", lang)
    return translate("error.generic", lang)


def _run(job: Job, principal: Principal) -> None:
    """The same service call as the plain route, in its own session; steps reported as they begin."""
    engine = get_engine()
    try:
        with Session(engine) as session:
            job.step = 1
            profiles = seeker_profiles(session, principal.organisation_id)
            job.seekers = len(profiles)
            job.step = 2
            # Indexes the pool (embeds what is not cached); compute_shortlist then finds it ready.
            get_ranking_engine().seekers(session, principal.organisation_id)
            job.step = 3
            shortlists.compute_shortlist(session, principal, job.vacancy_id, get_ranking_engine())
            session.commit()
    except MatcherError as exc:
        job.error_of = exc
    except Exception:  # told to the person waiting as "something went wrong"; the log has the rest
        log.exception("shortlist computation for vacancy %s failed", job.vacancy_id)
        job.error_of = RuntimeError()
    finally:
        job.done = True
        job.finished_at = time.monotonic()


def _started(job_id: str) -> JSONResponse:
    return JSONResponse({"job": job_id, "poll": f"/ui/shortlist-jobs/{job_id}"}, status_code=202)


@router.post("/ui/vacancies/{vacancy_id:int}/shortlist/start")
def start(session: SessionDep, principal: Staff, vacancy_id: int) -> JSONResponse:
    vacancy_for(session, principal, vacancy_id)
    _forget_old()
    with _JOBS_LOCK:
        unfinished = [(key, j) for key, j in _JOBS.items() if not j.done]
        for key, running in unfinished:
            if running.vacancy_id == vacancy_id and running.user_id == principal.user_id:
                return _started(key)  # started again while it runs: follow the computation already running
        if len(unfinished) >= MAX_UNFINISHED:
            refused = TooManyRequests("too many shortlists are being computed; try again in a moment")
            refused.retry_after = 10
            raise refused
        job_id = secrets.token_urlsafe(12)
        job = Job(user_id=principal.user_id, vacancy_id=vacancy_id)
        _JOBS[job_id] = job
    _POOL.submit(_run, job, principal)
    return _started(job_id)


@router.get("/ui/shortlist-jobs/{job_id}")
def poll(request: Request, principal: Staff, job_id: str) -> JSONResponse:
    job = _JOBS.get(job_id)
    if job is None or job.user_id != principal.user_id:
        raise NotFound("no such computation")
    lang = language(request)
    step = max(1, job.step)
    label = translate(STEPS[step - 1], lang).format(n=job.seekers)
    if job.error_of is not None:
        label = f"{translate('prog.failed', lang)}: {shortlist_error(job.error_of, lang)}"
    elif job.done:
        label = translate("prog.done", lang)
    return JSONResponse(
        {
            "step": step,
            "steps": len(STEPS),
            "counter": translate("prog.step", lang).format(i=step, n=len(STEPS)),
            "label": label,
            "done": job.done,
            "ok": job.done and job.error_of is None,
            "next": f"/ui/vacancies/{job.vacancy_id}?notice=prog.done",
        },
        headers={"Cache-Control": "no-store"},
    )
