"""The UI's gettext catalogs: every message in Swedish and in English, and every key the code uses exists."""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import service.ui
from service.ui.i18n import LANGUAGES, catalog_path, message_ids, translate

UI_DIR = Path(service.ui.__file__).parent
# The keywords the UI translates with: ``_("key")`` in templates, ``translate("key", lang)`` in Python.
KEYWORDS = {"_": None, "gettext": None, "translate": (1,)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]


def catalog(lang: str) -> Catalog:
    with catalog_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def test_every_message_has_a_swedish_and_an_english_text() -> None:
    catalogs = {lang: catalog(lang) for lang in LANGUAGES}
    ids = {lang: {str(m.id) for m in cat if m.id} for lang, cat in catalogs.items()}
    assert ids["sv"] == ids["en"], ids["sv"] ^ ids["en"]
    assert len(ids["sv"]) > 500
    for lang, cat in catalogs.items():
        empty = [m.id for m in cat if m.id and not str(m.string).strip()]
        fuzzy = [m.id for m in cat if m.id and m.fuzzy]
        assert not empty, f"{lang}: untranslated {empty[:10]}"
        assert not fuzzy, f"{lang}: fuzzy {fuzzy[:10]}"
    # The two catalogs are two languages, not one copied.
    same = [m.id for m in catalogs["sv"] if m.id and catalogs["en"][m.id].string == m.string]
    assert len(same) < 0.1 * len(ids["sv"]), same[:20]


def test_every_key_the_templates_and_the_code_name_is_in_the_catalogs() -> None:
    used = {
        str(message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            UI_DIR, METHODS, keywords=KEYWORDS, comment_tags=()
        )
        if isinstance(message, str)
    }
    assert len(used) > 300  # the extraction really read the templates
    assert used - message_ids() == set()


def test_messages_come_from_the_catalog_of_the_language_asked_for() -> None:
    assert translate("nav.dashboard", "sv") == "Översikt"
    assert translate("nav.dashboard", "en") == "Overview"
    assert translate("nav.dashboard", "xx") == "Översikt"  # unknown language: Swedish, the default


def test_an_unknown_key_is_an_error_not_a_raw_id_on_the_page() -> None:
    try:
        translate("no.such.key", "sv")
    except KeyError:
        return
    raise AssertionError("an unknown key must not render as itself")
