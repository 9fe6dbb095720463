"""The UI's language and its messages, from gettext catalogs (Swedish first, English second).

The catalogs are ``locale/<lang>/LC_MESSAGES/messages.po`` beside this module: translators edit them with any
PO editor. Message ids are stable keys (``nav.dashboard``), so a changed Swedish wording never orphans its
English. Babel compiles each catalog once per process, in memory (no ``.mo`` file to go stale);
``make messages`` extracts the keys the code and templates use into ``locale/messages.pot``.
"""

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> Translations:
    """The compiled catalog of ``lang`` (one of ``LANGUAGES``)."""
    with catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@lru_cache(maxsize=1)
def message_ids() -> frozenset[str]:
    """Every message id of the Swedish catalog (the reference language)."""
    with catalog_path(DEFAULT_LANGUAGE).open("rb") as f:
        return frozenset(str(m.id) for m in read_po(f, locale=DEFAULT_LANGUAGE) if m.id)


def has_message(key: str) -> bool:
    return key in message_ids()


def language(request: Request) -> str:
    lang = request.cookies.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str) -> str:
    """The message ``key`` in ``lang``; an unknown key is a programming error (KeyError), never shown raw."""
    if key not in message_ids():
        raise KeyError(key)
    return translations(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).gettext(key)
