"""Hashed character n-grams inside words (2 to 5 characters, CJK included), vectorised in numpy.

Like scikit-learn's `char_wb` analyser: each word is padded with a space and n-grams never cross
words, so `lamp` and `lamps` share most features and Chinese runs give overlapping bigrams to
5-grams. Hashing is a fixed polynomial over code points, identical in every process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

BITS = 20
NGRAMS = (2, 3, 4, 5)
_PRIME = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SEEDS = {n: np.uint64(0xCBF29CE484222325 + 7919 * n) for n in NGRAMS}
WORD = re.compile(r"[^\W_]+")
DIGITS = re.compile(r"\d")
SPACE = ord(" ")


def padded_words(text: str) -> str:
    """` w1  w2  w3 `: every word between spaces, digits folded (numbers say little)."""
    words = WORD.findall(DIGITS.sub("0", text))
    return "".join(f" {w} " for w in words)


def hashed_ngrams(text: str) -> np.ndarray:
    """The feature index (0 ≤ i < 2**BITS) of every n-gram of `text` (already folded)."""
    stream = padded_words(text)
    if len(stream) < 2:
        return np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(stream.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_space = codes == SPACE
    out = []
    for n in NGRAMS:
        count = len(codes) - n + 1
        if count <= 0:
            break
        h = np.full(count, _SEEDS[n], dtype=np.uint64)
        inner_space = np.zeros(count, dtype=bool)
        for k in range(n):
            h = (h ^ codes[k : k + count]) * _PRIME
            if 0 < k < n - 1:
                inner_space |= is_space[k : k + count]
        # Keep n-grams inside one padded word: spaces only at the ends, and not only spaces
        # (for n > 2 an inner space already rules out a window of spaces).
        keep = ~inner_space
        if n == 2:
            keep &= ~(is_space[:count] & is_space[1 : 1 + count])
        out.append(h[keep])
    hashes = np.concatenate(out) * _MIX
    return (hashes >> np.uint64(64 - BITS)).astype(np.int64)


def vectorise(texts: Sequence[str]) -> sparse.csr_matrix:
    """Rows of sublinear term frequencies (1 + log tf), L2-normalised; width 2**BITS."""
    rows, cols, vals = [], [], []
    for row, text in enumerate(texts):
        index, counts = np.unique(hashed_ngrams(text), return_counts=True)
        if not len(index):
            continue
        weights = 1.0 + np.log(counts)
        weights /= np.sqrt(np.dot(weights, weights))
        rows.append(np.full(len(index), row, dtype=np.int64))
        cols.append(index)
        vals.append(weights)
    if not rows:
        return sparse.csr_matrix((len(texts), 1 << BITS), dtype=np.float64)
    matrix = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(texts), 1 << BITS),
    )
    return matrix


def ngram_strings(text: str) -> list[str]:
    """The n-grams themselves (for evidence), in the same order as `hashed_ngrams`."""
    grams: list[str] = []
    stream = padded_words(text)
    for n in NGRAMS:
        for i in range(len(stream) - n + 1):
            gram = stream[i : i + n]
            if " " in gram[1:-1] or not gram.strip():
                continue
            grams.append(gram)
    return grams
