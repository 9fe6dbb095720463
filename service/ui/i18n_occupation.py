"""Strings of the occupation proposals: the engine proposes, a person confirms (sv, en)."""

OCCUPATION_TRANSLATIONS: dict[str, tuple[str, str]] = {
    # The short text a supplier may read with a proposal (here for want of a better home: decision form).
    "sl.supplier_text": ("Text till leverantören (valfri)", "Text for the supplier (optional)"),
    "sl.supplier_text.hint": (
        "Visas för leverantören bara om du föreslår personen. Skriv om erfarenhet och förutsättningar, "
        "aldrig namn, kontaktuppgifter, ålder eller ursprung – sådant tas ändå bort.",
        "Shown to the supplier only if you propose the person. Write about experience and circumstances, "
        "never name, contact details, age or origin – those are removed anyway.",
    ),
    "occ.proposals": ("Föreslagna yrken", "Proposed occupations"),
    "occ.proposals.hint": (
        "Motorn har läst rubriken och texten. Välj det yrke som stämmer, så rankas platsen säkrare.",
        "The engine has read the headline and text. Choose the occupation that fits, and the placement "
        "is ranked with more certainty.",
    ),
    "occ.proposals.none": (
        "Inget yrke kunde tolkas ur texten. Skriv en tydligare rubrik eller välj en yrkestitel ovan.",
        "No occupation could be read from the text. Write a clearer headline or pick a job title above.",
    ),
    "occ.proposals.ask": ("Föreslå yrke ur annonsen", "Propose an occupation from the ad"),
    "occ.choose": ("Välj", "Choose"),
    "occ.chosen": ("Valt yrke", "Chosen occupation"),
    "occ.probability": ("sannolikhet", "probability"),
    "occ.heading": ("Platsens yrke", "The placement's occupation"),
    "occ.confirmed.state": ("Bekräftat yrke", "Confirmed occupation"),
    "occ.inferred.state": ("Yrke tolkat ur annonsen", "Occupation read from the ad"),
    "occ.inferred.help": (
        "Ingen person har bekräftat yrket. Listan väger de troligaste yrkena efter sannolikhet; "
        "bekräfta rätt yrke så rankas platsen på nytt.",
        "Nobody has confirmed the occupation. The list weighs the likeliest occupations by probability; "
        "confirm the right one and the placement is ranked again.",
    ),
    "occ.none.state": ("Inget yrke kunde tolkas ur annonsen.", "No occupation could be read from the ad."),
    "occ.change": ("Ändra yrke", "Change occupation"),
    "occ.confirm": ("Bekräfta yrket och beräkna listan", "Confirm the occupation and recompute the list"),
    "occ.confirmed": (
        "Yrket är bekräftat och listan är beräknad på nytt.",
        "The occupation is confirmed and the list has been recomputed.",
    ),
    "occ.err.none": ("Välj ett yrke först.", "Choose an occupation first."),
    "occ.err.unknown": ("Yrket finns inte i taxonomin.", "That occupation is not in the taxonomy."),
    "occ.err.failed": (
        "Yrket kunde inte sparas. Ladda om sidan och försök igen.",
        "The occupation could not be saved. Reload the page and try again.",
    ),
}
