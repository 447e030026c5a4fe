//! `zhibiao validate DIR`: checks a published dataset on its own, from its
//! files alone, without running the pipeline again:
//!
//! - `schema`: every table is there as Parquet and CSV, with the columns and
//!   types the export code writes (`enum_value`: enumerations hold allowed values);
//! - `csv_matches_parquet`: the CSV holds the same rows and values as the Parquet;
//! - `keys`: record and document ids are unique and every `doc_id` is a document;
//! - `manifest_counts`: the manifest's counts are the tables' row counts;
//! - `source_changed`, `source_missing`, `provenance`: the source files still
//!   hash to the manifest's SHA-256 and every record's spans give back its
//!   `value_text`;
//! - the data-quality rules of the configuration and the cross-document check.
//!
//! A dataset whose files cannot be read at all is *unusable* (exit 2); one with
//! findings of severity error is *invalid* (exit 1).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _, Result};
use polars::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::cli::{Format, ValidateArgs, EXIT_FATAL, EXIT_INVALID};
use crate::config::{Pipeline, Severity};
use crate::export::{self, Table};
use crate::extract::Record;
use crate::pipeline::{DocumentRow, RunOutput};
use crate::validate::{self, Finding};

/// Findings of one rule shown on stderr (with `--format json`) before "… and N more".
const SHOWN_PER_RULE: usize = 5;

/// One table as read back: its definition (with no rows) and both files.
struct LoadedTable {
    expected: Table,
    parquet: DataFrame,
    csv: DataFrame,
}

/// The parts of `manifest.json` the checks use.
#[derive(Debug, Deserialize)]
struct Manifest {
    schema_version: Option<String>,
    config_hash: Option<String>,
    inputs: Vec<ManifestInput>,
    #[serde(default)]
    counts: Value,
}

#[derive(Debug, Deserialize)]
struct ManifestInput {
    doc_id: String,
    /// Relative to the dataset folder's parent.
    path: String,
    sha256: Option<String>,
    status: String,
}

/// A dataset read from disk.
struct Dataset {
    /// The dataset folder, canonical, so that its parent is the real one even for `.`.
    dir: PathBuf,
    manifest: Manifest,
    tables: Vec<LoadedTable>,
}

impl Dataset {
    fn table(&self, name: &str) -> &LoadedTable {
        self.tables
            .iter()
            .find(|t| t.expected.name == name)
            .expect("every exported table is loaded")
    }
}

/// The outcome of checking a dataset.
#[derive(Debug)]
pub struct Report {
    /// Sorted: errors first, then by rule, document, record and message.
    pub findings: Vec<Finding>,
    /// Rows of each table (Parquet), by table name.
    pub rows: BTreeMap<String, usize>,
}

impl Report {
    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// `ok` or `invalid`.
    pub fn status(&self) -> &'static str {
        if self.count(Severity::Error) > 0 {
            "invalid"
        } else {
            "ok"
        }
    }

    /// Number of findings of each rule.
    pub fn by_rule(&self) -> BTreeMap<&str, usize> {
        let mut m = BTreeMap::new();
        for f in &self.findings {
            *m.entry(f.rule.as_str()).or_insert(0) += 1;
        }
        m
    }
}

/// Runs the dataset checks and reports; returns the exit code.
pub fn validate_command(args: &ValidateArgs) -> Result<u8> {
    match check_dataset(&args.dir, args.config.as_deref()) {
        Ok(report) => {
            print_report(args, &report);
            Ok(if report.count(Severity::Error) > 0 {
                EXIT_INVALID
            } else {
                0
            })
        }
        Err(e) => {
            print_unusable(args, &e);
            Ok(EXIT_FATAL)
        }
    }
}

