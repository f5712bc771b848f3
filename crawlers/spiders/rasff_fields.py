"""RASFF Window JSON (a search-list entry and its detail) mapped field by field to a notice.

Field names follow sources.md §6.1 ([3P-multi] for the list, [3P] for the detail) and the trimmed
real responses in samples/rasff/. Every field is taken as it is mapped; what is left is reported
by the spider as unknown. RASFF codes come as `{id, description}` lookup objects.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crawlers.items import notice_item
from crawlers.strict import Record, RecordSkipped
from warning.core.members import member_of

SCREEN_PATH = "/rasff-window/screen/notification/{notif_id}"
RASFF_DATETIME = "%d-%m-%Y %H:%M:%S"


@dataclass(frozen=True)
class Hazard:
    name: str
    category: str | None
    result: str | None
    unit: str | None
    max_level: str | None
    max_unit: str | None
    sampling_date: date | None

    def line(self) -> str:
        # RASFF writes "ethylene oxide  - pesticide residues": the name, then its category.
        label = " ".join(self.name.split())
        if self.category and label.casefold().endswith(f"- {self.category.casefold()}"):
            label = label[: -len(self.category)].rstrip(" -")
        text = label + (f" ({self.category})" if self.category else "")
        if self.result:
            text += f": {self.result}" + (f" {self.unit}" if self.unit else "")
        if self.max_level:
            limit = f"{self.max_level} {self.max_unit}" if self.max_unit else self.max_level
            text += f"; max. permitted {limit}"
        if self.sampling_date:
            text += f"; sampled {self.sampling_date.isoformat()}"
        return text

    def as_extra(self) -> dict[str, Any]:
        sampled = self.sampling_date.isoformat() if self.sampling_date else None
        return {**self.__dict__, "sampling_date": sampled}


@dataclass
class Detail:
    """What the detail adds to the list entry."""

    product: str | None = None
    category: str | None = None
    hazards: tuple[Hazard, ...] = ()
    measures: tuple[dict[str, str | None], ...] = ()
    distribution: str | None = None
    basis: str | None = None
    risk: str | None = None
    classification: str | None = None


def rasff_datetime(value: Any, where: str) -> datetime:
    """RASFF's `dd-MM-yyyy HH:mm:ss`; anything else is not understood, never guessed."""
    try:
        return datetime.strptime(str(value).strip(), RASFF_DATETIME)
    except ValueError:
        raise RecordSkipped(f"{where}: {value!r} is not a dd-MM-yyyy HH:mm:ss date") from None


def without_personal_data(detail: Any) -> Any:
    """The detail as received minus named contact persons, which we have no reason to keep."""
    if not isinstance(detail, dict):
        return detail
    kept = copy.deepcopy(detail)
    for info in kept.get("additionalInformations") or []:
        if isinstance(info, dict):
            info.pop("contactPerson", None)
    return kept


def _text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise RecordSkipped(f"{where}: expected text, got {type(value).__name__}")
    return " ".join(str(value).split()) or None


def described(record: Record, name: str, *, expected: bool = False) -> str | None:
    """The text of a `{id, description}` lookup object."""
    value = record.take(name) if expected else record.optional(name)
    if value is None:
        return None
    child = record.child(value, name)
    child.optional("id")
    text = _text(child.take("description"), f"{name}.description")
    record.absorb(child)
    return text


def _entries(record: Record, name: str, *, expected: bool = False) -> list[Record]:
    value = record.take(name, []) if expected else record.optional(name, [])
    if not isinstance(value, list):
        raise RecordSkipped(f"{record.prefix}{name}: expected a list, got {type(value).__name__}")
    return [record.child(entry, name) for entry in value]


def _country(record: Record) -> dict[str, str | None]:
    record.optional("id")
    iso = _text(record.take("isoCode"), f"{record.prefix}isoCode")
    name = _text(record.optional("organizationName"), f"{record.prefix}organizationName")
    return {"iso2": iso.upper() if iso else None, "name": name}


def _countries(record: Record, name: str) -> list[dict[str, str | None]]:
    countries = []
    for child in _entries(record, name, expected=True):
        country = _country(child)
        record.absorb(child)
        if country["iso2"] or country["name"]:
            countries.append(country)
    return countries


