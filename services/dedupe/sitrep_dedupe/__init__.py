"""Dedupe: merge events that report the same real-world incident into one incident."""
