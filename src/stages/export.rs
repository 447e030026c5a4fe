//! Stage 5, export: the tables of [`crate::dataset::schema`] written as
//! Parquet (zstd, typed, with file metadata) and CSV, plus `manifest.json`
//! and a Frictionless `datapackage.json` — all into a temporary folder renamed
//! into place, so a crash leaves the previous dataset whole. The record
//! tables (`indicators`, `rejected`, `skipped`) and `documents` are written
//! batch by batch as a run goes ([`Writer::write_batch`], [`sink`]), and so
//! are the manifest's `inputs`, into a file of their own; the tables of the
//! whole run (`findings`, `panel`) and the two JSON files at its end
//! ([`Writer::finish`]).

pub mod sink;

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use polars::prelude::*;
use serde_json::{json, Value};

use serde::Deserialize;

use crate::dataset::rows::{DocumentRow, Record, Skipped};
use crate::dataset::schema::{
    documents_table, empty_tables, findings_table, indicators_table_of, panel_table,
    rejected_table_of, skipped_table, Table, KINDS, SCHEMA_VERSION, STATUSES,
};
use crate::dataset::Summary;
use crate::rules::quality::Severity;
use crate::timing::span;
use sink::TableSink;

/// `[export]`: output formats.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportConfig {
    pub parquet: bool,
    pub csv: bool,
    /// Rows per Parquet row group (the last one holds the rest; `documents`:
    /// at most [`DOCUMENTS_ROW_GROUP`]). A run holds one row group of each
    /// table in memory until it is full.
    pub row_group_size: usize,
    /// Also write the HTML provenance report into `<output>/report/` (`zhibiao report`).
    pub report: bool,
    /// Documents taken through the stages together before their rows are
    /// written: what bounds a run's memory. The output does not depend on it.
    pub batch_documents: usize,
}

impl Default for ExportConfig {
    fn default() -> Self {
        ExportConfig {
            parquet: true,
            csv: true,
            row_group_size: 16_384,
            report: false,
            batch_documents: 32,
        }
    }
}

/// What the export writes besides the rows, known at the end of a run.
pub struct RunInfo<'a> {
    /// The input files and folders of the run.
    pub input_roots: &'a [PathBuf],
    /// Members added to `manifest.json` (a shard, cache figures); empty in a plain run.
    pub manifest_extra: serde_json::Map<String, Value>,
    /// Files written with the tables, as (name, bytes): a shard part's `part.zbr`.
    pub extra_files: Vec<(String, Vec<u8>)>,
}

/// A dataset being written into its temporary folder. Dropped unfinished
/// (an error during the run), it removes the folder: no partial output.
pub struct Writer {
    dest: PathBuf,
    tmp: PathBuf,
    config: ExportConfig,
    config_hash: String,
    indicators: TableSink,
    rejected: TableSink,
    skipped: TableSink,
    documents: TableSink,
    /// The manifest's `inputs` so far, rendered as they will appear in it.
    inputs: BufWriter<File>,
    n_inputs: usize,
    finished: bool,
}

/// The file in the temporary folder that holds the manifest's `inputs`
/// until the manifest is written.
const INPUTS_FILE: &str = ".manifest-inputs";

