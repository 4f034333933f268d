"""The worker's handler for bulk imports (``webapp.imports.runner`` does the work)."""
from . import handler


@handler("import")
def run_import(job) -> None:
    from ..imports import runner
    runner.run(job)
