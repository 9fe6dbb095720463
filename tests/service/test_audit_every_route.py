"""Every route that writes or reads personal data leaves an audit event, API and UI alike.

(a) Which routes need one is derived from the app's routes here, independently of the declarations:
    every route with an unsafe method, and every GET route whose path is about people (seekers,
    shortlists and their entries, proposals, placements, decisions, reviews, follow-up, users, the audit
    trail, reports, and the web page of a vacancy, which shows its shortlist). Each must be declared in
    ``service.app.audit_routes`` (audited, or not audited with a reason); a new route without a
    declaration fails here.
(b) Each declared route is called by a role it admits, with a valid request, and a new audit event naming
    that caller must be there afterwards (reads are batched: the writer is flushed first).
"""

import re
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from models import AuditEvent, Proposal, SeekerDuplicate, Shortlist, ShortlistEntry
from models.base import pk
from models.enums import VacancyStatus
from service.app.audit_routes import AUDITED, NOT_AUDITED
from service.app.main import create_app
from service.app.routes import api_routes, declared_roles
from service.platform.audit_writer import flush_all
from service.platform.db import get_engine
from service.platform.principal import BATCH
from tests import factories as f
from tests.service.authz_fixtures import PASSWORD, Seeded
from tests.service.review_fixtures import entry_version
from tests.service.test_authorization_matrix import _ordered, as_ui, fill
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# GET paths that show personal data (see the module docstring); matched against the declared path.
PERSONAL_GET = re.compile(
    r"seeker|shortlist|proposal|placement|entries|decision|review|follow-up|users|audit|report|fairness"
    r"|^/ui/vacancies/\{vacancy_id(:int)?\}$"
)
# The role each route is exercised as: the first of these that the route admits.
PREFERENCE = ("staff", "supplier", "procurement_officer", "admin", "auditor", BATCH)
# A valid request per route that needs a body: JSON for the API, form fields for the web UI.
TODAY = "2026-03-01"


