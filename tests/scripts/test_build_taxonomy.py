"""scripts/build_taxonomy.py on a newer JobTech dump with deprecated concepts (tests/scripts/data): no crash,
deprecated occupations and skills left out and every relation moved to the replacement, and the loaded
taxonomy places an old id on its replacement (as imports and stored rows need)."""

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from matcher.text.occupation_versions import PlacedBy, place_occupation
from matcher.text.taxonomy import Taxonomy

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "data" / "jobtech_newer.json"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_taxonomy", ROOT / "scripts" / "build_taxonomy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dump(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture's files written out as a JobTech download directory, and the GeoNames CSV."""
    files: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for name, content in files.items():
        if name.startswith("_"):
            continue
        path = tmp_path / "jobtech" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return tmp_path / "jobtech", tmp_path / "jobtech" / "geonames.csv"


@pytest.fixture(name="built")
def built_fixture(tmp_path: Path) -> dict[str, Any]:
    jobtech, geonames = _dump(tmp_path)
    # "Lokalvårdare" is deprecated in this version: the curated title follows its replacement.
    resource: dict[str, Any] = _script().build(
        jobtech, geonames, {"lokalvårdare": "Lokalvårdare", "städhjälp": "Städare"}
    )
    return resource


def test_deprecated_occupations_are_left_out_and_map_to_their_replacement(built: dict[str, Any]) -> None:
    assert set(built["occupations"]) == {"NEW_stad", "NEW_sjuk"}
    # Direct, and through a chain; none for one without a replacement or in a cycle.
    assert built["replaced_occupations"] == {"OLD_chain": "NEW_stad", "OLD_lokal": "NEW_stad"}
    assert built["curated_titles"] == {"lokalvårdare": "NEW_stad", "städhjälp": "NEW_stad"}


def test_relations_naming_deprecated_concepts_move_to_the_replacement(built: dict[str, Any]) -> None:
    # OLD_lokal → NEW_sjuk becomes NEW_stad → NEW_sjuk; NEW_stad → OLD_chain would be NEW_stad to itself
    # (dropped); the relation from OLD_gone has nowhere to go (dropped).
    assert built["substitutes"] == {"NEW_stad": {"NEW_sjuk": 75}}
    assert built["no_education_required"] == ["NEW_stad"]
    assert "SK_old" not in built["skills"]
    assert built["group_skills"] == {"9111": ["SK_floor", "SK_stad"]}


def test_a_curated_title_naming_no_occupation_still_fails_the_build(tmp_path: Path) -> None:
    jobtech, geonames = _dump(tmp_path)
    with pytest.raises(SystemExit, match="Städerskor"):
        _script().build(jobtech, geonames, {"städerska": "Städerskor"})


def test_the_loaded_taxonomy_places_an_old_id_on_its_replacement(
    built: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "taxonomy.json.gz"
    _script().write(built, out)
    taxonomy = Taxonomy.load(out)
    assert taxonomy.occupation("OLD_lokal") is None  # not an occupation of this version
    replaced = taxonomy.replacement("OLD_chain")
    assert replaced is not None and replaced.label == "Städare"
    placed = place_occupation(taxonomy, "OLD_lokal", "Lokalvårdare")
    assert (placed.occupation_id, placed.ssyk4, placed.placed_by) == ("NEW_stad", "9111", PlacedBy.LABEL)
    # An id with no replacement falls back to the group as before, and never raises.
    gone = place_occupation(taxonomy, "OLD_gone", "Städerska", "9111")
    assert (gone.occupation_id, gone.ssyk4, gone.placed_by) == (None, "9111", PlacedBy.GROUP)


def test_the_same_dump_builds_the_same_bytes(tmp_path: Path) -> None:
    jobtech, geonames = _dump(tmp_path)
    script = _script()
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run / "taxonomy.json.gz"  # the gzip header carries the file's name
        script.write(script.build(jobtech, geonames, {"lokalvårdare": "Lokalvårdare"}), out)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
