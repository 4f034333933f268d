"""JSON Lines export: one JSON object per claim, for scripts."""
from collections.abc import Iterable, Iterator

from .json_stream import chunked, encode


def stream_jsonl(rows: Iterable[dict]) -> Iterator[str]:
    return chunked("", (encode(row) + "\n" for row in rows), "")
