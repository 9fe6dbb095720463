"""Is this person already registered? Checked when a seeker is created, imported or given an identity.

Three steps, strongest first, always within one matching actor (a person may rightly be registered with
two actors, and telling one actor that another holds a personnummer would disclose that the person is a
job seeker there, perhaps on economic assistance: across actors nothing is compared, refused or shown):

1. the same personnummer (normalised: century, dash) is *certain*: the new record is refused (409),
   naming the actor's existing person;
2. the same name (case and diacritics folded; a part added or left out counts) and birth date, but
   another number (a mistyped serial), or the same e-mail or phone with a similar name (at least 80 of
   100: "Rahel Karlsson" and "Lucas Karlsson" sharing a family phone are not flagged), is *probable*;
3. a similar name (RapidFuzz token-sort ratio on folded names, at least 88 of 100) born the same year,
   or, when a birth date is unknown, living in the same municipality, is *probable* too.

Two people whose numbers give different birth years are never flagged (a shared family phone).

A probable duplicate is created and flagged (``SeekerDuplicate``); staff see the flags as "möjliga
dubbletter" and merge or dismiss them. Merged records (tombstones) take no part.
"""

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlmodel import Session, col, select

from models import JobSeeker, SeekerDuplicate, SeekerIdentity
from models.personnummer import birth_date, normalise
from service.platform.errors import Conflict

SIMILAR_NAME = 88.0  # token-sort ratio (0-100) from which two folded names count as similar
CONTACT_NAME = 80.0  # a shared e-mail or phone counts only with a name this similar (families share them)
MAX_FLAGS = 5
# Where a session keeps each actor's known people (``session.info``): the bulk loader fills it too.
KNOWN_CACHE = "seeker_duplicates.known"


class DuplicateSeeker(Conflict):
    """The actor already has a person with this personnummer."""

    def __init__(self, existing_id: int) -> None:
        super().__init__(
            f"a job seeker with this personnummer is already registered: job seeker {existing_id} "
            f"(/seekers/{existing_id}); update that person instead of registering them twice",
            errors=[{"field": "identity.personal_number", "message": f"already registered: {existing_id}"}],
        )
        self.existing_id = existing_id


@dataclass(frozen=True)
class Probable:
    seeker_id: int
    reason: str  # name_birth_date / contact / similar_name
    score: float  # 0-1


@dataclass(frozen=True)
class KnownPerson:
    """A person as the duplicate check compares them: name folded, number, e-mail and phone normalised."""

    seeker_id: int
    name: str
    number: str | None
    email: str
    phone: str
    municipality: str | None


def fold(name: str) -> str:
    """Lower case, without diacritics or punctuation, words in one spacing: "Åsa  Öberg-Nilsson" → "asa
    oberg nilsson"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def phone_key(value: str | None) -> str:
    """A phone number as compared: digits, +46 as 0; "" when too short to tell people apart."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("46"):
        digits = "0" + digits[2:]
    return digits if len(digits) >= 7 else ""


def known_person(ident: SeekerIdentity, municipality: str | None) -> KnownPerson:
    return KnownPerson(
        ident.seeker_id,
        fold(ident.full_name),
        normalise(ident.personal_number) if ident.personal_number else None,
        (ident.email or "").strip().casefold(),
        phone_key(ident.phone),
        municipality,
    )


def _known(session: Session, actor_id: int, exclude: int | None) -> list[KnownPerson]:
    """The actor's active people, folded for comparison. Kept on the session (an import checks a
    thousand people in one session; reading every identity again for each would be quadratic)."""
    cache: dict[int, dict[int, KnownPerson]] = session.info.setdefault(KNOWN_CACHE, {})
    if actor_id not in cache:
        rows = session.exec(
            select(SeekerIdentity, JobSeeker.municipality_code)
            .join(JobSeeker, col(JobSeeker.id) == col(SeekerIdentity.seeker_id))
            .where(JobSeeker.matching_actor_id == actor_id, col(JobSeeker.merged_into_id).is_(None))
        ).all()
        cache[actor_id] = {ident.seeker_id: known_person(ident, municipality) for ident, municipality in rows}
    return [k for k in cache[actor_id].values() if k.seeker_id != exclude]


def _remember(session: Session, row: JobSeeker, ident: SeekerIdentity) -> None:
    cache: dict[int, dict[int, KnownPerson]] = session.info.setdefault(KNOWN_CACHE, {})
    if row.matching_actor_id in cache:
        cache[row.matching_actor_id][int(row.id or 0)] = known_person(ident, row.municipality_code)


