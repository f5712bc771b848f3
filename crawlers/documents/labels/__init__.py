"""The labels of WTO notification forms and of the pages that republish them, by slot and
language (see `kinds` for how a label must stand to count)."""

from __future__ import annotations

import re
from functools import lru_cache

from crawlers.documents.labels import chinese, english, french, pages, spanish
from crawlers.documents.labels.kinds import EXPL, Label

__all__ = ["EXPL", "Label", "all_labels"]


@lru_cache(maxsize=1)
def all_labels() -> tuple[Label, ...]:
    tables = (
        ("en", english.EN),
        ("fr", french.FR),
        ("es", spanish.ES),
        ("zh", chinese.ZH),
        ("en", pages.EPING),
        ("vi", pages.VI),
    )
    labels = []
    for lang, table in tables:
        for slot, kind, box, pattern in table:
            regex = re.compile(pattern.replace(" ", r"\s+"), re.S)
            labels.append(Label(slot, lang, kind, box, regex))
    return tuple(labels)
