"""The `sitrep` command line: run the stack on one machine, ingest files, batch-process a corpus."""
