"""Starting an import job: the format decided, the file checked before it is queued."""
from flask import current_app

from ..models import Job, User
from ..services import jobs as job_service
from ..services.articles import safe_filename
from .encodings import BY_KEY
from .formats import CLAIMS, Opened, detect, open_input
from .readers import FormatError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024      # IMPORT_MAX_BYTES: the bulk import's upload limit


def max_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def start(project_id: int, user: User, filename: str, data: bytes, chosen_format: str = "",
          encoding: str = "") -> Job:
    """A queued import job; ``FormatError`` if the file is refused as a whole. The caller
    commits, then ``tasks.enqueue(job)``."""
    return start_opened(project_id, user, filename, data, chosen_format, encoding)[0]


def start_opened(project_id: int, user: User, filename: str, data: bytes,
                 chosen_format: str = "", encoding: str = "") -> tuple[Job, Opened]:
    """``start``, and the file as read to check it: the command line imports it at once rather
    than decode it a second time."""
    from .runner import zip_limits
    fmt = detect(filename, chosen_format)
    if len(data) > max_bytes():
        raise FormatError(f"The file has {len(data):,} bytes; at most {max_bytes():,} are accepted.")
    if not data:
        raise FormatError("The file is empty.")
    if encoding and encoding not in BY_KEY:
        raise FormatError(f"{encoding[:40]!r} is not an encoding offered here.")
    opened = open_input(fmt, data, zip_limits(), encoding)   # refused now, not in the background
    what = "annotations" if fmt == "annotations" else "claims" if opened.fmt in CLAIMS else "articles"
    shown = safe_filename(filename) if filename else "a file"
    job = job_service.create_job(project_id, user, "import", f"Import {what} from {shown}",
                                 params={"format": fmt, "encoding": encoding}, input_data=data,
                                 input_name=filename or f"import.{fmt}")
    return job, opened
