"""Build ``data/redaction/lexicon.json.gz``: the word lists that ``matcher.text.redaction`` reads.

- first names and surnames: Faker's person providers of the Latin-script locales whose speakers live in
  Sweden in numbers, plus the common first names and surnames of the largest immigrant groups (Arabic,
  Somali, Persian, Kurdish, Tigrinya, Turkish, Bosnian, ...) typed below, as transliterated in Sweden;
- common words: wordfreq's 50,000 most frequent Swedish and 30,000 English words, so that a capitalised
  word at the start of a sentence ("Arbetsuppgifterna") is recognised as a word and not taken for a name;
- countries: Babel's territory names in Swedish and English.

The product never downloads these: it reads the file built here. Rebuild (network to PyPI only):

    .venv/bin/pip install --target /tmp/lexdeps faker babel wordfreq
    PYTHONPATH=/tmp/lexdeps .venv/bin/python scripts/build_redaction_lexicon.py
"""

from __future__ import annotations

import gzip
import importlib
import json
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "redaction" / "lexicon.json.gz"
# Latin-script locales only: a name in another script cannot be matched against Swedish text.
LOCALES = [
    "sv_SE",
    "da_DK",
    "no_NO",
    "fi_FI",
    "is_IS",
    "en_US",
    "en_GB",
    "de_DE",
    "nl_NL",
    "fr_FR",
    "es_ES",
    "it_IT",
    "pl_PL",
    "ro_RO",
    "hr_HR",
    "cs_CZ",
    "sk_SK",
    "sl_SI",
    "hu_HU",
    "lt_LT",
    "lv_LV",
    "et_EE",
    "tr_TR",
    "az_AZ",
    "sw",
    "ha_NG",
    "yo_NG",
    "ig_NG",
    "en_KE",
    "en_NG",
    "en_PK",
    "id_ID",
    "vi_VN",
    "pt_BR",
    "pt_PT",
    "es_MX",
]
# Sweden's largest groups born abroad (Syria, Iraq, Finland, Poland, Iran, Somalia, former Yugoslavia,
# Afghanistan, Eritrea, Turkey, Thailand, ...): first names as they are usually written in Latin letters.
IMMIGRANT_FIRST_NAMES = """
abbas abdalla abdallah abdi abdifatah abdikadir abdirahman abdirizak abdul abdulahi abdulla abdullah
abdullahi abdulrahman abdiaziz abdiwali abdinasir adnan afrah ahmad ahmed ahmet aisha ayesha aischa
ajla alaa ali alia alma amal amani amina aminah amir amira amra anas anwar arash asad asma asmaa ayaan
ayan ayub aziz bashir batool bilal burhan cabdi cali daud dawit deeqa dina edin ehsan elham elif emina
emir emre enes esra eyerusalem faisal farah fardowsa farhan farid faris farzaneh fatemeh fatima fatuma
fatma fawzia filmon ghada habib hadi hafsa hajer hakim halima hamid hamza hana hani haroun hasan hassan
hawa hayat helen hiba hind hodan hossein huda hussein hussain ibrahim idil ikram ilham iman imran ines
isaak ismail jamal jamila javad kadija kamal karim kemal khadija khaled khalid kifah leila layla lina
luul mahad mahamed mahmoud mahmud malak malika mariam maryam mehdi mehmet merhawi mesfin meron milad
mirza mohamad mohamed mohammad mohammed mohamud muhammad muna murat mustafa muhamed nabil nadia najib
nasra nasrin nawal nima nour nur omar osman parisa rahel rania rashid rawan reza rima rukia ruqiya
saad sabrina sadia safia said salah saleh salim sama samira sara senait shadi shamsa sherifa sirin
soheila suad suleiman sultan tahir tamana tareq tarik tesfay tigist warsame yasin yasmin yonas yosef
yousef yusuf zahra zainab zakaria zeinab zeynep zlatan ahmedin nasteho hamdi ubah sagal amal filsan
"""
IMMIGRANT_SURNAMES = """
abdi abdullahi adan ahmadi ahmed al-ali ali aden awad aziz barre begovic bekele berhane delic dirie
egal elmi farah gebre gebremedhin ghebremariam haile hamid hasanovic hassan hersi hosseini hussein
ibrahim isse jama jusufovic kaya karimi kebede khalil mahamud mehmedovic mohamed mohamud mousavi
muse noor nur omar osman rahimi rezaei salad samatar sheikh tesfaye warsame yilmaz yusuf demir celik
sahin yildiz ozturk aydin ozdemir arslan dogan kilic nowak kowalski wisniewski kaminski lewandowski
hodzic hadzic kovacevic jovanovic petrovic nikolic markovic popovic korhonen virtanen nieminen
"""
# Names that are everyday words in lower case ("per timme", "en bra dag"): written in lower case they stay.
WORDY_NAMES = """
amber angel april august autumn bill bo bror chase crystal dag dale dawn del destiny diamond drew earl
else faith frank gene grace grant guy holly hope hunter inga inge jade jay joy juni june lance liv lo
love lova lucky maj mark may melody mina my nova par per penny rosa rose said saga sandy sten stig summer
tor tore uno urban vega vera viking ville will mans sol storm skog ek lind berg holm strand dal
back blixt blom borg falk frid frisk green gren hall hammar ljung lund malm modig nord palm rosen stark
strid wall vall lax björn varg örn lilja dina rut max lina tim klara linda frans ebba
"""


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def _faker_names() -> tuple[set[str], set[str]]:
    first: set[str] = set()
    last: set[str] = set()
    for loc in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in dir(provider):
            if not attr.startswith(("first_names", "last_names")):
                continue
            value = getattr(provider, attr)
            target = first if attr.startswith("first") else last
            for name in value.keys() if isinstance(value, dict) else value:
                if isinstance(name, str) and re.fullmatch(r"[A-Za-zÀ-ɏ' \-]+", name):
                    target.update(fold(p) for p in re.split(r"[ \-]", name) if len(p) >= 2)
    return first, last


