"""The one entry point: ``matcher …``. Commands are thin; bad input exits with code 2."""

import json
import sys
from pathlib import Path
from typing import Annotated, Literal, NoReturn

import typer

from service.platform.config import get_settings
from service.platform.errors import MatcherError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Employment-requirement matcher.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
app.add_typer(db_app, name="db")


def fail(message: str, details: list[str] | None = None) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    for line in details or []:
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(code=2)


def fail_from(exc: MatcherError) -> NoReturn:
    details = [
        f"{by} {e[by]}: {e['field']}: {e['message']}"
        if (by := "line" if "line" in e else "ad") in e
        else json.dumps(e, ensure_ascii=False)
        for e in exc.errors[:50]
    ]
    fail(exc.message, details)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the database (MATCHER_DATABASE_URL) to the latest schema."""
    from service.platform.migrate import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@app.command()
def seed(
    fixtures: Annotated[Path | None, typer.Option(help="fixture directory")] = None,
) -> None:
    """Migrate, then load the demo fixtures (idempotent)."""
    from service.app.seed import FIXTURES, load_fixtures
    from service.platform.db import session_scope
    from service.platform.migrate import upgrade

    upgrade(get_settings().database_url)
    try:
        with session_scope() as session:
            counts = load_fixtures(session, fixtures or FIXTURES)
    except MatcherError as exc:
        fail_from(exc)
    typer.echo("seeded: " + ", ".join(f"{k}={v}" for k, v in counts.items()))


@app.command("import")
def import_file(
    path: Annotated[
        Path, typer.Argument(help="JSON Lines file (format: data/schema), or JobSearch / JobPosting ads")
    ],
    fmt: Annotated[
        Literal["jsonl", "jobsearch", "jobposting"],
        typer.Option(
            "--format",
            help="jsonl: our import format; jobsearch: JobTech JobSearch/JobStream ads; "
            "jobposting: schema.org JobPosting JSON-LD (plain, @graph, or wrapped as the 2020 dev ads)",
        ),
    ] = "jsonl",
    contract: Annotated[
        str | None,
        typer.Option(help="--format jobsearch/jobposting: the ref of the contract the ads belong to"),
    ] = None,
    kind: Annotated[
        str, typer.Option(help="--format jobsearch/jobposting: placement kind of the ads")
    ] = "employment",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="--format jobposting: the day (YYYY-MM-DD) against which validThrough is read; default "
            "today (an older day imports an archive of ads, such as the 2020 dev ads, as open)",
        ),
    ] = None,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="jsonl, for administrators loading a large file: the same rows many times faster, written "
            "in transactions of --batch records; the file is checked whole first, a failed batch is rolled "
            "back (those before it stay) and importing the file again goes on where it stopped",
        ),
    ] = False,
    batch: Annotated[int, typer.Option(min=1, help="--bulk: records per transaction")] = 2_000,
    workers: Annotated[
        int, typer.Option(min=0, help="--bulk: processes that enrich the next batches ahead (0: none)")
    ] = 0,
) -> None:
    """Import organisations, contracts, vacancies and seekers (or job ads as placements); all or none."""
    from service.imports.service import ImportReport, import_records, jsonl_lines, parse_lines
    from service.platform import audit
    from service.platform.db import get_engine, session_scope

    def counts(report: ImportReport) -> dict[str, int]:
        changed = (("new", report.created), ("updated", report.updated))
        return {f"{kind}.{how}": n[kind] for how, n in changed for kind in n}

    if not path.is_file():
        fail(f"no such file: {path}")
    if bulk and fmt != "jsonl":
        fail("--bulk reads the jsonl format only")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text")
    if fmt in ("jobsearch", "jobposting"):
        _import_jobsearch(text, contract, kind, fmt, as_of)
        return
    try:
        if bulk:
            from service.imports.bulk import bulk_import

            records = parse_lines(jsonl_lines(text))
            report = bulk_import(
                get_engine(), records, path.name, batch=batch, workers=workers, detail=counts
            )
        else:
            with session_scope() as session:
                report = import_records(session, parse_lines(jsonl_lines(text)))
                # People are written here as through the API: the operator's import is on the trail too.
                audit.record(session, None, "import.records", "import", path.name, detail=counts(report))
    except MatcherError as exc:
        fail_from(exc)
    typer.echo(
        "imported: "
        + ", ".join(f"{k} {report.created[k]} new/{report.updated[k]} updated" for k in report.created)
    )


def _import_jobsearch(
    text: str, contract_ref: str | None, kind: str, fmt: str = "jobsearch", as_of: str | None = None
) -> None:
    from datetime import date

    from sqlmodel import select

    from models import Contract
    from models.enums import PlacementKind
    from service.imports.jobposting import parse_postings, read_postings
    from service.imports.jobsearch import import_ads, parse_ads, read_ads
    from service.platform.db import session_scope

    if not contract_ref:
        fail(f"--format {fmt} needs --contract REF (the contract the ads are placements of)")
    kinds = [k.value for k in PlacementKind]
    if kind not in kinds:
        fail(f"--kind must be one of: {', '.join(kinds)}")
    try:
        today = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of must be a date (YYYY-MM-DD), not {as_of!r}")
    try:
        if fmt == "jobposting":
            numbered_by, ads = read_postings(text)
            mapped = parse_postings(ads, numbered_by=numbered_by, today=today)
        else:
            numbered_by, ads = read_ads(text)
            mapped = parse_ads(ads, numbered_by=numbered_by)
        with session_scope() as session:
            row = session.exec(select(Contract).where(Contract.ref == contract_ref)).first()
            if row is None:
                fail(f"unknown contract ref {contract_ref!r}. Nothing was imported.")
            report = import_ads(
                session, row, mapped, kind=PlacementKind(kind), numbered_by=numbered_by, source=fmt
            )
    except MatcherError as exc:
        fail_from(exc)
    typer.echo(
        f"imported job ads: {report.created} new, {report.updated} updated, {report.closed} closed "
        f"(removed or expired), {report.skipped} removed or expired ads not found; "
        f"{report.occupations_summary()}"
    )


@app.command()
def export(
    out: Annotated[Path | None, typer.Option(help="file to write; default stdout")] = None,
    with_identity: Annotated[bool, typer.Option(help="include names and identity numbers")] = False,
) -> None:
    """Export everything as import-format JSON Lines."""
    from service.imports.service import export_records
    from service.platform import audit
    from service.platform.db import session_scope

    with session_scope() as session:
        lines = [
            json.dumps(r, ensure_ascii=False, sort_keys=True)
            for r in export_records(session, with_identity=with_identity)
        ]
        detail = {"records": len(lines), "with_identity": with_identity}
        audit.record(session, None, "export.records", "export", detail=detail)  # every person read out
    text = "\n".join(lines) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {len(lines)} records to {out}")


@app.command()
def schema(out: Annotated[Path | None, typer.Option()] = None) -> None:
    """Print (or write) the JSON Schema of the import format."""
    from models.io import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


@app.command()
def enrich(text: Annotated[str, typer.Argument(help="Swedish or English free text")]) -> None:
    """Print the taxonomy concepts found in TEXT as JSON."""
    from matcher import TextTooLong
    from matcher.text.enrich import enrich as find_concepts
    from service.engine.stored_concepts import concepts_to_json

    try:
        concepts = find_concepts(text)
    except TextTooLong as exc:
        fail(str(exc))
    sys.stdout.write(json.dumps(concepts_to_json(concepts), ensure_ascii=False, indent=2) + "\n")


@app.command()
def report(
    year: Annotated[int, typer.Option(help="calendar year to report on", min=2000, max=2100)],
    out: Annotated[Path, typer.Option(help="output directory")] = Path("reports"),
) -> None:
    """Write the annual follow-up report (HTML and PDF) for the council."""
    from service.platform.db import session_scope
    from service.reporting.report import build_report

    with session_scope() as session:
        html_path, pdf_path = build_report(session, year, out)
    typer.echo(f"wrote {html_path} and {pdf_path}")


@app.command("model-card")
def model_card(
    out: Annotated[Path | None, typer.Option(help="file to write; default stdout")] = None,
    fmt: Annotated[
        Literal["markdown", "html"], typer.Option("--format", help="markdown or html")
    ] = "markdown",
) -> None:
    """Write the current model's card (intended use, features and weights, metrics, fairness, oversight)."""
    from service.platform.db import session_scope
    from service.reporting.model_card import current_model_card

    with session_scope() as session:
        text = current_model_card(session, fmt)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")


