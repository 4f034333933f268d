"""The Huey queue and the job task. In immediate mode (the tests) ``webapp.tasks.enqueue`` also
registers every job handler and task (``_registry``), since the process runs them itself; the
worker gets them through ``webapp.tasks.huey``. A web worker that only hands work over loads
neither the handlers nor what they import (XlsxWriter, httpx, trafilatura…)."""
from . import HANDLERS, app_context, make_huey

huey = make_huey()


@huey.task()
def run_job(job_id: int) -> None:
    from ..services import jobs
    with app_context():
        jobs.run(job_id, HANDLERS)