def _hazards(product: Record) -> list[Hazard]:
    hazards = []
    for item in _entries(product, "hazards", expected=True):
        category = described(item, "hazardCategory")
        sampled = item.optional("samplingDate")
        hazard = Hazard(
            name=_text(item.take("name"), "hazards.name") or category or "unnamed hazard",
            category=category,
            result=_text(item.optional("analyticalResult"), "hazards.analyticalResult"),
            unit=_text(item.optional("unit"), "hazards.unit"),
            max_level=_text(item.optional("maxPermittedLvlQuantities"), "hazards.maxLevel"),
            max_unit=_text(item.optional("maxPermittedLvlUnit"), "hazards.maxUnit"),
            sampling_date=rasff_datetime(sampled, "samplingDate").date() if sampled else None,
        )
        product.absorb(item)
        hazards.append(hazard)
    return hazards


def _measures(product: Record) -> list[dict[str, str | None]]:
    measures = []
    for item in _entries(product, "measures"):
        taken_by = item.optional("takenBy")
        by = None
        if taken_by is not None:
            country = item.child(taken_by, "takenBy")
            found = _country(country)
            by = found["iso2"] or found["name"]
            item.absorb(country)
        action = described(item, "actionTaken", expected=True)
        product.absorb(item)
        if action or by:
            measures.append({"action": action, "taken_by": by})
    return measures


def read_detail(fields: Record, listed: Listed) -> Detail:
    """The detail's fields; RecordSkipped when it is for another notification: a detail is
    attached only to the list entry it belongs to."""
    detail_id, detail_reference = fields.require("id"), fields.optional("reference")
    if str(detail_id) != str(listed.notif_id) or (
        detail_reference and detail_reference != listed.reference
    ):
        raise RecordSkipped(f"the detail is for notification {detail_id} ({detail_reference}), "
                            f"not {listed.notif_id} ({listed.reference})")
    fields.optional("subject")  # repeats the list's subject, which is the one mapped
    out = Detail(basis=described(fields, "notificationBasis", expected=True),
                 classification=described(fields, "notificationClassification"))
    risk = fields.optional("risk")
    if risk is not None:
        child = fields.child(risk, "risk")
        out.risk = _text(child.take("riskDecision"), "risk.riskDecision")
        fields.absorb(child)
    for info in _entries(fields, "additionalInformations"):
        # Whom to contact at the notifying authority: a named official is personal data that
        # neither reviewers nor exporters act on, so it is read past and never stored.
        info.ignore(["contactPerson", "organization"])
        fields.absorb(info)
    product = fields.take("product")
    if product is not None:
        child = fields.child(product, "product")
        out.product = _text(child.take("description"), "product.description")
        out.category = described(child, "productCategory")
        out.hazards = tuple(_hazards(child))
        out.measures = tuple(_measures(child))
        out.distribution = described(child, "distributionStatus")
        fields.absorb(child)
    return out


def _description(classification: str | None, risk: str | None,
                 origins: list[dict[str, str | None]], detail: Detail | None) -> str:
    head = "; ".join(part for part in (
        classification and classification[0].upper() + classification[1:],
        risk and f"risk: {risk}",
        detail and detail.basis and f"basis: {detail.basis}",
    ) if part)
    lines = [head + "." if head else ""]
    if origins:
        lines.append("Origin: " + ", ".join(o["name"] or o["iso2"] or "" for o in origins) + ".")
    if detail is None:
        lines.append("No public detail on RASFF Window (hazards and measures unknown).")
        return "\n".join(line for line in lines if line)
    lines += [f"Hazard: {hazard.line()}." for hazard in detail.hazards]
    measures = [m["action"] + (f" ({m['taken_by']})" if m["taken_by"] else "")
                for m in detail.measures if m["action"]]
    if measures:
        lines.append("Measures taken: " + "; ".join(measures) + ".")
    if detail.distribution:
        lines.append(f"Distribution: {detail.distribution}.")
    return "\n".join(line for line in lines if line)