def _bodies(seeded: Seeded) -> dict[tuple[str, str], Any]:
    a = seeded.a
    return {
        ("PATCH", "/auth/me"): {"full_name": "Staff Person"},
        ("POST", "/admin/organisations"): {
            "ref": "org-audit", "name": "Ny AB", "kind": "supplier", "org_number": "556677-8899",
        },
        ("PATCH", "/admin/organisations/{organisation_id}"): {"name": "Oanvänd AB 2"},
        ("POST", "/admin/users"): {
            "email": "new@example.org", "full_name": "Ny Person", "role": "staff",
            "organisation_id": a.actor.id, "password": "a long enough password 123",
        },
        ("PATCH", "/admin/users/{user_id}"): {"full_name": "Victim Person"},
        ("POST", "/admin/api-keys"): {"name": "audit", "organisation_id": a.actor.id},
        ("PUT", "/admin/manual-mode"): {"enabled": False},
        ("POST", "/contracts"): {
            "ref": "K-AUDIT", "title": "Städ", "start_date": "2026-01-01", "end_date": "2027-12-31",
            "procuring_org_id": a.authority.id, "supplier_org_id": a.supplier.id,
            "requirement": {
                "target_groups": ["long_term_unemployed"], "placement_kinds": ["employment"],
                "committed_placements": 3, "first_placement_deadline": "2026-09-01",
                "matching_actor_id": a.actor.id,
            },
        },
        ("PATCH", "/contracts/{contract_id}"): {"title": "Städ och fönsterputs"},
        ("POST", "/vacancies"): {"ref": "v-audit", "title": "Städare", "contract_id": a.contract.id},
        ("PATCH", "/vacancies/{vacancy_id}"): {"title": "Lokalvårdare"},
        ("POST", "/contracts/{contract_id}/jobsearch-ads"): [{"id": "990001", "headline": "Städare"}],
        ("POST", "/contracts/{contract_id}/jobposting-ads"): {
            "@type": "JobPosting", "identifier": "990002", "title": "Städare",
        },
        ("POST", "/seekers"): {"ref": "s-audit", "matching_actor_id": a.actor.id},
        ("PATCH", "/seekers/{seeker_id}"): {"skills": ["Städning"]},
        ("PUT", "/seekers/{seeker_id}/consent"): {"consent": "given"},
        ("PUT", "/seekers/{seeker_id}/identity"): {"full_name": "Person A"},
        ("POST", "/seekers/{seeker_id}/eligibility"): {"target_group": "disability", "evidence": "Intyg"},
        ("POST", "/shortlist-entries/{entry_id}/decisions"): {
            "decision": "reject", "reason_code": "other", "comment": "Annan inriktning",
        },
        ("POST", "/vacancies/{vacancy_id}/shortlist/manual"): {
            "seeker_id": a.ids["other_seeker_id"], "reason": "Känd av handläggaren",
        },
        ("POST", "/proposals/{proposal_id}/feedback"): {"outcome": "interviewed", "reason": ""},
        ("POST", "/placements"): {
            "seeker_id": a.ids["seeker_id"], "vacancy_id": a.ids["vacancy_id"], "contract_id": a.contract.id,
            "kind": "employment", "start_date": TODAY, "target_group": "newcomer",
        },
        ("POST", "/ui/seekers/new"): {
            "ref": "web-seeker-1", "full_name": "Webb Sökande", "consent": "given",
        },
        ("POST", "/seeker-merges"): lambda: {
            "survivor_id": a.ids["merge_pair"], "merged_id": a.ids["merge_pair_2"],
        },
        ("POST", "/placements/{placement_id}/follow-ups"): {
            "months_after_end": 12, "status": "employed", "recorded_on": "2027-08-01",
        },
        # The web UI's forms.
        ("POST", "/ui/seekers/{seeker_id:int}/identity"): {"reason": "Kontakt inför intervju"},
        ("POST", "/ui/vacancies/{vacancy_id:int}/occupation"): {"occupation_id": ""},
        ("POST", "/ui/entries/{entry_id:int}/decide"): lambda: {
            "decision": "reject", "reason_code": "other", "comment": "Annan inriktning",
            "expected_version": str(entry_version(a.ids["entry_id"])),
        },
        ("POST", "/ui/account/password"): {
            "current_password": PASSWORD, "new_password": "a much longer new password 2026",
            "new_password_repeat": "a much longer new password 2026", "next": "/ui/",
        },
        ("POST", "/ui/admin/api-keys"): {"name": "ui-key", "organisation_id": str(a.actor.id)},
        ("POST", "/ui/admin/organisations"): {
            "ref": "org-ui", "name": "Webb AB", "kind": "supplier", "org_number": "212000-0142",
        },
        ("POST", "/ui/admin/users"): {
            "full_name": "Webb Person", "email": "webb@example.org", "role": "staff",
            "organisation_id": str(a.actor.id),
        },
        ("POST", "/ui/contracts/new"): _contract_form(seeded, ref="web-audit-1"),
        ("POST", "/ui/contracts/{contract_id:int}/edit"): _contract_form(seeded, ref=a.contract.ref),
        ("POST", "/ui/vacancies/new"): _vacancy_form(a.contract.id),
        ("POST", "/ui/vacancies/{vacancy_id:int}/edit"): _vacancy_form(a.contract.id, title="Lokalvårdare"),
        ("POST", "/ui/proposals/{proposal_id}/feedback"): {"outcome": "interviewed"},
        ("POST", "/ui/admin/manual-mode"): {"enabled": "false", "reason": "test"},
    }  # fmt: skip


def _contract_form(seeded: Seeded, **extra: str) -> dict[str, Any]:
    a = seeded.a
    return {
        "title": "Fönsterputs", "supplier_org_id": str(a.supplier.id), "matching_actor_id": str(a.actor.id),
        "start_date": "2026-01-01", "end_date": "2027-12-31", "target_groups": ["newcomer"],
        "placement_kinds": ["employment"], "committed_placements": "3", "min_duration_months": "6",
        "fulfilment_threshold_pct": "75",
    } | extra  # fmt: skip


