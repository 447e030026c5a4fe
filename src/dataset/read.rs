//! Reading a published dataset back: its tables (Parquet, or CSV as text),
//! its manifest, and the rows turned back into the structs that made them.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use polars::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::rows::{DocumentRow, Finding, PanelRow, Record, Skipped};
use crate::rules::quality::Severity;

/// The parts of `manifest.json` a reader uses.
#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub schema_version: Option<String>,
    pub config_hash: Option<String>,
    pub inputs: Vec<ManifestInput>,
    #[serde(default)]
    pub counts: Value,
    #[serde(default)]
    pub zhibiao_version: Option<String>,
    /// Relative to the dataset folder's parent.
    #[serde(default)]
    pub input_roots: Vec<String>,
    /// Present in the partial dataset of `zhibiao run --shard K/N`.
    #[serde(default)]
    pub shard: Option<ShardInfo>,
}

/// The `shard` member of a partial dataset's manifest.
#[derive(Debug, Clone, Deserialize)]
pub struct ShardInfo {
    /// K of `--shard K/N`, from 0.
    pub index: u32,
    /// N of `--shard K/N`.
    pub count: u32,
    /// Documents in the whole corpus, over every shard.
    pub corpus_documents: usize,
}

/// The file of a partial dataset holding its documents' results before
/// validation, each with its place in the corpus ([`super::entry`]).
pub const PART_FILE: &str = "part.zbr";

/// Reads the per-document results of a partial dataset (`part.zbr`).
pub fn read_part(dir: &Path) -> Result<Vec<(usize, super::entry::Entry)>> {
    let path = dir.join(PART_FILE);
    let bytes = std::fs::read(&path).map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
    super::entry::read_all(&bytes).map_err(|e| anyhow!("{} is damaged: {e:#}", path.display()))
}

/// One input file as the manifest lists it.
#[derive(Debug, Deserialize)]
pub struct ManifestInput {
    pub doc_id: String,
    /// Relative to the dataset folder's parent.
    pub path: String,
    pub sha256: Option<String>,
    pub status: String,
}

/// Where the source file of a manifest input is: its path is relative to
/// the parent of the dataset folder `dir` (which should be canonical, so that
/// the parent of `.` is the real one).
pub fn source_path(dir: &Path, input: &ManifestInput) -> PathBuf {
    dir.parent().unwrap_or(Path::new("/")).join(&input.path)
}

/// Reads one table of a dataset from its Parquet file.
pub fn read_parquet(dir: &Path, table: &str) -> Result<DataFrame> {
    let path = dir.join(format!("{table}.parquet"));
    let file = std::fs::File::open(&path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    ParquetReader::new(file)
        .finish()
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

/// Reads `manifest.json` of the dataset in `dir`.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| anyhow!("cannot read {}: {e}", path.display()))
}

/// Reads `<dir>/<table>.csv` with every column as text (no type inference).
pub fn read_csv(dir: &Path, table: &str) -> Result<DataFrame> {
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

/// A String column's values (error if absent or not String).
pub fn strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
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

/// An f64 column's values (error if absent or not f64).
pub fn f64s(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let col = df.column(name).map_err(|_| anyhow!("no column {name}"))?;
    let ca = col.f64().map_err(|_| anyhow!("column {name} is not f64"))?;
    Ok(ca.iter().collect())
}

/// An i32 column's values (error if absent or not i32).
pub fn i32s(df: &DataFrame, name: &str) -> Result<Vec<Option<i32>>> {
    let col = df.column(name).map_err(|_| anyhow!("no column {name}"))?;
    let ca = col.i32().map_err(|_| anyhow!("column {name} is not i32"))?;
    Ok(ca.iter().collect())
}

/// An i64 column's values (error if absent or not i64).
pub fn i64s(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
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
pub fn cell(df: &DataFrame, name: &str, row: usize) -> Option<String> {
    strings(df, name).ok()?.get(row).cloned().flatten()
}

/// The records of an `indicators` (or `rejected`) table.
pub fn records_from_df(df: &DataFrame) -> Result<Vec<Record>> {
    let text = |n: &str| required(df, n);
    let opt = |n: &str| strings(df, n);
    let (record_id, doc_id, source_file) =
        (text("record_id")?, text("doc_id")?, text("source_file")?);
    let (region, indicator, kind) = (opt("region")?, opt("indicator")?, text("kind")?);
    let (indicator_code, indicator_name) = (opt("indicator_code")?, opt("indicator_name")?);
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
                indicator_code: indicator_code[i].clone(),
                indicator_name: indicator_name[i].clone(),
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
    let (title_source, date_source, region, region_source) = (
        text("title_source")?,
        text("date_source")?,
        opt("region")?,
        text("region_source")?,
    );
    let doc_type = opt("doc_type")?;
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
            title_source: title_source[i].clone(),
            date: date[i].clone(),
            date_source: date_source[i].clone(),
            year: date[i]
                .as_deref()
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse().ok()),
            region: region[i].clone(),
            region_source: region_source[i].clone(),
            doc_type: doc_type[i].clone(),
            status: status[i].clone(),
            message: message[i].clone(),
            n_indicators: n_indicators[i],
            n_skipped: n_skipped[i],
            n_chars: n_chars[i],
        })
        .collect())
}

