"""The project's setting "Suggest likely claims on import", and a lead's Re-run: every article's
open suggestions made again in the worker (after the project's lists or vague quantities
changed, or when the setting was turned back on)."""
from ..models import Job, Project, User
from ..services import jobs as job_service
from ..services.errors import Invalid
from . import store

RERUN = "suggest"   # the job's kind (its handler: ``webapp.tasks.suggestions``)


def set_enabled(project: Project, enabled: bool) -> dict:
    """Turn suggestions on or off; what changed ``{"suggestions_enabled": [before, after]}``.
    Turned off, the project's open suggestions are deleted (never decided: no figure is lost;
    the accepted and rejected ones stay). Turned on, new articles have them again; the articles
    already there have them after a Re-run."""
    enabled = bool(enabled)
    if project.suggestions_enabled == enabled:
        return {}
    project.suggestions_enabled = enabled
    if not enabled:
        store.withdraw_open(project.id)
    return {"suggestions_enabled": [not enabled, enabled]}


def start_rerun(project: Project, user: User) -> Job:
    """A queued job making every article's open suggestions again; the caller commits, then
    ``tasks.enqueue(job)``. ``Invalid`` while suggestions are off."""
    if not project.suggestions_enabled:
        raise Invalid({"suggestions_enabled": "Suggestions are turned off for this project; "
                                              "turn them on first."})
    return job_service.create_job(project.id, user, RERUN, "Suggest likely claims again")
