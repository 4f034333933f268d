"""JSON Lines export: one JSON object per claim, for scripts."""
import json
from collections.abc import Iterable, Iterator


def stream_jsonl(rows: Iterable[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"
