"""The tables every zhibiao dataset holds, each as `<name>.parquet` and `<name>.csv`."""

TABLES = ["indicators", "documents", "findings", "rejected", "skipped", "panel"]
