"""Strings of the staff decision flow, explanations, lists and the supplier's placement form (sv, en)."""

# Every factor the scorer weighs: a label and a short "what this means", in the officer's words.
FEATURES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "occupation_fit": (
        ("Yrkeserfarenhet", "Occupational experience"),
        (
            "Hur nära personens tidigare yrken ligger platsens yrke.",
            "How close the person's earlier occupations are to the placement's occupation.",
        ),
    ),
    "required_skill_coverage": (
        ("Krävda kompetenser", "Required skills"),
        ("Hur många av platsens krav personen uppfyller.", "How many of the required skills the person has."),
    ),
    "desired_skill_coverage": (
        ("Meriterande kompetenser", "Desired skills"),
        ("Kompetenser som är meriterande men inte krav.", "Skills that are a merit but not required."),
    ),
    "semantic_similarity": (
        ("Profilen liknar annonsen (innehåll)", "Profile resembles the ad (meaning)"),
        (
            "Hur lika profiltexten och annonsen är i innehåll, även med olika ord.",
            "How similar the profile and the ad are in meaning, even in different words.",
        ),
    ),
    "lexical_similarity": (
        ("Profilen liknar annonsen (ord)", "Profile resembles the ad (words)"),
        (
            "Hur många ord och ordformer profilen och annonsen har gemensamt.",
            "How many words and word forms the profile and the ad share.",
        ),
    ),
    "swedish_level_fit": (
        ("Svenska", "Swedish"),
        (
            "Om personens nivå i svenska når platsens krav.",
            "Whether the person's Swedish meets the requirement.",
        ),
    ),
    "other_languages_fit": (
        ("Andra språk", "Other languages"),
        ("Andra språk som platsen efterfrågar.", "Other languages the placement asks for."),
    ),
    "commute_fit": (
        ("Avstånd till arbetsplatsen", "Distance to the workplace"),
        (
            "Om arbetsplatsen ligger inom det avstånd personen kan pendla.",
            "Whether the workplace is within the person's commuting distance.",
        ),
    ),
    "licence_fit": (
        ("Körkort och behörigheter", "Licences"),
        (
            "Om personen har de körkort och intyg som krävs.",
            "Whether the person holds the licences required.",
        ),
    ),
    "start_gap": (
        ("Kan börja i tid", "Can start on time"),
        (
            "Om personen är tillgänglig när platsen börjar.",
            "Whether the person is available when the placement starts.",
        ),
    ),
    "extent_fit": (
        ("Arbetstid", "Working time"),
        (
            "Om platsens omfattning passar den önskade.",
            "Whether the placement's extent suits the wanted one.",
        ),
    ),
    "kind_preference": (
        ("Önskad anställningsform", "Wanted kind of placement"),
        (
            "Om personen söker den här formen (anställning, praktik …).",
            "Whether the person looks for this kind (employment, internship …).",
        ),
    ),
    "relevant_experience_years": (
        ("År av relevant erfarenhet", "Years of relevant experience"),
        (
            "Hur länge personen har arbetat i liknande yrken.",
            "How long the person has worked in similar jobs.",
        ),
    ),
    "registration_time": (
        ("Tid som arbetssökande", "Time as a job seeker"),
        (
            "Hur länge personen har varit inskriven; längre tid väger något tyngre.",
            "How long the person has been registered; a longer time weighs a little more.",
        ),
    ),
}