def main() -> int:
    from babel import Locale
    from wordfreq import top_n_list

    wordy = {fold(w) for w in WORDY_NAMES.split()}
    first, last = _faker_names()
    first |= set(IMMIGRANT_FIRST_NAMES.split())
    last |= set(IMMIGRANT_SURNAMES.split())
    frequent = {fold(w) for w in top_n_list("sv", 3000) + top_n_list("en", 3000)}
    common = set(top_n_list("sv", 50000)) | set(top_n_list("en", 30000))
    core_first = set(IMMIGRANT_FIRST_NAMES.split())
    core_last = set(IMMIGRANT_SURNAMES.split())
    # Swedish names only: English ones in lower case are too often words ("brown", "young", "will").
    for loc in ("sv_SE",):
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in dir(provider):
            if attr.startswith(("first_names", "last_names")):
                value = getattr(provider, attr)
                core = core_first if attr.startswith("first") else core_last
                core.update(fold(n) for n in (value.keys() if isinstance(value, dict) else value))
    countries: set[str] = set()
    for lang in ("sv", "en"):
        # Alphabetic codes are countries and territories; numeric ones are regions ("världen", "Europa").
        territories = Locale(lang).territories.items()
        countries.update(fold(name) for code, name in territories if code.isalpha() and code != "SE")
    data = {
        "format": 1,
        "source": "faker person providers, wordfreq top lists, babel territories; see build script",
        # A frequent word that some locale also uses as a name ("de", "van", "till") is a word here,
        # unless it is a first name of the core lists (sv/en/immigrant) with no everyday meaning.
        "first_names": sorted((first - frequent) | (core_first - wordy)),
        "surnames": sorted((last - frequent) | (core_last - wordy)),
        "wordy_names": sorted(wordy),
        # The core lists' names are removed even written in lower case ("maria", "mohamed").
        "core_names": sorted((core_first | core_last) - wordy),
        # The 3,000 most frequent: a capitalised one inside a sentence is a word ("Vi", "Typ"), not a name.
        "frequent_words": sorted(w for w in frequent if re.fullmatch(r"[^\W\d_]+", w)),
        "common_words": sorted({fold(w) for w in common if re.fullmatch(r"[^\W\d_]+", w)}),
        "countries": sorted(countries),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False, sort_keys=True).encode(), mtime=0))
    print(f"{OUT}: " + ", ".join(f"{k} {len(v)}" for k, v in data.items() if isinstance(v, list)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
