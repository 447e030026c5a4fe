//! `zhibiao merge PART_DIR... --output DIR`: the partial datasets of
//! `zhibiao run --shard K/N` joined into the dataset of the whole corpus.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use super::exit;
use super::run::print_summary;
use crate::config::load_config;
use crate::pipeline::Assembly;
use crate::shard;
use crate::stages::export::{self, RunInfo};

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The part folders, one per shard (any order).
    #[arg(value_name = "PART_DIR", required = true)]
    pub parts: Vec<PathBuf>,
    /// Output folder of the merged dataset.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// The configuration the parts were made with (its hash must match theirs).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No summary; errors only.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Merges the parts and writes the dataset; returns the exit code.
pub fn merge(args: &MergeArgs) -> Result<u8> {
    let started = Instant::now();
    let pipeline = load_config(args.config.as_deref(), &[], Some(&args.output))?;
    let merged = shard::merge(&pipeline, &args.parts)?;
    let dest = pipeline.output_dir();
    let writer = export::Writer::create(&dest, &pipeline.raw.export, &pipeline.config_hash)?;
    let bytes = merged
        .results
        .iter()
        .filter_map(|r| r.row.bytes)
        .sum::<i64>();
    let mut assembly = Assembly::new(&pipeline, writer, bytes.max(0) as u64)?;
    assembly.add_all(merged.results)?;
    let (writer, out) = assembly.finish()?;
    let info = RunInfo {
        input_roots: &merged.input_roots,
        manifest_extra: serde_json::Map::new(),
        extra_files: Vec::new(),
    };
    writer.finish(&out, &info)?;
    if !args.quiet {
        println!("merged {} parts", args.parts.len());
        print_summary(&out, &dest, started.elapsed().as_secs_f64());
    }
    Ok(if out.failed() > 0 {
        exit::DOCUMENTS_FAILED
    } else {
        exit::OK
    })
}
