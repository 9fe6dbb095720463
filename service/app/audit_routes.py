"""The one place that audits every route writing or reading personal data, API and UI alike.

Each such route declares its audit action here, keyed by method and path: ``AUDITED`` names the action
and the kind of object; ``NOT_AUDITED`` names routes that look like writes but change and reveal nothing
of anyone, each with the reason. ``audit_request`` is an app-wide dependency
(``service.app.main.create_app``): after a declared route's handler returns it records the declared event
in the request's own session, so the event commits with the write it describes. A handler that raises
did nothing and leaves no event; so does a web page answered as an error, such as a form sent back to be
corrected (``service.ui.rendering.render`` notes it on the request). A handler that recorded an event of
its own, with more detail, through ``service.platform.audit`` is not audited twice
(``request.state.audited`` where it used a session of its own). Reads (GET) go through the batched
writer.

``tests/service/test_audit_every_route.py`` walks every route of the app and fails on a route that writes
or reads personal data without a declaration, then calls each one and looks for its event.
"""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from sqlmodel import Session

from service.auth.deps import get_session
from service.platform import audit
from service.platform.principal import Principal

Key = tuple[str, str]  # (HTTP method, the route's path as declared)

# (method, path) -> (action, object type). The object is named by the path's last parameter; a route
# about one person (a ``seeker_id`` in its path) names them by pseudonym only.
AUDITED: dict[Key, tuple[str, str]] = {
    # Shortlists and their entries (who is proposed, and why).
    ("POST", "/vacancies/{vacancy_id}/shortlist"): ("shortlist.compute", "vacancy"),
    ("GET", "/vacancies/{vacancy_id}/shortlist"): ("shortlist.read", "vacancy"),
    ("GET", "/seekers/{seeker_id}/vacancies"): ("seeker.vacancies.read", "seeker"),
    ("GET", "/seekers/{seeker_id}/guidance"): ("seeker.guidance.read", "seeker"),
    ("POST", "/shortlist-entries/{entry_id}/decisions"): ("decision.create", "shortlist_entry"),
    ("GET", "/shortlist-entries/{entry_id}/explanation"): ("explanation.read", "shortlist_entry"),
    ("POST", "/vacancies/{vacancy_id}/shortlist/manual"): ("shortlist.manual_add", "vacancy"),
    # Sessions and the caller's own account.
    ("POST", "/auth/logout"): ("auth.logout", "user"),
    ("PATCH", "/auth/me"): ("user.update_self", "user"),
    # Administration.
    ("POST", "/admin/organisations"): ("organisation.create", "organisation"),
    ("PATCH", "/admin/organisations/{organisation_id}"): ("organisation.update", "organisation"),
    ("DELETE", "/admin/organisations/{organisation_id}"): ("organisation.delete", "organisation"),
    ("GET", "/admin/users"): ("user.list", "user"),
    ("POST", "/admin/users"): ("user.create", "user"),
    ("GET", "/admin/users/{user_id}"): ("user.read", "user"),
    ("PATCH", "/admin/users/{user_id}"): ("user.update", "user"),
    ("DELETE", "/admin/users/{user_id}"): ("user.delete", "user"),
    ("POST", "/admin/api-keys"): ("apikey.create", "api_key"),
    ("DELETE", "/admin/api-keys/{key_id}"): ("apikey.revoke", "api_key"),
    ("PUT", "/admin/manual-mode"): ("manual_mode.switch", "system"),
    # Contracts and placements.
    ("POST", "/contracts"): ("contract.create", "contract"),
    ("PATCH", "/contracts/{contract_id}"): ("contract.update", "contract"),
    ("GET", "/contracts/{contract_id}/follow-up"): ("contract.follow_up.read", "contract"),
    ("POST", "/vacancies"): ("vacancy.create", "vacancy"),
    ("PATCH", "/vacancies/{vacancy_id}"): ("vacancy.update", "vacancy"),
    ("DELETE", "/vacancies/{vacancy_id}"): ("vacancy.delete", "vacancy"),
    ("POST", "/contracts/{contract_id}/jobsearch-ads"): ("jobsearch.import", "contract"),
    ("POST", "/contracts/{contract_id}/jobposting-ads"): ("jobposting.import", "contract"),
    # Seekers: every read and write of a person.
    ("GET", "/seekers"): ("seeker.list", "seeker"),
    ("POST", "/seekers"): ("seeker.create", "seeker"),
    ("GET", "/seekers/{seeker_id}"): ("seeker.read", "seeker"),
    ("PATCH", "/seekers/{seeker_id}"): ("seeker.update", "seeker"),
    ("DELETE", "/seekers/{seeker_id}"): ("seeker.erase", "seeker"),
    ("GET", "/seekers/{seeker_id}/export"): ("seeker.export", "seeker"),
    ("PUT", "/seekers/{seeker_id}/consent"): ("seeker.consent.update", "seeker"),
    ("GET", "/seekers/{seeker_id}/identity"): ("seeker.identity.read", "seeker"),
    ("PUT", "/seekers/{seeker_id}/identity"): ("seeker.identity.update", "seeker"),
    ("GET", "/seekers/{seeker_id}/eligibility"): ("seeker.eligibility.read", "seeker"),
    ("POST", "/seekers/{seeker_id}/eligibility"): ("seeker.eligibility.add", "seeker"),
    ("DELETE", "/seekers/{seeker_id}/eligibility/{eligibility_id}"): ("seeker.eligibility.remove", "seeker"),
    ("GET", "/seeker-duplicates"): ("seeker.duplicates.list", "seeker"),
    ("POST", "/seeker-duplicates/{duplicate_id}/dismiss"): ("seeker.duplicate.dismiss", "seeker_duplicate"),
    ("POST", "/seeker-merges"): ("seeker.merge", "seeker"),
    # Proposals, placements and their outcomes.
    ("GET", "/vacancies/{vacancy_id}/proposals"): ("proposal.list", "vacancy"),
    ("POST", "/proposals/{proposal_id}/feedback"): ("feedback.create", "proposal"),
    ("GET", "/proposals"): ("proposal.list", "proposal"),
    ("GET", "/placements"): ("placement.list", "placement"),
    ("POST", "/placements"): ("placement.create", "placement"),
    ("POST", "/placements/{placement_id}/follow-ups"): ("followup.create", "placement"),
    # The audit trail and the reports.
    ("GET", "/audit-events"): ("audit.read", "audit_event"),
    ("GET", "/accessibility-reports"): ("accessibility_report.list", "accessibility_report"),
    ("GET", "/reports/contracts"): ("report.read", "report"),
    ("GET", "/reports/contracts.csv"): ("report.export", "report"),
    ("GET", "/reports/contracts/{contract_id}"): ("report.read", "contract"),
    ("GET", "/reports/outcomes"): ("report.read", "report"),
    ("GET", "/reports/socioeconomic"): ("report.read", "report"),
    ("GET", "/reports/fairness"): ("report.read", "report"),
    ("GET", "/reports/target-groups"): ("report.read", "report"),
    ("GET", "/reports/target-groups.csv"): ("report.export", "report"),
    ("GET", "/reports/target-groups.pdf"): ("report.export", "report"),
    ("GET", "/reports/contracts-spreadsheet.csv"): ("report.export", "report"),
    # The web UI.
    ("POST", "/ui/account/password"): ("user.update_self", "user"),
    ("GET", "/ui/seekers"): ("seeker.list", "seeker"),
    ("GET", "/ui/seekers/{seeker_id:int}"): ("seeker.read", "seeker"),
    ("GET", "/ui/seekers/duplicates"): ("seeker.duplicates.list", "seeker"),
    ("GET", "/ui/seekers/new"): ("seeker.create_form.read", "seeker"),
    ("POST", "/ui/seekers/new"): ("seeker.create", "seeker"),
    ("GET", "/ui/seekers/{seeker_id:int}/merge/{other_id:int}"): ("seeker.identity.read", "seeker"),
    ("POST", "/ui/seekers/{seeker_id:int}/merge/{other_id:int}"): ("seeker.merge", "seeker"),
    ("POST", "/ui/seekers/duplicates/{duplicate_id:int}/dismiss"): (
        "seeker.duplicate.dismiss",
        "seeker_duplicate",
    ),
    ("POST", "/ui/seekers/{seeker_id:int}/identity"): ("seeker.identity.read", "seeker"),
    ("POST", "/ui/vacancies/new"): ("vacancy.create", "vacancy"),
    ("POST", "/ui/vacancies/{vacancy_id:int}/edit"): ("vacancy.update", "vacancy"),
    ("POST", "/ui/vacancies/{vacancy_id:int}/shortlist/start"): ("shortlist.compute", "vacancy"),
    ("GET", "/ui/shortlist-jobs/{job_id}"): ("shortlist.job.read", "shortlist_job"),
    ("POST", "/ui/vacancies/{vacancy_id:int}/occupation"): ("vacancy.occupation.set", "vacancy"),
    ("GET", "/ui/vacancies/{vacancy_id:int}"): ("shortlist.read", "vacancy"),
    ("POST", "/ui/vacancies/{vacancy_id:int}/shortlist"): ("shortlist.compute", "vacancy"),
    ("POST", "/ui/entries/{entry_id:int}/decide"): ("decision.create", "shortlist_entry"),
    ("POST", "/ui/vacancies/{vacancy_id:int}/manual"): ("shortlist.manual_add", "vacancy"),
    ("POST", "/ui/proposals/{proposal_id}/feedback"): ("feedback.create", "proposal"),
    ("GET", "/ui/audit"): ("audit.read", "audit_event"),
    ("GET", "/ui/audit.csv"): ("audit.export", "report"),
    ("GET", "/ui/fairness"): ("report.read", "report"),
    ("POST", "/ui/admin/manual-mode"): ("manual_mode.switch", "system"),
    ("POST", "/ui/admin/organisations"): ("organisation.create", "organisation"),
    ("GET", "/ui/admin/users"): ("user.list", "user"),
    ("POST", "/ui/admin/users"): ("user.create", "user"),
    ("GET", "/ui/admin/users/{user_id:int}/reset"): ("user.read", "user"),
    ("POST", "/ui/admin/users/{user_id:int}/reset"): ("user.update", "user"),
    ("POST", "/ui/admin/users/{user_id:int}/active"): ("user.update", "user"),
    ("POST", "/ui/admin/api-keys"): ("apikey.create", "api_key"),
    ("POST", "/ui/admin/api-keys/{key_id:int}/revoke"): ("apikey.revoke", "api_key"),
    ("POST", "/ui/contracts/new"): ("contract.create", "contract"),
    ("POST", "/ui/contracts/{contract_id:int}/edit"): ("contract.update", "contract"),
    ("GET", "/ui/reports/contracts.csv"): ("report.export", "report"),
    ("GET", "/ui/reports/annual"): ("report.export", "report"),
    ("GET", "/ui/reports/contracts-machine.csv"): ("report.export", "report"),
    ("GET", "/ui/reports/target-groups"): ("report.read", "report"),
}

