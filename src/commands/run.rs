//! `zhibiao run`: the pipeline over the configured corpus, with a progress
//! bar on a terminal, the failed documents on stderr and a summary at the end.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use super::exit;
use super::report::summary_line;
use crate::cache::{self, Cache, CacheStats};
use crate::config::load_config;
use crate::dataset::rows::DocumentRow;
use crate::dataset::{Summary, FAILURES_KEPT};
use crate::input;
use crate::pipeline::{self, Assembly};
use crate::report::{write_report, Text};
use crate::rules::quality::Severity;
use crate::shard::{self, Shard};
use crate::stages::export::{self, RunInfo};

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Configuration file. Without it, ./pipeline.toml when present, else the built-in defaults.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Input files or folders, instead of the configuration's [input] paths.
    #[arg(long, short = 'i', value_name = "PATH", num_args = 1..)]
    pub input: Vec<PathBuf>,
    /// Output folder, instead of the configuration's [output] dir.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// No progress bar and no summary; errors only.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Process only shard K of N (0 <= K < N; a document's shard is the first
    /// 8 bytes of SHA-256 of its id mod N) and write a partial dataset for `zhibiao merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Keep each document's results in DIR and reuse them for unchanged documents.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

/// Runs the pipeline and writes the dataset; returns the exit code.
pub fn run(args: &RunArgs) -> Result<u8> {
    let started = Instant::now();
    let pipeline = load_config(args.config.as_deref(), &args.input, args.output.as_deref())?;
    let inputs = input::discover(&pipeline.input_paths(), &pipeline.raw.input.extensions);
    if inputs.is_empty() {
        anyhow::bail!("no input files under {:?}", pipeline.input_paths());
    }
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let bar = show_bar.then(|| {
        let b = indicatif::ProgressBar::new(inputs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} documents {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let report = |_: &DocumentRow| {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let dest = pipeline.output_dir();
    // The list of inputs is kept once (a run of 19,000 files holds 5 MB of it).
    let n_inputs = inputs.len();
    let (positions, chosen) = match args.shard {
        Some(s) => {
            let selected = shard::select(&inputs, s);
            drop(inputs);
            selected
        }
        None => ((0..n_inputs).collect(), inputs),
    };
    let cache = match &args.cache {
        Some(dir) => Some(Cache::open(dir, &pipeline.config_hash)?),
        None => None,
    };
    let writer = export::Writer::create(&dest, &pipeline.raw.export, &pipeline.config_hash)?;
    let mut assembly = Assembly::new(&pipeline, writer, input::total_bytes(&chosen))?;
    let mut stats = CacheStats::default();
    let mut part = Vec::new();
    pipeline::feed(&mut assembly, &chosen, |first, documents| {
        let (results, s) = cache::process_all(&pipeline, documents, cache.as_ref(), &report);
        stats.add(s);
        if args.shard.is_some() {
            let at = &positions[first..first + documents.len()];
            part.extend(shard::part_file(at, &results, &dest)?);
        }
        Ok(results)
    })?;
    let (writer, out) = assembly.finish()?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    report_failures(&out);
    let mut manifest_extra = serde_json::Map::new();
    let mut extra_files = Vec::new();
    if let Some(s) = args.shard {
        manifest_extra.insert("shard".into(), shard::manifest_member(s, n_inputs));
        extra_files.push((crate::dataset::read::PART_FILE.to_string(), part));
    }
    if cache.is_some() {
        manifest_extra.insert("cache".into(), stats.to_json());
    }
    let input_roots = pipeline.input_paths();
    let info = RunInfo {
        input_roots: &input_roots,
        manifest_extra,
        extra_files,
    };
    writer.finish(&out, &info)?;
    let report = if pipeline.raw.export.report {
        let again = |bytes: &[u8]| {
            pipeline::reread(bytes, &pipeline).map(|(chars, dim)| Text { chars, dim })
        };
        let dir = dest.join("report");
        Some((
            write_report(&dest, &dir, &again, &pipeline.config_hash)?,
            dir,
        ))
    } else {
        None
    };
    if !args.quiet {
        if let Some(s) = args.shard {
            println!(
                "shard {s}: {} of {} documents",
                out.counts.documents.total, n_inputs
            );
        }
        if cache.is_some() {
            print_cache(stats);
        }
        print_summary(&out, &dest, started.elapsed().as_secs_f64());
        if let Some((w, dir)) = report {
            println!("{}", summary_line(&w, &dir));
        }
    }
    Ok(if out.failed() > 0 {
        exit::DOCUMENTS_FAILED
    } else {
        0
    })
}

/// One stderr line per failed document, in document order, at most
/// [`FAILURES_KEPT`], then how many more there are: an archive of a
/// thousand bad files must not bury the summary.
fn report_failures(out: &Summary) {
    for line in failure_lines(&out.failures, out.failed()) {
        eprintln!("{line}");
    }
}

/// The lines for the first `failures` of `failed` in all.
fn failure_lines(failures: &[DocumentRow], failed: usize) -> Vec<String> {
    let mut lines: Vec<String> = failures
        .iter()
        .take(FAILURES_KEPT)
        .map(|d| {
            format!(
                "zhibiao: error: {}: {}",
                d.path.display(),
                d.message.as_deref().unwrap_or("")
            )
        })
        .collect();
    if failed > lines.len() {
        lines.push(format!(
            "zhibiao: … and {} more (see documents table)",
            failed - lines.len()
        ));
    }
    lines
}

fn print_cache(c: CacheStats) {
    println!(
        "cache: {} documents from the cache, {} processed, {} damaged entries recomputed",
        c.hits, c.processed, c.corrupt
    );
}

/// The lines a run or a merge prints at its end.
pub fn print_summary(out: &Summary, dest: &Path, secs: f64) {
    let c = &out.counts;
    let d = &c.documents;
    println!(
        "documents {} (ok {}, failed {}, skipped {})",
        d.total, d.ok, d.failed, d.skipped
    );
    println!(
        "indicators {}: level {}, change {}, ratio {}, rank {}; actual {}, target {}",
        c.indicators,
        c.kind("level"),
        c.kind("change"),
        c.kind("ratio"),
        c.kind("rank"),
        c.status("actual"),
        c.status("target"),
    );
    let errors = out.findings.count(Severity::Error);
    println!(
        "findings {} (errors {}, warnings {}); rejected {}; skipped numerals {}",
        out.findings.len(),
        errors,
        out.findings.len() - errors,
        c.rejected,
        c.skipped
    );
    println!("wrote {} in {secs:.2}s", dest.display());
}
