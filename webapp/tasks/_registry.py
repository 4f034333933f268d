"""Imports every module that registers a job handler or a task, so that the worker knows them all."""
from . import exports  # noqa: F401  (issue 4: XLSX export)
from . import imports  # noqa: F401,E402  (bulk import)
from . import fetches  # noqa: F401,E402  (import by URL)
from . import dashboards  # noqa: F401,E402  (issue 5: dashboard recounts)
from . import copies  # noqa: F401,E402  (issue 11: copies are found)
from . import watching  # noqa: F401,E402  (issue 12: watched pages fetched again)
from . import suggestions  # noqa: F401,E402  (issue 13: suggestions made, and made again)
