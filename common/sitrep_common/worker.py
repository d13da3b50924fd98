"""Runs a ConsumeLoop as a service process: signals, heartbeat file, optional metrics port."""

from __future__ import annotations

import logging
import os
import signal
import threading
import types
from pathlib import Path
from typing import TypeVar

from confluent_kafka import Consumer
from prometheus_client import start_http_server
from pydantic import BaseModel

from sitrep_common.kafka import BatchHandler, ConsumeLoop, LoopStats, Publisher, consumer_config
from sitrep_common.pipeline_status import PipelineStatus
from sitrep_common.settings import KafkaSettings
from sitrep_common.topics import Topic

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


def alive_file(service: str) -> Path:
    """Touched on every loop turn; the container healthcheck reads its age."""
    return Path(os.environ.get("SITREP_ALIVE_DIR", "/tmp")) / f"sitrep-{service}.alive"


def run_worker(
    *,
    service: str,
    group: str,
    topic: Topic[M],
    handler: BatchHandler[M],
    kafka: KafkaSettings,
    publisher: Publisher | None = None,
    stop: threading.Event | None = None,
    status: PipelineStatus | None = None,
) -> LoopStats:
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        def _stop(signum: int, _frame: types.FrameType | None) -> None:
            log.info("stopping", extra={"signal": signum})
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
    port = os.environ.get("SITREP_METRICS_PORT")
    if port:
        start_http_server(int(port))
    client_id = f"{service}-{os.getpid()}"
    loop = ConsumeLoop(
        service=service,
        consumer=Consumer(consumer_config(kafka, group, client_id)),
        publisher=publisher or Publisher.connect(kafka, client_id),
        topic=topic,
        handler=handler,
        settings=kafka,
        stop=stop,
        alive_file=alive_file(service),
        on_dead_letter=status.dead_letters if status else None,
        on_lag=status.lag if status else None,
    )
    stats = loop.run()
    log.info("stopped", extra={"consumed": stats.consumed, "dead_letters": stats.dead_letters})
    return stats
