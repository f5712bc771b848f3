"""The parts of a WTO document outside its boxes: the symbol block (symbol, distribution date, job
number, committee, original language), the heading (Addendum, Corrigendum, emergency), and the
"following communication … at the request of the delegation of …" sentence of addenda."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawlers.documents.language import language_code
from crawlers.documents.normalise import fold
from warning.core.symbols import Symbol, find_symbols


def _spaced(pattern: str) -> re.Pattern[str]:
    """A pattern whose spaces stand for any white space (PDFs break lines anywhere)."""
    return re.compile(pattern.replace(" ", r"\s+"))


_COMMITTEES = (
    (
        "TBT",
        _spaced(
            r"committee on technical barriers to trade|comite des obstacles techniques au commerce|"
            r"comite de obstaculos tecnicos al comercio|技术性贸易壁垒|(?<![-/a-z])tbt通报"
        ),
    ),
    (
        "SPS",
        _spaced(
            r"committee on sanitary and phytosanitary measures|comite des mesures sanitaires et "
            r"phytosanitaires|comite de medidas sanitarias y fitosanitarias|"
            r"卫生(?:及|与|和)植物卫生措施|(?<![-/a-z])sps通报"
        ),
    ),
)
_HEADINGS = (
    (
        "emergency",
        _spaced(
            r"notification of emergency measures?|notification de mesures? d'urgence|"
            r"notificacion de medidas? de urgencia|紧急措施通报"
        ),
    ),
    (
        "addendum",
        re.compile(
            r"(?:^|\n|notification\s+|notificacion\s+)[ \t]*(?:addendum|additif|adicion|"
            r"addenda)\b|补遗"
        ),
    ),
    (
        "corrigendum",
        re.compile(
            r"(?:^|\n|notification\s+|notificacion\s+)[ \t]*(?:corrigendum|rectificatif|correccion)"
            r"\b|勘误"
        ),
    ),
    ("revision", re.compile(r"(?:^|\n|notification\s+|notificacion\s+)[ \t]*(?:revision)\b")),
)
# Spaces stand for any white space (a PDF breaks these sentences anywhere).
_COMMUNICATION = tuple(
    _spaced(pattern)
    for pattern in (
        r"the following communication,? (?:dated|received on|of) (?P<date>[^,]{4,40}?),? "
        r"(?:is being|has been|was) circulated at the request of (?:the )?(?:permanent )?"
        r"(?:delegation|mission|representative) of (?:the )?(?P<member>[^.]{2,80}?)\s*\.",
        r"la communication (?:ci-apres|suivante),? (?:datee du|recue le|du) "
        r"(?P<date>[^,]{4,40}?),? est distribuee a la demande de la delegation "
        r"(?:de la |de l'|des |du |de |d')(?P<member>[^.]{2,80}?)\s*\.",
        r"la (?:siguiente )?comunicacion(?: siguiente)?,? (?:de fecha|fechada el|recibida "
        r"el|del?) (?P<date>[^,]{4,40}?),? se distribuye a (?:peticion|solicitud) de "
        r"la delegacion de (?:la |los |las |el )?(?P<member>[^.]{2,80}?)\s*\.",
        r"以下\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)?\s*的信息根据\s*"
        r"(?P<member>\S{1,20}?)\s*代表团的要求分发\s*[。.]?",
        r"应\s*(?P<member>\S{1,20}?)\s*代表团的要求\s*[,，]?\s*发送\s*如下信息\s*[:：]?",
    )
)
_BODY_HEADING = re.compile(
    r"^[ \t]*(?:addendum|additif|adicion|corrigendum|rectificatif|correccion)[ \t]*$", re.M
)
_NOTIFICATION_LINE = re.compile(r"^[ \t]*(?:notification|notificacion|通\s*报)\b", re.M)
_JOB = re.compile(r"\((\d{2}-\d{4,5})\)|(?:^|\n)[ \t]*(\d{2}-\d{4,5})[ \t]*(?:\n|$)")
_ORIGINAL = re.compile(r"\boriginal\s*:\s*([a-z]+)")
_SEPARATOR = re.compile(r"^[ \t]*[_\-–—=*]{5,}[ \t]*$", re.M)


@dataclass
class Communication:
    start: int
    end: int
    date_text: str | None
    member_text: str | None


@dataclass
class Header:
    symbols: list[Symbol] = field(default_factory=list)
    distribution_text: str | None = None
    job_number: str | None = None
    committee: str | None = None
    heading: str | None = None
    heading_end: int | None = None  # where the text after an Addendum/Corrigendum heading starts
    original_language: str | None = None
    communication: Communication | None = None


def find_communication(text: str, key: str) -> Communication | None:
    found = [m for pattern in _COMMUNICATION if (m := pattern.search(key))]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    date_span = match.span("date") if match.groupdict().get("date") else None
    member = " ".join(text[match.start("member") : match.end("member")].split())
    return Communication(
        match.start(),
        match.end(),
        " ".join(text[date_span[0] : date_span[1]].split()) if date_span else None,
        member or None,
    )


def read_header(text: str, key: str, zone_end: int, loose: str) -> Header:
    """Header facts from the text before the boxes (`zone_end`) and from text no label claimed."""
    header = Header(communication=find_communication(text, key))
    if header.communication is not None:
        zone_end = min(zone_end, header.communication.start)
    zone = text[:zone_end]
    head_text = f"{zone}\n{loose}"
    head_key = f"{key[:zone_end]}\n{fold(loose)}"
    header.symbols = find_symbols(f"{_symbol_block(zone, key[:zone_end])}\n{loose}")
    header.distribution_text = _date_after_symbol(head_text)
    job = _JOB.search(head_text)
    header.job_number = (job.group(1) or job.group(2)) if job else None
    header.committee = next((d for d, rx in _COMMITTEES if rx.search(head_key)), None)
    header.heading = next((kind for kind, rx in _HEADINGS if rx.search(head_key)), None)
    found = _BODY_HEADING.search(key, 0, zone_end)
    header.heading_end = found.end() if found else None
    original = _ORIGINAL.search(head_key)
    header.original_language = language_code(original.group(1)) if original else None
    return header


def _symbol_block(zone: str, zone_key: str) -> str:
    """The symbol block ends at the NOTIFICATION heading when a symbol stands above it: what
    follows (an addendum's free text) cites other documents."""
    heading = _NOTIFICATION_LINE.search(zone_key)
    if heading and find_symbols(zone[: heading.start()]):
        return zone[: heading.start()]
    return zone


def _date_after_symbol(text: str) -> str | None:
    """The distribution date stands right after the symbol in the WTO header."""
    match = re.search(r"G\s*/\s*(?:TBT|SPS)\s*/\s*(?:N\s*/\s*[^\s]+|Notif\.[\d.]+)", text, re.I)
    if match is None:
        return None
    after = text[match.end() : match.end() + 60]
    after = re.split(r"\(\d{2}-\d{4,5}\)|\n\s*\d{2}-\d{4,5}|page", after, maxsplit=1, flags=re.I)[0]
    return after.strip(" \t\n.|") or None


def body_after(text: str, start: int, end: int) -> str:
    """Free text of an addendum between the communication sentence and the first box/label,
    without separator lines."""
    body = text[start:end]
    return _SEPARATOR.sub("", body).strip()


def body_start(header: Header, first_label: int) -> int | None:
    """Where an addendum's free text starts: after the communication sentence, or, when its
    wording is not one we know, after the Addendum/Corrigendum heading and the paragraph that
    stands in the sentence's place."""
    comm = header.communication
    if comm is not None:
        return comm.end if comm.end <= first_label else None
    return header.heading_end if header.heading_end is not None and \
        header.heading_end < first_label else None
