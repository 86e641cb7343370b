"""Readiness with Redis gone: the health check says the broker is down but stays 200, so a Redis
outage does not take every web machine out of the load balancer (tests/test_healthz.py has the rest)."""

import pytest

from tests.test_healthz import READINESS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_redis_stopped_readiness_stays_200_and_says_the_broker_is_down(client, own_redis):
    """Redis is the broker and the cache here, as in production (the fixture), and it is stopped."""
    assert client.get("/healthz/ready").json()["broker"] == "ok"
    own_redis.stop()

    for path in READINESS:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json() == {
            "status": "degraded",
            "database": "ok",
            "broker": "unreachable",
            "background_tasks": "unknown",
        }, path
    assert client.get("/healthz/live").status_code == 200
