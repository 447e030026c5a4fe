//! `zhibiao explain RECORD_ID`: a record, its sentence with the number
//! marked, and the rule or cue that decided each field.

use std::path::Path;

use anyhow::{bail, Result};
use polars::prelude::*;

use crate::rules::Rules;

/// Reads one table of a dataset from its Parquet file.
pub fn read_parquet(dir: &Path, table: &str) -> Result<DataFrame> {
    let path = dir.join(format!("{table}.parquet"));
    let file = std::fs::File::open(&path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    ParquetReader::new(file)
        .finish()
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
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
pub fn explain_command(record_id: &str, dataset: &Path) -> Result<()> {
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

/// `zhibiao validate DIR`.
pub fn validate_command(args: &crate::cli::ValidateArgs) -> Result<u8> {
    crate::check::validate_command(args)
}
