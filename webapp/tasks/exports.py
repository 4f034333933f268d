"""The XLSX export as a background job: the claims the person who asked may see (their role
when the job runs), with the filters they chose, written into a file they download."""
from datetime import datetime, timezone

from . import handler
from ..extensions import db
from ..exports.filters import count_claims, parse_filters
from ..exports.rows import iter_claim_rows
from ..exports.xlsx_export import MEDIA_TYPE, write_xlsx
from ..models import User
from ..services import jobs
from ..services.figures import fetch_vague_terms
from ..services import projects as project_service


@handler("export")
def run_export(job) -> None:
    user = db.session.get(User, job.created_by_id)
    role = project_service.role_in(job.project_id, user) if user and user.active else None
    if role is None:
        raise jobs.JobFailed("You are no longer a member of this project; nothing was exported.")
    filters, problems = parse_filters(job.params.get("filters", {}))
    if problems:
        raise jobs.JobFailed("The export's filters could not be read: " + "; ".join(problems.values()))
    total = count_claims(job.project_id, user, role, filters)
    jobs.progress(job, 0, total, "Writing the spreadsheet…")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
    path = jobs.new_output(job, f"claimtrail-project-{job.project_id}-{stamp}.xlsx", MEDIA_TYPE)
    db.session.commit()

    def report(done: int) -> None:
        jobs.progress(job, done, max(done, total))
        db.session.commit()

    written = write_xlsx(iter_claim_rows(job.project_id, user, role, filters), path, report,
                         fetch_vague_terms(job.project_id))
    jobs.progress(job, written, written)
    jobs.finish(job, {"summary": {"Claims exported": written}},
                f"{written} claim{'' if written == 1 else 's'} written to {job.output_name}.")