STAFF_TRANSLATIONS: dict[str, tuple[str, str]] = {
    # the decision form
    "dec.legend": ("Beslut", "Decision"),
    "dec.reason.choose": ("Välj skäl …", "Choose a reason …"),
    "dec.err.none": (
        "Välj ett beslut: föreslå, avvakta eller välj bort.",
        "Choose a decision: propose, hold or reject.",
    ),
    "dec.err.reason": ("Välj ett skäl till beslutet.", "Choose a reason for the decision."),
    "dec.err.mismatch": (
        "Skälet passar inte beslutet. Välj ett skäl som förklarar det.",
        "The reason does not fit the decision. Choose a reason that explains it.",
    ),
    "dec.err.already": (
        "Personen är redan föreslagen för den här platsen och kan inte föreslås igen.",
        "This person has already been proposed for this placement and cannot be proposed again.",
    ),
    "dec.err.stale": (
        "Någon annan har beslutat om personen under tiden. Läs det senaste beslutet och försök igen.",
        "Someone else decided on this person in the meantime. Read the latest decision and try again.",
    ),
    "dec.err.replaced": (
        "Kortlistan har ersatts av en nyare. Ladda om sidan och besluta på den nya listan.",
        "The shortlist has been replaced by a newer one. Reload the page and decide on the new list.",
    ),
    "dec.err.consent": (
        "Personen har inte samtyckt till matchning.",
        "The person has not consented to matching.",
    ),
    "dec.saved": ("Beslutet är sparat", "The decision is saved"),
    "dec.saved.proposed": (
        "Beslutet är sparat och personen är föreslagen för leverantören.",
        "The decision is saved and the person is proposed to the supplier.",
    ),
    "dec.latest": ("Senaste beslut", "Latest decision"),
    "dec.propose.taken": ("redan föreslagen", "already proposed"),
    "mark.label": ("Läge för platsen", "Status for this placement"),
    # an expired session during a decision
    "resume.notice": (
        "Du hann bli utloggad innan beslutet sparades. Logga in igen, så sparas det:",
        "You were logged out before the decision was saved. Log in again and it will be saved:",
    ),
    "resume.expired": (
        "Det osparade beslutet är för gammalt för att sparas automatiskt. Fatta det igen.",
        "The unsaved decision is too old to be saved automatically. Please take it again.",
    ),
    "session.expired": (
        "Din inloggning har gått ut. Logga in igen.",
        "Your session has expired. Please log in again.",
    ),
    # explanations
    "sl.score": ("Matchning", "Match"),
    "sl.meaning": ("Vad det betyder", "What it means"),
    "sl.share": ("Andel av bedömningen", "Share of the assessment"),
    "sl.share.help": (
        "Hur stor del av bedömningen varje faktor står för; plus höjer, minus sänker.",
        "How much of the assessment each factor accounts for; plus raises, minus lowers.",
    ),
    "sl.computed": ("Beräknad", "Computed"),
    "sl.manual_entry": ("Tillagd för hand", "Added by hand"),
    "sl.other_factor": ("Annan faktor", "Other factor"),
    "sl.counts": ("på listan", "on the list"),
    # progress of the shortlist computation
    "prog.start": ("Startar beräkningen …", "Starting the computation …"),
    "prog.pool": ("Läser in de arbetssökandes profiler", "Reading the job seekers' profiles"),
    "prog.index": (
        "Förbereder sökningen bland {n} arbetssökande",
        "Preparing the search among {n} job seekers",
    ),
    "prog.rank": ("Rangordnar och förklarar", "Ranking and explaining"),
    "prog.save": ("Sparar kortlistan", "Saving the shortlist"),
    "prog.done": ("Klar. Kortlistan visas nedan.", "Done. The shortlist is shown below."),
    "prog.step": ("Steg {i} av {n}", "Step {i} of {n}"),
    "prog.err.manual": (
        "Matchningsmotorn är avstängd (manuellt läge). Lägg till arbetssökande för hand nedan.",
        "The matching engine is switched off (manual mode). Add job seekers by hand below.",
    ),
    "prog.err.closed": (
        "Platsen är tillsatt eller stängd, så ingen kortlista behövs.",
        "The placement is filled or closed, so no shortlist is needed.",
    ),
    "prog.failed": ("Beräkningen misslyckades", "The computation failed"),
    # lists: search, filters, sorting, paging, counters
    "list.showing": ("Visar {first}–{last} av {total}", "Showing {first}–{last} of {total}"),
    "list.none": ("Inga träffar.", "No matches."),
    "list.prev": ("Föregående sida", "Previous page"),
    "list.next": ("Nästa sida", "Next page"),
    "list.pages": ("Sidor", "Pages"),
    "list.sort": ("Sortera efter", "Sort by"),
    "list.filter": ("Visa", "Show"),
    "list.all": ("Alla", "All"),
    "seek.search": (
        "Sök på namn, personnummer, referens eller yrke",
        "Search by name, personal identity number, reference or occupation",
    ),
    "seek.search.note": (
        "Sökning på namn eller personnummer läser identitetsuppgifter och loggas.",
        "Searching by name or identity number reads identity data and is logged.",
    ),
    "seek.sort.ref": ("Referens", "Reference"),
    "seek.sort.available": ("Tillgänglig från", "Available from"),
    "seek.sort.registered": ("Inskriven sedan", "Registered since"),
    "seek.consent": ("Samtycke", "Consent"),
    "consent.given": ("Har samtyckt", "Consented"),
    "consent.pending": ("Inte svarat", "Not answered"),
    "consent.withdrawn": ("Återkallat", "Withdrawn"),
    "seek.proposals": ("Förslag", "Proposals"),
    "vac.search": ("Sök på titel eller kontrakt", "Search by title or contract"),
    "vac.awaiting": ("Väntar på återkoppling", "Awaiting feedback"),
    "vac.sort.status": ("Öppna först", "Open first"),
    "vac.sort.start": ("Startdatum", "Start date"),
    "vac.sort.title": ("Titel", "Title"),
    "count.awaiting.one": ("1 förslag väntar på återkoppling", "1 proposal awaits feedback"),
    "count.awaiting.many": ("{n} förslag väntar på återkoppling", "{n} proposals await feedback"),
    "count.open.one": ("1 öppen plats", "1 open placement"),
    "count.open.many": ("{n} öppna platser", "{n} open placements"),
    "count.hired.one": ("1 anställd via förslag", "1 hired through proposals"),
    "count.hired.many": ("{n} anställda via förslag", "{n} hired through proposals"),
    "dash.work": ("Att göra", "To do"),
    # the supplier's placement form
    "vac.where": ("Arbetsplats", "Workplace"),
    "vac.municipality": ("Kommun", "Municipality"),
    "vac.municipality.hint": (
        "Avståndet till de arbetssökande räknas från kommunens mitt.",
        "The distance to job seekers is measured from the municipality's centre.",
    ),
    "vac.municipality.choose": ("Välj kommun …", "Choose a municipality …"),
    "vac.address": ("Adress (frivilligt)", "Address (optional)"),
    "vac.terms": ("Omfattning och tid", "Extent and time"),
    "vac.extent": ("Omfattning (% av heltid)", "Extent (% of full time)"),
    "vac.duration": ("Längd (månader, tomt = tills vidare)", "Duration (months, empty = open-ended)"),
    "vac.requirements": ("Krav och meriter", "Requirements and merits"),
    "vac.desired": ("Meriterande kompetenser (kommaseparerade)", "Desired skills (comma separated)"),
    "vac.licences": ("Körkort och behörigheter som krävs", "Licences required"),
    "vac.languages": ("Andra språk som krävs (t.ex. en:B1, ar)", "Other languages required (e.g. en:B1, ar)"),
    "vac.adaptations": ("Arbetsplatsen kan anpassas", "The workplace can be adapted"),
    "vac.status.hint": (
        "Bara öppna platser får kortlistor och förslag.",
        "Only open placements get shortlists and proposals.",
    ),
    "ferr.required": ("Fyll i fältet.", "Fill in this field."),
    "ferr.title": ("Skriv platsens yrke eller titel.", "Write the placement's occupation or title."),
    "ferr.occupation": (
        "Okänt yrke: välj ett i förslagslistan.",
        "Unknown occupation: pick one from the list.",
    ),
    "ferr.contract": ("Välj ett av era kontrakt.", "Choose one of your contracts."),
    "ferr.contract_fixed": (
        "En plats kan inte flyttas till ett annat kontrakt.",
        "A placement cannot move to another contract.",
    ),
    "ferr.kind": ("Kontraktet tillåter inte den formen.", "The contract does not allow this kind."),
    "ferr.municipality": ("Välj en kommun i listan.", "Choose a municipality from the list."),
    "ferr.number": ("Skriv ett heltal mellan {lo} och {hi}.", "Enter a whole number from {lo} to {hi}."),
    "ferr.date": ("Skriv ett datum som ÅÅÅÅ-MM-DD.", "Enter a date as YYYY-MM-DD."),
    "ferr.level": ("Välj en nivå i listan.", "Choose a level from the list."),
    "ferr.languages": (
        "Skriv språk som kod och nivå, t.ex. en:B1, ar.",
        "Write languages as code and level, e.g. en:B1, ar.",
    ),
    "ferr.licences": ("Välj bara körkort i listan.", "Choose only licences from the list."),
    "ferr.too_long": ("Texten är för lång.", "The text is too long."),
    "ferr.invalid": ("Värdet är ogiltigt.", "The value is not valid."),
    "lic.none": ("Inga krav", "None required"),
    "lic.B": ("B (personbil)", "B (car)"),
    "lic.BE": ("BE (personbil med släp)", "BE (car with trailer)"),
    "lic.C": ("C (lastbil)", "C (truck)"),
    "lic.CE": ("CE (lastbil med släp)", "CE (truck with trailer)"),
    "lic.D": ("D (buss)", "D (bus)"),
    "lic.TRUCK": ("Truckkort", "Forklift licence"),
    "lic.YKB": ("YKB (yrkeskompetensbevis)", "Driver CPC (YKB)"),
    "lic.ADR": ("ADR-intyg (farligt gods)", "ADR certificate (dangerous goods)"),
    "vac.saved": ("Platsen är sparad.", "The placement is saved."),
    "fb.saved": ("Återkopplingen är sparad.", "The feedback is saved."),
    "manual.err.unknown": (
        "Det finns ingen arbetssökande hos er med referensen ”{ref}”.",
        "There is no job seeker of yours with the reference “{ref}”.",
    ),
    "manual.err.reason": (
        "Skriv varför personen ska finnas på listan (minst tre tecken).",
        "Write why the person belongs on the list (at least three characters).",
    ),
    "manual.err.taken": ("Personen finns redan på kortlistan.", "The person is already on the shortlist."),
    "fb.err.outcome": ("Välj ett utfall.", "Choose an outcome."),
    "fb.err.withdrawn": (
        "Förslaget är återkallat och tar inte emot återkoppling.",
        "The proposal has been withdrawn and takes no feedback.",
    ),
    "fb.err.placed": (
        "Personen är anställd och placeringen räknas mot kravet; utfallet kan inte ändras.",
        "The person is hired and the placement counts towards the requirement; the outcome cannot change.",
    ),
    "fb.err.start": (
        "Ange startdatum bara för en kandidat som anställs.",
        "Give a start date only for a candidate who is hired.",
    ),
    "fb.err.state": (
        "Det utfallet går inte att ange i förslagets nuvarande läge.",
        "That outcome cannot be given in the proposal's current state.",
    ),
    "manual.saved": ("Personen är tillagd på kortlistan.", "The person is added to the shortlist."),
}

for _key, (_label, _help) in FEATURES.items():
    STAFF_TRANSLATIONS[f"feat.{_key}"] = _label
    STAFF_TRANSLATIONS[f"feat.{_key}.help"] = _help
