"""Embedded classifier throughput on one core: notices per second, codes + text + fusion.

Run: .venv/bin/python tests/bench/bench_classifier.py [--notices 5000] [--batch 512]

Builds (or reuses) the embedded model from the shipped data in a temporary folder, then
classifies the labelled notices repeated to `--notices`, in batches, in one thread. Prints the
wall-clock rate and the CPU-time rate (the CPU figure is the one to compare on a busy machine).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from models.document import Document


def main() -> None:
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")  # one core: numpy must not spread over others
    # Imported here, after the thread limits: numpy reads them when it loads.
    from models.artefact import build
    from models.backends.embedded import EmbeddedBackend
    from models.classifier import Classifier
    from models.records import shipped_records
    from models.taxonomy import load_taxonomy

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=512)
    args = parser.parse_args()
    taxonomy = load_taxonomy()
    with tempfile.TemporaryDirectory() as root:
        started = time.perf_counter()
        model, trained = build(Path(root), taxonomy)
        print(
            f"model {model.version}: {'built' if trained else 'loaded'} in "
            f"{time.perf_counter() - started:.1f} s"
        )
    classifier = Classifier(taxonomy, EmbeddedBackend(model, taxonomy, batch_size=args.batch))
    records = shipped_records()
    documents = [records[i % len(records)].document for i in range(args.notices)]
    classifier.classify(documents[: args.batch])  # warm caches that a long run also has warm
    # Distinct texts: the text cache must not make repeats free.
    documents = [_variant(d, i) for i, d in enumerate(documents)]
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(documents), args.batch):
        classifier.classify(documents[start : start + args.batch])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{len(documents)} notices, batch {args.batch}, one thread")
    print(f"wall: {wall:.2f} s = {len(documents) / wall:.0f} notices/s")
    print(f"cpu:  {cpu:.2f} s = {len(documents) / cpu:.0f} notices/s")


def _variant(document: Document, index: int) -> Document:
    return replace(document, title=f"{document.title} ({index})")


if __name__ == "__main__":
    main()
