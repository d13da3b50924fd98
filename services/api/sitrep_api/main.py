"""Entry point of the API service: settings, logging, HTTP server."""

from __future__ import annotations

import uvicorn
from sitrep_common import logs
from sitrep_common.settings import ApiSettings, KafkaSettings, RedisSettings, SecuritySettings

from sitrep_api.app import create_app


def main() -> None:
    logs.configure("api")
    settings = ApiSettings()
    kafka = KafkaSettings()
    # The broker has a default address; /ready checks it only when one was configured explicitly.
    configured = kafka if "bootstrap" in kafka.model_fields_set else None
    app = create_app(settings, RedisSettings(), SecuritySettings(), kafka=configured)
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