/// Checks the dataset in `dir`. An `Err` means the dataset (or the
/// configuration) is unusable: a file is missing or cannot be read.
pub fn check_dataset(dir: &Path, config: Option<&Path>) -> Result<Report> {
    let ds = load_dataset(dir)?;
    // The input paths of the configuration do not matter here, but loading
    // fails when they do not exist (the defaults name ./corpus), so point them
    // at the dataset folder, which does.
    let pipeline = crate::cli::load_config(config, &[dir.to_path_buf()], None)?;
    let mut findings = Vec::new();
    for t in &ds.tables {
        findings.extend(schema_findings(t)?);
        findings.extend(enum_findings(t));
        findings.extend(csv_findings(t));
    }
    findings.extend(key_findings(&ds));
    findings.extend(manifest_findings(&ds, &pipeline));
    findings.extend(record_findings(&ds, &pipeline));
    sort_findings(&mut findings);
    let rows = ds
        .tables
        .iter()
        .map(|t| (t.expected.name.to_string(), t.parquet.height()))
        .collect();
    Ok(Report { findings, rows })
}

// ---------------------------------------------------------------- loading

/// The exported tables with no rows: the one description of their layout.
fn expected_tables() -> Vec<Table> {
    export::tables(&RunOutput {
        documents: Vec::new(),
        indicators: Vec::new(),
        rejected: Vec::new(),
        skipped: Vec::new(),
        findings: Vec::new(),
        n_extracted: 0,
    })
}

fn load_dataset(dir: &Path) -> Result<Dataset> {
    if !dir.is_dir() {
        anyhow::bail!("{}: not a dataset folder", dir.display());
    }
    let dir =
        std::fs::canonicalize(dir).with_context(|| format!("cannot resolve {}", dir.display()))?;
    let manifest = read_manifest(&dir)?;
    let tables = expected_tables()
        .into_iter()
        .map(|expected| {
            Ok(LoadedTable {
                parquet: crate::explain::read_parquet(&dir, expected.name)?,
                csv: read_csv(&dir, expected.name)?,
                expected,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Dataset {
        dir,
        manifest,
        tables,
    })
}

fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| anyhow!("cannot read {}: {e}", path.display()))
}

/// Reads `<dir>/<table>.csv` with every column as text (no type inference).
fn read_csv(dir: &Path, table: &str) -> Result<DataFrame> {
    let path = dir.join(format!("{table}.csv"));
    if !path.is_file() {
        anyhow::bail!("cannot open {}: no such file", path.display());
    }
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .try_into_reader_with_file_path(Some(path.clone()))
        .and_then(|r| r.finish())
        .map_err(|e| anyhow!("cannot read {}: {e}", path.display()))
}

// ---------------------------------------------------------------- findings

fn finding(
    rule: &str,
    severity: Severity,
    record_id: Option<&str>,
    doc_id: Option<&str>,
    message: String,
) -> Finding {
    Finding {
        rule: rule.into(),
        severity,
        record_id: record_id.map(str::to_string),
        doc_id: doc_id.map(str::to_string),
        message,
    }
}

/// An error about the dataset as a whole (no record, no document).
fn dataset_error(rule: &str, message: String) -> Finding {
    finding(rule, Severity::Error, None, None, message)
}

fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            std::cmp::Reverse(a.severity),
            &a.rule,
            &a.doc_id,
            &a.record_id,
            &a.message,
        )
            .cmp(&(
                std::cmp::Reverse(b.severity),
                &b.rule,
                &b.doc_id,
                &b.record_id,
                &b.message,
            ))
    });
}

// ---------------------------------------------------------------- schema

/// The Parquet columns and types must be those the export code writes, in its order.
fn schema_findings(t: &LoadedTable) -> Result<Vec<Finding>> {
    let name = t.expected.name;
    let expected = t.expected.to_df()?.schema().clone();
    let actual = t.parquet.schema();
    let mut out = Vec::new();
    for (col, dtype) in expected.iter() {
        match actual.get(col) {
            None => out.push(dataset_error(
                "schema",
                format!("{name}.parquet: column {col} ({dtype}) is missing"),
            )),
            Some(d) if d != dtype => out.push(dataset_error(
                "schema",
                format!("{name}.parquet: column {col} is {d}, expected {dtype}"),
            )),
            Some(_) => {}
        }
    }
    for col in actual.iter_names().filter(|c| expected.get(c).is_none()) {
        out.push(dataset_error(
            "schema",
            format!("{name}.parquet: unexpected column {col}"),
        ));
    }
    let order = |s: &Schema| s.iter_names().cloned().collect::<Vec<_>>();
    if out.is_empty() && order(&expected) != order(actual) {
        out.push(dataset_error(
            "schema",
            format!(
                "{name}.parquet: columns are in the order {:?}, expected {:?}",
                order(actual),
                order(&expected)
            ),
        ));
    }
    Ok(out)
}

