"""What a text may say about who a person is rather than what they can do: age, birth year, birthplace,
nationality, health, religion and family.

Suppliers must choose on merit (and may not choose on these grounds at all), so such words go even where
a sentence reads oddly afterwards. Durations stay: "arbetat i 20 år" is experience, "20 år gammal" is not.
"""

import re
from collections.abc import Callable

from matcher.text.redaction.spans import Span, spans_of

_TENS_SV = "tjugo|trettio|fyrtio|femtio|sextio|sjuttio"
_ONES_SV = "ett|en|två|tre|fyra|fem|sex|sju|åtta|nio"
_TENS_EN = "twenty|thirty|forty|fifty|sixty|seventy"
_ONES_EN = "one|two|three|four|five|six|seven|eight|nine"
_AGE_NUMBER = (
    rf"(?:1[5-9]|[2-9]\d|(?:{_TENS_SV})(?:{_ONES_SV})?|femton|sexton|sjutton|arton|nitton"
    rf"|(?:{_TENS_EN})(?:[\s\-]?(?:{_ONES_EN}))?|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_AGE = re.compile(
    rf"\b{_AGE_NUMBER}\s*-?\s*(?:årig\w*|åring\w*|års?\s*gammal|år\s+gml|years?[\s\-]*old|year-old|"
    r"yrs?\.?\s*old|y/?o)\b"
    rf"|\b(?:aged?|ålder|åldern|age|född för)\s*:?\s*(?:är\s+|is\s+|of\s+)?{_AGE_NUMBER}\b"
    r"(?:\s+(?:år|years?))?"
    rf"|\b(?:jag är|hon är|han är|hen är|i am|i'm|she is|he is|fyller|fyllde|fyllt|fyllda|turned|turning|"
    rf"blir|blev)\s+{_AGE_NUMBER}(?:\s+(?:år|years?))?(?!\s*(?:%|procent|kr|timmar|hours))"
    rf"|\b(?:är|is)\s+{_AGE_NUMBER}(?=\s*(?:[.,;!)]|och\b|and\b|$))"
    rf"|\b(?:\d0|{_TENS_SV})-?\s*(?:årsåldern|års\s*åldern|talist\w*|plus)\b"
    r"|\bin (?:his|her|their|my) (?:early |late |mid-)?(?:twenties|thirties|forties|fifties|sixties|"
    r"20s|30s|40s|50s|60s)\b"
    r"|\b(?:medelålders|pensionär\w*|pensionerad|middle-aged|retired|retiree)\b",
    re.IGNORECASE,
)
# "44 år" is an age, "i 20 år" (for 20 years) a duration: the word before tells them apart.
_YEARS = re.compile(
    rf"\b{_AGE_NUMBER}\s+år\b(?!\s+(?:erfarenhet|i\s+branschen|inom|som|på|av|of|experience))",
    re.IGNORECASE,
)
_DURATION_BEFORE = re.compile(
    r"(?:\b(?:i|under|sedan|för|in|for|over|över|ca|cirka|c:a|drygt|minst|nästan|knappt|about|"
    r"than|än|jobbat|arbetat|worked|senaste|last|past|the)\s+)$",
    re.IGNORECASE,
)
_MONTHS = r"(?:jan\w*|feb\w*|mar\w*|apr\w*|maj|may|jun\w*|jul\w*|aug\w*|sep\w*|okt\w*|oct\w*|nov\w*|dec\w*)"
_BIRTH_YEAR = re.compile(
    r"\b(?:född|födda|föddes|f\.|born|b\.|årgång|årsmodell|birth\s*year|födelseår|year of birth)\s*:?\s*"
    r"(?:(?:i|in|on|den|år|the|på|:)\s+)*"
    rf"(?:(?:\d{{1,2}}\s+)?{_MONTHS}(?:\s+\d{{2,4}})?"
    r"|\d{1,2}\s*[/.]\s*\d{1,2}(?:\s*[/.\-]\s*\d{2,4})?"
    r"|(?:[-'’]\s?\d{2}|\d{4}|\d{2})(?:-talet|'s|s)?\b)"
    r"|\b(?:19|20)?\d{2}-?talist\w*",
    re.IGNORECASE,
)
_ORIGIN_TRIGGER = (
    r"född och uppvuxen|född|födda|föddes|uppvuxen|uppväxt|växte upp|kommer (?:ursprungligen |egentligen )?"
    r"(?:från|ifrån)|kom (?:till sverige |hit )?från|ursprungligen från|härstammar från|har rötter i|"
    r"med rötter i|rötterna i|flydde från|flyktning från|invandrade från|medborgare i|"
    r"born and raised|born|grew up|was raised|raised|originally from|comes? from|came from|i'm from|"
    r"i am from|is from|hails from|native of|roots in|fled from|emigrated from|citizen of"
)
_ORIGIN = re.compile(
    rf"\b(?:{_ORIGIN_TRIGGER})\s+(?:(?:i|in|från|from|på|ifrån|och uppvuxen i|and raised in)\s+)?"
    r"((?:[\w'\-]+)(?:\s+(?!och\b|and\b|men\b|but\b|som\b|who\b|där\b|where\b|med\b|with\b|har\b|"
    r"has\b|är\b|is\b|sedan\b|since\b)[\w'\-]+){0,2})",
    re.IGNORECASE,
)
_NATIONALITY_SV = (
    "somal|syr|irak|iran|afghan|eritre|etiop|turk|kurd|pol|rumän|bulgar|bosn|serb|kroat|alban|kosovoalban|"
    "makedon|ukrain|ry|vitry|belarus|litau|lett|est|fin|dan|nor|ty|frans|span|portugis|italien|grek|"
    "unger|tjeck|slovak|palestin|libanes|jordan|egypt|marockan|alger|tunis|liby|sudanes|sydsudanes|"
    "nigerian|ghanan|gamb|kenyan|ugand|kongoles|rwand|burund|tanzan|jemenit|saud|kuwait|pakistan|ind|"
    "bangladesh|lankes|nepales|kines|vietnames|thailänd|filippin|indones|korean|japan|mongol|chilen|"
    "colombian|peruan|bolivian|mexikan|kuban|brasilian|argentin|venezuelan|amerikan|kanadens|britt|"
    "engel|skot|irländ|holländ|nederländ|belg|schweiz|österrik|armen|georg|azer|tjetjen|uzbek|tadzjik|"
    "tigrin|assyr|syrian|kalde|arab|pers|rom|sam|afrikan|asiat|latinamerikan|utländ"
)
_NATIONALITY = re.compile(
    # The -a form is also the language ("talar somaliska"), kept unless it describes people.
    rf"\b(?:{_NATIONALITY_SV})(?:isk|sk|ansk|nisk)(?:t|e)?\b"
    rf"|\b(?:{_NATIONALITY_SV})(?:isk|sk|ansk|nisk)a\s+(?=medborgar|ursprung|bakgrund|härkomst|kvinn|män|"
    r"famil|föräldrar|flykting|invandrar|citizen)"
    r"|\b(?:somalier|syrier|irakier|iranier|afghaner?|eritreaner?|etiopier|turkar?|kurder?|polacker?|"
    r"rumäner?|bosnier|serber?|kroater?|albaner?|ukrainare|ryss(?:ar)?|palestinier|libaneser?|egyptier|"
    r"marockaner?|sudaneser?|nigerianer?|pakistanier|indier|kineser?|vietnameser?|thailändare|"
    r"filippinare|chilenare|colombianer?|peruaner?|mexikaner?|amerikaner?|britter?|engelsm[aä]n|"
    r"finnar?|norrm[aä]n|tyskar?|fransm[aä]n|spanjor(?:er)?|italienare|greker?|araber?|perser|romer|"
    r"assyrier|syrianer|invandrare|utlandsfödd\w*|utrikesfödd\w*|nyanländ\w*|flykting\w*|asylsökande|"
    r"uppehållstillstånd\w*|medborgare|medborgarskap\w*|nationalitet\w*|härkomst|etnicitet\w*|"
    r"refugee\w*|asylum|immigrant\w*|migrant\w*|citizen\w*|nationality|ethnicity|newly arrived)\b"
    r"|\b(?:svensk|swedish)\s+(?:medborgare|citizen)\w*",
    re.IGNORECASE,
)
_NATIONALITY_EN = re.compile(
    r"\b(?:Somali|Syrian|Iraqi|Iranian|Afghan|Eritrean|Ethiopian|Turkish|Kurdish|Polish|Romanian|"
    r"Bulgarian|Bosnian|Serbian|Croatian|Albanian|Ukrainian|Russian|Palestinian|Lebanese|Egyptian|"
    r"Moroccan|Algerian|Tunisian|Libyan|Sudanese|Nigerian|Ghanaian|Kenyan|Ugandan|Congolese|Pakistani|"
    r"Indian|Bangladeshi|Chinese|Vietnamese|Thai|Filipino|Filipina|Chilean|Colombian|Peruvian|Mexican|"
    r"American|British|Finnish|Danish|Norwegian|German|French|Spanish|Italian|Greek|Arab|Persian|"
    r"Assyrian|African|Asian|Latino|Latina|Hispanic|Roma|Yemeni|Jordanian|Armenian|Georgian|Chechen)s?\b"
)
_HEALTH = re.compile(
    r"\b(?:diagnos|diagnosen|diagnoser|diagnostiserad\w*|diagnosed|diagnosis|sjukskriv\w*|sjukersättning\w*|aktivitetsersättning\w*|funktionsnedsätt\w*|"
    r"funktionsvariation\w*|funktionshind\w*|handikapp\w*|rullstol\w*|adhd|autis\w*|asperger\w*|"
    r"diabet\w*|epilep\w*|depress\w*|ångest\w*|utbränd\w*|utmattning\w*|ptsd|cancer\w*|hiv|hepatit\w*|"
    r"astma\w*|allergi\w*|dyslexi\w*|missbruk\w*|alkoholi\w*|\w+beroende|bipolär\w*|schizofren\w*|"
    r"ryggskad\w*|ryggproblem\w*|ryggont|hörselnedsätt\w*|synnedsätt\w*|synskad\w*|hörselskad\w*|blind|"
    r"döv|tar medicin|sjukdom\w*|stroke|hjärtinfarkt|reumati\w*|fibromyalgi|skleros|"
    r"migrän|ohälsa|psykos\w*|ätstörning\w*|tvångssyndrom|ocd|tourette\w*|utvecklingsstörning|"
    r"smärtproblematik|värk|whiplash|covid|sömnproblem|insulin|dialys|förlamad|amputer\w*|protes|"
    r"anorexi|bulimi|lönebidrag|nystartsjobb|arbetsträning|rehabiliteringsplan|blodtryck\w*|medicin mot|"
    r"disabilit\w*|disabled|wheelchair|autistic|anxiety|burnout|burn-out|diabetic|epileptic|illness|"
    r"sick leave|sickness|chronic|on medication|addiction|alcoholism|bipolar|deaf|pain|therapy|mental health|"
    r"psykisk ohälsa|psykiatrisk diagnos|hearing loss|visual impairment)\b"
    r"|\b(?-i:ADD)\b",
    re.IGNORECASE,
)
_RELIGION = re.compile(
    r"\b(?:muslim\w*|islam\w*|kristen|kristna|kristet|kristendom\w*|katolik\w*|katolsk\w*|ortodox\w*|"
    r"protestant\w*|pingstvän\w*|pingstförsamling\w*|jehova\w*|mormon\w*|jude|judar|judinna|judisk\w*|"
    r"judendom\w*|hindu\w*|buddhis\w*|sikh\w*|ateist\w*|troende|religiös\w*|religion\w*|moské\w*|"
    r"synagog\w*|ramadan|fastar|bönetid\w*|bönematta|slöja|slöjan|hijab\w*|niqab\w*|burka\w*|"
    r"kippa|turban|imam\w*|shia\w*|sunni\w*|shiit\w*|sunnit\w*|alevit\w*|yazidi\w*|ezidi\w*|koran\w*|"
    r"bibel\w*|eid|frikyrk\w*|adventist\w*|sabbat\w*|baptist\w*|laestadian\w*|"
    r"catholic\w*|orthodox|jewish|jew|jews|atheist\w*|religious|mosque\w*|"
    r"synagogue\w*|prayer\w*|prays|headscarf|veil|christian\w*|quran|church)\b",
    re.IGNORECASE,
)
_FAMILY = re.compile(
    r"\b(?:maka|maken|makan|makar|fru|frun|hustru|hustrun|sambo\w*|särbo\w*|pojkvän\w*|flickvän\w*|"
    r"(?:är|var|blev)\s+gift|gift med|nygift|skild|skilsmässa\w*|frånskild|änka|änkan|änkling|"
    r"ensamstående|barnledig\w*|föräldraledig\w*|"
    r"mammaledig\w*|pappaledig\w*|vab|vabb\w*|son|sonen|söner|sönerna|dotter|dottern|döttrar\w*|"
    r"barnbarn\w*|syskon\w*|bror|brodern|brorsan|syster|systern|systrar\w*|kusin\w*|farmor|mormor|"
    r"farfar|morfar|svärmor|svärfar|familj|familjen|"
    r"husband|wife|married|divorced|widow\w*|spouse|grandchild\w*|boyfriend|girlfriend|fianc[ée]+|"
    r"maternity leave|paternity leave|parental leave|single (?:mother|father|parent|mom|dad)|family|"
    r"daughter\w*|"
    r"sons|brother\w*|sister\w*|mamma|pappa|mor|mother|father)\b"
    r"|\b(?:har|have|has|mina|hennes|hans|sina|våra|my|her|his|their|our|\d+|två|tre|fyra|fem|ett|"
    r"en|one|two|three|four|five|egna|own|a)\s+(?:\w+\s+)?(?:barn|barnen|children|kids?|child|föräldrar)\b"
    r"|\b(?:min|hennes|hans|sin|her|his|my)\s+(?:man|make|far|son|partner)\b",
    re.IGNORECASE,
)


