//! `zhibiao panel DIR`: the region × year panel of a published dataset,
//! computed again from its `indicators` and `documents` tables (so it works
//! on any dataset, and is the `panel` table the run wrote), printed as a
//! compact pivot for a terminal — rows region × code × kind, columns
//! year/status — or as CSV.

use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;

use super::exit;
use crate::dataset::panel::{build, pivot, Pivot};
use crate::dataset::read::read_parquet;

/// Output format of `panel`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned columns, with a legend.
    Text,
    /// The same pivot as CSV (UTF-8, a header line).
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct PanelArgs {
    /// The dataset folder (holding indicators.parquet and documents.parquet).
    #[arg(default_value = "output")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Only these canonical codes (comma-separated: gdp,cpi).
    #[arg(long, value_delimiter = ',', value_name = "CODE")]
    pub code: Vec<String>,
    /// Only these regions (comma-separated: 四川省,郑州市).
    #[arg(long, value_delimiter = ',', value_name = "REGION")]
    pub region: Vec<String>,
}

/// Prints the panel; returns the exit code.
pub fn panel(args: &PanelArgs) -> Result<u8> {
    let indicators = read_parquet(&args.dir, "indicators")?;
    let documents = read_parquet(&args.dir, "documents")?;
    let rows: Vec<_> = build(&indicators, &documents)?
        .into_iter()
        .filter(|r| args.code.is_empty() || args.code.contains(&r.indicator_code))
        .filter(|r| args.region.is_empty() || args.region.contains(&r.region))
        .collect();
    let p = pivot(&rows);
    match args.format {
        Format::Csv => print!("{}", to_csv(&p)),
        Format::Text => {
            print!("{}", to_text(&p));
            println!(
                "{} cells; ~ approx (左右), >= at least (以上), <= at most (以内), a-b range, ? estimate (预计), ! records disagree (see panel.csv conflict_record_ids)",
                rows.len()
            );
        }
    }
    Ok(exit::OK)
}

/// The pivot as CSV: fields with a comma, quote or line break are quoted.
pub fn to_csv(p: &Pivot) -> String {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
            + "\n"
    };
    std::iter::once(line(&p.header))
        .chain(p.rows.iter().map(|r| line(r)))
        .collect()
}

/// The pivot as aligned text (a CJK character is two columns wide).
pub fn to_text(p: &Pivot) -> String {
    let mut widths: Vec<usize> = p.header.iter().map(|h| width(h)).collect();
    for r in &p.rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - width(c))))
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    std::iter::once(line(&p.header))
        .chain(p.rows.iter().map(|r| line(r)))
        .collect()
}

/// Display width: East Asian wide characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}
