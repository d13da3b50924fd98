"""Everything to run Sitrep on one machine without Docker: mock Kafka broker, redis-server, supervisor."""
