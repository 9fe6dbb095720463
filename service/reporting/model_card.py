"""The model card: what the ranking model is for, what it weighs, how it performs and who oversees it.

Built from the scorer's stored payload (``LinearScorer.to_dict()`` or ``ScorerModel.payload``), evaluation
metrics and a fairness report; rendered as Markdown or as a self-contained HTML page.
"""

import html
import json
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from importlib import resources
from typing import Any, Literal

from sqlmodel import Session, col, select

from models import RerankRun, ScorerModel
from service.reporting.fairness import STAGES, FairnessReport, fairness_report

Block = str | list[str] | tuple[list[str], list[list[str]]]  # paragraph | bullets | (header, rows)
Section = tuple[str, list[Block]]


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "–" if value is None else str(value)


def _features(payload: Mapping[str, Any]) -> list[Block]:
    names, coef = payload.get("feature_names", []), payload.get("coef", [])
    notes: Mapping[str, str] = payload.get("notes", {}) or {}
    rows = [[str(n), f"{float(c):.3f}", notes.get(str(n), "")] for n, c in zip(names, coef, strict=True)]
    return [
        "Poängen är en logit: intercept plus summan av vikt × särdragsvärde. Varje särdrag ligger i "
        "[0, 1] och högre betyder bättre passform; vikterna är icke-negativa, så modellen är monoton "
        "och varje poäng kan "
        "delas upp i bidrag som visas för granskaren.",
        (["Särdrag", "Vikt", "Beskrivning"], rows),
        f"Intercept: {_fmt(float(payload.get('intercept', 0.0)))}.",
    ]


def _training(payload: Mapping[str, Any]) -> list[Block]:
    start, end, n = payload.get("trained_from"), payload.get("trained_to"), int(payload.get("n_samples", 0))
    if not n:
        return ["Handsatta startvikter (dag ett): modellen är inte tränad på granskningsbeslut ännu."]
    return [f"Tränad på {n} granskade par med beslut från {start or 'okänt'} till {end or 'okänt'}."]


def _metrics(metrics: Mapping[str, Any]) -> list[Block]:
    overall = metrics.get("overall", {k: v for k, v in metrics.items() if isinstance(v, int | float)})
    blocks: list[Block] = []
    if overall:
        blocks.append((["Mått", "Värde"], [[str(k), _fmt(v)] for k, v in sorted(overall.items())]))
    else:
        blocks.append(
            "Inga utvärderingsmått finns ännu (modellen har inte utvärderats mot granskade beslut)."
        )
    per_group: Mapping[str, Mapping[str, Any]] = metrics.get("per_group", {})
    if per_group:
        names = sorted({m for values in per_group.values() for m in values})
        rows = [[g, *(_fmt(per_group[g].get(m)) for m in names)] for g in sorted(per_group)]
        blocks += ["Per grupp:", (["Grupp", *names], rows)]
    return blocks


def _fairness(fairness: FairnessReport | None) -> list[Block]:
    if fairness is None:
        return ["Ingen rättviseuppföljning har tagits fram för perioden."]
    blocks: list[Block] = [
        f"Period {fairness.period_from} – {fairness.period_to}, {fairness.population} arbetssökande. "
        f"Kvot = gruppens urvalsandel / den mest utvalda gruppens. Kvoter under 0,8 (fyra femtedelar-regeln) "
        f"markeras. Grupper med färre än {fairness.min_group_size} personer redovisas inte här."
    ]
    for stage in fairness.stages:
        rows = [
            [
                a.attribute,
                g.group,
                str(g.n),
                f"{g.rate:.3f}",
                _fmt(g.impact_ratio),
                "ja" if g.below_four_fifths else "",
            ]
            for a in stage.attributes
            if "×" not in a.attribute
            for g in a.groups
            if not g.small
        ]
        blocks += [
            f"{STAGES[stage.stage]}:",
            (["Attribut", "Grupp", "n", "Andel", "Kvot", "Under 0,8"], rows),
        ]
    return blocks


