"""Tiny BERT models and tokenizers built locally for the transformers backend's tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.backends.transformers_backend import TEMPLATES, CategoryText, LabelledExample
from models.document import Document

CATEGORIES = [
    CategoryText.of("HT01", "Computers & telecommunications", "计算机与通信技术"),
    CategoryText.of("TR01", "Textiles & apparel", "纺织服装", scope_en="fibres, clothing"),
    CategoryText.of("TR02", "Food, beverages & agri-food", "食品饮料及农产品"),
    CategoryText.of("TR06", "Light-industry consumer goods", "轻工消费品"),
]
CORPUS = [
    "Mobile phones, radio equipment and telecommunications terminals",
    "Safety of toys and childcare articles",
    "Maximum residue limits for pesticides in fruit and vegetables",
    "Labelling of textile products and fibre names for clothing",
    "Règlement technique sur les jouets et les articles de puériculture",
    "Reglamento técnico sobre etiquetado de alimentos y bebidas",
    "食品安全国家标准 食品添加剂使用标准",
    "无线电发射设备 移动电话 纺织品 服装 玩具",
    "This regulation concerns food, toys, textiles and computers.",
] + [t for t in TEMPLATES.values()]
DOCS = [
    Document(title="Radio equipment", products="Mobile phones", language="en"),
    Document(title="Jouets", description="Sécurité des jouets", language="fr"),
    Document(products="食品添加剂", title="食品安全国家标准", language="zh"),
    Document(title="Etiquetado de alimentos", language="es"),
    Document(title="Textile labelling and fibre names " * 40, language="en"),
    Document(),
]


def save_tokenizer(folder: Path) -> int:
    pytest.importorskip("torch", reason="the transformers backend needs torch (pip install .[ml])")
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import BertTokenizer

    wordpiece = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    wordpiece.normalizer = normalizers.BertNormalizer(lowercase=True)
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    wordpiece.train_from_iterator(
        CORPUS, trainers.WordPieceTrainer(vocab_size=500, special_tokens=specials)
    )
    tokenizer = BertTokenizer(vocab=wordpiece.get_vocab(), model_max_length=128)
    tokenizer.save_pretrained(folder)
    return wordpiece.get_vocab_size()


def tiny_config(vocab_size: int, **extra: object):
    from transformers import BertConfig

    # A wide initialiser spreads the random logits, so that score comparisons mean something.
    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        initializer_range=0.5,
        **extra,
    )


def build_classifier(folder: Path, labels: list[str], seed: int = 0) -> Path:
    import torch
    from transformers import BertForSequenceClassification

    size = save_tokenizer(folder)
    config = tiny_config(
        size,
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    torch.manual_seed(seed)
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder


def build_encoder(folder: Path, seed: int = 1) -> Path:
    import torch
    from transformers import BertModel

    size = save_tokenizer(folder)
    torch.manual_seed(seed)
    BertModel(tiny_config(size)).save_pretrained(folder)
    return folder


def examples() -> list[LabelledExample]:
    texts = [
        ("Mobile phones and radio equipment", {"HT01"}),
        ("Telecommunications terminals, mobile phones", {"HT01"}),
        ("移动电话 无线电发射设备", {"HT01"}),
        ("Textile labelling and fibre names for clothing", {"TR01"}),
        ("纺织品 服装 纤维", {"TR01"}),
        ("Maximum residue limits for pesticides in fruit", {"TR02"}),
        ("食品安全国家标准 食品添加剂", {"TR02"}),
        ("Reglamento técnico sobre etiquetado de alimentos", {"TR02"}),
        ("Safety of toys and childcare articles", {"TR06"}),
        ("Règlement technique sur les jouets", {"TR06"}),
        ("Toys and textile clothing for children", {"TR06", "TR01"}),
        ("Food additives in beverages", {"TR02", "XX99"}),
    ]
    return [
        LabelledExample(Document(title=t), frozenset(labels), f"ex-{i}")
        for i, (t, labels) in enumerate(texts)
    ]


def scores(predictions: list) -> np.ndarray:
    return np.array([[p.scores[c.id] for c in CATEGORIES] for p in predictions])
