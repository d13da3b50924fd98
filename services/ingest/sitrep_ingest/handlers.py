"""accept_articles: the one way an article enters the pipeline (HTTP and CLI both call it)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import UTC, datetime

from sitrep_common.errors import MessageTooLarge, TransientError
from sitrep_common.kafka import Publisher
from sitrep_common.metrics import ARTICLES_INGESTED
from sitrep_common.models import Article, ArticleIn, IngestResult
from sitrep_common.topics import ARTICLES

from sitrep_ingest.copies import CopyIndex, Fingerprint, MemoryCopyIndex, fingerprint
from sitrep_ingest.normalise import normalise
from sitrep_ingest.records import ArticleRecords

log = logging.getLogger(__name__)


class Ingestor:
    """Normalise, drop repeats, publish to articles.v1 and wait for Kafka's ack, then record.

    Recording happens after the ack so that an article answered 'accepted' is in Kafka; a crash in
    between only means a repeat post is published again, which downstream handles idempotently.
    With a copy index, each fresh article's `copy_of` is looked up before publishing and the article is
    indexed after the ack, like the records, so no copy points at an article that never reached Kafka.
    """

    def __init__(self, publisher: Publisher, records: ArticleRecords, copies: CopyIndex | None = None,
                 busy_timeout_s: float | None = None) -> None:
        self._publisher = publisher
        self._records = records
        self._copies = copies
        # One flush at a time: flush() reports the delivery errors of everything queued before it.
        self._lock = threading.Lock()
        # While the broker is away each flush waits its whole timeout; requests queued behind it give up
        # after busy_timeout_s (-> 503) instead of piling up for minutes.
        self._busy_timeout_s = -1.0 if busy_timeout_s is None else busy_timeout_s

    def accept(self, raws: Sequence[ArticleIn]) -> list[IngestResult]:
        """Raises RejectedArticle (-> 4xx) for bad input, MessageTooLarge (-> 413) for an article too big for
        the topic, TransientError (-> 503) when Kafka/Redis are down or busy. Nothing is published unless
        every fresh article of the request can be."""
        now = datetime.now(UTC)
        articles = [normalise(raw, now) for raw in raws]
        fresh: dict[str, Article] = {}
        results: list[IngestResult] = []
        known = self._records.seen_many(list(dict.fromkeys(a.article_id for a in articles)))  # one round trip
        for a in articles:
            duplicate = a.article_id in fresh or a.article_id in known
            results.append(IngestResult(article_id=a.article_id, external_id=a.external_id,
                                        status="duplicate" if duplicate else "accepted"))
            if not duplicate:
                fresh[a.article_id] = a
        copies = self._copies
        signatures = self._link_copies(fresh, copies) if copies is not None else {}
        if fresh:
            encoded = {aid: ARTICLES.encode(a) for aid, a in fresh.items()}
            for aid, value in encoded.items():
                if not self._publisher.fits(aid, value):
                    raise MessageTooLarge(f"article {aid} is {len(value)} bytes once encoded, over the "
                                          f"{self._publisher.max_message_bytes}-byte message limit")
            if not self._lock.acquire(timeout=self._busy_timeout_s):
                raise TransientError("ingest is busy waiting for the broker")
            try:
                # Asked again under the lock, recorded before it is released: of concurrent posts of one
                # article (a flood), one is published and the others are answered 'duplicate'.
                repeats = self._records.seen_many(list(encoded))
                for aid, value in encoded.items():
                    if aid not in repeats:
                        self._publisher.publish(ARTICLES.name, aid, value)
                self._publisher.flush()
                for aid in repeats:
                    del fresh[aid]
                    signatures.pop(aid, None)
                self._records.record(list(fresh.values()))
            finally:
                self._lock.release()
            results = [r.model_copy(update={"status": "duplicate"}) if r.article_id in repeats else r
                       for r in results]
            for aid, sig in signatures.items():
                if copies is not None:
                    copies.add(aid, sig, fresh[aid].copy_of)
        for r in results:
            ARTICLES_INGESTED.labels(r.status).inc()
            copy_of = fresh[r.article_id].copy_of if r.status == "accepted" else None
            log.info("article " + r.status,
                     extra={"article_id": r.article_id, "external_id": r.external_id, "copy_of": copy_of})
        return results

    @staticmethod
    def _link_copies(fresh: dict[str, Article], copies: CopyIndex) -> dict[str, Fingerprint]:
        """Sets copy_of on the fresh articles (in place in `fresh`); returns their fingerprints to index.
        Copies within one request are found in a request-local index; the shared one's groups are older,
        so its answer wins."""
        local = MemoryCopyIndex()
        signatures: dict[str, Fingerprint] = {}
        for aid, a in fresh.items():
            sig = fingerprint(a.text)
            if sig is None:
                continue
            root = copies.find(sig) or local.find(sig)
            local.add(aid, sig, root)
            signatures[aid] = sig
            if root:
                fresh[aid] = a.model_copy(update={"copy_of": root})
        return signatures