def _vacancy_form(contract_id: int | None, **extra: str) -> dict[str, str]:
    return {
        "contract_id": str(contract_id), "title": "Städare", "description": "Städning av skolor.",
        "occupation_id": "KF64_AvU_S4N", "required_skills": "Städning", "kind": "employment",
        "positions": "1", "status": "draft",
    } | extra  # fmt: skip


def _more_of_world_a(client: TestClient, seeded: Seeded) -> dict[tuple[str, str], dict[str, Any]]:
    """Objects some routes need besides the seeded ones; returns the path ids to use per route."""
    a = seeded.a
    with Session(get_engine(), expire_on_commit=False) as session:
        spare = f.vacancy(session, a.contract)
        spare.status = VacancyStatus.DRAFT  # a draft may be deleted
        ranked = f.vacancy(session, a.contract)  # its computation replaces no shortlist the calls use
        proposed = f.seeker(session, a.actor)  # proposed, no answer yet: feedback is allowed
        unlisted = f.seeker(session, a.actor)  # on no shortlist: a manual entry is allowed
        shortlist = session.exec(select(Shortlist).where(Shortlist.vacancy_id == a.ids["vacancy_id"])).one()
        entry = ShortlistEntry(shortlist_id=pk(shortlist), seeker_id=pk(proposed), rank=2, score=0.7)
        session.add(entry)
        session.flush()
        proposal = Proposal(
            seeker_id=pk(proposed), vacancy_id=a.ids["vacancy_id"], entry_id=pk(entry),
            proposed_by=pk(seeded.users["staff"]),
        )  # fmt: skip
        session.add(proposal)
        # Two pairs of records of one person (one merged through the API, one through the web UI), and a
        # possible-duplicate flag on each pair to dismiss.
        pairs = [(f.seeker(session, a.actor), f.seeker(session, a.actor)) for _ in range(2)]
        flags = []
        for one, two in pairs:
            flag = SeekerDuplicate(
                matching_actor_id=pk(a.actor), seeker_id=pk(two), other_id=pk(one), reason="contact"
            )
            flags.append(flag)
            session.add(flags[-1])
        session.commit()
        a.ids["other_seeker_id"] = pk(unlisted)
        a.ids["merge_pair"] = pk(pairs[0][0])  # read by the body of POST /seeker-merges
        a.ids["merge_pair_2"] = pk(pairs[0][1])
    started = client.post(
        f"/ui/vacancies/{pk(ranked)}/shortlist/start", headers=as_ui(seeded.headers["staff"])
    )
    assert started.status_code == 202, started.text
    return {
        ("DELETE", "/vacancies/{vacancy_id}"): {"vacancy_id": pk(spare)},
        ("POST", "/proposals/{proposal_id}/feedback"): {"proposal_id": pk(proposal)},
        ("POST", "/ui/proposals/{proposal_id}/feedback"): {"proposal_id": pk(proposal)},
        ("GET", "/ui/shortlist-jobs/{job_id}"): {"job_id": started.json()["job"]},
        ("POST", "/seeker-duplicates/{duplicate_id}/dismiss"): {"duplicate_id": pk(flags[0])},
        ("POST", "/ui/seekers/duplicates/{duplicate_id:int}/dismiss"): {"duplicate_id": pk(flags[1])},
        ("GET", "/ui/seekers/{seeker_id:int}/merge/{other_id:int}"): {
            "seeker_id": pk(pairs[1][0]), "other_id": pk(pairs[1][1]),
        },
        ("POST", "/ui/seekers/{seeker_id:int}/merge/{other_id:int}"): {
            "seeker_id": pk(pairs[1][0]), "other_id": pk(pairs[1][1]),
        },
    }  # fmt: skip


# Who calls a route, where not the first admitted role of PREFERENCE.
ROLE_FOR = {("POST", "/ui/account/password"): "auditor"}
# Query strings some reads need.
QUERIES = {("GET", "/reports/socioeconomic"): "?year=2026"}


def needs_audit(route: APIRoute, method: str) -> bool:
    return method in UNSAFE or (method == "GET" and PERSONAL_GET.search(route.path) is not None)


