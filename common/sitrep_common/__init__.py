"""Shared contracts of Sitrep: message and API models, topics, settings, Kafka and Redis helpers."""
