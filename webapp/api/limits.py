"""The API's size limit on a request body, read by the body reader (which enforces it) and by the
error answers (which name it)."""
from flask import current_app

DEFAULT_MAX_BODY = 1024 * 1024     # one annotation is a few kilobytes


def max_body_bytes() -> int:
    return current_app.config.get("API_MAX_BODY_BYTES", DEFAULT_MAX_BODY)