/// Enumerated columns (kind, qualifier, status, …) hold only their allowed values.
fn enum_findings(t: &LoadedTable) -> Vec<Finding> {
    let mut out = Vec::new();
    for field in &t.expected.fields {
        let Some(allowed) = field.allowed else {
            continue;
        };
        // A missing or mistyped column is a schema finding already.
        let Ok(values) = strings(&t.parquet, field.name) else {
            continue;
        };
        // One finding per bad value, on its first row.
        let mut seen: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v.as_deref().filter(|v| !allowed.contains(v)) {
                seen.entry(v).or_insert((i, 0)).1 += 1;
            }
        }
        for (value, (row, n)) in seen {
            out.push(finding(
                "enum_value",
                Severity::Error,
                cell(&t.parquet, "record_id", row).as_deref(),
                cell(&t.parquet, "doc_id", row).as_deref(),
                format!(
                    "{}.{}: {value:?} is not one of {allowed:?} ({n} rows)",
                    t.expected.name, field.name
                ),
            ));
        }
    }
    out
}

// ---------------------------------------------------------------- CSV = Parquet

/// The CSV must hold the Parquet's rows, value for value (compared as text).
fn csv_findings(t: &LoadedTable) -> Vec<Finding> {
    let name = t.expected.name;
    let (pq, csv) = (&t.parquet, &t.csv);
    let mut out = Vec::new();
    let (pcols, ccols) = (pq.get_column_names(), csv.get_column_names());
    if pcols != ccols {
        out.push(dataset_error(
            "csv_matches_parquet",
            format!("{name}.csv has the columns {ccols:?}, {name}.parquet {pcols:?}"),
        ));
    }
    if pq.height() != csv.height() {
        out.push(dataset_error(
            "csv_matches_parquet",
            format!(
                "{name}.csv has {} rows, {name}.parquet {}{}",
                csv.height(),
                pq.height(),
                missing_keys(t)
            ),
        ));
        // Rows no longer line up: comparing values would only repeat this.
        return out;
    }
    for col in pcols.iter().filter(|c| ccols.contains(c)) {
        match first_difference(pq, csv, col) {
            Ok(None) => {}
            Ok(Some(d)) => out.push(finding(
                "csv_matches_parquet",
                Severity::Error,
                cell(pq, "record_id", d.row).as_deref(),
                cell(pq, "doc_id", d.row).as_deref(),
                format!(
                    "{name}.{col}: row {} is {:?} in the CSV but {:?} in the Parquet ({} rows differ)",
                    d.row + 1,
                    d.csv,
                    d.parquet,
                    d.count
                ),
            )),
            Err(e) => out.push(dataset_error(
                "csv_matches_parquet",
                format!("{name}.{col}: cannot compare: {e}"),
            )),
        }
    }
    out
}

/// The first row where a column differs between the two files, and how many do.
struct Difference {
    row: usize,
    parquet: String,
    csv: String,
    count: usize,
}

fn first_difference(pq: &DataFrame, csv: &DataFrame, col: &str) -> Result<Option<Difference>> {
    let p = as_text(pq.column(col)?)?;
    let c = as_text(csv.column(col)?)?;
    let float = pq.column(col)?.dtype().is_float();
    let mut first = None;
    let mut count = 0;
    for (row, (p, c)) in p.iter().zip(&c).enumerate() {
        if p == c || float && same_number(p, c) {
            continue;
        }
        count += 1;
        first.get_or_insert((row, p.clone(), c.clone()));
    }
    Ok(first.map(|(row, parquet, csv)| Difference {
        row,
        parquet,
        csv,
        count,
    }))
}

