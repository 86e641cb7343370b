"""The Redis cache, made to step aside while Redis is down.

Django's RedisCache raises when Redis cannot be reached, so a Redis outage would turn every cached
page, every login (allauth's rate limits live in the cache) and every sign-up (which refreshes the
page cache) into an error page. Here each cache operation that cannot reach Redis is logged and
answered as a miss: the site runs uncached, and without rate limits, until Redis is back."""

import contextlib
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _skipped_while_redis_is_down(operation):
    try:
        yield
    except (RedisConnectionError, RedisTimeoutError) as error:
        logger.warning("Cache unavailable, %s skipped: %s", operation, error)


class OneClientPerPool(RedisCacheClient):
    """Django builds a new redis.Redis for every cache operation, and redis-py sets up some 170 reply
    handlers in each: a sign-up paid for two of them. One per connection pool is enough; a client over
    a pool is safe to share between threads."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if id(pool) not in clients:
            clients[id(pool)] = self._client(connection_pool=pool)
        return clients[id(pool)]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool

    def add(self, key, value, timeout=None, version=None):
        with _skipped_while_redis_is_down("add"):
            return super().add(key, value, timeout, version)
        # As if added: allauth takes its rate-limit lock with add() and refuses the login when it fails.
        return True

    def get(self, key, default=None, version=None):
        with _skipped_while_redis_is_down("get"):
            return super().get(key, default, version)
        return default

    def strict_get(self, key, default=None, version=None):
        """get() that raises while Redis is down: the health check must tell a miss from an outage."""
        return super().get(key, default, version)

    def set(self, key, value, timeout=None, version=None):
        with _skipped_while_redis_is_down("set"):
            super().set(key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        with _skipped_while_redis_is_down("touch"):
            return super().touch(key, timeout, version)
        return False

    def delete(self, key, version=None):
        with _skipped_while_redis_is_down("delete"):
            return super().delete(key, version)
        return False

    def get_many(self, keys, version=None):
        with _skipped_while_redis_is_down("get_many"):
            return super().get_many(keys, version)
        return {}

    def has_key(self, key, version=None):
        with _skipped_while_redis_is_down("has_key"):
            return super().has_key(key, version)
        return False

    def incr(self, key, delta=1, version=None):
        with _skipped_while_redis_is_down("incr"):
            return super().incr(key, delta, version)
        raise ValueError(f"Key '{key}' cannot be read while the cache is unavailable.")

    def set_many(self, data, timeout=None, version=None):
        with _skipped_while_redis_is_down("set_many"):
            return super().set_many(data, timeout, version)
        return list(data)

    def delete_many(self, keys, version=None):
        with _skipped_while_redis_is_down("delete_many"):
            super().delete_many(keys, version)

    def clear(self):
        with _skipped_while_redis_is_down("clear"):
            return super().clear()
        return False
