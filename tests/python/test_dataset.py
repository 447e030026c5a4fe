"""The dataset as analysts load it: Parquet with pyarrow and polars, CSV with pandas."""
import json
import os
import pathlib

import pandas as pd
import polars as pl
import pyarrow.parquet as pq

from zhibiao_tables import TABLES

OUT = pathlib.Path(os.environ.get("ZHIBIAO_OUTPUT", "output"))


def test_pyarrow_reads_typed_columns_and_metadata():
    t = pq.read_table(OUT / "indicators.parquet")
    schema = t.schema
    assert str(schema.field("value").type) == "double"
    assert str(schema.field("period_year").type) == "int32"
    for c in ["char_start", "char_end", "byte_start", "byte_end"]:
        assert str(schema.field(c).type) == "int64", c
    meta = pq.read_metadata(OUT / "indicators.parquet").metadata
    assert meta[b"zhibiao.schema_version"] == b"2"
    assert t.num_rows > 200


def test_polars_and_pandas_agree_on_every_table():
    for name in TABLES:
        p = pl.read_parquet(OUT / f"{name}.parquet")
        c = pd.read_csv(OUT / f"{name}.csv", encoding="utf-8", keep_default_na=False, na_values=[""])
        assert p.height == len(c), name
        assert p.columns == list(c.columns), name


def test_csv_values_match_parquet():
    p = pl.read_parquet(OUT / "indicators.parquet")
    c = pd.read_csv(OUT / "indicators.csv", encoding="utf-8", keep_default_na=False, na_values=[""])
    assert list(c["record_id"]) == p["record_id"].to_list()
    assert list(c["value_text"]) == p["value_text"].to_list()
    assert c["value"].dtype.kind == "f"
    assert (c["value"].to_numpy() == p["value"].to_numpy()).all()
    assert c["char_start"].dtype.kind == "i"


def test_datapackage_describes_every_column():
    dp = json.loads((OUT / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in dp["resources"]}
    for name in TABLES:
        fields = by_name[name]["schema"]["fields"]
        header = pd.read_csv(OUT / f"{name}.csv", nrows=0).columns.tolist()
        assert [f["name"] for f in fields] == header, name
        assert all(f.get("description") for f in fields), name


def test_documents_all_ok():
    d = pl.read_parquet(OUT / "documents.parquet")
    assert d.height == 5
    assert d["status"].to_list() == ["ok"] * 5


def test_pyarrow_reads_every_table_zstd_with_metadata_and_csv_row_counts():
    """pyarrow is the second Parquet reader: file metadata, compression, rows = CSV rows."""
    for name in TABLES:
        f = pq.ParquetFile(OUT / f"{name}.parquet")
        meta = f.metadata.metadata
        assert meta[b"zhibiao.schema_version"] == b"2", name
        assert meta[b"zhibiao.table"] == name.encode(), name
        assert len(meta[b"zhibiao.config_hash"]) == 16, name
        if f.metadata.num_row_groups:
            assert f.metadata.row_group(0).column(0).compression == "ZSTD", name
        csv_rows = len(pd.read_csv(OUT / f"{name}.csv", keep_default_na=False, na_values=[""]))
        assert f.metadata.num_rows == csv_rows, name