/// A column's values as text, null as the empty string (how the CSV writes it).
fn as_text(col: &Column) -> Result<Vec<String>> {
    let text = col.cast(&DataType::String)?;
    Ok(text
        .str()?
        .iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect())
}

/// Floats may be printed differently by the CSV writer and a cast; equal values are equal.
fn same_number(a: &str, b: &str) -> bool {
    matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

/// For a table with a primary key: which keys of the Parquet the CSV lacks.
fn missing_keys(t: &LoadedTable) -> String {
    let Some(pk) = t.expected.primary_key else {
        return String::new();
    };
    let (Ok(pq), Ok(csv)) = (strings(&t.parquet, pk), strings(&t.csv, pk)) else {
        return String::new();
    };
    let in_csv: HashSet<&Option<String>> = csv.iter().collect();
    let missing: Vec<&str> = pq
        .iter()
        .filter(|k| !in_csv.contains(k))
        .flatten()
        .map(String::as_str)
        .collect();
    match missing.len() {
        0 => String::new(),
        n => format!(
            "; {n} {pk}s missing from the CSV: {}",
            missing[..n.min(5)].join(", ")
        ),
    }
}

// ---------------------------------------------------------------- keys

fn key_findings(ds: &Dataset) -> Vec<Finding> {
    let mut out = record_id_findings(ds);
    let docs = strings(&ds.table("documents").parquet, "doc_id").unwrap_or_default();
    for (id, n) in counts(docs.iter().flatten()) {
        if n > 1 {
            out.push(finding(
                "keys",
                Severity::Error,
                None,
                Some(id),
                format!("doc_id {id} appears {n} times in documents"),
            ));
        }
    }
    let known: HashSet<&str> = docs.iter().flatten().map(String::as_str).collect();
    for table in ["indicators", "rejected", "skipped"] {
        let ids = strings(&ds.table(table).parquet, "doc_id").unwrap_or_default();
        for (id, n) in counts(ids.iter().flatten()) {
            if !known.contains(id) {
                out.push(finding(
                    "keys",
                    Severity::Error,
                    None,
                    Some(id),
                    format!("{n} rows of {table} have doc_id {id}, which is not in documents"),
                ));
            }
        }
    }
    let in_manifest: HashSet<&str> = ds
        .manifest
        .inputs
        .iter()
        .map(|i| i.doc_id.as_str())
        .collect();
    for id in known.difference(&in_manifest) {
        out.push(finding(
            "keys",
            Severity::Error,
            None,
            Some(id),
            format!("document {id} is not among the manifest's inputs"),
        ));
    }
    for id in in_manifest.difference(&known) {
        out.push(finding(
            "keys",
            Severity::Error,
            None,
            Some(id),
            format!("manifest input {id} is not in documents"),
        ));
    }
    out
}

/// `record_id` is unique across `indicators` and `rejected` together.
fn record_id_findings(ds: &Dataset) -> Vec<Finding> {
    let ids = |t: &str| strings(&ds.table(t).parquet, "record_id").unwrap_or_default();
    let (kept, rejected) = (ids("indicators"), ids("rejected"));
    let in_kept = counts(kept.iter().flatten());
    let in_rejected = counts(rejected.iter().flatten());
    let mut out = Vec::new();
    for (id, n) in &in_kept {
        let r = in_rejected.get(id).copied().unwrap_or(0);
        if n + r > 1 {
            out.push(finding(
                "keys",
                Severity::Error,
                Some(id),
                None,
                format!("record_id {id} appears {n} times in indicators and {r} in rejected"),
            ));
        }
    }
    for (id, n) in in_rejected {
        if n > 1 && !in_kept.contains_key(id) {
            out.push(finding(
                "keys",
                Severity::Error,
                Some(id),
                None,
                format!("record_id {id} appears {n} times in rejected"),
            ));
        }
    }
    out
}

fn counts<'a>(values: impl Iterator<Item = &'a String>) -> BTreeMap<&'a str, usize> {
    let mut m = BTreeMap::new();
    for v in values {
        *m.entry(v.as_str()).or_insert(0) += 1;
    }
    m
}

