"""Ingest: validates and normalises articles from any source and publishes them on articles.v1."""
