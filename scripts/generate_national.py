"""Generate a synthetic NATIONAL data set (deterministic for a seed; never committed).

    .venv/bin/python scripts/generate_national.py --out /tmp/national                   # 300,000 × 30,000
    .venv/bin/python scripts/generate_national.py --out /tmp/national --fraction 0.1    # 30,000 × 3,000
    .venv/bin/python scripts/generate_national.py --out /tmp/national --load sqlite:////tmp/national.db
    .venv/bin/python scripts/generate_national.py --out /tmp/national --load sqlite:////tmp/national.db --bulk

Writes ``organisations``, ``contracts``, ``vacancies`` and ``seekers.jsonl`` in the import format
(``matcher import``, ``models/io.py``) plus ``manifest.json`` (counts, pool sizes, file digests); ``--load``
migrates the database and imports the files through the product's own import code
(``service.imports.service.import_records``), in transactions of ``--batch`` records, audited as
``matcher import`` is. A load can be repeated: records are upserted by ref.
``--bulk`` loads the same rows through ``service.imports.bulk`` (batched writes, an indexed duplicate
check, ``--workers`` processes enriching ahead): many times faster, minutes instead of hours at full size.

People, companies and authorities are invented with the demo fixtures' own generator
(``scripts/fixtures``: its occupations, sector and target-group weights, language backgrounds, texts and
ad styles), then placed in the country:

* municipalities: all 290 of the taxonomy, weighted by population (``POPULATION``: rounded SCB figures for
  the 46 largest; each county's remaining population shared evenly by its other municipalities);
* placements: contracts copied from the fixtures' contract types (cleaning, property care, meals, transport,
  home care, construction, warehouse, ...) with a procuring municipality drawn by population; every
  placement is open; ``--real-ad-share`` of them are the real Platsbanken ads of the benchmark
  (``data/benchmark/real_ads``, their labelled occupation set), which bring the real-ad occupation mix;
* matching actors (pools): one per municipality (``ame-<code>``), except in the counties of
  ``SHARED_COUNTIES``, where one county-wide actor (``lan-<county>``) holds every municipality's seekers and
  contracts; and Arbetsförmedlingen (``af``), which holds ``--af-share`` of all seekers, from every
  municipality, and the same share of contracts. ``--af-share 1`` puts everybody in one pool of 300,000:
  Arbetsförmedlingen's register size, the worst case for a re-rank's memory.

Identities carry no personnummer: the fictional 98x series has only about 175,000 numbers for the ages
drawn, fewer than the seekers. Same seed, fraction and options: same bytes (seeded ``random.Random`` per
block, sorted keys, no clock).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixtures.common import DEFAULT_SOURCES, Record, org_number  # noqa: E402
from fixtures.organisations import (  # noqa: E402
    ACTOR_OF_AUTHORITY,
    ACTORS,
    AUTHORITIES,
    CONTRACTS,
    make_contracts,
    make_organisations,
)
from fixtures.seekers import make_seekers  # noqa: E402
from fixtures.vacancies import make_vacancies  # noqa: E402
from fixtures.vocabulary import MUNI_COORDS  # noqa: E402
from fixtures.world import World  # noqa: E402

from service.jobs.progress import Progress, make_progress  # noqa: E402

N_SEEKERS, N_PLACEMENTS = 300_000, 30_000
SEEKER_BLOCK = 2_000  # seekers per seeded block: blocks are independent, so any block can be regenerated
CONTRACT_BLOCK = 50
TAXONOMY = ROOT / "data" / "taxonomy" / "taxonomy.json.gz"
REAL_ADS = ROOT / "data" / "benchmark" / "real_ads"

# Population in thousands, rounded (SCB, end of 2023): the largest municipalities, and each county's total.
POPULATION = {
    "0180": 984, "1480": 596, "1280": 362, "0380": 245, "0580": 167, "1880": 158, "1980": 157, "1283": 151,
    "0581": 145, "0680": 144, "2480": 131, "1281": 128, "1490": 115, "0126": 115, "0484": 107, "0182": 108,
    "2180": 103, "1380": 104, "0181": 102, "2281": 99, "0780": 96, "0127": 96, "1780": 95, "0136": 96,
    "1290": 87, "1384": 86, "0184": 85, "0123": 85, "2580": 79, "0160": 74, "2482": 78, "2380": 64,
    "0880": 72, "0186": 48, "1488": 60, "2080": 60, "2081": 52, "1383": 67, "0188": 64, "1485": 57,
    "2284": 56, "1082": 33, "0980": 61, "1496": 57, "1481": 70, "1080": 67,
}  # fmt: skip
COUNTY_POPULATION = {
    "01": 2_454, "03": 400, "04": 301, "05": 469, "06": 370, "07": 205, "08": 247, "09": 61, "10": 157,
    "12": 1_414, "13": 344, "14": 1_751, "17": 283, "18": 307, "19": 280, "20": 288, "21": 287, "22": 244,
    "23": 132, "24": 275, "25": 250,
}  # fmt: skip
COUNTY_NAMES = {
    "01": "Stockholm", "03": "Uppsala", "04": "Södermanland", "05": "Östergötland", "06": "Jönköping",
    "07": "Kronoberg", "08": "Kalmar", "09": "Gotland", "10": "Blekinge", "12": "Skåne", "13": "Halland",
    "14": "Västra Götaland", "17": "Värmland", "18": "Örebro", "19": "Västmanland", "20": "Dalarna",
    "21": "Gävleborg", "22": "Västernorrland", "23": "Jämtland", "24": "Västerbotten", "25": "Norrbotten",
}  # fmt: skip
# Counties whose municipalities share one matching actor (a kommunalförbund-like arrangement).
SHARED_COUNTIES = ("07", "08", "22", "23")
AF_REF = "af"


@dataclass(frozen=True)
class Country:
    """The 290 municipalities with population weights, and who matches for each."""

    codes: tuple[str, ...]
    names: dict[str, str]
    weights: tuple[float, ...]

    @classmethod
    def load(cls, taxonomy_path: Path = TAXONOMY) -> Country:
        with gzip.open(taxonomy_path) as f:
            munis = json.loads(f.read())["municipalities"]
        codes = tuple(sorted(munis))
        rest: dict[str, list[str]] = {}
        for c in codes:
            if c not in POPULATION:
                rest.setdefault(c[:2], []).append(c)
        weights = []
        for c in codes:
            if c in POPULATION:
                weights.append(float(POPULATION[c]))
            else:
                county = c[:2]
                known = sum(v for k, v in POPULATION.items() if k[:2] == county)
                weights.append(max(2.5, (COUNTY_POPULATION[county] - known) / len(rest[county])))
        for c, m in munis.items():  # the fixtures' ad generator places an ad by these coordinates
            MUNI_COORDS.setdefault(c, (m["lat"], m["lon"]))
        return cls(codes, {c: munis[c]["name"] for c in codes}, tuple(weights))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.codes, weights=self.weights)[0]

    def local_actor(self, code: str) -> str:
        return f"lan-{code[:2]}" if code[:2] in SHARED_COUNTIES else f"ame-{code}"

    def authority_name(self, code: str) -> str:
        return "Region Gotland" if code == "0980" else f"{self.names[code]} kommun"

    def actor_name(self, ref: str) -> str:
        if ref == AF_REF:
            return "Arbetsförmedlingen"
        if ref.startswith("lan-"):
            return f"Samordningsförbundet {COUNTY_NAMES[ref[4:]]}s län"
        return f"Arbetsmarknadsenheten {self.names[ref[4:]]}"


@dataclass(frozen=True)
class Options:
    seed: int = 2026
    fraction: float = 1.0
    af_share: float = 0.3
    real_ad_share: float = 0.15

    @property
    def n_seekers(self) -> int:
        return max(1, round(N_SEEKERS * self.fraction))

    @property
    def n_placements(self) -> int:
        return max(1, round(N_PLACEMENTS * self.fraction))


def _rng(opts: Options, *parts: object) -> random.Random:
    return random.Random("|".join(map(str, (opts.seed, *parts))))  # str seeds hash with sha512: stable


def _sources() -> dict[str, Any]:
    return dict(json.loads(DEFAULT_SOURCES.read_text(encoding="utf-8")))


def organisations(country: Country) -> list[Record]:
    """Authorities (one per municipality), the fixtures' suppliers, and the matching actors."""
    w = World(rng=random.Random(0), src=_sources())
    make_organisations(w)
    suppliers = [o for o in w.orgs if o["kind"] == "supplier"]
    actors = [*sorted({country.local_actor(c) for c in country.codes}), AF_REF]
    out: list[Record] = []
    for i, c in enumerate(country.codes):
        out.append(
            {
                "type": "organisation",
                "ref": f"kommun-{c}",
                "name": country.authority_name(c),
                "kind": "procuring_authority",
                "org_number": org_number("212000", i),
                "municipality_code": c,
            }
        )
    for i, ref in enumerate(actors):
        home = "0180" if ref == AF_REF else ref[4:] + "80" if ref.startswith("lan-") else ref[4:]
        out.append(
            {
                "type": "organisation",
                "ref": ref,
                "name": country.actor_name(ref),
                "kind": "matching_actor",
                "org_number": org_number("202100", i),
                "municipality_code": home if home in country.names else country.codes[0],
            }
        )
    return out + suppliers


