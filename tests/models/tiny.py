"""A three-category taxonomy, fifteen labelled notices and the model built from them (cached)."""

from __future__ import annotations

from functools import lru_cache

from models.embedded import EmbeddedModel
from models.records import LabelledDocument, read_jsonl
from models.taxonomy import Taxonomy, load_taxonomy
from models.training import train
from tests.conftest import DATA

TINY = DATA / "models" / "tiny"


def tiny_taxonomy() -> Taxonomy:
    return load_taxonomy(TINY / "taxonomy.yml")


def tiny_records() -> list[LabelledDocument]:
    return read_jsonl(TINY / "labelled.jsonl")


@lru_cache(maxsize=1)
def tiny_model() -> EmbeddedModel:
    return train(tiny_taxonomy(), tiny_records())
