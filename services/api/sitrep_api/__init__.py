"""Sitrep read API: incidents, articles and stats out of Redis, plus the dashboard and metrics."""
