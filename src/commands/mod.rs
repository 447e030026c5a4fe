//! The command line: `zhibiao run`, `zhibiao merge`, `zhibiao explain`,
//! `zhibiao validate`, `zhibiao panel`, `zhibiao report`, `zhibiao
//! prune-cache`, one file each. A command takes its parsed arguments, calls
//! the library, prints, and returns its exit code ([`exit`]); the library
//! does the work.

pub mod exit;
pub mod explain;
pub mod merge;
pub mod panel;
pub mod prune_cache;
pub mod report;
pub mod run;
pub mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Run(run::RunArgs),
    /// Join the partial datasets of `run --shard K/N` into the dataset of the whole corpus.
    Merge(merge::MergeArgs),
    /// Show a record, its sentence with the number marked, and the cue behind each field.
    Explain(explain::ExplainArgs),
    /// Check an exported dataset: schema, provenance, CSV = Parquet, keys, data-quality rules.
    Validate(validate::ValidateArgs),
    /// Print the region × year panel of a dataset's canonical indicators (a pivot, or CSV).
    Panel(panel::PanelArgs),
    /// Write a static HTML report: every record marked in its source text, offline.
    Report(report::ReportArgs),
    /// Remove the entries of a `run --cache` folder that no run has used for some days.
    PruneCache(prune_cache::PruneCacheArgs),
}

/// Runs the command the user asked for; a fatal error is printed and exits 2.
pub fn dispatch(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Explain(args) => explain::explain(&args).map(|_| exit::OK),
        Command::Validate(args) => validate::validate(&args),
        Command::Panel(args) => panel::panel(&args),
        Command::Report(args) => report::report(&args),
        Command::PruneCache(args) => prune_cache::prune_cache(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("zhibiao: error: {e:#}");
            ExitCode::from(exit::FATAL)
        }
    }
}
