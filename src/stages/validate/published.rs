//! `zhibiao validate DIR`: checks a published dataset on its own, from its
//! files alone, without running the pipeline again:
//!
//! - `schema`: every table is there as Parquet and CSV, with the columns and
//!   types the export code writes (`enum_value`: enumerations hold allowed values);
//! - `csv_matches_parquet`: the CSV holds the same rows and values as the Parquet;
//! - `keys`: record and document ids are unique and every `doc_id` is a document;
//!   panel cells are unique and each names a record of `indicators`;
//! - `panel`: the panel is the one the choice rule gives for the indicators;
//! - `manifest_counts`: the manifest's counts are the tables' row counts;
//! - `source_changed`, `source_missing`, `provenance`: the source files still
//!   hash to the manifest's SHA-256 and every record's spans give back its
//!   `value_text`;
//! - the data-quality rules of the configuration and the cross-document check.
//!
//! A dataset whose files cannot be read at all is *unusable* (exit 2); one with
//! findings of severity error is *invalid* (exit 1).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use polars::prelude::*;
use serde_json::Value;

use super::checks::{cross_document, span_problem, Claim};
use super::quality::run_rules;
use crate::dataset::panel;
use crate::dataset::read::{
    cell, documents_from_df, panel_from_df, read_csv, read_manifest, read_parquet, records_from_df,
    source_path, strings, Manifest, ManifestInput,
};
use crate::dataset::rows::{Finding, Record};
use crate::dataset::schema::{self, Table};
use crate::rules::quality::{RuleDecl, Severity};
use crate::rules::Rules;
use crate::stages::decode;
use crate::text::sha256_hex;

/// One table as read back: its definition (with no rows) and both files.
struct LoadedTable {
    expected: Table,
    parquet: DataFrame,
    csv: DataFrame,
}

/// A dataset read from disk.
struct Published {
    /// The dataset folder, canonical, so that its parent is the real one even for `.`.
    dir: PathBuf,
    manifest: Manifest,
    tables: Vec<LoadedTable>,
}

