"""`sitrep ingest PATH` against a real ingest server: a bad article costs only itself."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import uvicorn
from sitrep_cli.ingest_files import ingest_path
from sitrep_common.kafka import Publisher
from sitrep_common.settings import IngestSettings, KafkaSettings
from sitrep_ingest.app import create_app
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.records import ArticleRecords

KEY = "k-files"
HTML = Path(__file__).resolve().parents[2] / "data" / "html"


@pytest.fixture
def ingest_url(kafka_bootstrap: str, redis_client: redis.Redis) -> Iterator[str]:
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap), "test-files")
    app = create_app(IngestSettings(), KEY, lambda: Ingestor(publisher, ArticleRecords(redis_client)))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "ingest server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_a_rejected_batch_is_reposted_one_by_one(tmp_path: Path, ingest_url: str, unique: str) -> None:
    rows = [{"id": f"{unique}-{i}", "text": f"Article {i} of {unique}: police said gunmen attacked a post."}
            for i in range(5)]
    rows[2] = {"id": "bad", "text": "too short"}
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = io.StringIO()
    accepted, errors = ingest_path(tmp_path, ingest_url, KEY, out=out)
    assert (accepted, errors) == (4, 1)
    assert f"rejected {tmp_path / 'a.jsonl'}:3: HTTP 422: text has fewer than 5 words" in out.getvalue()
    assert "done in" in out.getvalue() and "1 errors" in out.getvalue()


def test_html_files_are_ingested(ingest_url: str) -> None:
    out = io.StringIO()
    accepted, errors = ingest_path(HTML, ingest_url, KEY, out=out)
    assert accepted == 2 and errors == 1  # the empty index page is reported, not posted
    assert "empty_index.html: no article text" in out.getvalue()
