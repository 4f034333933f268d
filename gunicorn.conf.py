"""gunicorn reads this file by itself when started from the checkout (``make run``, ``make serve``
and the README's command do): it says where Claimtrail is, once, when the first web worker has
loaded the app and serves requests (not before, and not again when a worker is replaced)."""


def post_worker_init(worker) -> None:
    if worker.age == 1:   # the first worker this gunicorn started
        print(f"Claimtrail is at {worker.sockets[0]}/  (Ctrl+C stops it)", flush=True)