impl Published {
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

/// configuration) is unusable: a file is missing or cannot be read.
pub fn check_dataset(
    dir: &Path,
    quality_rules: &[RuleDecl],
    rules: &Rules,
    config_hash: &str,
) -> Result<Report> {
    let ds = load_dataset(dir)?;
    let mut findings = Vec::new();
    for t in &ds.tables {
        findings.extend(schema_findings(t)?);
        findings.extend(enum_findings(t));
        findings.extend(csv_findings(t));
    }
    findings.extend(key_findings(&ds));
    findings.extend(panel_findings(&ds));
    findings.extend(manifest_findings(&ds, config_hash));
    findings.extend(record_findings(&ds, quality_rules, rules));
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
    schema::empty_tables()
}

fn load_dataset(dir: &Path) -> Result<Published> {
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
                parquet: read_parquet(&dir, expected.name)?,
                csv: read_csv(&dir, expected.name)?,
                expected,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Published {
        dir,
        manifest,
        tables,
    })
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

fn key_findings(ds: &Published) -> Vec<Finding> {
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
fn record_id_findings(ds: &Published) -> Vec<Finding> {
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

// ---------------------------------------------------------------- panel

/// Panel cells are unique, name records of `indicators`, and are those the
/// choice rule gives for the published indicators and documents.
fn panel_findings(ds: &Published) -> Vec<Finding> {
    let table = &ds.table("panel").parquet;
    let published = match panel_from_df(table) {
        Ok(rows) => rows,
        Err(e) => {
            return vec![dataset_error(
                "schema",
                format!("cannot read the panel rows ({e:#}); the panel is not checked"),
            )]
        }
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for r in &published {
        let key = (
            &r.region,
            r.period_year,
            &r.period,
            &r.indicator_code,
            &r.kind,
            &r.status,
        );
        if !seen.insert(key) {
            out.push(finding(
                "keys",
                Severity::Error,
                Some(&r.record_id),
                Some(&r.doc_id),
                format!("panel cell {key:?} appears more than once"),
            ));
        }
    }
    let ids = strings(&ds.table("indicators").parquet, "record_id").unwrap_or_default();
    let known: HashSet<&str> = ids.iter().flatten().map(String::as_str).collect();
    for r in published
        .iter()
        .filter(|r| !known.contains(r.record_id.as_str()))
    {
        out.push(finding(
            "keys",
            Severity::Error,
            Some(&r.record_id),
            Some(&r.doc_id),
            format!("panel record_id {} is not in indicators", r.record_id),
        ));
    }
    let expected = match panel::build(
        &ds.table("indicators").parquet,
        &ds.table("documents").parquet,
    ) {
        Ok(rows) => rows,
        Err(e) => {
            out.push(dataset_error(
                "panel",
                format!("cannot build the panel from indicators ({e:#})"),
            ));
            return out;
        }
    };
    if let Some(message) = panel_difference(&published, &expected) {
        out.push(dataset_error("panel", message));
    }
    out
}

/// How the published panel differs from the recomputed one, if it does.
fn panel_difference(
    published: &[crate::dataset::rows::PanelRow],
    expected: &[crate::dataset::rows::PanelRow],
) -> Option<String> {
    if let Some(i) = (0..published.len().min(expected.len())).find(|&i| published[i] != expected[i])
    {
        let (p, e) = (&published[i], &expected[i]);
        return Some(format!(
            "panel row {} is {} {} {} {} {} = {} ({}), the indicators give {} {} {} {} {} = {} ({})",
            i + 1,
            p.region, p.period_year, p.indicator_code, p.kind, p.status, p.value, p.record_id,
            e.region, e.period_year, e.indicator_code, e.kind, e.status, e.value, e.record_id
        ));
    }
    (published.len() != expected.len()).then(|| {
        format!(
            "panel.parquet has {} rows, the indicators give {}",
            published.len(),
            expected.len()
        )
    })
}

// ---------------------------------------------------------------- manifest

/// The manifest's schema version, counts and configuration agree with the tables.
fn manifest_findings(ds: &Published, config_hash: &str) -> Vec<Finding> {
    let m = &ds.manifest;
    let mut out = Vec::new();
    if m.schema_version.as_deref() != Some(schema::SCHEMA_VERSION) {
        out.push(dataset_error(
            "schema",
            format!(
                "manifest.json: schema_version {:?}, this zhibiao writes {:?}",
                m.schema_version,
                schema::SCHEMA_VERSION
            ),
        ));
    }
    let rows = |t: &str| ds.table(t).parquet.height() as u64;
    for (pointer, table) in [
        ("/documents", "documents"),
        ("/export/indicators", "indicators"),
        ("/validate/rejected", "rejected"),
        ("/extract/skipped_numerals", "skipped"),
        ("/export/panel", "panel"),
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
    if m.config_hash.as_deref() != Some(config_hash) {
        out.push(finding(
            "config_changed",
            Severity::Warning,
            None,
            None,
            format!(
                "the dataset was made with configuration {}, the rules applied are those of {}",
                m.config_hash.as_deref().unwrap_or("(none)"),
                config_hash
            ),
        ));
    }
    out
}

// ---------------------------------------------------------------- records

/// Provenance and data-quality rules: both need the records back from the table.
fn record_findings(ds: &Published, quality_rules: &[RuleDecl], rules: &Rules) -> Vec<Finding> {
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
            out.extend(run_rules(&records, &documents, quality_rules, rules));
            let claims: Vec<Claim<&str>> = records.iter().filter_map(Claim::of).collect();
            out.extend(cross_document(&claims));
        }
        Err(e) => out.push(dataset_error(
            "schema",
            format!("cannot read the documents rows ({e:#}); data-quality rules not checked"),
        )),
    }
    out
}

/// Each source file still hashes to the manifest's SHA-256 and gives back every record's `value_text`.
fn provenance_findings(ds: &Published, records: &[Record]) -> Vec<Finding> {
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
        out.extend(source_findings(input, &source_path(&ds.dir, input), &recs));
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
    let sha = sha256_hex(&bytes);
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
    let decoded = match decode::decode(&bytes) {
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
            span_problem(r, &chars, &bytes, decoded.encoding).map(|p| {
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
