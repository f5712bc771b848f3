"""Benchmark: the transformers backend with a real multilingual shape and random weights.

An XLM-R-shaped model (12 layers x 384 hidden, 12 heads, 1536 intermediate, 250,002-token
vocabulary) with random weights, and a Unigram tokenizer trained here on the shared notice texts
(no download). Times the full backend path (tokenise, sort, pad, forward, pool, head) against the
raw forward pass alone on the same padded batches, at batch 32 and max length 256; target >= 0.8.
Also times the zero-shot NLI path the same way, and a naive loop (input order, padded to the
longest in each batch) to show what sorting by length buys.

Run: .venv/bin/python tests/bench/bench_transformers.py [--docs N] [--nli-docs N] [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from models.backends import transformers_runtime as rt  # noqa: E402
from models.backends.transformers_backend import (  # noqa: E402
    CategoryText,
    HeadBackend,
    NliBackend,
    example_from_record,
    train_head,
)


def corpus() -> list[str]:
    """Every notice text we have: labelled records, samples, HS and ICS titles."""
    lines: list[str] = []
    for line in (SHARED / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        lines += [str(record.get(k) or "") for k in ("title", "description", "products")]
    for path in sorted((SHARED / "samples").rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".json", ".xml", ".csv", ".html", ""):
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    for path in sorted((SHARED / "data").rglob("*.csv")):
        lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line.strip()]


def build_tokenizer(folder: Path, vocab_size: int) -> int:
    """A SentencePiece-style Unigram tokenizer, as XLM-R uses; returns its vocabulary size."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import XLMRobertaTokenizer

    unigram = Tokenizer(models.Unigram())
    unigram.normalizer = normalizers.NFKC()
    unigram.pre_tokenizer = pre_tokenizers.Metaspace()
    trainer = trainers.UnigramTrainer(
        vocab_size=vocab_size - 1,
        unk_token="<unk>",
        special_tokens=["<s>", "<pad>", "</s>", "<unk>"],
    )
    unigram.train_from_iterator(corpus(), trainer)
    vocab = [tuple(x) for x in json.loads(unigram.to_str())["model"]["vocab"]]
    tokenizer = XLMRobertaTokenizer(vocab=[*vocab, ("<mask>", 0.0)], model_max_length=512)
    tokenizer.save_pretrained(folder)
    return len(vocab) + 1


def build_model(folder: Path, args: argparse.Namespace) -> int:
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaForSequenceClassification

    labels = ["entailment", "neutral", "contradiction"]
    config = XLMRobertaConfig(
        vocab_size=args.vocab,
        hidden_size=args.hidden,
        num_hidden_layers=args.layers,
        num_attention_heads=args.heads,
        intermediate_size=args.hidden * 4,
        max_position_embeddings=514,
        type_vocab_size=1,
        id2label=dict(enumerate(labels)),
        label2id={x: i for i, x in enumerate(labels)},
    )
    torch.manual_seed(0)
    model = XLMRobertaForSequenceClassification(config)
    model.save_pretrained(folder)
    return sum(p.numel() for p in model.parameters())


