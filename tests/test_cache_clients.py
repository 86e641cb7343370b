"""The cache's Redis client is built once per connection pool, not for every operation (issue #17:
Django's RedisCache built a redis.Redis, with its ~170 reply handlers, for each get, incr and set)."""

import pytest
import redis
from django.conf import settings

from config.cache import ResilientRedisCache


@pytest.fixture
def real_cache():
    cache = ResilientRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-cache-clients"})
    yield cache
    cache.delete_many(["seats", "page"])


def test_one_redis_client_serves_every_operation_of_a_cache(real_cache, monkeypatch):
    built = []
    real_init = redis.Redis.__init__
    monkeypatch.setattr(
        redis.Redis,
        "__init__",
        lambda client, *args, **kwargs: (built.append(client), real_init(client, *args, **kwargs))[1],
    )

    real_cache.add("seats", 1, timeout=None)
    real_cache.incr("seats")
    real_cache.set("page", {"html": "ที่นั่งเหลือ 3"}, 60)

    assert real_cache.get("seats") == 2
    assert real_cache.get_many(["page"]) == {"page": {"html": "ที่นั่งเหลือ 3"}}
    assert len(built) == 1, "one client for the pool, reused"