def certain_duplicate(
    session: Session, actor_id: int, number: str | None, exclude: int | None = None
) -> None:
    """Raise ``DuplicateSeeker`` if another active person of the actor has this personnummer."""
    normal = normalise(number) if number else None
    if normal is None:
        return
    query = (
        select(SeekerIdentity.seeker_id)
        .join(JobSeeker, col(JobSeeker.id) == col(SeekerIdentity.seeker_id))
        .where(
            JobSeeker.matching_actor_id == actor_id,
            col(JobSeeker.merged_into_id).is_(None),
            SeekerIdentity.personal_number == normal,
        )
    )
    if exclude is not None:
        query = query.where(SeekerIdentity.seeker_id != exclude)
    existing = session.exec(query).first()
    if existing is not None:
        raise DuplicateSeeker(int(existing))


def probable_duplicates(
    session: Session,
    actor_id: int,
    *,
    full_name: str,
    number: str | None,
    email: str | None,
    phone: str | None,
    municipality: str | None,
    exclude: int | None = None,
) -> list[Probable]:
    """The actor's people who are probably this one (most likely first, at most ``MAX_FLAGS``)."""
    name = fold(full_name)
    if not name:
        return []
    normal = normalise(number) if number else None
    born = birth_date(normal)
    mail, tel = (email or "").strip().casefold(), phone_key(phone)
    found: list[Probable] = []
    for other in _known(session, actor_id, exclude):
        if normal and other.number == normal:
            continue  # certain: refused before this is asked
        similarity = float(fuzz.token_sort_ratio(name, other.name))
        # A name with a part added or left out ("Åsa Öberg" / "Åsa Öberg Nilsson") counts where other
        # evidence (birth date, contact) backs it; on its own only the whole name is compared.
        partial = max(similarity, float(fuzz.token_set_ratio(name, other.name)))
        other_born = birth_date(other.number)
        if born and other_born and born.year != other_born.year:
            continue  # both numbers known, born in different years: two people, whatever they share
        if born and other_born == born and partial >= 95.0:
            found.append(Probable(other.seeker_id, "name_birth_date", 0.95))
        elif ((mail and mail == other.email) or (tel and tel == other.phone)) and partial >= CONTACT_NAME:
            found.append(Probable(other.seeker_id, "contact", 0.9))
        elif similarity >= SIMILAR_NAME:
            if born and other_born:
                alike = born.year == other_born.year
            else:
                alike = bool(municipality) and municipality == other.municipality
            if alike:
                found.append(Probable(other.seeker_id, "similar_name", round(similarity / 100 * 0.85, 3)))
    found.sort(key=lambda p: (-p.score, p.seeker_id))
    return found[:MAX_FLAGS]


def flag(session: Session, actor_id: int, seeker_id: int, probable: list[Probable]) -> list[SeekerDuplicate]:
    """Record the probable duplicates of a new (or re-identified) person for staff to resolve."""
    flags = []
    for p in probable:
        exists = session.exec(
            select(SeekerDuplicate).where(
                SeekerDuplicate.seeker_id == seeker_id, SeekerDuplicate.other_id == p.seeker_id
            )
        ).first()
        if exists is None:
            row = SeekerDuplicate(
                matching_actor_id=actor_id,
                seeker_id=seeker_id,
                other_id=p.seeker_id,
                reason=p.reason,
                score=p.score,
            )
            session.add(row)
            flags.append(row)
    session.flush()
    return flags


def check_and_flag(
    session: Session,
    row: JobSeeker,
    *,
    full_name: str | None,
    number: str | None,
    email: str | None,
    phone: str | None,
) -> list[SeekerDuplicate]:
    """For a person just written (flushed): refuse a certain duplicate, flag probable ones."""
    seeker_id = int(row.id or 0)
    certain_duplicate(session, row.matching_actor_id, number, exclude=seeker_id)
    if not full_name:
        return []
    ident = SeekerIdentity(
        seeker_id=seeker_id, full_name=full_name, personal_number=number, email=email, phone=phone
    )
    probable = probable_duplicates(
        session,
        row.matching_actor_id,
        full_name=full_name,
        number=number,
        email=email,
        phone=phone,
        municipality=row.municipality_code,
        exclude=seeker_id,
    )
    flags = flag(session, row.matching_actor_id, seeker_id, probable)
    _remember(session, row, ident)
    return flags
