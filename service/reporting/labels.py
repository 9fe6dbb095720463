"""The words reports use for the service's codes: the same words as the Swedish UI, never identifiers."""

GROUP_LABELS = {
    "newcomer": "Nyanlända",
    "youth": "Unga",
    "long_term_unemployed": "Långtidsarbetslösa",
    "economic_assistance": "Ekonomiskt bistånd",
    "disability": "Funktionsnedsättning",
    "other": "Övriga",
    "unknown": "Okänd målgrupp",
    "none": "Utan styrkt målgrupp",
    "all": "Alla",
}
KIND_LABELS = {
    "employment": "Anställning",
    "apprenticeship": "Lärlingsplats",
    "trainee": "Traineeplats",
    "internship": "Praktik",
    "training": "Utbildning",
}
STATUS_LABELS = {"on_track": "I fas", "at_risk": "I riskzonen", "not_started": "Inte påbörjat"}


def group_label(key: str) -> str:
    return GROUP_LABELS.get(key, GROUP_LABELS["unknown"])


def kind_label(key: str) -> str:
    return KIND_LABELS.get(key, key)