def _methods(route: APIRoute) -> list[str]:
    return sorted((route.methods or set()) - {"HEAD", "OPTIONS"})


def test_every_route_that_touches_personal_data_declares_its_audit() -> None:
    routes = api_routes(create_app().routes)
    wanted = {(m, r.path) for r in routes for m in _methods(r) if needs_audit(r, m)}
    missing = sorted(wanted - AUDITED.keys() - NOT_AUDITED.keys())
    assert missing == [], "declare these in service/app/audit_routes.py"
    # The rule is not vacuous, and no declaration is stale (it names a route the app has).
    assert len(wanted) > 70
    existing = {(m, r.path) for r in routes for m in _methods(r)}
    assert sorted((AUDITED.keys() | NOT_AUDITED.keys()) - existing) == []
    assert not AUDITED.keys() & NOT_AUDITED.keys()
    # Reads are never exempt: only routes with an unsafe method may be declared as not audited.
    assert {m for m, _ in NOT_AUDITED} <= UNSAFE


def _last_event_id() -> int:
    with Session(get_engine()) as session:
        return int(session.exec(select(func.coalesce(func.max(AuditEvent.id), 0))).one() or 0)


def _events_since(last: int) -> list[AuditEvent]:
    assert flush_all(10)
    with Session(get_engine()) as session:
        return list(session.exec(select(AuditEvent).where(col(AuditEvent.id) > last)).all())


def _call(
    client: TestClient, method: str, route: APIRoute, url: str, headers: dict[str, str], body: Any
) -> tuple[int, str]:
    if route.include_in_schema:
        response = client.request(method, url, headers=headers, json=body, follow_redirects=False)
    else:
        data = body if body is not None else ({} if method != "GET" else None)
        response = client.request(method, url, headers=as_ui(headers), data=data, follow_redirects=False)
    return response.status_code, response.text[:200]


def test_every_declared_route_leaves_an_audit_event(trusted: Trusted) -> None:
    """On SQLite and PostgreSQL."""
    client, seeded = trusted.client, trusted.seeded
    ids = _more_of_world_a(client, seeded)
    bodies = _bodies(seeded)
    routes = [r for r in api_routes(client.app.routes)]  # type: ignore[attr-defined]
    declared = [(m, r) for m, r in _ordered(routes) if (m, r.path) in AUDITED]
    # Changing a password ends the user's sessions: last, and as a user no other call needs.
    declared.sort(key=lambda pair: (pair[0], pair[1].path) in ROLE_FOR)
    assert len(declared) == len(AUDITED)
    failures: list[str] = []
    for method, route in declared:
        roles = declared_roles(route.dependant)
        role = ROLE_FOR.get((method, route.path)) or next(
            (r for r in PREFERENCE if roles is not None and r in roles), None
        )
        if role is None or (role == BATCH and not route.include_in_schema):
            failures.append(f"{method} {route.path}: no role to call it as")
            continue
        headers = seeded.headers[role]
        url = fill(route.path, {**seeded.a.ids, **ids.get((method, route.path), {})})
        url += QUERIES.get((method, route.path), "")
        before = _last_event_id()
        try:
            body = bodies.get((method, route.path))
            status, text = _call(client, method, route, url, headers, body() if callable(body) else body)
        except Exception as exc:  # the test client re-raises server errors: report them with the rest
            failures.append(f"{method} {url} as {role}: raised {exc!r}")
            continue
        events = _events_since(before)
        if status >= 400 and not events:
            failures.append(f"{method} {url} as {role}: {status}, not exercised: {text}")
            continue
        user = seeded.users.get(role)  # None for the batch role: its events name the API key
        mine = [e for e in events if (e.actor_user_id == user.id if user else e.actor_role == BATCH)]
        if not mine:
            failures.append(f"{method} {url} as {role}: {status}, no audit event")
        if any(e.actor_role == "system" for e in events):  # an event that lost its caller
            failures.append(f"{method} {url} as {role}: an event names no one")
    assert failures == [], "\n".join(failures)