# Routes with an unsafe method that store and reveal nothing about anyone: the reason, per route.
NOT_AUDITED: dict[Key, str] = {
    ("POST", "/auth/token"): "login: attempts are counted by the throttle (service.auth.throttle)",
    ("POST", "/ui/login"): "login: attempts are counted by the throttle (service.auth.throttle)",
    ("POST", "/ui/logout"): "deletes the browser's cookie; open to anyone, names no one",
    ("POST", "/ui/language"): "sets the language cookie",
    ("POST", "/ui/accessibility"): (
        "anyone's accessibility report: kept in a table of its own and rate-limited per address, out of "
        "the append-only trail, so that a flood of them cannot grow it"
    ),
    ("POST", "/enrich"): "a computation over the posted text; stores nothing",
    ("POST", "/occupation-suggestions"): "a computation over the posted ad; stores nothing",
    ("POST", "/ui/occupation-proposals"): "a computation over the posted ad; stores nothing",
    # Not "nothing stored": these handlers audit themselves (upload.preview; jobposting.import or
    # jobsearch.import with the counts), never naming the token in the path. The generic walk of the
    # routes cannot post a file; tests/service/imports/test_jobposting_upload.py checks their events.
    ("POST", "/ui/upload"): "audited by the handler itself (upload.preview), see above",
    ("POST", "/ui/upload/{token}/confirm"): "audited by the handler itself (<format>.import), see above",
}


