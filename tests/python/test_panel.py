"""The panel as an economist loads it: one row per cell, pivoted with polars."""
import json
import os
import pathlib

import pandas as pd
import polars as pl

OUT = pathlib.Path(os.environ.get("ZHIBIAO_OUTPUT", "output"))
KEY = ["region", "period_year", "period", "indicator_code", "kind", "status"]


def test_one_row_per_cell_and_each_names_a_record():
    p = pl.read_parquet(OUT / "panel.parquet")
    assert p.height > 20
    assert p.select(KEY).is_duplicated().sum() == 0
    assert p["conflict"].dtype == pl.Boolean and p["estimate"].dtype == pl.Boolean
    assert p["n_records"].dtype == pl.Int64 and p["n_records"].min() >= 1
    ind = pl.read_parquet(OUT / "indicators.parquet")
    chosen = p.join(ind, on="record_id", how="left", suffix="_rec")
    assert chosen["doc_id_rec"].null_count() == 0
    assert (chosen["value"] == chosen["value_rec"]).all()
    assert (chosen["region"] == chosen["region_rec"]).all()
    assert (chosen["indicator_code"] == chosen["indicator_code_rec"]).all()


def test_polars_pivot_gives_zhengzhou_actual_2023_and_target_2024():
    p = pl.read_parquet(OUT / "panel.parquet").filter(pl.col("period").is_null())
    wide = (
        p.with_columns(col=pl.format("{} {}", "period_year", "status"))
        .pivot(on="col", index=["region", "indicator_code", "kind"], values="value")
    )
    row = wide.filter(
        (pl.col("region") == "郑州市") & (pl.col("indicator_code") == "gdp") & (pl.col("kind") == "change")
    )
    assert row.height == 1
    assert row["2023 actual"][0] == 7.4
    assert row["2024 target"][0] == 7.0


def test_csv_equals_parquet_and_the_datapackage_states_the_choice_rule():
    p = pl.read_parquet(OUT / "panel.parquet")
    c = pd.read_csv(OUT / "panel.csv", keep_default_na=False, na_values=[""])
    assert list(c.columns) == p.columns
    assert list(c["record_id"]) == p["record_id"].to_list()
    assert c["conflict"].dtype == bool
    dp = json.loads((OUT / "datapackage.json").read_text(encoding="utf-8"))
    panel = next(r for r in dp["resources"] if r["name"] == "panel")
    assert "headline" in panel["description"] and "estimate" in panel["description"]
    assert [f["name"] for f in panel["schema"]["fields"]] == p.columns
