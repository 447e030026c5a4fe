//! `zhibiao prune-cache DIR`: removes the entries of a `run --cache` folder
//! that no run has used for a number of days.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Result};

use super::exit;
use crate::cache;

#[derive(Debug, clap::Args)]
pub struct PruneCacheArgs {
    /// The cache folder (the DIR of `run --cache DIR`).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Remove the entries no run has stored or used for this many days
    /// (0: every entry).
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub unused_days: u64,
    /// No summary; errors only.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Prunes the cache folder; returns the exit code.
pub fn prune_cache(args: &PruneCacheArgs) -> Result<u8> {
    if !args.dir.is_dir() {
        bail!("no cache folder at {}", args.dir.display());
    }
    let unused_for = Duration::from_secs(args.unused_days.saturating_mul(24 * 3600));
    let p = cache::prune(&args.dir, unused_for)?;
    if !args.quiet {
        println!(
            "{}: removed {} entries ({}) unused for {} day{}; kept {} ({})",
            args.dir.display(),
            p.removed,
            megabytes(p.removed_bytes),
            args.unused_days,
            if args.unused_days == 1 { "" } else { "s" },
            p.kept,
            megabytes(p.kept_bytes)
        );
    }
    for e in &p.errors {
        eprintln!("error: {e}");
    }
    // Every file was tried; those that could not be removed make it a failure.
    Ok(if p.errors.is_empty() {
        exit::OK
    } else {
        exit::FATAL
    })
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
