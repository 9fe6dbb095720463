"""The staff merge screen over HTTP: side by side with choices, the merge itself, the old address moved for
good to the survivor, and identity reads on the audit trail."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import AuditEvent, JobSeeker, SeekerDuplicate, SeekerIdentity
from service.platform.audit import seeker_pseudonym
from service.platform.db import get_engine
from tests.service.csrf_helpers import with_csrf
from tests.service.seekers_fixtures import (  # noqa: F401
    World,
    any_client_fixture,
    any_world_fixture,
    create_seeker,
    seeker_body,
)


def _form(html: str) -> dict[str, str]:
    """The form's values as a browser would send them: hidden fields and the checked radios."""
    values = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    for name, value in re.findall(r'<input type="radio" name="([^"]+)" value="([^"]+)"[^>]*checked', html):
        values[name] = value
    return values


def test_staff_compare_and_merge_from_the_duplicates_list(any_client: TestClient, world: World) -> None:
    first = create_seeker(any_client, world, "u-1", personal_number="19860503-9802", phone="070-1111111")
    second = create_seeker(any_client, world, "u-2", personal_number="19860503-9810", phone="070-2222222")
    headers = with_csrf(world.staff_1)
    listing = any_client.get("/ui/seekers/duplicates", headers=headers).text
    assert "Samma namn och födelsedatum" in listing and f"/ui/seekers/{first}/merge/{second}" in listing

    screen = any_client.get(f"/ui/seekers/{first}/merge/{second}", headers=headers)
    assert screen.status_code == 200
    html = screen.text
    assert "Samtycke: samma i båda (" in html and " och " not in html.split('id="merge-consent"')[1][:60]
    assert "070-1111111" in html and "070-2222222" in html  # side by side
    assert 'name="keep_phone"' in html and 'name="keep_full_name"' not in html  # same name: no choice
    form = _form(html)
    assert form["survivor"] == "a" and form["keep_phone"] == "a"
    form["keep_phone"] = "b"
    done = any_client.post(
        f"/ui/seekers/{first}/merge/{second}", data=form, headers=headers, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == f"/ui/seekers/{first}?merged_from={second}"
    with Session(get_engine()) as session:
        ident = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == first)).one()
        assert ident.phone == "070-2222222"
        merged = session.get(JobSeeker, second)
        assert merged is not None and merged.merged_into_id == first
        assert session.exec(select(SeekerDuplicate)).one().status == "merged"
        reads = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "seeker.identity.read",
                AuditEvent.subject_seeker == seeker_pseudonym(second),
            )
        ).all()
        assert {e.detail.get("via") for e in reads} >= {"duplicates", "merge"}
    moved = any_client.get(f"/ui/seekers/{second}", headers=headers, follow_redirects=False)
    assert (
        moved.status_code == 301 and moved.headers["location"] == f"/ui/seekers/{first}?merged_from={second}"
    )
    # The screen again (a second tab, a colleague): it leads to the person, nothing is merged twice.
    again = any_client.get(f"/ui/seekers/{first}/merge/{second}", headers=headers, follow_redirects=False)
    assert (
        again.status_code == 303 and again.headers["location"] == f"/ui/seekers/{first}?merged_from={second}"
    )
    twice = any_client.post(
        f"/ui/seekers/{first}/merge/{second}", data=form, headers=headers, follow_redirects=False
    )
    assert twice.status_code == 303 and twice.headers["location"].startswith(f"/ui/seekers/{first}?")
    with Session(get_engine()) as session:
        merges = session.exec(select(AuditEvent).where(AuditEvent.action == "seeker.merge")).all()
        assert len(merges) == 2  # one on each record, from the one merge; the refused second one is named so
        refused = session.exec(select(AuditEvent).where(AuditEvent.action == "seeker.merge.refused")).one()
        assert refused.subject_seeker == seeker_pseudonym(second)
    assert "u-2" not in any_client.get("/ui/seekers", headers=headers).text.split("<table", 1)[-1]


def test_the_other_record_can_be_the_one_that_stays(any_client: TestClient, world: World) -> None:
    first = create_seeker(any_client, world, "w-1", personal_number="19860503-9802", consent="given")
    second = create_seeker(any_client, world, "w-2", personal_number="19860503-9810", consent="withdrawn")
    headers = with_csrf(world.staff_1)
    screen = any_client.get(f"/ui/seekers/{first}/merge/{second}", headers=headers).text
    assert "Samtycke: w-1: har samtyckt; w-2: återkallat." in screen
    assert "gäller det strängaste: återkallat" in screen
    form = _form(screen)
    form["survivor"] = "b"
    done = any_client.post(
        f"/ui/seekers/{first}/merge/{second}", data=form, headers=headers, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"].startswith(f"/ui/seekers/{second}?")
    with Session(get_engine()) as session:
        survivor = session.get(JobSeeker, second)
        # The values are chosen per field on the screen, whichever record stays (here: w-1's reference).
        assert survivor is not None and survivor.consent == "withdrawn" and survivor.ref == "w-1"


def test_dismissing_in_the_web_ui_and_no_screen_for_another_actor(
    any_client: TestClient, world: World
) -> None:
    first = create_seeker(any_client, world, "v-1", personal_number="19860503-9802")
    second = create_seeker(any_client, world, "v-2", personal_number="19860503-9810")
    other = with_csrf(world.staff_2)
    assert any_client.get(f"/ui/seekers/{first}/merge/{second}", headers=other).status_code == 404
    with Session(get_engine()) as session:
        flag_id = session.exec(select(SeekerDuplicate.id)).one()
    headers = with_csrf(world.staff_1)
    done = any_client.post(
        f"/ui/seekers/duplicates/{flag_id}/dismiss", data={}, headers=headers, follow_redirects=False
    )
    assert done.status_code == 303
    page = any_client.get(done.headers["location"], headers=headers).text
    assert "Markerat som olika personer" in page and "Inga träffar." in page
