//! `zhibiao explain RECORD_ID`: a record, its sentence with the number
//! marked, and the rule or cue that decided each field.

use std::path::PathBuf;

use anyhow::{bail, Result};
use polars::prelude::*;

use crate::dataset::read::read_parquet;
use crate::rules::Rules;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The record_id to explain (from indicators.csv).
    pub record_id: String,
    /// The dataset folder to look in.
    #[arg(long, short = 'd', value_name = "DIR", default_value = "output")]
    pub dataset: PathBuf,
}

fn cell(df: &DataFrame, col: &str, row: usize) -> String {
    df.column(col)
        .ok()
        .and_then(|c| c.get(row).ok())
        .map(|v| match v {
            AnyValue::Null => "null".to_string(),
            AnyValue::String(s) => s.to_string(),
            AnyValue::StringOwned(s) => s.to_string(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| "null".into())
}

/// Marks `value_text` inside the cleaned `sentence` (which is folded to Simplified and half-width).
pub fn mark(sentence: &str, value_text: &str, rules: &Rules) -> String {
    let folded: String = value_text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => rules.t2s.get(&c).copied().unwrap_or(c),
        })
        .filter(|c| *c != ' ')
        .collect();
    match sentence.find(&folded) {
        Some(i) => format!(
            "{}⟦{}⟧{}",
            &sentence[..i],
            folded,
            &sentence[i + folded.len()..]
        ),
        None => format!("{sentence}  [value_text: {value_text}]"),
    }
}

/// Prints the explanation of one record.
pub fn explain(args: &ExplainArgs) -> Result<()> {
    let (record_id, dataset) = (args.record_id.as_str(), args.dataset.as_path());
    let mut df = read_parquet(dataset, "indicators")?;
    let mut table = "indicators";
    let mut row = find_row(&df, record_id)?;
    if row.is_none() {
        df = read_parquet(dataset, "rejected")?;
        table = "rejected";
        row = find_row(&df, record_id)?;
    }
    let Some(row) = row else {
        bail!("no record {record_id} in {}", dataset.display());
    };
    let rules = Rules::embedded();
    println!("record {record_id} ({table})");
    for col in [
        "source_file",
        "value_text",
        "char_start",
        "char_end",
        "byte_start",
        "byte_end",
        "indicator",
        "indicator_code",
        "indicator_name",
        "kind",
        "value",
        "value_max",
        "unit",
        "value_normalized",
        "unit_normalized",
        "qualifier",
        "status",
        "period_year",
        "period",
        "region",
        "section",
        "rule",
    ] {
        println!("  {col:<17}{}", cell(&df, col, row));
    }
    if table == "rejected" {
        println!("  {:<17}{}", "rejected_by", cell(&df, "rejected_by", row));
    }
    println!(
        "sentence:\n  {}",
        mark(
            &cell(&df, "sentence", row),
            &cell(&df, "value_text", row),
            &rules
        )
    );
    println!("why:");
    for part in cell(&df, "evidence", row).split("; ") {
        println!("  {part}");
    }
    Ok(())
}

fn find_row(df: &DataFrame, record_id: &str) -> Result<Option<usize>> {
    let ids = df.column("record_id")?.str()?.clone();
    let pos = ids.iter().position(|v| v == Some(record_id));
    Ok(pos)
}
