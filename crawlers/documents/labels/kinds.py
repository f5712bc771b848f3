"""What a label is, and the pattern piece shared by the label tables.

Patterns are written on the folded text (see `normalise.fold`: lower case, no accents, simplified
Chinese); a space stands for any run of white space, so labels broken across lines still match.
Kinds say how sure a match must be (see `segment`): `strong` needs a line/box anchor or a colon,
`weak` needs both, `line` needs a line start, `cjk` needs a colon, `cjkline` a colon and a line
start, `reason` an addendum checkbox (or a colon/anchor). `box` labels may follow a box number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An explanation in brackets between a label and its colon ("Products covered (HS or ...):").
EXPL = r"(?:\s*\(.{0,500}?\)(?=\s*:))?"


@dataclass(frozen=True, slots=True)
class Label:
    slot: str
    lang: str
    kind: str
    box: bool
    regex: re.Pattern[str]