// ---------------------------------------------------------------- manifest

/// The manifest's schema version, counts and configuration agree with the tables.
fn manifest_findings(ds: &Dataset, pipeline: &Pipeline) -> Vec<Finding> {
    let m = &ds.manifest;
    let mut out = Vec::new();
    if m.schema_version.as_deref() != Some(export::SCHEMA_VERSION) {
        out.push(dataset_error(
            "schema",
            format!(
                "manifest.json: schema_version {:?}, this zhibiao writes {:?}",
                m.schema_version,
                export::SCHEMA_VERSION
            ),
        ));
    }
    let rows = |t: &str| ds.table(t).parquet.height() as u64;
    for (pointer, table) in [
        ("/documents", "documents"),
        ("/export/indicators", "indicators"),
        ("/validate/rejected", "rejected"),
        ("/extract/skipped_numerals", "skipped"),
    ] {
        let stated = m.counts.pointer(pointer).and_then(Value::as_u64);
        if stated != Some(rows(table)) {
            out.push(dataset_error(
                "manifest_counts",
                format!(
                    "manifest.json: counts{pointer} is {}, {table}.parquet has {} rows",
                    stated.map_or("absent".into(), |n| n.to_string()),
                    rows(table)
                ),
            ));
        }
    }
    // Other rules than those of the run may find other things: worth knowing, not wrong.
    if m.config_hash.as_deref() != Some(pipeline.config_hash.as_str()) {
        out.push(finding(
            "config_changed",
            Severity::Warning,
            None,
            None,
            format!(
                "the dataset was made with configuration {}, the rules applied are those of {}",
                m.config_hash.as_deref().unwrap_or("(none)"),
                pipeline.config_hash
            ),
        ));
    }
    out
}

// ---------------------------------------------------------------- records

/// Provenance and data-quality rules: both need the records back from the table.
fn record_findings(ds: &Dataset, pipeline: &Pipeline) -> Vec<Finding> {
    let records = match records_from_df(&ds.table("indicators").parquet) {
        Ok(r) => r,
        Err(e) => {
            return vec![dataset_error(
                "schema",
                format!("cannot read the indicators rows ({e:#}); provenance and data-quality rules not checked"),
            )]
        }
    };
    let mut out = provenance_findings(ds, &records);
    match documents_from_df(&ds.table("documents").parquet) {
        Ok(documents) => {
            out.extend(validate::run_rules(
                &records,
                &documents,
                &pipeline.quality_rules,
                &pipeline.rules,
            ));
            out.extend(validate::cross_document(&records));
        }
        Err(e) => out.push(dataset_error(
            "schema",
            format!("cannot read the documents rows ({e:#}); data-quality rules not checked"),
        )),
    }
    out
}

/// Each source file still hashes to the manifest's SHA-256 and gives back every record's `value_text`.
fn provenance_findings(ds: &Dataset, records: &[Record]) -> Vec<Finding> {
    let base = ds.dir.parent().unwrap_or(Path::new("/"));
    let mut by_doc: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        by_doc.entry(r.doc_id.as_str()).or_default().push(r);
    }
    let mut out = Vec::new();
    let mut inputs: Vec<&ManifestInput> = ds
        .manifest
        .inputs
        .iter()
        .filter(|i| i.status == "ok")
        .collect();
    inputs.sort_by(|a, b| a.doc_id.cmp(&b.doc_id));
    for input in inputs {
        let recs = by_doc.remove(input.doc_id.as_str()).unwrap_or_default();
        out.extend(source_findings(input, &base.join(&input.path), &recs));
    }
    // Records of a document the manifest does not list as read.
    for (doc_id, recs) in by_doc {
        for r in recs {
            out.push(finding(
                "provenance",
                Severity::Error,
                Some(&r.record_id),
                Some(doc_id),
                format!("document {doc_id} is not an input of status ok in the manifest"),
            ));
        }
    }
    out
}

