//! The command line: `zhibiao run`, `zhibiao explain`, `zhibiao validate`.
//! Exit codes: 0 success; 1 validation errors (`validate`); 2 a fatal error
//! (bad configuration, unusable input or output); 3 the run finished but
//! some documents failed.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{Pipeline, RawConfig};
use crate::pipeline::{self, DocumentRow, RunOutput};

/// Exit code: the run finished but at least one document could not be processed.
pub const EXIT_DOCUMENTS_FAILED: u8 = 3;
/// Exit code: nothing could be done (configuration, input or output unusable).
pub const EXIT_FATAL: u8 = 2;
/// Exit code of `validate`: the dataset has findings of severity error.
pub const EXIT_INVALID: u8 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "zhibiao",
    version,
    about = "Numeric indicators with exact provenance from Chinese economic and policy text",
    long_about = "zhibiao (指标) turns a folder of Chinese news articles and government work reports into a \
dataset of numeric indicators (Parquet and CSV) where every record points back to the exact characters \
of its source.\n\nExit codes: 0 success; 1 validation errors (validate); 2 fatal error; 3 some documents failed (run)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run clean → segment → extract → validate → export on the configured corpus.
    Run(RunArgs),
    /// Show a record, its sentence with the number marked, and the cue behind each field.
    Explain(ExplainArgs),
    /// Check an exported dataset: schema, provenance, CSV = Parquet, keys, data-quality rules.
    Validate(ValidateArgs),
}

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
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The record_id to explain (from indicators.csv).
    pub record_id: String,
    /// The dataset folder to look in.
    #[arg(long, short = 'd', value_name = "DIR", default_value = "output")]
    pub dataset: PathBuf,
}

/// Output format of `validate`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The dataset folder (holding manifest.json and the tables).
    #[arg(default_value = "output")]
    pub dir: PathBuf,
    /// Configuration whose [validate] rules to apply (default: ./pipeline.toml when present).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report format on stdout.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run_command(&args),
        Command::Explain(args) => {
            crate::explain::explain_command(&args.record_id, &args.dataset).map(|_| 0)
        }
        Command::Validate(args) => crate::explain::validate_command(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("zhibiao: error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

/// Loads the configuration named on the command line, or the default one.
pub fn load_config(
    config: Option<&Path>,
    input: &[PathBuf],
    output: Option<&Path>,
) -> Result<Pipeline> {
    let (mut raw, base, file) = match config {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                anyhow::anyhow!("{}: cannot read the configuration: {e}", p.display())
            })?;
            let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
            (
                RawConfig::parse(&text, &p.display().to_string())?,
                base,
                p.display().to_string(),
            )
        }
        None if Path::new("pipeline.toml").exists() => {
            let text = std::fs::read_to_string("pipeline.toml")?;
            (
                RawConfig::parse(&text, "pipeline.toml")?,
                PathBuf::new(),
                "pipeline.toml".to_string(),
            )
        }
        None => (
            RawConfig::default(),
            PathBuf::new(),
            "<defaults>".to_string(),
        ),
    };
    let cwd = std::env::current_dir()?;
    if !input.is_empty() {
        raw.input.paths = input.iter().map(|p| cwd.join(p)).collect();
    }
    if let Some(o) = output {
        raw.output.dir = cwd.join(o);
    }
    Ok(Pipeline::from_raw(raw, base, &file)?)
}

fn run_command(args: &RunArgs) -> Result<u8> {
    let started = Instant::now();
    let pipeline = load_config(args.config.as_deref(), &args.input, args.output.as_deref())?;
    let inputs = pipeline::discover(&pipeline.input_paths(), &pipeline.raw.input.extensions);
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
    let report = |row: &DocumentRow| {
        if row.status == "error" {
            let msg = format!(
                "zhibiao: error: {}: {}",
                row.path.display(),
                row.message.as_deref().unwrap_or("")
            );
            match &bar {
                Some(b) => b.println(msg),
                None => eprintln!("{msg}"),
            }
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let out = pipeline::run(&pipeline, &inputs, &report);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let dest = pipeline.output_dir();
    crate::export::write_dataset(&out, &pipeline, &dest)?;
    if !args.quiet {
        print_summary(&out, &dest, started.elapsed().as_secs_f64());
    }
    Ok(if out.failed() > 0 {
        EXIT_DOCUMENTS_FAILED
    } else {
        0
    })
}

fn print_summary(out: &RunOutput, dest: &Path, secs: f64) {
    let n = |f: &dyn Fn(&crate::extract::Record) -> bool| {
        out.indicators.iter().filter(|r| f(r)).count()
    };
    println!(
        "documents {} (ok {}, failed {}, skipped {})",
        out.documents.len(),
        out.documents.iter().filter(|d| d.status == "ok").count(),
        out.failed(),
        out.documents
            .iter()
            .filter(|d| d.status == "skipped")
            .count()
    );
    println!(
        "indicators {}: level {}, change {}, ratio {}, rank {}; actual {}, target {}",
        out.indicators.len(),
        n(&|r| r.kind == "level"),
        n(&|r| r.kind == "change"),
        n(&|r| r.kind == "ratio"),
        n(&|r| r.kind == "rank"),
        n(&|r| r.status == "actual"),
        n(&|r| r.status == "target"),
    );
    let errors = out
        .findings
        .iter()
        .filter(|f| f.severity == crate::config::Severity::Error)
        .count();
    println!(
        "findings {} (errors {}, warnings {}); rejected {}; skipped numerals {}",
        out.findings.len(),
        errors,
        out.findings.len() - errors,
        out.rejected.len(),
        out.skipped.len()
    );
    println!("wrote {} in {secs:.2}s", dest.display());
}
