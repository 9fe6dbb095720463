"""Words for "what would raise this match": the line per shortlisted person and the seeker page's guidance."""

GUIDANCE_TRANSLATIONS: dict[str, tuple[str, str]] = {
    "guide.heading": ("Det här skulle ge fler platser", "What would open more placements"),
    "guide.help": (
        "Räknat på de öppna platserna hos er. En plats passar när personen uppfyller platsens krav och "
        "kommer med på dess lista.",
        "Counted over your open placements. A placement fits when the person meets its requirements and "
        "would be on its list.",
    ),
    "guide.opens": ("Med {what} skulle {n} fler platser passa", "With {what}, {n} more placements would fit"),
    "guide.opens.one": ("Med {what} skulle en plats till passa", "With {what}, one more placement would fit"),
    "guide.improves": (
        "Med {what} skulle {n} platser passa bättre",
        "With {what}, {n} placements would fit better",
    ),
    "guide.improves.one": (
        "Med {what} skulle en plats passa bättre",
        "With {what}, one placement would fit better",
    ),
    "guide.none": (
        "Ingen enskild komplettering skulle ge fler platser just nu.",
        "No single addition would open more placements right now.",
    ),
    "gap.label": ("Skulle höja matchningen mest", "Would raise the match most"),
    "gap.unblocks": ("krävs för att kunna föreslås", "needed to be proposed"),
    "gap.kind.required_skill": ("krävd kompetens", "required skill"),
    "gap.kind.desired_skill": ("meriterande kompetens", "desired skill"),
    "gap.kind.licence": ("krav i annonsen", "required by the ad"),
    "gap.kind.swedish": ("krävd nivå i svenska", "required level of Swedish"),
    "gap.kind.language": ("krävt språk", "required language"),
    "gap.kind.commute": ("längre än önskad pendling", "beyond the wanted commute"),
}