fn source_findings(input: &ManifestInput, path: &Path, recs: &[&Record]) -> Vec<Finding> {
    let doc = Some(input.doc_id.as_str());
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Datasets travel without their corpus: not checkable is not wrong.
            return vec![finding(
                "source_missing",
                Severity::Warning,
                None,
                doc,
                format!("{} is absent: provenance not checked", path.display()),
            )];
        }
        Err(e) => {
            return vec![finding(
                "provenance",
                Severity::Error,
                None,
                doc,
                format!("cannot read {}: {e}", path.display()),
            )]
        }
    };
    let sha = crate::util::sha256_hex(&bytes);
    if input.sha256.as_deref() != Some(sha.as_str()) {
        // The offsets were taken in another file: checking them would only add noise.
        return vec![finding(
            "source_changed",
            Severity::Error,
            None,
            doc,
            format!(
                "{} has SHA-256 {sha}, the manifest says {}: the file changed after the run",
                path.display(),
                input.sha256.as_deref().unwrap_or("(none)")
            ),
        )];
    }
    let decoded = match crate::decode::decode(&bytes) {
        Ok(d) => d,
        Err(e) => {
            return vec![finding(
                "provenance",
                Severity::Error,
                None,
                doc,
                format!("cannot decode {}: {e}", path.display()),
            )]
        }
    };
    let chars: Vec<char> = decoded.text.chars().collect();
    recs.iter()
        .filter_map(|r| {
            validate::span_problem(r, &chars, &bytes).map(|p| {
                finding(
                    "provenance",
                    Severity::Error,
                    Some(&r.record_id),
                    doc,
                    format!("{}: {p}", path.display()),
                )
            })
        })
        .collect()
}

// ---------------------------------------------------------------- rows back to structs

/// A String column's values (error if absent or not String).
fn strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let col = df.column(name).map_err(|_| anyhow!("no column {name}"))?;
    let ca = col
        .str()
        .map_err(|_| anyhow!("column {name} is not text"))?;
    Ok(ca.iter().map(|v| v.map(str::to_string)).collect())
}

/// A String column with no nulls.
fn required(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    strings(df, name)?
        .into_iter()
        .enumerate()
        .map(|(i, v)| v.ok_or_else(|| anyhow!("column {name} is empty in row {}", i + 1)))
        .collect()
}

fn f64s(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let col = df.column(name).map_err(|_| anyhow!("no column {name}"))?;
    let ca = col.f64().map_err(|_| anyhow!("column {name} is not f64"))?;
    Ok(ca.iter().collect())
}

fn i32s(df: &DataFrame, name: &str) -> Result<Vec<Option<i32>>> {
    let col = df.column(name).map_err(|_| anyhow!("no column {name}"))?;
    let ca = col.i32().map_err(|_| anyhow!("column {name} is not i32"))?;
    Ok(ca.iter().collect())
}

fn i64s(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
    let col = df.column(name).map_err(|_| anyhow!("no column {name}"))?;
    let ca = col.i64().map_err(|_| anyhow!("column {name} is not i64"))?;
    Ok(ca.iter().collect())
}

/// An i64 column with no nulls.
fn required_i64(df: &DataFrame, name: &str) -> Result<Vec<i64>> {
    i64s(df, name)?
        .into_iter()
        .enumerate()
        .map(|(i, v)| v.ok_or_else(|| anyhow!("column {name} is empty in row {}", i + 1)))
        .collect()
}

/// One cell as text, if the column exists and the cell is not null.
fn cell(df: &DataFrame, name: &str, row: usize) -> Option<String> {
    strings(df, name).ok()?.get(row).cloned().flatten()
}