/// The rows of a published `panel` table.
pub fn panel_from_df(df: &DataFrame) -> Result<Vec<PanelRow>> {
    let text = |n: &str| required(df, n);
    let opt = |n: &str| strings(df, n);
    let (region, code, name) = (
        text("region")?,
        text("indicator_code")?,
        opt("indicator_name")?,
    );
    let (period, kind, status) = (opt("period")?, text("kind")?, text("status")?);
    let (value, value_max, value_normalized) = (
        f64s(df, "value")?,
        f64s(df, "value_max")?,
        f64s(df, "value_normalized")?,
    );
    let (qualifier, unit, unit_normalized) =
        (text("qualifier")?, opt("unit")?, opt("unit_normalized")?);
    let (record_id, doc_id, conflict_ids) = (
        text("record_id")?,
        text("doc_id")?,
        opt("conflict_record_ids")?,
    );
    let year = i32s(df, "period_year")?;
    let n_records = required_i64(df, "n_records")?;
    let bools = |n: &str| -> Result<Vec<Option<bool>>> {
        let col = df.column(n).map_err(|_| anyhow!("no column {n}"))?;
        Ok(col
            .bool()
            .map_err(|_| anyhow!("column {n} is not boolean"))?
            .iter()
            .collect())
    };
    let (estimate, conflict) = (bools("estimate")?, bools("conflict")?);
    let need = |v: Option<f64>, n: &str, i: usize| {
        v.ok_or_else(|| anyhow!("column {n} is empty in row {}", i + 1))
    };
    (0..df.height())
        .map(|i| {
            Ok(PanelRow {
                region: region[i].clone(),
                period_year: year[i]
                    .ok_or_else(|| anyhow!("column period_year is empty in row {}", i + 1))?,
                period: period[i].clone(),
                indicator_code: code[i].clone(),
                indicator_name: name[i].clone(),
                kind: kind[i].clone(),
                status: status[i].clone(),
                value: need(value[i], "value", i)?,
                value_max: value_max[i],
                qualifier: qualifier[i].clone(),
                unit: unit[i].clone(),
                value_normalized: value_normalized[i],
                unit_normalized: unit_normalized[i].clone(),
                estimate: estimate[i].unwrap_or(false),
                record_id: record_id[i].clone(),
                doc_id: doc_id[i].clone(),
                n_records: n_records[i],
                conflict: conflict[i].unwrap_or(false),
                conflict_record_ids: conflict_ids[i].clone(),
            })
        })
        .collect()
}

/// The rows of a `skipped` table.
pub fn skipped_from_df(df: &DataFrame) -> Result<Vec<Skipped>> {
    let text = |n: &str| required(df, n);
    let (doc_id, source_file, numeral, reason) = (
        text("doc_id")?,
        text("source_file")?,
        text("text")?,
        text("reason")?,
    );
    let (char_start, char_end) = (
        required_i64(df, "char_start")?,
        required_i64(df, "char_end")?,
    );
    let (byte_start, byte_end) = (
        required_i64(df, "byte_start")?,
        required_i64(df, "byte_end")?,
    );
    let sentence = text("sentence")?;
    Ok((0..df.height())
        .map(|i| Skipped {
            doc_id: doc_id[i].clone(),
            source_file: source_file[i].clone(),
            text: numeral[i].clone(),
            reason: reason[i].clone(),
            char_start: char_start[i],
            char_end: char_end[i],
            byte_start: byte_start[i],
            byte_end: byte_end[i],
            sentence: sentence[i].clone(),
        })
        .collect())
}

/// The rows of a `findings` table.
pub fn findings_from_df(df: &DataFrame) -> Result<Vec<Finding>> {
    let (rule, severity, message) = (
        required(df, "rule")?,
        required(df, "severity")?,
        required(df, "message")?,
    );
    let (record_id, doc_id) = (strings(df, "record_id")?, strings(df, "doc_id")?);
    (0..df.height())
        .map(|i| {
            let severity = match severity[i].as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                other => anyhow::bail!("column severity holds {other:?} in row {}", i + 1),
            };
            Ok(Finding {
                rule: rule[i].clone(),
                severity,
                record_id: record_id[i].clone(),
                doc_id: doc_id[i].clone(),
                message: message[i].clone(),
            })
        })
        .collect()
}
