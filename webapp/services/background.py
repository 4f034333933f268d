"""Work a service hands to the task queue's worker, by name, without importing the tasks package.

The tasks package imports services (its tasks call them); were services to import tasks, the
two would import each other. So the dependency points one way: ``webapp.tasks`` registers, when
it is loaded (``create_app`` loads it), the function that queues each kind of work
(``register``), and a service asks for the work by name (``hand_over``). The arguments must be
what the queue can store (numbers, strings, dicts of them).
"""
from collections.abc import Callable

# The kinds of work services hand over.
DASHBOARD_RECOUNT = "dashboard recount"   # (project_id, user_id, filter_args): see dashboard_snapshots
COPY_DETECTION = "copy detection"         # (project_id,): see corroboration.copies
SUGGESTIONS = "suggestions"               # (article_ids,) or (project_id, after_id): suggestions.store

_QUEUERS: dict[str, Callable[..., None]] = {}


def register(name: str, queue: Callable[..., None]) -> None:
    """``queue(*args)`` hands work called ``name`` to the worker (the tasks package calls this)."""
    _QUEUERS[name] = queue


def hand_over(name: str, *args) -> None:
    """Queue the work called ``name`` with these arguments for the worker."""
    try:
        queue = _QUEUERS[name]
    except KeyError:
        raise RuntimeError(f"Nothing queues {name!r}: webapp.tasks is not loaded.") from None
    queue(*args)
