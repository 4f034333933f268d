"""gunicorn reads this file by itself when started from the checkout (``make run``, ``make serve``
and the README's command do): it says where Claimtrail is, once, when the first web worker has
loaded the app and serves requests (not before, and not again when a worker is replaced).

Each worker, once the app is loaded, moves what it holds then (the app, its modules, templates)
out of the garbage collector's sight (``gc.freeze``): a full collection during a request then
walks only what requests made, not the whole process — a reading page of thousands of
suggestions otherwise pays for the collector walking everything loaded at start."""
import gc


def post_worker_init(worker) -> None:
    gc.collect()
    gc.freeze()
    if worker.age == 1:   # the first worker this gunicorn started
        print(f"Claimtrail is at {worker.sockets[0]}/  (Ctrl+C stops it)", flush=True)