impl Writer {
    /// Creates the temporary sibling folder of `dest` and opens the record tables in it.
    pub fn create(dest: &Path, config: &ExportConfig, config_hash: &str) -> Result<Writer> {
        let parent = parent_of(dest);
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = name_of(dest);
        remove_stale_temporaries(parent, &name);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::create_dir_all(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        let open = |name: &'static str| open_sink(&tmp, name, config, config_hash);
        let (indicators, rejected, skipped, documents) = (
            open("indicators"),
            open("rejected"),
            open("skipped"),
            open("documents"),
        );
        let inputs = File::create(tmp.join(INPUTS_FILE))
            .with_context(|| format!("cannot create {}", tmp.join(INPUTS_FILE).display()))?;
        let writer = Writer {
            dest: dest.to_path_buf(),
            tmp: tmp.clone(),
            config: config.clone(),
            config_hash: config_hash.to_string(),
            indicators: indicators?,
            rejected: rejected?,
            skipped: skipped?,
            documents: documents?,
            inputs: BufWriter::new(inputs),
            n_inputs: 0,
            finished: false,
        };
        Ok(writer)
    }

    /// Appends the rows of a batch of documents to the record tables (the
    /// three in parallel), the `documents` table and the manifest's inputs.
    pub fn write_batch(
        &mut self,
        kept: &[&Record],
        rejected: &[(&Record, &str)],
        skipped: &[&Skipped],
        documents: &[DocumentRow],
    ) -> Result<()> {
        let _t = span("export: record tables");
        self.documents.write(&documents_table(documents).to_df()?)?;
        self.write_inputs(documents)?;
        let (i, (r, s)) = rayon::join(
            || {
                append(&mut self.indicators, &|| {
                    indicators_table_of(kept, documents)
                })
            },
            || {
                rayon::join(
                    || {
                        append(&mut self.rejected, &|| {
                            rejected_table_of(rejected, documents)
                        })
                    },
                    || append(&mut self.skipped, &|| skipped_table(skipped)),
                )
            },
        );
        i.and(r).and(s)
    }

    /// Appends the documents' entries to the manifest's `inputs`, each
    /// rendered as `serde_json`'s pretty printer renders it in the manifest
    /// (an object in an array in the top object: indented by four spaces).
    fn write_inputs(&mut self, documents: &[DocumentRow]) -> Result<()> {
        for d in documents {
            let entry = serde_json::to_string_pretty(&input_entry(d, &self.dest))?;
            let separator = if self.n_inputs == 0 { "" } else { ",\n" };
            write!(self.inputs, "{separator}")?;
            for (i, line) in entry.lines().enumerate() {
                let newline = if i == 0 { "" } else { "\n" };
                write!(self.inputs, "{newline}    {line}")?;
            }
            self.n_inputs += 1;
        }
        Ok(())
    }

    /// Writes the tables of the whole run, the manifest and the data package,
    /// closes the record tables and renames the folder into place.
    pub fn finish(mut self, summary: &Summary, run: &RunInfo) -> Result<()> {
        let _export = span("export: finish");
        // The findings a block at a time: there can be as many as records.
        let mut findings = open_sink(&self.tmp, "findings", &self.config, &self.config_hash)?;
        let mut any = false;
        summary.findings.for_each_block(|block| {
            any = true;
            findings.write(&findings_table(block).to_df()?)
        })?;
        if !any {
            findings.write(&findings_table(&[]).to_df()?)?;
        }
        findings.finish()?;
        let panel = panel_table(&summary.panel);
        let mut sink = open_sink(&self.tmp, panel.name, &self.config, &self.config_hash)?;
        sink.write(&panel.to_df()?)?;
        sink.finish()?;
        self.close_record_tables()?;
        self.write_manifest(summary, run)?;
        let pretty = |v: &Value| serde_json::to_string_pretty(v).map(|s| s + "\n");
        let tmp = &self.tmp;
        std::fs::write(
            tmp.join("datapackage.json"),
            pretty(&datapackage(&empty_tables(), &self.config_hash))?,
        )?;
        for (file, bytes) in &run.extra_files {
            std::fs::write(tmp.join(file), bytes)?;
        }
        self.finished = true;
        rename_into_place(tmp, &self.dest)
    }

    /// Writes the rows the record tables still hold and their files' ends,
    /// and lets their writers go (again: nothing).
    pub fn close_record_tables(&mut self) -> Result<()> {
        let _t = span("export: record tables");
        for sink in [
            &mut self.indicators,
            &mut self.rejected,
            &mut self.skipped,
            &mut self.documents,
        ] {
            sink.finish()?;
        }
        Ok(())
    }

    /// Writes `manifest.json`: the manifest made with no inputs, its empty
    /// `inputs` replaced by the file of entries written batch by batch.
    fn write_manifest(&mut self, summary: &Summary, run: &RunInfo) -> Result<()> {
        self.inputs.flush()?;
        let m = manifest(summary, &self.config_hash, run, &self.dest);
        let text = serde_json::to_string_pretty(&m)? + "\n";
        let empty = "\n  \"inputs\": [],";
        let (head, tail) = text
            .split_once(empty)
            .context("the manifest has no top-level inputs")?;
        let path = self.tmp.join("manifest.json");
        let mut out = BufWriter::new(
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?,
        );
        out.write_all(head.as_bytes())?;
        if self.n_inputs == 0 {
            out.write_all(empty.as_bytes())?;
        } else {
            out.write_all(b"\n  \"inputs\": [\n")?;
            let inputs = self.tmp.join(INPUTS_FILE);
            std::io::copy(&mut File::open(&inputs)?, &mut out)?;
            std::fs::remove_file(&inputs)?;
            out.write_all(b"\n  ],")?;
        }
        out.write_all(tail.as_bytes())?;
        out.flush()?;
        Ok(())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

fn open_sink(
    dir: &Path,
    name: &'static str,
    config: &ExportConfig,
    config_hash: &str,
) -> Result<TableSink> {
    let empty = empty_tables()
        .into_iter()
        .find(|t| t.name == name)
        .expect("a table of the schema")
        .to_df()?;
    let metadata = KeyValueMetadata::from_static(vec![
        (
            "zhibiao.schema_version".to_string(),
            SCHEMA_VERSION.to_string(),
        ),
        (
            "zhibiao.version".to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        ("zhibiao.config_hash".to_string(), config_hash.to_string()),
        ("zhibiao.table".to_string(), name.to_string()),
    ]);
    TableSink::open(
        dir,
        name,
        &empty,
        config
            .parquet
            .then_some((row_group_size(name, config), metadata)),
        config.csv,
    )
}

/// The most rows in a row group of `documents`. A run holds each table's
/// unfinished row group in memory. The record tables fill theirs within a few
/// batches, but `documents` gets one row per document: with the record
/// tables' 16,384 rows it would hold every document's row up to that many
/// documents, memory that grows with the corpus (17 MB at 16,000 documents in
/// polars' columns; `BENCHMARKS.md`, issue 10).
const DOCUMENTS_ROW_GROUP: usize = 1024;

/// Rows per Parquet row group of the table `name`.
fn row_group_size(name: &str, config: &ExportConfig) -> usize {
    match name {
        "documents" => config.row_group_size.min(DOCUMENTS_ROW_GROUP),
        _ => config.row_group_size,
    }
}

fn append(sink: &mut TableSink, table: &(dyn Fn() -> Table + Sync)) -> Result<()> {
    sink.write(&table().to_df()?)
}

fn manifest(summary: &Summary, config_hash: &str, run: &RunInfo, dest: &Path) -> Value {
    let mut m = plain_manifest(summary, config_hash, run, dest);
    if let Value::Object(o) = &mut m {
        o.extend(run.manifest_extra.clone());
    }
    m
}

fn plain_manifest(out: &Summary, config_hash: &str, run: &RunInfo, dest: &Path) -> Value {
    let c = &out.counts;
    let mut by_kind = serde_json::Map::new();
    for k in KINDS {
        by_kind.insert(k.to_string(), json!(c.kind(k)));
    }
    let mut by_status = serde_json::Map::new();
    for st in STATUSES {
        by_status.insert(st.to_string(), json!(c.status(st)));
    }
    json!({
        "schema_version": SCHEMA_VERSION,
        "zhibiao_version": env!("CARGO_PKG_VERSION"),
        "config_hash": config_hash,
        // Written apart, batch by batch (`Writer::write_inputs`).
        "inputs": [],
        "input_roots": run.input_roots.iter().map(|p| relative_path(p, dest)).collect::<Vec<_>>(),
        "counts": {
            "documents": c.documents.total,
            "documents_ok": c.documents.ok,
            "documents_failed": c.documents.failed,
            "documents_skipped": c.documents.skipped,
            "clean": { "characters": c.documents.characters },
            "extract": { "records": c.extracted, "skipped_numerals": c.skipped },
            "validate": { "errors": out.findings.count(Severity::Error), "warnings": out.findings.count(Severity::Warning), "rejected": c.rejected },
            "export": { "indicators": c.indicators, "by_kind": by_kind, "by_status": by_status, "panel": out.panel.len() },
        },
        "versions": { "zhibiao": env!("CARGO_PKG_VERSION"), "polars": polars::VERSION },
    })
}

/// A document's entry in the manifest's `inputs`.
fn input_entry(d: &DocumentRow, dest: &Path) -> Value {
    json!({
        "doc_id": d.doc_id,
        "path": relative_path(&d.path, dest),
        "sha256": d.sha256,
        "bytes": d.bytes,
        "status": d.status,
    })
}

/// `path` relative to the folder `dest` will be in (its parent), with forward slashes.
pub fn relative_path(path: &Path, dest: &Path) -> String {
    let base = dest.parent().map(Path::to_path_buf).unwrap_or_default();
    let abs = |p: &Path| {
        std::fs::canonicalize(p)
            .unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(p))
    };
    let (p, b) = (
        abs(path),
        abs(if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &base
        }),
    );
    let pc: Vec<_> = p.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = pc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..bc.len() {
        rel.push("..");
    }
    for c in &pc[common..] {
        rel.push(c);
    }
    rel.to_string_lossy().replace('\\', "/")
}

fn datapackage(tables: &[Table], config_hash: &str) -> Value {
    json!({
        "profile": "tabular-data-package",
        "name": "zhibiao-indicators",
        "title": "zhibiao: numeric indicators from Chinese economic and policy text",
        "description": "Indicators (value, unit, kind, qualifier, status, period, region) extracted from Chinese news articles and government work reports, each with the exact character and byte span of its source text.",
        "version": env!("CARGO_PKG_VERSION"),
        "licenses": [{ "name": "ODC-BY-1.0", "title": "Open Data Commons Attribution License 1.0" }],
        "zhibiao": { "schema_version": SCHEMA_VERSION, "config_hash": config_hash },
        "resources": tables.iter().map(Table::resource).collect::<Vec<_>>(),
    })
}

/// Removes the temporary folders of earlier runs that were killed before their rename.
fn remove_stale_temporaries(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}.tmp-")) || n.starts_with(&format!(".{name}.old-")) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn parent_of(dest: &Path) -> &Path {
    dest.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(dest: &Path) -> String {
    dest.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or("output".into())
}

/// Puts the finished folder `tmp` where `dest` is, moving the old one aside first.
fn rename_into_place(tmp: &Path, dest: &Path) -> Result<()> {
    let old = parent_of(dest).join(format!(".{}.old-{}", name_of(dest), std::process::id()));
    if dest.exists() {
        std::fs::rename(dest, &old)
            .with_context(|| format!("cannot move the old {} aside", dest.display()))?;
    }
    std::fs::rename(tmp, dest)
        .with_context(|| format!("cannot move the new dataset to {}", dest.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_row_groups_are_capped_and_the_record_tables_keep_the_setting() {
        let default = ExportConfig::default();
        assert_eq!(row_group_size("documents", &default), DOCUMENTS_ROW_GROUP);
        assert_eq!(row_group_size("indicators", &default), 16_384);
        let small = ExportConfig {
            row_group_size: 40,
            ..ExportConfig::default()
        };
        assert_eq!(row_group_size("documents", &small), 40);
        assert_eq!(row_group_size("skipped", &small), 40);
    }
}
