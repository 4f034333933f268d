"""An article's text as a set of 5-word shingles, and its MinHash signature.

The words are taken from the article body (``body_start``..``body_end``: no site chrome),
normalised the way a reader would not notice (NFKC, case-folded, punctuation dropped, numbers
kept: "26 fighters" and "27 fighters" differ). Two texts that share most of their shingles
share most of their wording in the same order: wire copy, a republished page, a light rewrite.

A signature is 256 MinHash values (datasketch, a fixed seed) over the shingles, each hashed to
32 bits with CRC-32: stable across processes and machines (Python's ``hash`` is not), and fast.
Stored as 1 KB, it lets a later run compare new articles without reading old texts again.
"""
import functools
import re
import unicodedata
import zlib

SHINGLE_WORDS = 5
NUM_PERM = 256          # 51 bands of 5 (see copies.py): a sharp cut at half the shingles
SEED = 20250511          # fixed: signatures stored by one run are comparable with the next
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The text's words, NFKC-normalised and case-folded; punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    """The text's ``size``-word shingles, each as a 32-bit hash. A text shorter than one
    shingle is one shingle of all its words (so that two such texts still compare)."""
    found = words(text)
    if not found:
        return set()
    if len(found) < size:
        return {zlib.crc32(" ".join(found).encode())}
    return {zlib.crc32(" ".join(found[i:i + size]).encode())
            for i in range(len(found) - size + 1)}


def body_of(text: str, body_start: int, body_end: int) -> str:
    """The body the reader sees as the article; the whole text when no body was found."""
    body = text[body_start:body_end] if body_end > body_start else ""
    return body if body.strip() else text


def jaccard(a: set[int], b: set[int]) -> float:
    """The share of shingles in common: |A ∩ B| / |A ∪ B| (0 for two empty texts)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


SCHEME = "affine32"      # datasketch's 32-bit permutations: shingles are hashed to 32 bits
# numpy and datasketch are imported where signatures are made (in the worker and the CLI), so
# that a web worker, which only compares shingle sets, never loads them.


@functools.cache
def _template():
    from datasketch import MinHash
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)   # permutations drawn once


def _same(value):
    return value


def signature(hashes: set[int]) -> bytes:
    """The MinHash signature of a shingle set, as NUM_PERM unsigned 32-bit values."""
    import numpy as np
    from datasketch import MinHash
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_same,
                permutations=_template().permutations)
    if hashes:
        m.update_batch(np.fromiter(hashes, dtype=np.uint32, count=len(hashes)))
    return m.hashvalues.astype("<u4").tobytes()


def as_minhash(data: bytes):
    """A stored signature back as a MinHash (``LeanMinHash``) that the LSH index takes."""
    import numpy as np
    from datasketch import LeanMinHash
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(data, dtype="<u4"), scheme=SCHEME)
