"""Crash test: reviewers' decisions against a real server that is killed with SIGKILL at random moments.

Each round starts the server, lets a few reviewer threads decide on their own shortlist entries (each
decision carries a unique comment and the version the reviewer knows), reads every acknowledged decision
back at once (read-your-writes), then kills the server mid-load. After all rounds every acknowledged
decision must still be in the database under the id it was acknowledged with, with its own comment: no
acknowledged write lost, no id handed to two decisions. ``scripts/crash_test.py`` runs it longer.
"""

import random
import threading
import time
from dataclasses import dataclass, field

import httpx
from sqlmodel import Session, col, select

from models import Contract, ReviewDecision, Shortlist, ShortlistEntry
from models.base import pk
from models.enums import OrganisationKind, Role, ShortlistStatus
from service.auth.tokens import create_access_token
from service.platform.config import get_settings
from service.platform.db import make_engine
from tests import factories as f
from tests.service.live_server import LiveServer


@dataclass
class Ack:
    decision_id: int
    entry_id: int
    comment: str


@dataclass
class CrashReport:
    rounds: int = 0
    acknowledged: int = 0
    lost: int = 0
    ids_reused: int = 0
    read_your_writes_failures: int = 0
    server_errors: int = 0
    unanswered: int = 0  # in flight when the server died: may or may not have been stored
    problems: list[str] = field(default_factory=list)


def seed(url: str, entries: int) -> tuple[dict[str, str], list[int]]:
    """A staff user's headers and a READY shortlist of consenting seekers, committed."""
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
        supplier = f.organisation(session, OrganisationKind.SUPPLIER)
        actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
        contract: Contract = f.contract(session, authority, supplier, actor)
        vacancy = f.vacancy(session, contract)
        user = f.user(session, actor, Role.STAFF)
        shortlist = Shortlist(
            vacancy_id=pk(vacancy),
            status=ShortlistStatus.READY,
            model_version="manual",
            config_hash="",
            input_hash="",
        )
        session.add(shortlist)
        session.flush()
        ids = []
        for rank in range(1, entries + 1):
            seeker = f.seeker(session, actor)
            entry = ShortlistEntry(shortlist_id=pk(shortlist), seeker_id=pk(seeker), rank=rank, score=0.0)
            session.add(entry)
            session.flush()
            ids.append(pk(entry))
        token = create_access_token(
            get_settings(),
            user_id=pk(user),
            role=Role.STAFF,
            organisation_id=pk(actor),
            session_key=user.session_key,
        )
        session.commit()
    engine.dispose()
    return {"Authorization": f"Bearer {token}"}, ids


def _versions(url: str, entry_ids: list[int]) -> dict[int, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(ShortlistEntry).where(col(ShortlistEntry.id).in_(entry_ids))).all()
        versions = {pk(r): r.version for r in rows}
    engine.dispose()
    return versions


class Reviewer(threading.Thread):
    """Decides on its own entries until told to stop or the server stops answering."""

    def __init__(
        self,
        base: str,
        headers: dict[str, str],
        entries: dict[int, int],
        tag: str,
        report: CrashReport,
        working: threading.Event,
    ):
        super().__init__(daemon=True)
        self.base, self.headers, self.entries, self.tag, self.report = base, headers, entries, tag, report
        self.working = working  # set at the round's first acknowledged write
        self.acks: list[Ack] = []
        self.stop = threading.Event()

    def run(self) -> None:
        n = 0
        with httpx.Client(base_url=self.base, headers=self.headers, timeout=30) as client:
            while not self.stop.is_set():
                entry_id = random.choice(list(self.entries))
                comment = f"{self.tag}-{n}"
                n += 1
                body = {
                    "decision": "hold",
                    "reason_code": "needs_more_info",
                    "comment": comment,
                    "expected_version": self.entries[entry_id],
                }
                try:
                    response = client.post(f"/shortlist-entries/{entry_id}/decisions", json=body)
                except httpx.HTTPError:
                    self.report.unanswered += 1
                    return  # the server is gone
                if response.status_code >= 500:
                    self.report.server_errors += 1
                    self.report.problems.append(f"{response.status_code} on decide: {response.text[:200]}")
                    continue
                if response.status_code != 201:
                    self.report.problems.append(f"{response.status_code} on decide: {response.text[:200]}")
                    return
                ack = Ack(int(response.json()["decision"]["id"]), entry_id, comment)
                self.acks.append(ack)
                self.working.set()
                self.entries[entry_id] = int(response.json()["entry_version"])
                try:
                    seen = client.get(f"/shortlist-entries/{entry_id}/explanation")
                except httpx.HTTPError:
                    return  # died between the write and the read: the write is checked at the end
                if seen.status_code != 200 or not any(
                    d["id"] == ack.decision_id and d["comment"] == comment for d in seen.json()["decisions"]
                ):
                    self.report.read_your_writes_failures += 1


def run_crash_test(
    url: str,
    *,
    rounds: int = 20,
    reviewers: int = 3,
    entries_per_reviewer: int = 4,
    min_load_s: float = 0.05,
    max_load_s: float = 1.0,
    seed_value: int | None = None,
) -> CrashReport:
    """Run the rounds against a migrated, empty database at ``url``; returns the figures."""
    rng = random.Random(seed_value)
    headers, entry_ids = seed(url, reviewers * entries_per_reviewer)
    report = CrashReport()
    acks: list[Ack] = []
    server = LiveServer(url)
    for round_no in range(rounds):
        versions = _versions(url, entry_ids)  # what a reviewer sees after reloading the page
        server.start()
        working = threading.Event()
        threads = [
            Reviewer(
                server.base_url,
                headers,
                {
                    e: versions[e]
                    for e in entry_ids[i * entries_per_reviewer : (i + 1) * entries_per_reviewer]
                },
                f"r{round_no}-t{i}",
                report,
                working,
            )
            for i in range(reviewers)
        ]
        for t in threads:
            t.start()
        # The kill comes at a random moment once writes flow (a slow machine only makes rounds longer).
        working.wait(60)
        time.sleep(rng.uniform(min_load_s, max_load_s))
        server.kill()  # SIGKILL mid-load
        for t in threads:
            t.stop.set()
            t.join(30)
            acks.extend(t.acks)
        report.rounds += 1
    report.acknowledged = len(acks)
    _verify(url, acks, report)
    return report


def _verify(url: str, acks: list[Ack], report: CrashReport) -> None:
    seen_ids: dict[int, str] = {}
    engine = make_engine(url)
    with Session(engine) as session:
        for ack in acks:
            if ack.decision_id in seen_ids:
                report.ids_reused += 1
                report.problems.append(f"decision id {ack.decision_id} acknowledged twice")
            seen_ids[ack.decision_id] = ack.comment
            row = session.get(ReviewDecision, ack.decision_id)
            if row is None:
                report.lost += 1
                report.problems.append(f"acknowledged decision {ack.decision_id} ({ack.comment}) is gone")
            elif row.comment != ack.comment or row.entry_id != ack.entry_id:
                report.ids_reused += 1
                report.problems.append(
                    f"decision id {ack.decision_id} now names {row.comment!r}, not {ack.comment!r}"
                )
    engine.dispose()