/// The records of an `indicators` (or `rejected`) table.
pub fn records_from_df(df: &DataFrame) -> Result<Vec<Record>> {
    let text = |n: &str| required(df, n);
    let opt = |n: &str| strings(df, n);
    let (record_id, doc_id, source_file) =
        (text("record_id")?, text("doc_id")?, text("source_file")?);
    let (region, indicator, kind) = (opt("region")?, opt("indicator")?, text("kind")?);
    let (value, value_max) = (f64s(df, "value")?, f64s(df, "value_max")?);
    let (unit, value_normalized) = (opt("unit")?, f64s(df, "value_normalized")?);
    let (unit_normalized, qualifier, status) =
        (opt("unit_normalized")?, text("qualifier")?, text("status")?);
    let (period_year, period, value_text) = (
        i32s(df, "period_year")?,
        opt("period")?,
        text("value_text")?,
    );
    let (char_start, char_end) = (
        required_i64(df, "char_start")?,
        required_i64(df, "char_end")?,
    );
    let (byte_start, byte_end) = (
        required_i64(df, "byte_start")?,
        required_i64(df, "byte_end")?,
    );
    let (sentence, section, rule, evidence) = (
        text("sentence")?,
        opt("section")?,
        text("rule")?,
        text("evidence")?,
    );
    (0..df.height())
        .map(|i| {
            Ok(Record {
                record_id: record_id[i].clone(),
                doc_id: doc_id[i].clone(),
                source_file: source_file[i].clone(),
                region: region[i].clone(),
                indicator: indicator[i].clone(),
                kind: kind[i].clone(),
                value: value[i].ok_or_else(|| anyhow!("column value is empty in row {}", i + 1))?,
                value_max: value_max[i],
                unit: unit[i].clone(),
                value_normalized: value_normalized[i],
                unit_normalized: unit_normalized[i].clone(),
                qualifier: qualifier[i].clone(),
                status: status[i].clone(),
                period_year: period_year[i],
                period: period[i].clone(),
                value_text: value_text[i].clone(),
                char_start: char_start[i],
                char_end: char_end[i],
                byte_start: byte_start[i],
                byte_end: byte_end[i],
                sentence: sentence[i].clone(),
                section: section[i].clone(),
                rule: rule[i].clone(),
                evidence: evidence[i].clone(),
            })
        })
        .collect()
}

/// The rows of a `documents` table. `year` is the first four characters of
/// `date`, as the metadata stage derives it; `path` is the file name only.
pub fn documents_from_df(df: &DataFrame) -> Result<Vec<DocumentRow>> {
    let text = |n: &str| required(df, n);
    let opt = |n: &str| strings(df, n);
    let (doc_id, source_file, sha256) = (text("doc_id")?, text("source_file")?, opt("sha256")?);
    let (bytes, encoding, title, date) = (
        i64s(df, "bytes")?,
        opt("encoding")?,
        opt("title")?,
        opt("date")?,
    );
    let (date_source, region, region_source) =
        (text("date_source")?, opt("region")?, text("region_source")?);
    let (status, message) = (text("status")?, opt("message")?);
    let (n_indicators, n_skipped, n_chars) = (
        required_i64(df, "n_indicators")?,
        required_i64(df, "n_skipped")?,
        required_i64(df, "n_chars")?,
    );
    Ok((0..df.height())
        .map(|i| DocumentRow {
            doc_id: doc_id[i].clone(),
            source_file: source_file[i].clone(),
            path: PathBuf::from(&source_file[i]),
            sha256: sha256[i].clone(),
            bytes: bytes[i],
            encoding: encoding[i].clone(),
            title: title[i].clone(),
            date: date[i].clone(),
            date_source: date_source[i].clone(),
            year: date[i]
                .as_deref()
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse().ok()),
            region: region[i].clone(),
            region_source: region_source[i].clone(),
            status: status[i].clone(),
            message: message[i].clone(),
            n_indicators: n_indicators[i],
            n_skipped: n_skipped[i],
            n_chars: n_chars[i],
        })
        .collect())
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