def attention_for(origins: list[dict[str, str | None]], watched: Collection[str]) -> list[str]:
    """`origin: China` for each watched origin country (ISO 3166 alpha-2 codes); an origin given
    by name alone is recognised by its name."""
    wanted = {code.upper() for code in watched}
    reasons = []
    for origin in origins:
        member = member_of(origin["iso2"] or origin["name"])
        iso2 = origin["iso2"] or (member.iso2 if member else None)
        if iso2 in wanted:
            reasons.append(f"origin: {member.name_en if member else origin['name'] or iso2}")
    return reasons


@dataclass(frozen=True)
class Listed:
    """A search-list entry, read; the detail is fetched with `notif_id`."""

    notif_id: int
    reference: str
    subject: str
    validated: datetime
    notifier: dict[str, str | None] | None
    origins: list[dict[str, str | None]]
    category: str | None
    product_type: str | None
    classification: str | None
    risk: str | None
    published: Any
    raw: Any


def read_listed(record: Record, raw: Any = None) -> Listed:
    """A list entry (`raw`: as received, kept as the notice's raw payload); RecordSkipped when
    it has no id, reference, subject or validation date."""
    notif_id = record.require("notifId")
    if isinstance(notif_id, bool) or not str(notif_id).isdigit():
        raise RecordSkipped(f"notifId: {notif_id!r} is not a number")
    reference = str(_text(record.require("reference"), "reference"))
    subject = str(_text(record.require("subject"), "subject"))
    validated = rasff_datetime(record.require("ecValidationDate"), "ecValidationDate")
    notifier = None
    notifying = record.take("notifyingCountry")
    if notifying is not None:
        child = record.child(notifying, "notifyingCountry")
        notifier = _country(child)
        record.absorb(child)
    return Listed(
        notif_id=int(notif_id), reference=reference, subject=subject, validated=validated,
        notifier=notifier,
        origins=_countries(record, "originCountries"),
        category=described(record, "productCategory", expected=True),
        product_type=described(record, "productType", expected=True),
        classification=described(record, "notificationClassification", expected=True),
        risk=described(record, "riskDecision", expected=True),
        published=record.optional("published"),
        raw=raw,
    )


def _extra(listed: Listed, detail: Detail | None, classification: str | None,
           risk: str | None, category: str | None) -> dict[str, Any]:
    """RASFF's own facts, kept for the reviewer and for later filters."""
    return {
        "notif_id": listed.notif_id,
        "validated_at": listed.validated.isoformat(),
        "classification": classification,
        "risk_decision": risk,
        "product_category": category,
        "product_type": listed.product_type,
        "notifying_country": listed.notifier,
        "origin_countries": listed.origins,
        "hazards": [h.as_extra() for h in detail.hazards] if detail else [],
        "measures": list(detail.measures) if detail else [],
        "distribution_status": detail.distribution if detail else None,
        "notification_basis": detail.basis if detail else None,
        "detail_public": detail is not None,
        "published": listed.published,
    }


def notice_of(
    listed: Listed,
    detail: Detail | None,
    *,
    source: str,
    page_url: str,
    attention_origins: Collection[str] = ("CN",),
    raw_detail: Any = None,
) -> dict[str, Any]:
    """The notice item of a list entry and its detail (None: RASFF has no public detail)."""
    risk, classification, category = listed.risk, listed.classification, listed.category
    if detail is not None:
        risk, classification = risk or detail.risk, classification or detail.classification
        category = category or detail.category
    hazards = list(detail.hazards) if detail else []
    products = "; ".join(
        p for p in (detail.product if detail else None, category, listed.product_type) if p
    )
    notifier = listed.notifier or {}
    return notice_item(
        source,
        external_id=listed.reference,
        domain="alert",
        doc_type="alert",
        member=notifier.get("iso2") or notifier.get("name"),
        title=listed.subject,
        description=_description(classification, risk, listed.origins, detail),
        products=products or None,
        keywords=[h.category for h in hazards if h.category],
        language="en",
        distribution_date=listed.validated.date(),
        url=page_url.rstrip("/") + SCREEN_PATH.format(notif_id=listed.notif_id),
        attention=attention_for(listed.origins, attention_origins),
        extra=_extra(listed, detail, classification, risk, category),
        raw={"list": listed.raw, "detail": without_personal_data(raw_detail)},
    )