def categories() -> list[CategoryText]:
    """The categories of taxonomy.md (its table), without OT99, which fusion assigns."""
    found = []
    for line in (SHARED / "taxonomy.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and len(cells[0]) == 4 and cells[0][:2] in ("HT", "TR"):
            found.append(CategoryText.of(cells[0], cells[2], cells[1], scope_en=cells[3]))
    return found


def seconds(run: Callable[[], object]) -> float:
    return timed(run)[0]


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall time and CPU time of this process (all threads). On a machine shared with other
    work, wall time counts waiting for a core; CPU time counts only the work done."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def forward(model, tensors: dict) -> Callable[[], None]:
    import torch

    def run() -> None:
        with torch.inference_mode():
            model(**tensors)

    return run


def best_per_unit(
    units: list[list[Callable[[], object]]], repeats: int
) -> tuple[list[float], list[float]]:
    """Summed best-of-`repeats` wall and CPU time of each column. Units are timed one after the
    other, batch by batch, so that a busy neighbour on a shared machine slows every column alike."""
    wall = [[float("inf")] * len(units[0]) for _ in units]
    cpu = [[float("inf")] * len(units[0]) for _ in units]
    for _ in range(repeats):
        for wall_row, cpu_row, unit in zip(wall, cpu, units, strict=True):
            for col, run in enumerate(unit):
                w, c = timed(run)
                wall_row[col], cpu_row[col] = min(wall_row[col], w), min(cpu_row[col], c)
    columns = range(len(units[0]))
    return ([sum(r[c] for r in wall) for c in columns], [sum(r[c] for r in cpu) for c in columns])


def sorted_inputs(loaded: rt.Loaded, encoding: dict, batch_size: int) -> list[dict]:
    """The padded batches exactly as the backend builds them."""
    lengths = [len(ids) for ids in encoding["input_ids"]]
    return [rt.pad_batch(loaded, encoding, rows) for rows in rt.sorted_batches(lengths, batch_size)]


def naive_inputs(loaded: rt.Loaded, texts: list[str], batch_size: int) -> list[dict]:
    """Input order, each batch padded to its longest row: what a plain loop would feed."""
    out = []
    for start in range(0, len(texts), batch_size):
        batch = loaded.tokenizer(
            texts[start : start + batch_size],
            truncation=True,
            max_length=loaded.max_length,
            padding=True,
            return_tensors="pt",
        )
        out.append({k: v for k, v in batch.items() if k in loaded.input_names})
    return out


def padding_share(batches: list[dict]) -> float:
    real = sum(int(b["attention_mask"].sum()) for b in batches)
    total = sum(b["attention_mask"].numel() for b in batches)
    return 1 - real / total


def report(
    label: str,
    count: int,
    times: tuple[list[float], list[float]],
    sorted_b: list[dict],
    naive_b: list[dict] | None,
    end_to_end: float,
) -> dict:
    wall, cpu = times
    figures = {
        "notices": count,
        "backend_per_s": count / wall[0],
        "raw_forward_per_s": count / wall[1],
        "ratio": wall[1] / wall[0],
        "ratio_cpu_time": cpu[1] / cpu[0],
        "end_to_end_per_s": count / end_to_end,
        "padding_sorted": padding_share(sorted_b),
        "load_average": os.getloadavg()[0],
    }
    print(f"\n{label}: {count} notices (load average {figures['load_average']:.1f})")
    print(f"  full backend path     {figures['backend_per_s']:8.2f} notices/s")
    print(
        f"  raw forward alone     {figures['raw_forward_per_s']:8.2f} notices/s"
        "  (the same padded batches)"
    )
    print(f"  ratio backend / raw   {figures['ratio']:8.3f}  (target >= 0.8)")
    print(f"  ratio in CPU time     {figures['ratio_cpu_time']:8.3f}  (insensitive to other load)")
    if naive_b is not None:
        figures["naive_forward_per_s"] = count / wall[2]
        figures["padding_naive"] = padding_share(naive_b)
        print(
            f"  naive forward loop    {figures['naive_forward_per_s']:8.2f} notices/s"
            f"  (input order; padding {figures['padding_naive']:.0%}, sorted "
            f"{figures['padding_sorted']:.0%})"
        )
    print(
        f"  one predict() call    {figures['end_to_end_per_s']:8.2f} notices/s"
        "  (all notices in one call, best run)"
    )
    return figures


def dev_documents(count: int, full_length: bool = False) -> list:
    """`count` labelled notices, cycling; with `full_length`, each text repeated until it fills
    the maximum length (the worst case: long notices with full descriptions)."""
    records = [json.loads(x) for x in (SHARED / "eval" / "dev.jsonl").read_text().splitlines()]
    docs = [example_from_record(records[i % len(records)]).document for i in range(count)]
    if full_length:
        docs = [
            replace(d, description=" ".join([d.text] * (1 + 3000 // max(1, len(d.text)))))
            for d in docs
        ]
    return docs


def bench_head(folder: Path, args: argparse.Namespace) -> dict:
    records = [json.loads(x) for x in (SHARED / "eval" / "dev.jsonl").read_text().splitlines()]
    examples = [example_from_record(r) for r in records]
    start = time.perf_counter()
    train_head(folder, examples, categories(), batch_size=args.batch, max_length=args.max_length)
    print(f"train_head on {len(examples)} labelled notices: {time.perf_counter() - start:.1f} s")
    backend = HeadBackend(folder, categories(), batch_size=args.batch, max_length=args.max_length)
    docs = dev_documents(args.docs, args.full_length)
    texts = [d.text for d in docs]
    loaded = backend.encoder.loaded
    encoding = backend.encoder.tokenize(texts)
    groups = rt.sorted_batches([len(ids) for ids in encoding["input_ids"]], args.batch)
    sorted_b = [rt.pad_batch(loaded, encoding, rows) for rows in groups]
    naive_b = naive_inputs(loaded, texts, args.batch)
    tokens = sum(int(b["attention_mask"].sum()) for b in sorted_b)
    print(
        f"encoder inputs: mean {tokens / len(docs):.0f} tokens per notice "
        f"(max length {loaded.max_length}), {len(sorted_b)} batches of {args.batch}"
    )
    backend.predict(docs[: args.batch])  # warm-up: the first calls allocate
    # One unit per batch: the backend on that batch's notices, the model on its tensors, and
    # the model on the matching input-order batch.
    units = [
        [
            lambda rows=rows: backend.predict([docs[i] for i in rows]),
            forward(loaded.model, tensors),
            forward(loaded.model, naive),
        ]
        for rows, tensors, naive in zip(groups, sorted_b, naive_b, strict=True)
    ]
    times = best_per_unit(units, args.repeats)
    whole = min(seconds(lambda: backend.predict(docs)) for _ in range(args.repeats))
    return report("encoder + head", len(docs), times, sorted_b, naive_b, whole)


def bench_nli(folder: Path, args: argparse.Namespace) -> dict:
    from models.backends.transformers_categories import hypothesis

    backend = NliBackend(folder, categories(), batch_size=args.batch, max_length=args.max_length)
    per_batch = max(1, args.batch // len(backend.categories))  # notices whose pairs fill a batch
    docs = dev_documents(args.nli_docs)
    loaded = backend.loaded
    units, sorted_b = [], []
    for start in range(0, len(docs), per_batch):
        chunk = docs[start : start + per_batch]
        premises = [d.text for d in chunk for _ in backend.categories]
        hyps = [hypothesis(c, d.language) for d in chunk for c in backend.categories]
        encoding = backend._tokenize(premises, hyps)
        rows = list(range(len(premises)))
        sorted_b.append(rt.pad_batch(loaded, encoding, rows))
        units.append(
            [lambda chunk=chunk: backend.predict(chunk), forward(loaded.model, sorted_b[-1])]
        )
    backend.predict(docs[:per_batch])
    times = best_per_unit(units, args.nli_repeats)
    label = (
        f"zero-shot NLI ({len(backend.categories)} categories, "
        f"{len(docs) * len(backend.categories)} pairs, {per_batch} notices per batch)"
    )
    whole = min(seconds(lambda: backend.predict(docs)) for _ in range(args.nli_repeats))
    return report(label, len(docs), times, sorted_b, None, whole)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=256, help="notices for the head path")
    parser.add_argument("--nli-docs", type=int, default=16, help="notices for the NLI path")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--layers", type=int, default=12)
    parser.add_argument("--hidden", type=int, default=384)
    parser.add_argument("--heads", type=int, default=12)
    parser.add_argument("--vocab", type=int, default=250_002)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--nli-repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: all)")
    parser.add_argument("--skip-nli", action="store_true")
    parser.add_argument("--skip-head", action="store_true")
    parser.add_argument(
        "--full-length",
        action="store_true",
        help="head path on notices that all fill max length (worst case)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    import torch

    rt.set_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    with tempfile.TemporaryDirectory(prefix="tbtwatch-bench-") as tmp:
        folder = Path(tmp) / "xlmr-shape-random"
        start = time.perf_counter()
        tokens = build_tokenizer(folder, args.vocab)
        params = build_model(folder, args)
        print(
            f"model: {args.layers} layers x {args.hidden} hidden, {args.heads} heads, "
            f"vocab {args.vocab:,} ({params / 1e6:.0f} M parameters, random weights); "
            f"tokenizer: Unigram, {tokens:,} pieces learnt from the shared texts; "
            f"built in {time.perf_counter() - start:.0f} s"
        )
        results: dict = {"threads": torch.get_num_threads()}
        if not args.skip_head:
            results["head"] = bench_head(folder, args)
        if not args.skip_nli:
            results["nli"] = bench_nli(folder, args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
