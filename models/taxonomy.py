"""The product categories, loaded from `config/taxonomy.yml` and its code-mapping CSV, validated.

A mistake in either file (an unknown id, a code in no list, a repeated entry) stops the load with
a message naming the file, the line or category, and what is wrong; every mistake is listed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from config.settings import CONFIG_DIR
from models.reference import hs_titles, ics_titles

DEFAULT_FILE = CONFIG_DIR / "taxonomy.yml"
FALLBACK = "OT99"  # "nothing above applies"; never given with another category
STRENGTHS = ("core", "partial")
SYSTEMS = {"HS2022": "HS", "HS": "HS", "ICS_ed7": "ICS", "ICS": "ICS"}
ID_PATTERN = re.compile(r"^[A-Z]{2}\d{2}$")
TOP_KEYS = {"version", "mapping", "languages", "categories", "not_products"}
CATEGORY_KEYS = {"id", "name", "watched", "scope", "keywords", "except", "default_for"}
DOMAINS = ("TBT", "SPS", "regulation", "alert")


class TaxonomyError(ValueError):
    """The taxonomy file or its mapping is wrong; the message lists every problem."""


@dataclass(frozen=True, slots=True)
class CodeRule:
    """An HS or ICS prefix that points to a category: `core` decides, `partial` needs the text."""

    category: str
    system: str  # "HS" or "ICS"
    prefix: str  # HS digits without dots, or ICS as ISO writes it
    strength: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    names: dict[str, str]
    scope: dict[str, str] = field(default_factory=dict)
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    excepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    watched: bool = True
    default_for: tuple[str, ...] = ()  # domains whose notices get it when nothing else applies

    @property
    def name_en(self) -> str:
        return self.names["en"]

    @property
    def name_zh(self) -> str:
        return self.names["zh"]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    categories: tuple[Category, ...]
    rules: tuple[CodeRule, ...]
    languages: tuple[str, ...]
    digest: str  # sha256 of the YAML and the mapping, part of every model version
    # Names of bodies that read like products (Food and Drug Administration, 检验检疫局):
    # removed from a notice's text before keywords and n-grams read it.
    not_products: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.categories)

    @property
    def labels(self) -> tuple[str, ...]:
        """The categories a model predicts: every id but the fallback."""
        return tuple(c.id for c in self.categories if c.id != FALLBACK)

    def get(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def default_for(self, domain: str | None) -> str | None:
        """The category a notice of `domain` gets when nothing else applies (guideline: most
        SPS notifications are food), or None: then it is the fallback OT99."""
        for category in self.categories:
            if domain and domain in category.default_for:
                return category.id
        return None


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """Read and validate the taxonomy (default `config/taxonomy.yml`) and its mapping CSV."""
    return _load(Path(path or DEFAULT_FILE).resolve())


@lru_cache(maxsize=4)
def _load(path: Path) -> Taxonomy:
    try:
        raw_yaml = path.read_bytes()
        data = yaml.safe_load(raw_yaml)
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: not valid YAML: {exc}") from None
    problems: list[str] = []
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: expected a mapping with {sorted(TOP_KEYS)}")
    problems += [f"unknown key {k!r}" for k in sorted(set(data) - TOP_KEYS)]
    languages = tuple(data.get("languages") or ())
    if "en" not in languages or "zh" not in languages:
        problems.append("languages must include en and zh")
    categories = _categories(data.get("categories"), languages, problems)
    not_products = _phrases(data.get("not_products"), languages, "not_products", problems)
    mapping = path.parent / str(data.get("mapping") or "")
    if not data.get("mapping") or not mapping.is_file():
        problems.append(f"mapping: no such file {mapping}")
        raw_csv = b""
    else:
        raw_csv = mapping.read_bytes()
    if problems:
        raise TaxonomyError(f"{path}: " + "; ".join(problems))
    rules = read_mapping(raw_csv.decode("utf-8-sig"), {c.id for c in categories}, mapping.name)
    digest = hashlib.sha256(raw_yaml + b"\0" + raw_csv).hexdigest()
    return Taxonomy(categories, rules, languages, digest,
                    tuple(p for phrases in not_products.values() for p in phrases))


def _categories(items: Any, languages: tuple[str, ...],
                problems: list[str]) -> tuple[Category, ...]:
    if not isinstance(items, list) or not items:
        problems.append("categories: expected a non-empty list")
        return ()
    found: list[Category] = []
    for index, item in enumerate(items, 1):
        where = f"category #{index}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        where = f"category {item.get('id', '#' + str(index))}"
        category = _category(item, languages, where, problems)
        if category is None:
            continue
        if any(c.id == category.id for c in found):
            problems.append(f"{where}: repeated id")
        found.append(category)
    if FALLBACK not in {c.id for c in found}:
        problems.append(f"categories: the fallback {FALLBACK} is missing")
    for domain in DOMAINS:
        owners = [c.id for c in found if domain in c.default_for]
        if len(owners) > 1:
            problems.append(f"default_for: {domain} is the default of {', '.join(owners)}")
    return tuple(found)


def _category(item: dict, languages: tuple[str, ...], where: str,
              problems: list[str]) -> Category | None:
    problems += [f"{where}: unknown key {k!r}" for k in sorted(set(item) - CATEGORY_KEYS)]
    cid = str(item.get("id") or "")
    if not ID_PATTERN.match(cid):
        problems.append(f"{where}: id must look like HT01 or TR07")
        return None
    names = item.get("name") or {}
    if not isinstance(names, dict) or not names.get("en") or not names.get("zh"):
        problems.append(f"{where}: name needs en and zh")
        return None
    watched = item.get("watched", True)
    if not isinstance(watched, bool):
        problems.append(f"{where}: watched must be true or false")
    keywords = _phrases(item.get("keywords"), languages, f"{where} keywords", problems)
    excepts = _phrases(item.get("except"), languages, f"{where} except", problems)
    if cid == FALLBACK and keywords:
        problems.append(f"{where}: the fallback takes no keywords")
    scope = {str(k): str(v) for k, v in (item.get("scope") or {}).items()}
    default_for = _domains(item.get("default_for"), cid, where, problems)
    return Category(cid, {str(k): str(v) for k, v in names.items()}, scope, keywords, excepts,
                    bool(watched), default_for)


def _domains(value: Any, cid: str, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or any(v not in DOMAINS for v in value):
        problems.append(f"{where}: default_for must be a list of {', '.join(DOMAINS)}")
        return ()
    if cid == FALLBACK:
        problems.append(f"{where}: the fallback is everyone's default already")
        return ()
    return tuple(str(v) for v in value)


def _phrases(value: Any, languages: tuple[str, ...], where: str,
             problems: list[str]) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where}: expected language: [phrases]")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for lang, phrases in value.items():
        if lang not in languages:
            problems.append(f"{where}: language {lang!r} is not in languages {list(languages)}")
            continue
        if not isinstance(phrases, list) or not all(isinstance(p, str | int) for p in phrases):
            problems.append(f"{where}.{lang}: expected a list of phrases")
            continue
        cleaned = [str(p).strip() for p in phrases]
        if any(not p or p == "*" for p in cleaned):
            problems.append(f"{where}.{lang}: empty phrase")
        seen = [p.casefold() for p in cleaned]
        repeated = sorted({p for p in seen if seen.count(p) > 1})
        if repeated:
            problems.append(f"{where}.{lang}: repeated {', '.join(repeated)}")
        out[lang] = tuple(cleaned)
    return out


def read_mapping(text: str, ids: set[str], name: str = "mapping") -> tuple[CodeRule, ...]:
    """Parse the code mapping: category_id, code_system, code_prefix, strength[, code_title]."""
    reader = csv.DictReader(io.StringIO(text))
    needed = {"category_id", "code_system", "code_prefix", "strength"}
    missing = needed - set(reader.fieldnames or ())
    if missing:
        raise TaxonomyError(f"{name}: missing columns {', '.join(sorted(missing))}")
    problems: list[str] = []
    rules: dict[tuple[str, str, str], CodeRule] = {}
    written_seen: set[tuple[str, str, str]] = set()
    for line, row in enumerate(reader, 2):
        rule = _rule(row, ids, f"{name} line {line}", problems)
        if rule is None:
            continue
        written = (rule.category, rule.system, _digits(row["code_prefix"]).rstrip("."))
        if written in written_seen:
            problems.append(f"{name} line {line}: {rule.category} {rule.system} "
                            f"{row['code_prefix'].strip()} repeated")
            continue
        written_seen.add(written)
        # Several national lines under one HS-6 collapse into one (partial) rule.
        rules.setdefault((rule.category, rule.system, rule.prefix), rule)
    if problems:
        raise TaxonomyError("; ".join(problems))
    return tuple(rules.values())


def _digits(code: str) -> str:
    return re.sub(r"[\s.]", "", code)


def _rule(row: dict[str, str], ids: set[str], where: str, problems: list[str]) -> CodeRule | None:
    category = (row.get("category_id") or "").strip()
    system = SYSTEMS.get((row.get("code_system") or "").strip())
    strength = (row.get("strength") or "").strip()
    written = (row.get("code_prefix") or "").strip()
    title = (row.get("code_title") or "").strip()
    if category not in ids or category == FALLBACK:
        problems.append(f"{where}: unknown category {category!r}")
        return None
    if system is None:
        problems.append(f"{where}: code_system must be one of {', '.join(SYSTEMS)}")
        return None
    if strength not in STRENGTHS:
        problems.append(f"{where}: strength must be core or partial, not {strength!r}")
        return None
    prefix = _hs_prefix(written) if system == "HS" else _ics_prefix(written)
    if prefix is None:
        problems.append(f"{where}: {written!r} is not a code of {row['code_system']}")
        return None
    if system == "HS" and len(_digits(written)) > 6:
        strength = "partial"  # a national line is narrower than the HS-6 a notice gives
    return CodeRule(category, system, prefix, strength, title)


def _hs_prefix(written: str) -> str | None:
    digits = _digits(written)
    if not digits.isdigit() or len(digits) % 2 or not 2 <= len(digits) <= 10:
        return None
    digits = digits[:6]
    return digits if digits in hs_titles() else None


def _ics_prefix(written: str) -> str | None:
    code = written.rstrip(".")
    return code if code in ics_titles() else None
