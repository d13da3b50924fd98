import redis
from sitrep_common import redis_keys as k
from sitrep_common.pipeline_status import PipelineStatus


def test_lag_and_dead_letters_are_recorded_per_service(redis_client: redis.Redis) -> None:
    extract, dedupe = PipelineStatus(redis_client, "extract"), PipelineStatus(redis_client, "dedupe")
    extract.lag(12)
    extract.lag(3)  # the latest reading wins
    dedupe.dead_letters(2)
    extract.dead_letters(1)
    assert redis_client.hget(k.CONSUMER_LAG, "extract") == b"3"
    assert redis_client.hgetall(k.DEAD_LETTERS_BY_SERVICE) == {b"dedupe": b"2", b"extract": b"1"}
    assert redis_client.get(k.counter("dead_letters")) == b"3"


def test_a_redis_outage_is_logged_not_raised() -> None:
    # Reporting must never stop processing: nothing listens on port 9.
    PipelineStatus(redis.Redis(port=9, socket_connect_timeout=0.2), "extract").lag(1)
