"""What every multi-record layout shares: finding symbols with their positions, building one
record's fields from the symbol, and folding the records into one result (the first record in
full, the others compact in `other_records`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawlers.documents.result import ParsedDocument
from warning.core.members import member_of
from warning.core.symbols import Symbol, parse_symbol

_SYMBOL_RUN = re.compile(
    r"G\s*/\s*(?:TBT|TB|SPS)\s*/\s*N\s*[/?]\s*[A-Z]{2,4}\s*/\s*\d+"
    r"(?:\s*/\s*(?:ADD|CORR|REV|SUPPL)\s*\.?\s*\d+)*(?:\s*[-–—]\s*URG\b\.?)?",
    re.I,
)
# Objectives as ePing exports and the Secretariat's monthly lists name them (EN, FR, ES).
OBJECTIVES = (
    "food safety",
    "animal health",
    "plant protection",
    "protect humans from animal/plant pest or disease",
    "protect territory from other damage from pests",
    "protection of human health or safety",
    "protection of the environment",
    "consumer information, labelling",
    "prevention of deceptive practices and consumer protection",
    "quality requirements",
    "harmoni[sz]ation",
    "reducing trade barriers and facilitating trade",
    "national security requirements",
    "protection of animal or plant life or health",
    "cost saving and productivity enhancement",
    "securite sanitaire des produits alimentaires",
    "innocuite des produits alimentaires",
    "sante des animaux",
    "preservation des vegetaux",
    "protection des personnes contre les maladies ou les parasites des animaux/des plantes",
    "protection du territoire contre d'autres dommages attribuables a des parasites",
    "protection de la sante ou de la securite des personnes",
    "protection de l'environnement",
    "inocuidad de los alimentos",
    "sanidad animal",
    "preservacion de los vegetales",
    "proteccion de la salud humana contra las enfermedades o plagas animales o vegetales",
    "proteccion del territorio contra otros danos causados por plagas",
    "proteccion de la salud o seguridad humanas",
    "proteccion del medio ambiente",
    "prescripciones en materia de calidad",
    "informacion al consumidor, etiquetado",
)
OBJECTIVE_RX = re.compile(
    "|".join(o.replace(" ", r"\s+").replace("/", r"\s*/\s*") for o in OBJECTIVES)
)


@dataclass(frozen=True, slots=True)
class Found:
    symbol: Symbol
    start: int
    end: int


def symbols_at(text: str, start: int = 0) -> list[Found]:
    found = []
    for match in _SYMBOL_RUN.finditer(text, start):
        symbol = parse_symbol(match.group(0))
        if symbol is not None:
            found.append(Found(symbol, match.start(), match.end()))
    return found


def record_for(symbol: Symbol) -> ParsedDocument:
    """A record with what its symbol says: domain, type, member."""
    member = member_of(symbol.member) if symbol.member else None
    return ParsedDocument(
        symbols=[str(symbol)],
        domain=symbol.domain,
        doc_type=symbol.doc_type,
        member=member.code if member else None,
    )


def combine(records: list[ParsedDocument], layout: str) -> ParsedDocument:
    """The first record in full; the others' fields that carry a value, in `other_records`."""
    first = records[0]
    first.layout = layout
    first.other_records = [record.compact() for record in records[1:]]
    first.extra["records_in_list"] = len(records)
    for record in records[1:]:
        for message in record.warnings:
            first.warn(f"{record.symbols[0] if record.symbols else 'record'}: {message}")
    return first
