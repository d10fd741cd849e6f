"""One reader module per input format; `briefing.ingest` picks one by file suffix."""
