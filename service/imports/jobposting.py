"""schema.org ``JobPosting`` ads (JSON-LD) become placements under one contract, beside JobSearch.

Accepted shapes: one JobPosting object, a list of them, a JSON-LD document with ``@graph`` (its other
nodes, an ``Organization`` say, are skipped), JSON Lines of any of these, and each posting either plain
or wrapped as the scraped 2020 dev ads are (``{"originalJobPosting": {...}, "id": …, "yrke": …}``).

Mapped fields: ``title``; ``description`` (HTML to plain text), with ``responsibilities``, ``qualifications``,
``educationRequirements`` and ``experienceRequirements`` appended as text; ``employmentType`` and
``workHours`` (extent); ``validThrough`` (the application deadline; an expired ad is not created, and closes
the placement an earlier import made); ``datePosted`` (checked, not stored); ``jobLocation`` (the locality or
municipality by name, or a four-digit code, and ``geo``); ``occupationalCategory`` and ``relevantOccupation``
(a taxonomy concept id, an SSYK-4 code or a label, with the same fall-backs as JobSearch: an unknown id never
refuses the file); ``skills`` (languages become language requirements); ``totalJobOpenings``; ``identifier``
(or ``url``) makes the placement's ref, so a new import of the same ad updates it. All or nothing, errors name
the ad (line or position) and the posting's field.
"""

import hashlib
import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

from pydantic import ValidationError

from matcher import Taxonomy, default_taxonomy
from matcher.text.occupation_versions import PlacedBy, PlacedOccupation, place_occupation
from models.enums import VacancyStatus
from models.io import VacancyRecord
from service.imports.jobsearch import MAX_ADS, _Mapped
from service.imports.jsonlines import TOO_DEEP, json_values, jsonl_lines, raise_problems
from service.platform.errors import BadInput

REF_PREFIX = "jobposting-"
WRAPPER = "originalJobPosting"
MAX_SKILL_CHARS = 80  # longer "skills" are sentences: they join the description as text

# Vacancy field -> the posting's field, to name a value our model refuses.
_SOURCE = {
    "ref": "identifier",
    "title": "title",
    "description": "description",
    "municipality_code": "jobLocation",
    "latitude": "jobLocation.geo.latitude",
    "longitude": "jobLocation.geo.longitude",
    "extent": "workHours",
    "positions": "totalJobOpenings",
    "required_skills": "skills",
    "other_languages": "skills",
}


class _Text(HTMLParser):
    """Visible text of an HTML fragment: block elements become line breaks; scripts and styles vanish."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS and tag != "li":  # the next item's start breaks the line
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    """Plain text of an ad's HTML (or of plain text, unchanged but for spacing); never markup."""
    parser = _Text()
    parser.feed(value)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def is_posting(obj: Any) -> bool:
    """Whether a JSON value looks like a JobPosting (plain, wrapped, or a JSON-LD graph of them)."""
    if not isinstance(obj, dict):
        return False
    return WRAPPER in obj or "@graph" in obj or "JobPosting" in _types(obj)


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    return [str(k).rsplit("/", 1)[-1] for k in (kind if isinstance(kind, list) else [kind]) if k]


def postings_of(value: Any) -> list[Any]:
    """The postings a JSON value holds: a graph's JobPosting nodes, a list's items, or the value."""
    if isinstance(value, dict) and isinstance(value.get("@graph"), list):
        return [node for node in value["@graph"] if isinstance(node, dict) and "JobPosting" in _types(node)]
    if isinstance(value, list):
        return [p for item in value for p in postings_of(item)] if any(_graph(i) for i in value) else value
    return [value]


def _graph(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("@graph"), list)


