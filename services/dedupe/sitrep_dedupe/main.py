"""Entry point of the dedupe service."""

from __future__ import annotations

from sitrep_common import logs
from sitrep_common.pipeline_status import PipelineStatus
from sitrep_common.redis_client import connect
from sitrep_common.settings import DedupeSettings, KafkaSettings, RedisSettings
from sitrep_common.topics import EVENTS
from sitrep_common.worker import run_worker

from sitrep_dedupe.pairmodel import LearnedMatcher
from sitrep_dedupe.redis_store import RedisStore
from sitrep_dedupe.worker import make_batch_handler


def main() -> None:
    logs.configure("dedupe")
    settings = DedupeSettings()
    client = connect(RedisSettings())
    matcher = LearnedMatcher.load()  # the pair model and its embeddings, once at start-up
    run_worker(service="dedupe", group=settings.group, topic=EVENTS,
               handler=make_batch_handler(RedisStore(client), matcher), kafka=KafkaSettings(),
               status=PipelineStatus(client, "dedupe"))


if __name__ == "__main__":
    main()
