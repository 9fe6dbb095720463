"""Template rendering with the translation table and the (optional) logged-in principal."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from sqlmodel import Session

from models import User
from service.platform import formats
from service.platform.principal import Principal
from service.ui import related_view
from service.ui.i18n import language, translate, translations
from service.ui.profile_view import language_name

# Jinja's i18n extension: templates say {{ _("key") }} or {% trans %}; the catalog comes with each request's
# context (``gettext``), so one environment serves both languages at once.
templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
)
# Languages by name wherever a page lists them ("dari C2", never "prs C2").
templates.env.globals["language_name"] = language_name
templates.env.globals.update(related_view.template_globals())  # related occupations, typed occupations


def render(
    request: Request,
    template: str,
    *,
    title_key: str,
    principal: Principal | None = None,
    session: Session | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = language(request)
    user_name = ""
    if principal is not None and principal.user_id is not None and session is not None:
        user = session.get(User, principal.user_id)
        user_name = user.full_name if user else ""

    catalog = translations(lang)

    def t(key: str) -> str:
        return translate(key, lang)

    response = templates.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "gettext": catalog.gettext,
            "ngettext": catalog.ngettext,
            "title": t(title_key),
            "principal": principal,
            "user_name": user_name,
            # Every figure and date through the locale's formats (a page may pass its own num/pct).
            "num": lambda value, digits=None: (
                formats.number(value, 1, lang) if digits is None else formats.decimal(value, digits, lang)
            ),
            "pct": lambda value: formats.percent(value, lang),
            "day": lambda value: formats.day(value, lang),
            "moment": lambda value: formats.moment(value, lang),
            **context,
        },
        status_code=status_code,
    )
    response.headers["Cache-Control"] = "no-store"
    if status_code >= 400:
        # The page says the action was refused (a form to correct): the request audits nothing
        # (service.app.audit_routes).
        request.state.refused = status_code
    return response