def read_postings(text: str) -> tuple[str, list[tuple[int, Any]]]:
    """(what numbers the ads, [(number, JSON value)]): JSON (object, list, ``@graph``) or JSON Lines."""
    stripped = text.lstrip("\ufeff \t\r\n")
    whole: Any = None
    if stripped.startswith(("[", "{")):
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError as exc:
            if stripped.startswith("["):
                raise BadInput(f"not valid JSON: {exc.msg} (line {exc.lineno})") from exc
        except RecursionError as exc:
            if stripped.startswith("["):
                raise BadInput(f"{TOO_DEEP}. Nothing was imported.") from exc
    if whole is not None:
        return "ad", list(enumerate(postings_of(whole), start=1))
    values, problems = json_values(jsonl_lines(text))
    ads = [(number, p) for number, value in values for p in postings_of(value)]
    raise_problems(problems, "line")
    return "line", ads


def parse_postings(
    ads: list[tuple[int, Any]],
    *,
    numbered_by: str = "line",
    taxonomy: Taxonomy | None = None,
    today: date | None = None,
) -> list[_Mapped]:
    """Validate and map every posting; raise BadInput naming each bad posting's number and field."""
    taxonomy = taxonomy or default_taxonomy()
    today = today or date.today()
    if len(ads) > MAX_ADS:
        raise BadInput(f"at most {MAX_ADS} ads per import; split the file")
    if not ads:
        raise BadInput("the file holds no JobPosting. Nothing was imported.", errors=[])
    mapped: list[_Mapped] = []
    problems: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, raw in ads:
        where = {numbered_by: number}
        found: list[dict[str, str]] = []
        posting = _unwrap(raw, found)
        if posting is None:
            problems += [{**where, **p} for p in found]
            continue
        ref = _ref(posting, found)
        if ref in seen:
            found.append(
                {"field": "identifier", "message": f"the same ad is also at {numbered_by} {seen[ref]}"}
            )
        values = _vacancy_values(posting, ref, taxonomy, found)
        deadline = _deadline(posting, found)
        expired = deadline is not None and deadline < today
        values["application_deadline"] = deadline.isoformat() if deadline else None
        if not found:
            found += _check_model(values)
        if found:
            problems += [{**where, **p} for p in found]
            continue
        seen[ref] = number
        placed = _placed(posting, taxonomy)
        source = {
            "source_occupation_id": (placed[1] or "")[:64] or None,
            "source_occupation_label": (placed[2] or "")[:200] or None,
            "source_occupation_group": placed[0].ssyk4,
        }
        mapped.append(_Mapped(number, ref, expired, values, source, placed[0].placed_by))
    raise_problems(problems, numbered_by)
    return mapped


def _check_model(values: dict[str, Any]) -> list[dict[str, str]]:
    try:
        VacancyRecord.model_validate(values)
    except ValidationError as exc:
        return [
            {
                "field": _SOURCE.get(str(e["loc"][0]), str(e["loc"][0])) if e["loc"] else "(ad)",
                "message": e["msg"],
            }
            for e in exc.errors()
        ]
    return []


def _unwrap(raw: Any, found: list[dict[str, str]]) -> dict[str, Any] | None:
    if isinstance(raw, dict) and WRAPPER in raw:
        raw = raw[WRAPPER]
    if not isinstance(raw, dict):
        found.append({"field": "(ad)", "message": "expected a JobPosting object"})
        return None
    types = _types(raw)
    if types and "JobPosting" not in types:
        found.append({"field": "@type", "message": f"expected JobPosting, not {', '.join(types)}"})
        return None
    return raw