def declared(route: APIRoute, method: str) -> tuple[str, str] | None:
    return AUDITED.get((method, route.path))


async def audit_request(
    request: Request, session: Annotated[Session, Depends(get_session, scope="function")]
) -> AsyncIterator[None]:
    """After a declared route's handler returns, its event joins the request's transaction (see above).

    ``get_session`` with the same scope as ``SessionDep``: FastAPI hands the handler and this hook one
    session, entered before this hook and so committed after it.
    """
    yield  # an exception from the handler passes through: nothing happened, nothing to audit
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    action = declared(route, request.method)
    # A handler that audits in a unit of work of its own (the hot shortlist read) says so on the request;
    # a page rendered as an error (a form sent back to correct) did nothing.
    if action is None or audit.was_audited(session) or getattr(request.state, "audited", False):
        return
    if getattr(request.state, "refused", None) is not None:
        return
    principal: Principal | None = getattr(request.state, "principal", None)
    params = dict(request.path_params)
    seeker = params.pop("seeker_id", None)
    seeker_id = int(seeker) if seeker is not None else None
    object_id = str(list(params.values())[-1]) if params else None
    detail: dict[str, Any] = {
        "route": f"{request.method} {route.path}",
        "via": "api" if route.include_in_schema else "ui",
        **{k: str(v) for k, v in params.items()},
    }
    name, object_type = action
    what = (principal, name, object_type, object_id)
    if request.method == "GET":
        audit.record_read(session, *what, seeker_id=seeker_id, detail=detail)
    else:
        audit.record(session, *what, seeker_id=seeker_id, detail=detail)
