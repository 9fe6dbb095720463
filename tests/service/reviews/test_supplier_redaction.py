"""Every string of the supplier's view of a candidate passes the strict redaction: the staff-written note,
skills, experience titles and licences alike (``service.reviews.supplier_view``)."""

from models import JobSeeker, Proposal, SeekerIdentity
from service.reviews.supplier_view import candidate_view, redact_for_supplier

IDENTITY = SeekerIdentity(
    seeker_id=7,
    full_name="Fatuma Åsa Hersi",
    personal_number="19850312-4471",
    email="fatuma.hersi@example.se",
    phone="070-123 45 67",
)
SECRETS = [
    "Fatuma",
    "Åsa",
    "Hersi",
    "4471",
    "example",
    "45 67",
    "Svensson",
    "Aleppo",
    "diabetes",
    "Eritreansk",
]


def _seeker() -> JobSeeker:
    return JobSeeker(
        id=7,
        ref="seeker-7",
        matching_actor_id=1,
        experiences=[
            {"title": "Städare hos Maria Svensson", "years": 2},
            {"title": "Undersköterska på Sahlgrenska", "years": 3},
        ],
        skills=["golvvård", "Truckkort A+B", "ring fatuma (at) example dot se", "har diabetes"],
        languages=[{"code": "sv", "level": "B2"}],
        licences=["B-körkort", "Eritreansk körkort"],
    )


def test_every_string_a_supplier_reads_is_redacted() -> None:
    proposal = Proposal(
        id=3,
        seeker_id=7,
        vacancy_id=11,
        proposed_by=1,
        supplier_text="Noggrann städare i Malmö. Född i Aleppo, 44 år. Nås på noll sju noll, ett två tre.",
    )
    view = candidate_view(proposal, _seeker(), IDENTITY, 4.24)
    shown = view.model_dump_json()
    for secret in [*SECRETS, "44 år", "noll sju noll"]:
        assert secret not in shown, secret
    assert view.supplier_text.startswith("Noggrann städare i Malmö.")
    assert [e.title for e in view.experiences] == ["Städare hos […]", "Undersköterska på Sahlgrenska"]
    assert view.skills[:2] == ["golvvård", "Truckkort A+B"]
    assert view.licences[0] == "B-körkort"


def test_the_persons_own_identity_is_removed_in_any_spelling() -> None:
    text = "Asa och FATUMA nås på 0701234567 eller Fatuma.Hersi@Example.se; pnr 850312-4471."
    out = redact_for_supplier(text, IDENTITY)
    for secret in ("Asa", "FATUMA", "Fatuma", "0701234567", "Hersi", "4471"):
        assert secret not in out, (secret, out)