def _text(value: Any) -> str:
    """A schema.org text value: a string, a number, a list of them, or a node with ``name``/``value``."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str | int | float):
        return str(value).strip()
    if isinstance(value, list):
        return "\n".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        return _text(value.get("value", value.get("name", value.get("@value"))))
    return ""


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _ref(posting: dict[str, Any], found: list[dict[str, str]]) -> str:
    """``jobposting-<identifier>``; a long identifier or, lacking one, the url is hashed to fit."""
    key = _text(_items(posting.get("identifier"))[0] if _items(posting.get("identifier")) else None)
    if not key:
        key = _text(posting.get("url"))
    if not key:
        found.append(
            {"field": "identifier", "message": "an ad needs an identifier (or url) to be updated later"}
        )
        return REF_PREFIX
    if len(key) <= 64 - len(REF_PREFIX) and re.fullmatch(r"[\w.:/-]+", key):
        return REF_PREFIX + key
    return REF_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:40]


def _date(posting: dict[str, Any], fld: str, found: list[dict[str, str]]) -> date | None:
    raw = _text(posting.get(fld))
    if not raw:
        return None
    try:
        return (
            datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
            if "T" in raw
            else date.fromisoformat(raw)
        )
    except ValueError:
        found.append({"field": fld, "message": f"not a date (YYYY-MM-DD): {raw[:40]!r}"})
        return None


def _deadline(posting: dict[str, Any], found: list[dict[str, str]]) -> date | None:
    """``validThrough``: the last day to apply (stored with the placement; past it, the ad has expired)."""
    posted, valid = _date(posting, "datePosted", found), _date(posting, "validThrough", found)
    if posted and valid and valid < posted:
        found.append({"field": "validThrough", "message": "ends before datePosted"})
    return valid


def _vacancy_values(
    posting: dict[str, Any], ref: str, taxonomy: Taxonomy, found: list[dict[str, str]]
) -> dict[str, Any]:
    title = html_to_text(_text(posting.get("title")))
    if not title:
        found.append({"field": "title", "message": "an ad needs a title"})
    skills, languages, long_text = [], [], []
    for item in _items(posting.get("skills")):
        label = html_to_text(_text(item))
        language = taxonomy.language_by_label(label) if label else None
        if language is not None:
            if language.code != "sv":  # no level given; Swedish is left to the text, as in JobSearch
                languages.append({"code": language.code, "level": None})
        elif len(label) > MAX_SKILL_CHARS:
            long_text.append(label)
        elif label:
            skills.append(label)
    parts = [html_to_text(_text(posting.get("description")))]
    for fld in ("responsibilities", "qualifications", "educationRequirements", "experienceRequirements"):
        parts.append(html_to_text(_text(posting.get(fld))))
    municipality, lat, lon = _location(posting, taxonomy, found)
    return {
        "type": "vacancy",
        "contract_ref": "",
        "ref": ref,
        "title": title[:200],
        "description": "\n\n".join(p for p in parts + long_text if p),
        "occupation_id": _placed(posting, taxonomy)[0].occupation_id,
        "municipality_code": municipality,
        "latitude": lat,
        "longitude": lon,
        "extent": _extent(posting, found),
        "duration_months": None,
        "positions": _openings(posting, found),
        "required_skills": list(dict.fromkeys(skills)),
        "desired_skills": [],
        "other_languages": list({lang["code"]: lang for lang in languages}.values()),
        "licences_required": [],
        "status": VacancyStatus.OPEN.value,
    }


def _location(
    posting: dict[str, Any], taxonomy: Taxonomy, found: list[dict[str, str]]
) -> tuple[str | None, float | None, float | None]:
    """The first location with a municipality we know (by code or name), and its coordinates if given."""
    municipality: str | None = None
    lat = lon = None
    for place in _items(posting.get("jobLocation")):
        if not isinstance(place, dict):
            continue
        address = place.get("address")
        names: list[Any] = [address] if isinstance(address, str) else []
        if isinstance(address, dict):
            names = [address.get(k) for k in ("addressLocality", "addressRegion", "streetAddress")]
        for name in (n.strip() for n in names if isinstance(n, str) and n.strip()):
            code = name if re.fullmatch(r"\d{4}", name) else None
            known = taxonomy.municipality(code) if code else taxonomy.municipality_by_name(_town(name))
            if known is not None and municipality is None:
                municipality = known.code
        geo = place.get("geo")
        if isinstance(geo, dict) and lat is None:
            try:
                lat, lon = float(geo["latitude"]), float(geo["longitude"])
            except (KeyError, TypeError, ValueError):
                found.append({"field": "jobLocation.geo", "message": "expected latitude and longitude"})
    return municipality, lat, lon


def _town(name: str) -> str:
    """ "Malmö", from "211 45 Malmö" or "Malmö kommun" too."""
    return re.sub(r"^\d{3}\s?\d{2}\s+|\s+kommun$", "", name.strip(), flags=re.IGNORECASE)


# schema.org employmentType values and Swedish labels that say part time.
_PART_TIME = re.compile(r"part[_ -]?time|deltid", re.IGNORECASE)
_PERCENT = re.compile(r"(\d{1,3})\s*%")
_HOURS = re.compile(r"(\d{1,2}(?:[.,]\d)?)\s*(?:h\b|tim|hours)", re.IGNORECASE)
FULL_WEEK_HOURS = 40.0


def _extent(posting: dict[str, Any], found: list[dict[str, str]]) -> int:
    """Percent of full time: from ``workHours`` ("75 %", "30 timmar/vecka"), else 50 for part time."""
    hours = _text(posting.get("workHours"))
    if m := _PERCENT.search(hours):
        return max(1, min(100, int(m.group(1))))
    if m := _HOURS.search(hours):
        return max(1, min(100, round(float(m.group(1).replace(",", ".")) / FULL_WEEK_HOURS * 100)))
    # Part time with no figure: half time is the honest middle; the supplier corrects it on the page.
    return 50 if _PART_TIME.search(_text(posting.get("employmentType"))) else 100


def _openings(posting: dict[str, Any], found: list[dict[str, str]]) -> int:
    raw = _text(posting.get("totalJobOpenings"))
    if not raw:
        return 1
    try:
        return int(raw)
    except ValueError:
        found.append({"field": "totalJobOpenings", "message": f"not a whole number: {raw[:20]!r}"})
        return 1


def _placed(posting: dict[str, Any], taxonomy: Taxonomy) -> tuple[PlacedOccupation, str | None, str | None]:
    """(how the occupation was placed, the source's id, the source's label).

    Candidates in order: ``occupationalCategory`` values (a concept id, an SSYK-4 code, a label, or a
    ``CategoryCode``), then ``relevantOccupation`` names (their ``codeValue`` only when the code set says
    SSYK: the dev ads carry older AMS ids there, which are no SSYK codes)."""
    ids: list[str] = []
    labels: list[str] = []
    groups: list[str] = []
    for cat in _items(posting.get("occupationalCategory")):
        code = _text(cat.get("codeValue")) if isinstance(cat, dict) else _text(cat)
        name = _text(cat.get("name")) if isinstance(cat, dict) else ""
        if re.fullmatch(r"\d{4}", code):
            groups.append(code)
        elif code and taxonomy.occupation(code) is not None:
            ids.append(code)
        elif code:
            labels.append(code)
        if name:
            labels.append(name)
    for occ in _items(posting.get("relevantOccupation")):
        if not isinstance(occ, dict):
            continue
        if name := _text(occ.get("name")):
            labels.append(name)
        cat = occ.get("occupationalCategory")
        if isinstance(cat, dict) and "ssyk" in _text(cat.get("inCodeSet")).lower():
            groups.append(_text(cat.get("codeValue")))
    for concept in ids:
        return place_occupation(taxonomy, concept), concept, None
    for label in labels:
        placed = place_occupation(taxonomy, None, label)
        if placed.placed_by == PlacedBy.LABEL:
            return placed, None, label
    for group in groups:
        placed = place_occupation(taxonomy, None, None, group)
        if placed.placed_by == PlacedBy.GROUP:
            return placed, None, labels[0] if labels else None
    return place_occupation(taxonomy, None), None, labels[0] if labels else None


def is_jobposting_file(text: str) -> bool:
    """Whether an upload holds schema.org JobPostings (else it is read as JobSearch ads)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    try:
        value: Any = json.loads(stripped)
    except (json.JSONDecodeError, RecursionError):
        first = next((line for line in jsonl_lines(stripped) if line.strip()), "")
        try:
            value = json.loads(first)
        except (json.JSONDecodeError, RecursionError):
            return False
    if isinstance(value, list):
        value = value[0] if value else None
    return is_posting(value)


__all__ = [
    "REF_PREFIX",
    "html_to_text",
    "is_jobposting_file",
    "is_posting",
    "parse_postings",
    "postings_of",
    "read_postings",
]
