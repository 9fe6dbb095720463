"""UI strings of the calibrated match band (Swedish, English): stark / möjlig / svag and the rank."""

MATCH_BAND_TRANSLATIONS: dict[str, tuple[str, str]] = {
    "band.strong": ("Stark", "Strong"),
    "band.possible": ("Möjlig", "Possible"),
    "band.weak": ("Svag", "Weak"),
    "band.none": ("Ingen bedömning", "Not assessed"),
    "band.rank": ("{rank} av {n}", "{rank} of {n}"),
    "band.help": (
        "Matchning visar hur troligt det är att personen passar för jobbet: stark (60 % eller mer), "
        "möjlig (25–60 %) eller svag (under 25 %). Bedömningen är prövad mot verkliga annonser och "
        "betyder samma sak på alla listor. Den som varken har yrket, ett närliggande yrke eller en "
        "efterfrågad kompetens visas alltid som svag. Plats visar ordningen på den här listan.",
        "Match shows how likely it is that the person fits the job: strong (60% or more), possible "
        "(25–60%) or weak (under 25%). The estimate has been checked against real job ads and means the "
        "same on every list. Someone with neither the occupation, a related occupation nor a wanted "
        "skill is always shown as weak. Rank shows the order on this list.",
    ),
    "band.probability": (
        "Sannolikhet att personen passar för jobbet: {percent} %",
        "Likelihood that the person fits the job: {percent}%",
    ),
    "band.capped": (
        "Visas som svag eftersom varken yrke eller kompetens talar för personen.",
        "Shown as weak because neither occupation nor skills speak for the person.",
    ),
    "band.not_calibrated": (
        "Listan är beräknad med en annan modell än den som bedömningen är prövad för.",
        "The list was computed by another model than the one the estimate was checked for.",
    ),
}
