"""The dashboard's recount: a large project's figures counted again after it changed, in the
worker, while the page shows the figures kept from the last count
(``services.dashboard_snapshots``)."""
from . import app_context
from .queue import huey


@huey.task()
def recount_dashboard(project_id: int, user_id: int, filter_args: dict[str, str]) -> None:
    from ..services import dashboard_snapshots
    with app_context():
        dashboard_snapshots.recount(project_id, user_id, filter_args)
