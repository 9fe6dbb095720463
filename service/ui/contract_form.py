"""The contract form of the procurement officer's pages: form fields → the contract service's models, and
the models' errors → a message in the user's language next to the field at fault."""

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from models import Contract, EmploymentRequirement
from service.platform.errors import BadInput
from service.ui.i18n import has_message, translate

CONTRACT_FIELDS = ("title", "cpv_code", "industry", "value_sek", "end_date")
REQUIREMENT_NUMBERS = ("committed_placements", "committed_fte_months", "min_duration_months")
MODEL_ERRORS = {  # whole-object checks of the models → the field the page marks, and the message key
    "committed_placements and/or": ("committed_placements", "off.err.commitment"),
    "target group": ("target_groups", "off.err.groups"),
    "placement kind": ("placement_kinds", "off.err.kinds"),
    "end_date is before": ("end_date", "off.err.end_before_start"),
    "a CPV code is eight digits": ("cpv_code", "off.err.cpv_format"),
}


def blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def create_data(form: FormData, procuring_org_id: int) -> dict[str, Any]:
    """The fields of a new contract, for ``ContractCreate``: always of the officer's own authority."""
    names = ("ref", "title", "cpv_code", "industry", "value_sek", "start_date", "end_date", "supplier_org_id")
    return {
        **{k: blank(str(form.get(k, ""))) for k in names},
        "procuring_org_id": procuring_org_id,
        "requirement": requirement(form),
    }


def requirement(form: FormData) -> dict[str, Any]:
    threshold = blank(str(form.get("fulfilment_threshold_pct", "")))
    return {
        "matching_actor_id": blank(str(form.get("matching_actor_id", ""))),
        "target_groups": form.getlist("target_groups"),
        "placement_kinds": form.getlist("placement_kinds"),
        **{k: blank(str(form.get(k, ""))) for k in (*REQUIREMENT_NUMBERS, "first_placement_deadline")},
        "fulfilment_threshold": _threshold(threshold),
    }


def _threshold(pct: str | None) -> float | str | None:
    # The page asks for a percentage (75); the model stores a share (0.75).
    try:
        return float(pct.replace(",", ".")) / 100 if pct else None
    except ValueError:
        return pct


def field_errors(exc: ValidationError | BadInput, lang: str) -> dict[str, str]:
    """Per form field, the first error of the model or the service, as a message in ``lang``."""
    items = (
        [(".".join(str(p) for p in e["loc"]), str(e["msg"])) for e in exc.errors()]
        if isinstance(exc, ValidationError)
        else [(str(e.get("field", "")), str(e.get("message", ""))) for e in exc.errors]
    )
    out: dict[str, str] = {}
    for loc, message in items:
        for needle, (field, key) in MODEL_ERRORS.items():
            if needle in message:
                out.setdefault(field, translate(key, lang))
                break
        else:
            field = loc.split(".")[-1] if loc else "title"
            field = "fulfilment_threshold_pct" if field == "fulfilment_threshold" else field
            key = f"off.err.{field}"
            out.setdefault(field, translate(key if has_message(key) else "adm.err.invalid", lang))
    return out


def missing_choices(form: FormData, lang: str) -> dict[str, str]:
    """The requirement's model names one missing part at a time; the page names all of them at once."""
    out = {}
    if not form.getlist("target_groups"):
        out["target_groups"] = translate("off.err.groups", lang)
    if not form.getlist("placement_kinds"):
        out["placement_kinds"] = translate("off.err.kinds", lang)
    if not blank(str(form.get("committed_placements", ""))) and not blank(
        str(form.get("committed_fte_months", ""))
    ):
        out["committed_placements"] = translate("off.err.commitment", lang)
    return out


def form_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(v)[:300] for k, v in form.items() if k != "csrf_token"}
    values["target_groups"] = form.getlist("target_groups")
    values["placement_kinds"] = form.getlist("placement_kinds")
    return values


def existing_form(contract: Contract, requirement: EmploymentRequirement | None) -> dict[str, Any]:
    form: dict[str, Any] = {k: "" if v is None else str(v) for k, v in contract.model_dump().items()}
    if requirement is not None:
        form.update({k: "" if v is None else str(v) for k, v in requirement.model_dump().items()})
        form["target_groups"] = list(requirement.target_groups)
        form["placement_kinds"] = list(requirement.placement_kinds)
        form["fulfilment_threshold_pct"] = f"{100 * requirement.fulfilment_threshold:g}"
    return form
