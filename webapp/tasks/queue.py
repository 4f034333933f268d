"""The Huey queue and the job task. Importing this module registers every job handler and
task (``_registry``), so the worker — or, in immediate mode, the process itself — knows them."""
from . import HANDLERS, app_context, make_huey

huey = make_huey()


@huey.task()
def run_job(job_id: int) -> None:
    from ..services import jobs
    with app_context():
        jobs.run(job_id, HANDLERS)


from . import _registry  # noqa: E402,F401  (after ``huey``: task modules use it)
