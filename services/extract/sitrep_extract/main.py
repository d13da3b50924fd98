"""Entry point of the extract service: loads the NLP model once, then consumes."""

from __future__ import annotations

import logging
from collections.abc import Callable

import redis
from sitrep_common import logs, redis_keys
from sitrep_common.pipeline_status import PipelineStatus
from sitrep_common.redis_client import connect
from sitrep_common.settings import ExtractSettings, KafkaSettings, RedisSettings
from sitrep_common.topics import ARTICLES
from sitrep_common.worker import run_worker

from sitrep_extract.extractor import Extractor
from sitrep_extract.worker import ExtractBatch

log = logging.getLogger(__name__)


def main() -> None:
    logs.configure("extract")
    settings = ExtractSettings()
    extractor = Extractor.load(settings.spacy_model)
    counters = connect(RedisSettings())

    def counter(name: str) -> Callable[[int], None]:
        def count(n: int) -> None:
            # The pipeline panel's figure; losing one increment must never stop extraction.
            try:
                counters.incrby(redis_keys.counter(name), n)
            except redis.RedisError as exc:
                log.warning("counter not updated", extra={"counter": name, "error": str(exc)})
        return count

    run_worker(service="extract", group=settings.group, topic=ARTICLES,
               handler=ExtractBatch(lambda arts: extractor.extract_many(list(arts)), counter("events_extracted"),
                                    counter("articles_skipped_language")),
               kafka=KafkaSettings().model_copy(update={"poll_linger_ms": settings.batch_linger_ms}),
               status=PipelineStatus(counters, "extract"))


if __name__ == "__main__":
    main()