@app.command()
def rank(
    vacancies: Annotated[Path, typer.Option(help="vacancy records (import format), with their contracts")],
    seekers: Annotated[Path, typer.Option(help="seeker records (import format)")],
    out: Annotated[Path, typer.Option(help="JSON Lines output, one line per vacancy")],
    top: Annotated[int, typer.Option(min=1, max=1000)] = 50,
) -> None:
    """Rank seekers for each vacancy from files, without a database."""
    import time

    from matcher.rank.gc_tuning import fewer_collections
    from service.engine.ranking import build_pipeline
    from service.jobs.rank_files import load_seekers, load_vacancies, rank_lines

    started = time.perf_counter()
    # One batch that builds a million small objects that all live on: the collector's young generation
    # every 700 allocations walked them again and again (a tenth of the command).
    with fewer_collections():
        try:
            vacancy_profiles = load_vacancies(vacancies)
            seeker_profiles = load_seekers(seekers)
        except MatcherError as exc:
            fail_from(exc)
        pipeline = build_pipeline().index_seekers(seeker_profiles)
        with out.open("w", encoding="utf-8") as fh:
            for line in rank_lines(pipeline, vacancy_profiles, top):
                fh.write(line + "\n")
    typer.echo(
        f"ranked {len(seeker_profiles)} seekers for {len(vacancy_profiles)} vacancies "
        f"in {time.perf_counter() - started:.1f} s; wrote {out}"
    )


