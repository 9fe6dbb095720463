"""The one entry point: ``matcher …``. Commands are thin; bad input exits with code 2."""

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from service.config import get_settings
from service.errors import MatcherError

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
        f"line {e['line']}: {e['field']}: {e['message']}"
        if "line" in e
        else json.dumps(e, ensure_ascii=False)
        for e in exc.errors[:50]
    ]
    fail(exc.message, details)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the database (MATCHER_DATABASE_URL) to the latest schema."""
    from service.migrate import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@app.command()
def seed(
    fixtures: Annotated[Path | None, typer.Option(help="fixture directory")] = None,
) -> None:
    """Migrate, then load the demo fixtures (idempotent)."""
    from service.db import session_scope
    from service.migrate import upgrade
    from service.seed import FIXTURES, load_fixtures

    upgrade(get_settings().database_url)
    try:
        with session_scope() as session:
            counts = load_fixtures(session, fixtures or FIXTURES)
    except MatcherError as exc:
        fail_from(exc)
    typer.echo("seeded: " + ", ".join(f"{k}={v}" for k, v in counts.items()))


@app.command("import")
def import_file(path: Annotated[Path, typer.Argument(help="JSON Lines file (format: data/schema)")]) -> None:
    """Import organisations, contracts, vacancies and seekers; all lines or none."""
    from service.db import session_scope
    from service.imports.service import import_records, parse_lines

    if not path.is_file():
        fail(f"no such file: {path}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text")
    try:
        with session_scope() as session:
            report = import_records(session, parse_lines(lines))
    except MatcherError as exc:
        fail_from(exc)
    typer.echo(
        "imported: "
        + ", ".join(f"{k} {report.created[k]} new/{report.updated[k]} updated" for k in report.created)
    )


@app.command()
def export(
    out: Annotated[Path | None, typer.Option(help="file to write; default stdout")] = None,
    with_identity: Annotated[bool, typer.Option(help="include names and identity numbers")] = False,
) -> None:
    """Export everything as import-format JSON Lines."""
    from service.db import session_scope
    from service.imports.service import export_records

    with session_scope() as session:
        lines = [
            json.dumps(r, ensure_ascii=False, sort_keys=True)
            for r in export_records(session, with_identity=with_identity)
        ]
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
def serve(host: str = "127.0.0.1", port: int = 8000, reload: bool = False) -> None:
    """Serve the API and web UI."""
    import uvicorn

    uvicorn.run("service.asgi:app", host=host, port=port, reload=reload)


if __name__ == "__main__":
    app()
