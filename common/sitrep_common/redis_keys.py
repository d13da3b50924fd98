"""The Redis key layout, in one place: dedupe and ingest write it, the API reads it.

Dates are stored as day ordinals (date.toordinal()) so that a date window is a ZRANGEBYSCORE.
"""

from __future__ import annotations

PREFIX = "sitrep"

# Incidents
INCIDENTS_BY_DATE = f"{PREFIX}:incidents:by_date"  # zset: live incident id -> date ordinal (0 if unknown)
INCIDENTS_BY_UPDATED = f"{PREFIX}:incidents:by_updated"  # zset: live incident id -> updated_at epoch seconds
INCIDENT_COUNT = f"{PREFIX}:incidents:count"  # int: incidents ever created (merged ones included)


def incident(incident_id: str) -> str:
    """string: Incident JSON (also for merged ones, whose merged_into is set)."""
    return f"{PREFIX}:incident:{incident_id}"


def incident_history(incident_id: str) -> str:
    """list: IncidentChange JSON summaries, oldest first (kind, version, updated_at, event added)."""
    return f"{PREFIX}:incident_history:{incident_id}"


# Every incident change, in commit order: a Redis Stream (XADD in the same transaction as the change),
# fields kind, incident_id, version, merged_into. Its entry ids are the SSE event ids (Last-Event-ID).
CHANGES = f"{PREFIX}:changes"
CHANGES_MAXLEN = 100_000  # approximate cap (XADD MAXLEN ~): resuming further back gets a full reload hint

# Events
EVENT_INCIDENT = f"{PREFIX}:event_incident"  # hash: event_id -> incident_id (presence = processed)


def event(event_id: str) -> str:
    """string: Event JSON as extracted (incident_id resolved through EVENT_INCIDENT)."""
    return f"{PREFIX}:event:{event_id}"


def country_events(country_code: str) -> str:
    """zset: event_id -> date ordinal, the dedupe blocking index of one country."""
    return f"{PREFIX}:country:{country_code}:events"


def country_revision(country_code: str) -> str:
    """int bumped by every dedupe write in a country: the WATCH target of match-or-create."""
    return f"{PREFIX}:country:{country_code}:rev"


# Articles
ARTICLE_ALIAS = f"{PREFIX}:article_alias"  # hash: external id -> article_id
ARTICLES_BY_RECEIVED = f"{PREFIX}:articles:by_received"  # zset: article_id -> received epoch seconds


def article(article_id: str) -> str:
    """string: Article JSON, written by ingest once accepted by Kafka."""
    return f"{PREFIX}:article:{article_id}"


def article_events(article_id: str) -> str:
    """set: event ids extracted from the article (written by dedupe)."""
    return f"{PREFIX}:article_events:{article_id}"


# Pipeline status, for the dashboard's pipeline panel (written by the workers)
CONSUMER_LAG = f"{PREFIX}:consumer_lag"  # hash: service -> messages behind (summed over partitions)
CONSUMER_LAG_AT = f"{PREFIX}:consumer_lag_at"  # hash: service -> epoch seconds of that reading
DEAD_LETTERS_BY_SERVICE = f"{PREFIX}:dead_letters"  # hash: service -> dead letters parked


# Pipeline counters, for the dashboard's pipeline panel
def counter(name: str) -> str:
    return f"{PREFIX}:counter:{name}"


# Wire copies (ingest's shingle-containment index, sitrep_ingest.copy_store)
COPY_SEQ = f"{PREFIX}:copies:seq"  # int: order in which articles were indexed (earliest copy = group root)


def copy_sample(shingle_hash: int) -> str:
    """set: ids of the articles containing this sampled shingle (32-bit hash)."""
    return f"{PREFIX}:copies:sample:{shingle_hash:08x}"


def copy_entry(article_id: str) -> str:
    """hash: sh, o0..o2 (packed shingle hashes of the text and of its opening lines), root (article_id of
    the group's first copy), seq."""
    return f"{PREFIX}:copies:entry:{article_id}"


# Feeds (sitrep_ingest.feed_store)
FEEDS = f"{PREFIX}:feeds"  # set: feed ids (feed_id = digest of the feed URL)


def feed(feed_id: str) -> str:
    """hash: url, every_s, etag, last_modified, last_poll (epoch s), last_status, items_seen, errors."""
    return f"{PREFIX}:feed:{feed_id}"


def feed_items(feed_id: str) -> str:
    """set: guids (or links) of the feed's items already ingested or given up on."""
    return f"{PREFIX}:feed_items:{feed_id}"
