//! `zhibiao validate DIR`: checks a published dataset on its own (the checks
//! are [`crate::stages::validate::published`]) and prints the findings as text
//! or JSON, with a one-line verdict on stderr.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::ValueEnum;
use serde_json::{json, Value};

use super::exit;
use crate::config::load_config;
use crate::dataset::rows::Finding;
use crate::rules::quality::Severity;
use crate::stages::validate::published::{check_dataset, Report};

/// Findings of one rule shown on stderr (with `--format json`) before "… and N more".
const SHOWN_PER_RULE: usize = 5;

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

/// Checks the dataset and reports; returns the exit code.
pub fn validate(args: &ValidateArgs) -> Result<u8> {
    // The input paths of the configuration do not matter here, but loading
    // fails when they do not exist (the defaults name ./corpus), so point them
    // at the dataset folder, which does.
    let pipeline = load_config(
        args.config.as_deref(),
        std::slice::from_ref(&args.dir),
        None,
    )?;
    match check_dataset(
        &args.dir,
        &pipeline.quality_rules,
        &pipeline.rules,
        &pipeline.config_hash,
    ) {
        Ok(report) => {
            print_report(args, &report);
            Ok(if report.count(Severity::Error) > 0 {
                exit::INVALID
            } else {
                exit::OK
            })
        }
        Err(e) => {
            print_unusable(args, &e);
            Ok(exit::FATAL)
        }
    }
}

// ---------------------------------------------------------------- output

fn finding_json(f: &Finding) -> Value {
    json!({
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "record_id": f.record_id,
        "doc_id": f.doc_id,
        "message": f.message,
    })
}

/// The JSON report: status, every finding, and counts.
pub fn report_json(report: &Report) -> Value {
    json!({
        "status": report.status(),
        "findings": report.findings.iter().map(finding_json).collect::<Vec<_>>(),
        "counts": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "by_rule": report.by_rule(),
            "rows": report.rows,
        },
    })
}

fn finding_line(f: &Finding) -> String {
    let place = match (&f.doc_id, &f.record_id) {
        (Some(d), Some(r)) => format!("{d} {r}: "),
        (Some(d), None) => format!("{d}: "),
        (None, Some(r)) => format!("{r}: "),
        (None, None) => String::new(),
    };
    format!(
        "{:<7} {}: {place}{}",
        f.severity.as_str(),
        f.rule,
        f.message
    )
}

/// Text format: every finding on stdout, the verdict on stderr. JSON format:
/// the report on stdout, a few findings of each rule and the verdict on stderr.
fn print_report(args: &ValidateArgs, report: &Report) {
    match args.format {
        Format::Json => {
            println!("{:#}", report_json(report));
            eprint!("{}", examples(report));
        }
        Format::Text => {
            for f in &report.findings {
                println!("{}", finding_line(f));
            }
        }
    }
    eprintln!("{}", verdict(&args.dir, report));
}

/// The first findings of each rule, and how many more there are.
fn examples(report: &Report) -> String {
    let mut s = String::new();
    let mut shown: HashMap<&str, usize> = HashMap::new();
    for f in &report.findings {
        let n = shown.entry(f.rule.as_str()).or_insert(0);
        *n += 1;
        if *n <= SHOWN_PER_RULE {
            s += &format!("  {}\n", finding_line(f));
        }
    }
    for (rule, n) in report.by_rule() {
        if n > SHOWN_PER_RULE {
            s += &format!("  … and {} more {rule} findings\n", n - SHOWN_PER_RULE);
        }
    }
    s
}

/// One line: the status, the counts by rule, the rows of each table.
fn verdict(dir: &Path, report: &Report) -> String {
    let join = |m: Vec<String>| m.join(", ");
    let by_rule = join(
        report
            .by_rule()
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect(),
    );
    let rows = join(
        report
            .rows
            .iter()
            .map(|(t, n)| format!("{t} {n}"))
            .collect(),
    );
    format!(
        "zhibiao validate {}: {} ({} errors, {} warnings{}{}); rows: {rows}",
        dir.display(),
        report.status(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        if by_rule.is_empty() { "" } else { ": " },
        by_rule,
    )
}

fn print_unusable(args: &ValidateArgs, e: &anyhow::Error) {
    eprintln!("zhibiao validate {}: unusable: {e:#}", args.dir.display());
    if let Format::Json = args.format {
        let v = json!({
            "status": "unusable",
            "message": format!("{e:#}"),
            "findings": [],
            "counts": { "errors": 0, "warnings": 0, "by_rule": {}, "rows": {} },
        });
        println!("{v:#}");
    }
}
