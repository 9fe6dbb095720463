"""Starting shortlist computations from the web UI runs them on a bounded pool of threads, one computation
per person and vacancy at a time, and refuses (429) rather than queueing without end.

On SQLite and PostgreSQL."""

import threading
import time

from sqlmodel import Session

from models.base import pk
from service.platform.db import get_engine
from service.ui import progress
from tests import factories as f
from tests.service.test_authorization_matrix import as_ui
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401


def _shortlist_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name.startswith("shortlist")}


def test_forty_starts_use_a_bounded_pool_of_threads(trusted: Trusted) -> None:
    client, seeded = trusted.client, trusted.seeded
    with Session(get_engine(), expire_on_commit=False) as session:
        vacancies = [pk(f.vacancy(session, seeded.a.contract)) for _ in range(20)]
        session.commit()
    staff = as_ui(seeded.headers["staff"])
    seen: set[str] = set()
    answers = []
    for n in range(40):
        vacancy = vacancies[0] if n % 2 == 0 else vacancies[n // 2]  # every other start: the same vacancy
        answers.append((vacancy, client.post(f"/ui/vacancies/{vacancy}/shortlist/start", headers=staff)))
        seen |= _shortlist_threads()
    assert {r.status_code for _, r in answers} <= {202, 429}
    assert any(r.status_code == 202 for _, r in answers)
    refused = [r for _, r in answers if r.status_code == 429]
    assert all(int(r.headers["Retry-After"]) > 0 for r in refused)
    # Never more computing threads than the pool has, however many starts came in.
    assert len(seen) <= progress.WORKERS, seen
    # A second start of a vacancy whose computation is still unfinished follows that computation.
    first = client.post(f"/ui/vacancies/{vacancies[0]}/shortlist/start", headers=staff)
    again = client.post(f"/ui/vacancies/{vacancies[0]}/shortlist/start", headers=staff)
    if first.status_code == 202 and not client.get(first.json()["poll"], headers=staff).json()["done"]:
        assert again.json()["job"] == first.json()["job"]
    # Every started computation ends (nothing is left running into the next test).
    deadline = time.monotonic() + 120
    for _, response in [*answers, (0, first), (0, again)]:
        if response.status_code != 202:
            continue
        while not client.get(response.json()["poll"], headers=staff).json()["done"]:
            assert time.monotonic() < deadline, "a computation did not finish"
            time.sleep(0.1)