def _not_duration(text: str, spans: list[Span]) -> list[Span]:
    return [s for s in spans if not _DURATION_BEFORE.search(text[max(0, s[0] - 20) : s[0]])]


def _origins(text: str, is_place: Callable[[str], bool]) -> list[Span]:
    # "kommer från en bakgrund inom vården" is no origin: the phrase must start with a place-like word.
    return [(m.start(), m.end()) for m in _ORIGIN.finditer(text) if is_place(m.group(1).split()[0])]


def personal_spans(text: str, is_place: Callable[[str], bool]) -> dict[str, list[Span]]:
    """Spans per class: ``age``, ``birth_year``, ``birthplace`` (where ``is_place`` accepts the first
    word after "född i", "comes from", ...), ``nationality``, ``health``, ``religion``, ``family``."""
    return {
        "age": spans_of(_AGE, text) + _not_duration(text, spans_of(_YEARS, text)),
        "birth_year": spans_of(_BIRTH_YEAR, text),
        "birthplace": _origins(text, is_place),
        "nationality": spans_of(_NATIONALITY, text) + spans_of(_NATIONALITY_EN, text),
        "health": spans_of(_HEALTH, text),
        "religion": spans_of(_RELIGION, text),
        "family": spans_of(_FAMILY, text),
    }
