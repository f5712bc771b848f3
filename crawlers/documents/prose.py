"""Facts stated only in running text: what an addendum without reason boxes reports (adopted,
in force, withdrawn, comment period extended) and comment deadlines written as sentences.
Used only where the form's boxes are missing or empty, and always reported as inferred."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from crawlers.documents.dates import DATE_EXPRESSION, DateReader
from crawlers.documents.normalise import fold

_DATE_ZH = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_REASONS = (
    (
        "adopted",
        re.compile(
            r"\b(?:was|were|has been|have been|had been)\s+(?:formally\s+|finally\s+)?(?:adopted|"
            r"approved)\b(?P<tail>[^.;]{0,160})|\b(?:a|ont) ete (?:adopte|approuve)e?s?\b"
            r"(?P<tail_fr>[^.;]{0,160})|\b(?:fue|fueron|ha "
            r"sido|han sido) (?:adoptad|aprobad)[oa]s?\b"
            r"(?P<tail_es>[^.;]{0,160})|已于(?P<zh>" + _DATE_ZH + r")(?:获准|获批|批准|通过)"
        ),
    ),
    (
        "entered_into_force",
        re.compile(
            r"\b(?:entered|enters|will enter|came|comes|will "
            r"come)\s+into\s+force\b(?P<tail>[^.;]{0,80})"
            r"|\b(?:est entree?s?|entrera|entreront) en vigueur\b(?P<tail_fr>[^.;]{0,80})"
            r"|\b(?:entro|entraron|entrara|entraran) en vigor\b(?P<tail_es>[^.;]{0,80})"
            r"|(?:于|自)(?P<zh>" + _DATE_ZH + r")起?生效"
        ),
    ),
    (
        "withdrawn",
        re.compile(
            r"\b(?:has been|was|is|have "
            r"been|were|are)\s+(?:hereby\s+)?(?:withdrawn|revoked|repealed)"
            r"\b|\b(?:a|ont) ete (?:retire|abroge)e?s?\b|\b(?:ha sido|fue|han sido|fueron) "
            r"(?:retirad|derogad)[oa]s?\b|已撤销|已撤回"
        ),
    ),
    (
        "scope_changed",
        re.compile(
            r"\b(?:has|have) been (?:amended|revised|modified)\b|\b(?:a|ont) ete (?:modifie|"
            r"revise)e?s?\b|\b(?:ha|han) sido (?:modificad|revisad)[oa]s?\b|已经?被?(?:修订|修改)"
        ),
    ),
    (
        "comment_period_changed",
        re.compile(
            r"(?:comment period|deadline for (?:the "
            r")?(?:receipt of |submission of )?comments|final "
            r"date for comments)\s+(?:has been|is|was|will be)\s+(?:extended|changed|modified|"
            r"reopened|postponed)\b(?P<tail>[^.;]{0,80})|(?:delai|date "
            r"limite) (?:pour la presentation"
            r" des observations )?(?:a ete|est) (?:prolonge|prorog|report)|plazo (?:para presentar "
            r"observaciones )?(?:ha sido|fue|se ha) (?:ampliad|prorrogad|extendid)|延长.{0,6}评议期"
        ),
    ),
)
_DEADLINE = re.compile(
    r"comments?\s+(?:are|is|must be|should be|will be|may be)?\s*(?:due|accepted|received|"
    r"submitted)\s+(?:by|on or before|no later than|before|until)\s+(?P<a>[^.;\n]{4,40})"
    r"|submit\s+(?:written\s+|electronic\s+)?comments?\s+(?:by|before|no later than|on or before)"
    r"\s+(?P<b>[^.;\n]{4,40})"
    r"|observations\s+(?:doivent|devront)\s+etre\s+(?:recues|presentees|soumises|envoyees)\s+"
    r"(?:au plus tard\s+)?(?:le|pour le|avant le|d'ici le)\s+(?P<c>[^.;\n]{4,40})"
    r"|observaciones\s+(?:deberan|deben)\s+(?:presentarse|recibirse|enviarse)\s+(?:a mas tardar "
    r"el|antes del|hasta el)\s+(?P<d>[^.;\n]{4,40})"
    r"|(?:意见应在|请在|应于|须在|请于)(?P<zh>" + _DATE_ZH + r")(?:之前|前)"
)


@dataclass(frozen=True, slots=True)
class Inferred:
    reason: str
    date_text: str | None


def addendum_reasons(text: str | None) -> list[Inferred]:
    """Reasons an addendum's own words give, in the order of the slugs above."""
    if not text:
        return []
    key = fold(text)
    found = []
    for reason, pattern in _REASONS:
        match = pattern.search(key)
        if match is None:
            continue
        found.append(Inferred(reason, _dated_phrase(text, key, match)))
    return found


def _dated_phrase(text: str, key: str, match: re.Match[str]) -> str | None:
    """ "was adopted by Uganda on 24 May 2023": from the verb to the first date after it."""
    group = next((g for g in match.groupdict() if match.group(g)), None)
    if group is None:
        return None
    if group == "zh":
        return text[match.start() : match.end()].strip()
    date = DATE_EXPRESSION.search(key, match.start(group), match.end(group))
    return text[match.start() : date.end()].strip() if date else None


def deadline_sentence(text: str | None, reader: DateReader) -> tuple[str, date] | None:
    """(the sentence, its date) for "Comments are due by 24 August 2020." and its kin."""
    if not text:
        return None
    key = fold(text)
    for match in _DEADLINE.finditer(key):
        group = next(g for g in match.groupdict() if match.group(g))
        value = reader.read(text[match.start(group) : match.end(group)])
        if value is not None:
            return text[
                _sentence_start(key, match.start()) : _sentence_end(key, match.end())
            ].strip(), value
    return None


def _sentence_start(key: str, at: int) -> int:
    starts = [0]
    for mark in (". ", "\n", "。"):
        found = key.rfind(mark, 0, at)
        if found >= 0:
            starts.append(found + len(mark))
    return max(starts)


def _sentence_end(key: str, at: int) -> int:
    """Just after the full stop closing the sentence, if it comes soon."""
    found = re.compile(r"\.(?=\s|$)|。|\n").search(key, at, at + 120)
    if found is None:
        return at
    return found.end() if found.group(0) != "\n" else found.start()
