"""WTO members: the codes used in symbols and subscriptions, their English and Chinese names.

Symbols use ISO 3166 alpha-3 codes plus a few WTO-specific ones (EU and its old EEC/EC series,
TPKM for the Separate Customs Territory of Taiwan, Penghu, Kinmen and Matsu). Names come from
pycountry (English) and Babel's CLDR data (Chinese), so no list is maintained here by hand
beyond the WTO-specific codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pycountry
from babel import Locale

EU_MEMBER_STATES = frozenset(
    [
        "AUT",
        "BEL",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
    ]
)
_SPECIAL = {
    "EU": ("European Union", "欧盟", None),
    "TPKM": ("Chinese Taipei", "中国台北", "TW"),
    "HKG": ("Hong Kong, China", "中国香港", "HK"),
    "MAC": ("Macao, China", "中国澳门", "MO"),
    "KOR": ("Korea, Republic of", "韩国", "KR"),
}
_ALIASES = {"EEC": "EU", "EC": "EU", "CEE": "EU", "UE": "EU", "TWN": "TPKM", "UK": "GBR"}


@dataclass(frozen=True, slots=True)
class Member:
    code: str  # canonical code: "EU", "USA", "CHN", "TPKM"
    name_en: str
    name_zh: str
    iso2: str | None

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en

    @property
    def in_eu(self) -> bool:
        return self.code in EU_MEMBER_STATES


@lru_cache(maxsize=1)
def _zh_territories() -> dict[str, str]:
    return dict(Locale("zh").territories)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.casefold()] = country.alpha_3
    zh = _zh_territories()
    for country in pycountry.countries:
        if country.alpha_2 in zh:
            names[zh[country.alpha_2]] = country.alpha_3
    for code, (en, zh_name, _) in _SPECIAL.items():
        names[en.casefold()] = code
        names[zh_name] = code
    names.update(
        {
            "viet nam": "VNM",
            "european communities": "EU",
            "united states": "USA",
            "russian federation": "RUS",
            "türkiye": "TUR",
            "turkey": "TUR",
            "korea": "KOR",
            "republic of korea": "KOR",
            "united kingdom": "GBR",
            "chinese taipei": "TPKM",
            "台湾": "TPKM",
            "美国": "USA",
            "欧盟": "EU",
            "european union": "EU",
            "eu": "EU",
        }
    )
    return names


@lru_cache(maxsize=512)
def member_of(code_or_name: str | None) -> Member | None:
    """The member for a code (`USA`, `US`, `EEC`) or a name (`Viet Nam`, `美国`), else None."""
    if not code_or_name:
        return None
    text = " ".join(code_or_name.split())
    code = _ALIASES.get(text.upper(), text.upper())
    if code in _SPECIAL:
        en, zh, iso2 = _SPECIAL[code]
        return Member(code, en, zh, iso2)
    country = None
    if len(code) == 3 and code.isalpha():
        country = pycountry.countries.get(alpha_3=code)
    elif len(code) == 2 and code.isalpha():
        country = pycountry.countries.get(alpha_2=code)
    if country is None:
        found = _by_name().get(text.casefold()) or _by_name().get(text)
        if found is None:
            return None
        return member_of(found)
    zh = _zh_territories().get(country.alpha_2, country.name)
    name = getattr(country, "common_name", None) or country.name
    return Member(country.alpha_3, name, zh, country.alpha_2)


def covers(market: str, member_code: str | None) -> bool:
    """Whether a subscription's market covers a notifying member (EU covers its member states)."""
    if not member_code:
        return False
    wanted = member_of(market)
    got = member_of(member_code)
    if wanted is None or got is None:
        return market.upper() == member_code.upper()
    return wanted.code == got.code or (wanted.code == "EU" and got.in_eu)