def _rename(text: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        text = text.replace(old, new)
    return text


def _fixture_names() -> dict[str, str]:
    return {o.ref: o.name for o in AUTHORITIES + ACTORS}


def real_ads() -> list[Record]:
    """The benchmark's real ads with their hand-labelled occupation."""
    with (REAL_ADS / "labels.csv").open(encoding="utf-8") as f:
        labels = {r["ad_id"]: r["occupation_id"] for r in csv.DictReader(f)}
    ads = [json.loads(line) for line in (REAL_ADS / "ads.jsonl").read_text(encoding="utf-8").splitlines()]
    return [{**a, "occupation_id": labels[a["id"]]} for a in ads if a["id"] in labels]


def placements(opts: Options, country: Country) -> Iterator[tuple[list[Record], list[Record]]]:
    """(contracts, open vacancies) in blocks, until ``n_placements`` open vacancies exist."""
    src = _sources()
    src["municipalities"] = {**src["municipalities"], **country.names}
    fixture = _fixture_names()
    ads = real_ads()
    made, block = 0, 0
    while made < opts.n_placements:
        rng = _rng(opts, "contracts", block)
        w = World(rng=rng, src=src)
        specs, home = [], {}
        for j in range(CONTRACT_BLOCK):
            muni = country.draw(rng)
            template = rng.choice(CONTRACTS)
            ref = f"n{block:04d}-{j:02d}"
            specs.append(
                replace(
                    template,
                    ref=ref,
                    start=date(2026, rng.randint(1, 10), 1),
                    n_vacancies=rng.choice((3, 4, 6, 8, 10, 12, 16)),
                    area=(muni,),
                )
            )
            actor = AF_REF if rng.random() < opts.af_share else country.local_actor(muni)
            home[ref] = (muni, actor)
        make_contracts(w, specs)
        make_vacancies(w, specs)
        contracts: list[Record] = []
        for c in w.contracts:
            muni, actor = home[c["ref"]]
            names = {fixture[c["procuring_org_ref"]]: country.authority_name(muni)}
            c["procuring_org_ref"] = f"kommun-{muni}"
            c["requirement"]["matching_actor_ref"] = actor
            c["title"] = _rename(c["title"], names)
            contracts.append(c)
        vacancies: list[Record] = []
        for v in w.vacancies:
            if v["status"] != "open" or made >= opts.n_placements:
                continue
            spec = w.contract_of[v["ref"]]
            muni, actor = home[spec.ref]
            names = {
                fixture[spec.authority]: country.authority_name(muni),
                fixture[ACTOR_OF_AUTHORITY[spec.authority]]: country.actor_name(actor),
            }
            v["description"] = _rename(v["description"], names)
            if rng.random() < opts.real_ad_share:
                ad = rng.choice(ads)
                v["title"] = ad["headline"][:200]
                v["description"] = (
                    f"{ad['text'][:15_000]}\n\nPlatsen ingår i ett avtal med sysselsättningskrav och "
                    f"tillsätts i samarbete med {country.actor_name(actor)}. Ort: {country.names[muni]}."
                )
                v["occupation_id"] = ad["occupation_id"]
                v["required_skills"], v["desired_skills"] = [], []
            vacancies.append(v)
            made += 1
        yield contracts, vacancies
        block += 1


def seekers(opts: Options, country: Country) -> Iterator[list[Record]]:
    """Seekers in seeded blocks of ``SEEKER_BLOCK``."""
    src = _sources()
    fixture_authorities = [o.name for o in AUTHORITIES]
    n_blocks = -(-opts.n_seekers // SEEKER_BLOCK)
    for block in range(n_blocks):
        n = min(SEEKER_BLOCK, opts.n_seekers - block * SEEKER_BLOCK)
        rng = _rng(opts, "seekers", block)
        w = World(rng=rng, src=src)
        make_seekers(w, n)
        for i, s in enumerate(w.seekers):
            muni = country.draw(rng)
            s["ref"] = f"s{block * SEEKER_BLOCK + i + 1:06d}"
            s["municipality_code"] = muni
            s["matching_actor_ref"] = AF_REF if rng.random() < opts.af_share else country.local_actor(muni)
            s["identity"].pop("personal_number", None)
            names = dict.fromkeys(fixture_authorities, country.authority_name(muni))
            for e in s.get("eligibility", []):
                e["evidence"] = _rename(e["evidence"], names)
        yield w.seekers


FILES = ("organisations", "contracts", "vacancies", "seekers")


def _line(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


def generate(opts: Options, out: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write the four import files and ``manifest.json`` into ``out``; the manifest."""
    progress = progress or make_progress("none")
    country = Country.load()
    out.mkdir(parents=True, exist_ok=True)
    pools: dict[str, dict[str, int]] = {}
    counts = dict.fromkeys(FILES, 0)
    orgs = organisations(country)
    (out / "organisations.jsonl").write_text("".join(map(_line, orgs)), encoding="utf-8")
    counts["organisations"] = len(orgs)
    progress.stage("generate_placements", opts.n_placements)
    with (
        (out / "contracts.jsonl").open("w", encoding="utf-8") as fc,
        (out / "vacancies.jsonl").open("w", encoding="utf-8") as fv,
    ):
        actor_of: dict[str, str] = {}
        for contracts, vacancies in placements(opts, country):
            for c in contracts:
                actor_of[c["ref"]] = c["requirement"]["matching_actor_ref"]
                fc.write(_line(c))
            for v in vacancies:
                pool = pools.setdefault(actor_of[v["contract_ref"]], {"seekers": 0, "placements": 0})
                pool["placements"] += 1
                fv.write(_line(v))
            counts["contracts"] += len(contracts)
            counts["vacancies"] += len(vacancies)
            progress.advance(len(vacancies))
    progress.stage("generate_seekers", opts.n_seekers)
    with (out / "seekers.jsonl").open("w", encoding="utf-8") as fs:
        for block in seekers(opts, country):
            for s in block:
                pool = pools.setdefault(s["matching_actor_ref"], {"seekers": 0, "placements": 0})
                pool["seekers"] += 1
                fs.write(_line(s))
            counts["seekers"] += len(block)
            progress.advance(len(block))
    progress.close()
    sizes = sorted(p["seekers"] for p in pools.values())
    manifest = {
        "options": vars(opts) | {"n_seekers": opts.n_seekers, "n_placements": opts.n_placements},
        "counts": counts,
        "pools": {
            "actors": len(pools),
            "largest": max(pools, key=lambda a: pools[a]["seekers"]),
            "largest_seekers": sizes[-1],
            "median_seekers": sizes[len(sizes) // 2],
            "by_actor": dict(sorted(pools.items())),
        },
        "sha256": {f: _digest(out / f"{f}.jsonl") for f in FILES},
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load(
    out: Path,
    database_url: str,
    batch: int = 2_000,
    progress: Progress | None = None,
    *,
    bulk: bool = False,
    workers: int = 0,
) -> dict[str, int]:
    """Migrate ``database_url`` and import the files through the product's import code; created counts.

    ``bulk``: through the bulk loader (``service.imports.bulk``) instead: the same rows, batches and audit
    events, written many times faster, with ``workers`` processes enriching ahead. Either way each file is
    validated whole before its first write.
    """
    from sqlmodel import Session

    from service.imports.bulk import BulkLoader, bulk_import
    from service.imports.service import import_records, jsonl_lines, parse_lines
    from service.platform import audit
    from service.platform.db import make_engine
    from service.platform.migrate import upgrade

    progress = progress or make_progress("none")
    upgrade(database_url)
    engine = make_engine(database_url)
    loader = BulkLoader(engine)
    created: dict[str, int] = {}
    try:
        for name in FILES:
            text = (out / f"{name}.jsonl").read_text(encoding="utf-8")
            lines = [line for line in jsonl_lines(text) if line.strip()]
            progress.stage(f"load_{name}", len(lines))
            if bulk:
                report = bulk_import(
                    engine, parse_lines(lines), f"{name}.jsonl", batch=batch, workers=workers,
                    advance=progress.advance, loader=loader,
                )  # fmt: skip
                for kind, n in report.created.items():
                    created[kind] = created.get(kind, 0) + n
                continue
            for start in range(0, len(lines), batch):
                chunk = lines[start : start + batch]
                with Session(engine) as session:
                    report = import_records(session, parse_lines(chunk))
                    counts = {"created": dict(report.created), "updated": dict(report.updated)}
                    audit.record(session, None, "import.records", "import", f"{name}.jsonl", detail=counts)
                    session.commit()
                for kind, n in report.created.items():
                    created[kind] = created.get(kind, 0) + n
                progress.advance(len(chunk))
    finally:
        progress.close()
        engine.dispose()
    return created


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True, help="directory for the JSON Lines files")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fraction", type=float, default=1.0, help="share of 300,000 × 30,000")
    parser.add_argument("--af-share", type=float, default=0.3, help="share in Arbetsförmedlingen's pool")
    parser.add_argument("--real-ad-share", type=float, default=0.15, help="placements that are real ads")
    parser.add_argument("--load", metavar="DATABASE_URL", help="migrate and import into this database")
    parser.add_argument("--batch", type=int, default=2_000, help="records per import transaction")
    parser.add_argument(
        "--bulk", action="store_true", help="--load with the bulk loader: the same rows, many times faster"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="--bulk: processes enriching the next batches ahead (0: none; helps only on idle cores)",
    )
    parser.add_argument("--progress", choices=("auto", "bar", "json", "none"), default="auto")
    a = parser.parse_args(argv)
    if not 0 < a.fraction <= 1 or not 0 <= a.af_share <= 1 or not 0 <= a.real_ad_share <= 1:
        print("error: --fraction must be in (0, 1], the shares in [0, 1]", file=sys.stderr)
        return 2
    opts = Options(a.seed, a.fraction, a.af_share, a.real_ad_share)
    manifest = generate(opts, a.out, make_progress(a.progress))
    c, p = manifest["counts"], manifest["pools"]
    print(
        f"{c['seekers']} seekers, {c['vacancies']} open placements in {c['contracts']} contracts, "
        f"{p['actors']} pools (largest {p['largest']}: {p['largest_seekers']} seekers, median "
        f"{p['median_seekers']}) -> {a.out}",
        file=sys.stderr,
    )
    if a.load:
        created = load(a.out, a.load, a.batch, make_progress(a.progress), bulk=a.bulk, workers=a.workers)
        print(f"loaded into {a.load}: {created}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
