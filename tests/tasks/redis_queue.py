"""The app's Huey on a Redis queue named for one test (``CLAIMTRAIL_TEST_QUEUE``), so that
tests running at once never take each other's jobs. Used as ``huey_consumer tests.tasks.redis_queue.huey``."""
import os

from huey.storage import RedisStorage

from webapp.tasks import huey

huey.storage = RedisStorage(os.environ["CLAIMTRAIL_TEST_QUEUE"], url=os.environ["CLAIMTRAIL_REDIS_URL"])