@app.command()
def train(
    activate: Annotated[bool, typer.Option(help="make it the active model if it beats the default")] = False,
) -> None:
    """Fit the scorer on the review history; compare with the default weights on held-out decisions."""
    from service.engine.training import train as fit
    from service.platform.db import session_scope

    try:
        with session_scope() as session:
            report = fit(session, activate=activate, progress=lambda m: typer.echo(m, err=True))
    except MatcherError as exc:
        fail_from(exc)
    typer.echo(json.dumps(report.as_dict(), indent=2))


@app.command()
def evaluate(
    split: Annotated[
        Literal["train", "test", "all"], typer.Option(help="real-ad split(s); develop on train only")
    ] = "all",
    proxy: Annotated[bool, typer.Option(help="also run the proxy benchmark (dev.json)")] = True,
    benchmark: Annotated[Path, typer.Option(help="proxy benchmark file")] = Path("data/benchmark/dev.json"),
) -> None:
    """NDCG@10, Recall@50, MRR and ad → occupation accuracy on the real-ad benchmark, per split; then
    the proxy benchmark whose queries are written from taxonomy definitions."""
    import runpy

    from matcher.evaluate.real_ads import format_report
    from service.jobs.real_ad_eval import evaluate_real_ads
    from service.platform.config import REPO_ROOT

    if proxy and not benchmark.is_file():
        fail(f"no such benchmark: {benchmark}")
    try:
        report = evaluate_real_ads(("train", "test") if split == "all" else (split,))
    except MatcherError as exc:
        fail_from(exc)
    typer.echo(format_report(report))
    if proxy:
        typer.echo(f"### Proxy (queries from taxonomy definitions): {benchmark}\n")
        sys.argv = ["eval_rank.py", "--benchmark", str(benchmark)]
        runpy.run_path(str(REPO_ROOT / "benchmarks" / "eval_rank.py"), run_name="__main__")


@app.command()
def purge(
    retention_days: Annotated[int | None, typer.Option(min=1, help="default: MATCHER_RETENTION_DAYS")] = None,
) -> None:
    """Erase job seekers inactive for longer than the retention period (and without an active placement);
    forget idempotency keys older than a week."""
    from models.base import utcnow
    from service.platform.db import session_scope
    from service.reviews.idempotency import KEEP, prune
    from service.seekers.privacy import purge_command

    erased = purge_command(retention_days)
    with session_scope() as session:
        forgotten = prune(session, utcnow())
    typer.echo(
        f"erased {len(erased)} job seekers; forgot {forgotten} idempotency keys older than {KEEP.days} days"
    )


@app.command()
def rerank(
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="in-process (default), local-processes (forked, this machine), local-cluster, "
            "or a Dask scheduler address"
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="workers of local processes or a local cluster")
    ] = 2,
    top_k: Annotated[int | None, typer.Option(min=1, max=1000)] = None,
    allocate: Annotated[bool, typer.Option(help="report a global fair allocation against greedy")] = False,
    capacity: Annotated[int, typer.Option(min=1, help="vacancies a seeker is proposed to at once")] = 1,
    factor: Annotated[float, typer.Option(min=0.1, help="proposals per position")] = 1.0,
    progress: Annotated[str, typer.Option(help="auto, bar, json or none")] = "auto",
) -> None:
    """Bring every open vacancy's shortlist up to date (incremental, resumable)."""
    from service.jobs.rerank import run_cli

    code = run_cli(
        get_settings().database_url,
        scheduler=scheduler,
        top_k=top_k,
        allocate=allocate,
        capacity=capacity,
        factor=factor,
        progress=progress,
        workers=workers,
    )
    raise typer.Exit(code=code)


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    reload: bool = False,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="worker processes; default MATCHER_WORKERS (1)")
    ] = None,
) -> None:
    """Serve the API and web UI (uvicorn with uvloop and httptools; several worker processes on request)."""
    import uvicorn

    count = workers or get_settings().workers
    if reload and count > 1:
        fail("--reload runs one process; drop --workers or --reload")
    from service.platform.http_protocol import HTTP_PROTOCOL

    # Each worker is a process of its own: its own engine, warmed pools and audit writer. The protocol is
    # uvicorn's httptools one, whose own 400 answers carry the security headers as well.
    uvicorn.run(
        "service.app.asgi:app", host=host, port=port, reload=reload, workers=count, http=HTTP_PROTOCOL
    )


if __name__ == "__main__":
    app()
