"""Entry point of the ingest service: settings, logging, connections, HTTP server."""

from __future__ import annotations

import uvicorn
from sitrep_common import logs
from sitrep_common.kafka import Publisher
from sitrep_common.redis_client import connect
from sitrep_common.settings import IngestSettings, KafkaSettings, RedisSettings, SecuritySettings

from sitrep_ingest.app import create_app
from sitrep_ingest.copy_store import RedisCopyIndex
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.records import ArticleRecords


def main() -> None:
    logs.configure("ingest")
    settings = IngestSettings()
    kafka = KafkaSettings()
    redis_settings = RedisSettings()
    key = SecuritySettings().api_key

    def make_ingestor() -> Ingestor:
        client = connect(redis_settings)
        # The broker's ack is awaited at most produce_timeout_s (then 503), not the workers' 30 s.
        publisher = Publisher.connect(kafka.model_copy(update={"flush_timeout_s": settings.produce_timeout_s}),
                                      "sitrep-ingest")
        return Ingestor(publisher, ArticleRecords(client), RedisCopyIndex(client, settings.copy_window_days),
                        busy_timeout_s=settings.produce_timeout_s)

    app = create_app(settings, key.get_secret_value() if key else "", make_ingestor)
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
