"""Strings of the occupation search in the placement forms and the shown occupation (sv, en)."""

OCCUPATION_SEARCH_TRANSLATIONS: dict[str, tuple[str, str]] = {
    "occs.label": ("Sök bland alla yrken", "Search all occupations"),
    "occs.hint": (
        "Hittar du inte rätt yrke bland förslagen? Skriv en yrkestitel, början av den eller en del av den.",
        "Is the right occupation not among the proposals? Type a job title, its beginning or part of it.",
    ),
    "occs.go": ("Sök yrke", "Search occupations"),
    "occs.results": ("Yrken som matchar din sökning", "Occupations matching your search"),
    "occs.none": (
        "Inget yrke matchar. Pröva en kortare eller annan titel.",
        "No occupation matches. Try a shorter or different title.",
    ),
    "occs.found_as": ("hittades som", "found as"),
    "occs.group": ("yrkesgrupp", "occupational group"),
    "occs.none_chosen": ("Inget yrke är valt ännu.", "No occupation has been chosen yet."),
    "occs.kept": (
        "Yrket ändras inte när du ändrar rubriken. Välj ett annat yrke om det behövs.",
        "Changing the headline does not change the occupation. Choose another occupation if needed.",
    ),
    "occs.page": ("Välj yrke för platsen", "Choose the placement's occupation"),
    "occs.back": ("Tillbaka till platsen", "Back to the placement"),
    "occs.current": ("nuvarande", "current"),
}
