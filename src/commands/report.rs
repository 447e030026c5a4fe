//! `zhibiao report DIR`: the static provenance report of a published
//! dataset ([`crate::report`]): every record in its source, offline.

use std::path::PathBuf;

use anyhow::Result;

use super::exit;
use crate::config::load_config;
use crate::pipeline::reread;
use crate::report::{write_report, Text};

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The dataset folder (holding manifest.json and the Parquet tables).
    #[arg(default_value = "output")]
    pub dir: PathBuf,
    /// Where to write the site (default: DIR/report). An existing folder is
    /// replaced only when it is a report.
    #[arg(long, short = 'o', value_name = "REPORT_DIR")]
    pub output: Option<PathBuf>,
    /// Configuration whose [clean] settings tell which raw characters clean
    /// dropped (default: ./pipeline.toml when present).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No summary line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Writes the report; returns the exit code.
pub fn report(args: &ReportArgs) -> Result<u8> {
    // As for `validate`: the configuration's input paths do not matter here,
    // so point them at the dataset folder, which exists.
    let pipeline = load_config(
        args.config.as_deref(),
        std::slice::from_ref(&args.dir),
        None,
    )?;
    let dest = args
        .output
        .clone()
        .unwrap_or_else(|| args.dir.join("report"));
    let again = |bytes: &[u8]| reread(bytes, &pipeline).map(|(chars, dim)| Text { chars, dim });
    let w = write_report(&args.dir, &dest, &again, &pipeline.config_hash)?;
    if !args.quiet {
        println!("{}", summary_line(&w, &dest));
    }
    Ok(exit::OK)
}

/// One line: pages, marks and size of a written report.
pub fn summary_line(w: &crate::report::Written, dest: &std::path::Path) -> String {
    format!(
        "report {}: {} document pages, {} records marked{}, {} skipped numerals, {:.1} MB; open {}",
        dest.display(),
        w.pages,
        w.marked,
        if w.unmarked > 0 {
            format!(" ({} could not be)", w.unmarked)
        } else {
            String::new()
        },
        w.skipped,
        w.bytes as f64 / 1e6,
        dest.join("index.html").display()
    )
}