OVERSIGHT = [
    "Modellen föreslår och rangordnar; den beslutar aldrig. Varje förslag till leverantör kräver ett "
    "granskningsbeslut av en person (föreslå, avvakta eller avslå) med en orsakskod.",
    "Granskaren ser poängens bidrag per särdrag, matchade och saknade kompetenser och skälen i klartext.",
    "Granskaren kan lägga till arbetssökande manuellt, med motivering; de märks som manuella.",
    "Maskinklienter (API-nycklar) kan beräkna urvalslistor men aldrig fatta beslut.",
    "Administratören kan stänga av motorn (manuellt läge); då rangordnas ingenting och arbetet "
    "fortsätter manuellt.",
    "Skyddade uppgifter (kön, ålder, födelseland) finns bara i en separat tabell för rättviseuppföljning; "
    "motorn har ingen kodväg dit, och endast revisorn ser uppföljningen.",
]
LOGGING = [
    "Varje urvalslista lagrar modellversion (denna hash), konfigurationshash och indatahash, så att en lista "
    "kan återskapas och jämföras.",
    "Varje omkörning (batch) loggas med start, slut, status, antal och mått.",
    "Granskningsbeslut lagras med granskare, beslut, orsakskod, kommentar och tidpunkt; förslag och "
    "leverantörens återkoppling lagras.",
    "Granskningsloggen (audit) registrerar läsning av personuppgifter, beslut, förslag, exporter, radering "
    "och läsning av rättviseuppföljningen, i samma transaktion som handlingen. Personer anges med pseudonym.",
]
USE = [
    "Avsedd användning: att hjälpa matchningsansvariga att hitta arbetssökande i "
    "sysselsättningskravens målgrupper till placeringar under offentliga kontrakt, och att hitta "
    "placeringar för en arbetssökande.",
    "Inte avsedd för: att automatiskt välja bort, bedöma eller fatta beslut om personer; att bedöma "
    "arbetsförmåga, hälsa eller stödbehov; rekrytering utanför sysselsättningskrav.",
    "Begränsningar: poängen bygger på profiltext och registrerade uppgifter; ofullständiga "
    "profiler, ovanliga yrkesbenämningar och text på andra språk än svenska och engelska ger "
    "sämre träffar. Startvikterna är handsatta; tränade vikter speglar tidigare granskares "
    "bedömningar, inklusive deras eventuella snedvridningar.",
]


def card_sections(
    scorer_payload: Mapping[str, Any], metrics: Mapping[str, Any], fairness: FairnessReport | None
) -> list[Section]:
    version = str(scorer_payload.get("version", "okänd"))
    return [
        (
            "Modell",
            [f"Version (hash): `{version}`", "Typ: linjär logistisk poängmodell med förklarbara bidrag."],
        ),
        ("Avsedd användning och begränsningar", [USE]),
        ("Särdrag och vikter", _features(scorer_payload)),
        ("Träningsperiod", _training(scorer_payload)),
        ("Utvärdering", _metrics(metrics)),
        ("Rättviseuppföljning", _fairness(fairness)),
        ("Mänsklig kontroll", [OVERSIGHT]),
        ("Loggning", [LOGGING]),
    ]


def _markdown(title: str, sections: Sequence[Section]) -> str:
    out = [f"# {title}", ""]
    for heading, blocks in sections:
        out += [f"## {heading}", ""]
        for block in blocks:
            if isinstance(block, str):
                out += [block, ""]
            elif isinstance(block, list):
                out += [*(f"- {item}" for item in block), ""]
            else:
                header, rows = block
                out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                out += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows] + [""]
    return "\n".join(out)


def _html(title: str, sections: Sequence[Section]) -> str:
    e = html.escape
    out = [
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>body{{font-family:sans-serif;max-width:60rem;margin:auto}}"
        "table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.2rem .4rem;text-align:left}</style>",
        f"</head><body><h1>{e(title)}</h1>",
    ]
    for heading, blocks in sections:
        out.append(f"<h2>{e(heading)}</h2>")
        for block in blocks:
            if isinstance(block, str):
                out.append(f"<p>{e(block).replace('`', '')}</p>")
            elif isinstance(block, list):
                out.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in block) + "</ul>")
            else:
                header, rows = block
                head = "".join(f"<th scope='col'>{e(h)}</th>" for h in header)
                body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)


def build_model_card(
    scorer_payload: Mapping[str, Any],
    metrics: Mapping[str, Any],
    fairness: FairnessReport | None,
    fmt: Literal["markdown", "html"] = "markdown",
) -> str:
    """The model card as Markdown (default) or HTML; it carries the model's version hash."""
    title = f"Modellkort – rangordningsmodell {scorer_payload.get('version', '')}".strip()
    sections = card_sections(scorer_payload, metrics, fairness)
    return _markdown(title, sections) if fmt == "markdown" else _html(title, sections)


def active_scorer_payload(session: Session) -> dict[str, Any]:
    """The active trained scorer's payload, or the shipped default weights (with their notes)."""
    row = session.exec(select(ScorerModel).where(ScorerModel.active == True)).first()  # noqa: E712
    if row is not None:
        return dict(row.payload)
    text = resources.files("matcher").joinpath("weights/default.json").read_text(encoding="utf-8")
    payload: dict[str, Any] = json.loads(text)
    return payload


def current_model_card(
    session: Session, fmt: Literal["markdown", "html"] = "html", today: date | None = None
) -> str:
    """The card of the model in use: its metrics, the last finished run's metrics and a year of fairness."""
    payload = active_scorer_payload(session)
    metrics: dict[str, Any] = dict(payload.get("metrics") or {})
    run = session.exec(
        select(RerankRun).where(RerankRun.status == "done").order_by(col(RerankRun.started_at).desc())
    ).first()
    if run is not None:
        metrics.update({k: v for k, v in run.metrics.items() if isinstance(v, int | float)})
    end = today or date.today()
    fairness = fairness_report(session, end - timedelta(days=365), end, samples=200)
    return build_model_card(payload, metrics, fairness, fmt)
