//! Stage 5, export: the tables of [`crate::dataset::schema`] written as
//! Parquet (zstd, typed, with file metadata) and CSV, plus `manifest.json`
//! and a Frictionless `datapackage.json` — all into a temporary folder renamed
//! into place, so a crash leaves the previous dataset whole.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use polars::prelude::*;
use rayon::prelude::*;
use serde_json::{json, Value};

use serde::Deserialize;

use crate::dataset::schema::{tables, Table, KINDS, SCHEMA_VERSION, STATUSES};
use crate::dataset::Dataset;
use crate::timing::span;

/// `[export]`: output formats.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportConfig {
    pub parquet: bool,
    pub csv: bool,
    /// Rows per Parquet row group.
    pub row_group_size: usize,
    /// Also write the HTML provenance report into `<output>/report/` (`zhibiao report`).
    pub report: bool,
}

impl Default for ExportConfig {
    fn default() -> Self {
        ExportConfig {
            parquet: true,
            csv: true,
            row_group_size: 65_536,
            report: false,
        }
    }
}

/// What the export writes besides the rows: how, and from which run.
pub struct RunInfo<'a> {
    pub config: &'a ExportConfig,
    /// The hash of the configuration and rules that made the rows.
    pub config_hash: &'a str,
    /// The input files and folders of the run.
    pub input_roots: &'a [PathBuf],
    /// Members added to `manifest.json` (a shard, cache figures); empty in a plain run.
    pub manifest_extra: serde_json::Map<String, Value>,
    /// Files written with the tables, as (name, bytes): a shard part's `part.zbr`.
    pub extra_files: Vec<(String, Vec<u8>)>,
}

fn write_parquet(table: &Table, dir: &Path, run: &RunInfo) -> Result<()> {
    let mut df = table.to_df()?;
    let path = dir.join(format!("{}.parquet", table.name));
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let kv = KeyValueMetadata::from_static(vec![
        (
            "zhibiao.schema_version".to_string(),
            SCHEMA_VERSION.to_string(),
        ),
        (
            "zhibiao.version".to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        (
            "zhibiao.config_hash".to_string(),
            run.config_hash.to_string(),
        ),
        ("zhibiao.table".to_string(), table.name.to_string()),
    ]);
    ParquetWriter::new(file)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::default())
        .with_row_group_size(Some(run.config.row_group_size))
        .with_key_value_metadata(Some(kv))
        .finish(&mut df)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

fn write_csv(table: &Table, dir: &Path) -> Result<()> {
    let mut df = table.to_df()?;
    let path = dir.join(format!("{}.csv", table.name));
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    CsvWriter::new(file)
        .include_header(true)
        .with_null_value(PlSmallStr::EMPTY)
        .finish(&mut df)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

fn manifest(out: &Dataset, run: &RunInfo, dest: &Path) -> Value {
    let mut m = plain_manifest(out, run, dest);
    if let Value::Object(o) = &mut m {
        o.extend(run.manifest_extra.clone());
    }
    m
}

fn plain_manifest(out: &Dataset, run: &RunInfo, dest: &Path) -> Value {
    let inputs: Vec<Value> = out
        .documents
        .iter()
        .map(|d| {
            json!({
                "doc_id": d.doc_id,
                "path": relative_path(&d.path, dest),
                "sha256": d.sha256,
                "bytes": d.bytes,
                "status": d.status,
            })
        })
        .collect();
    let count = |sev: &str| {
        out.findings
            .iter()
            .filter(|f| f.severity.as_str() == sev)
            .count()
    };
    let mut by_kind = serde_json::Map::new();
    for k in KINDS {
        by_kind.insert(
            k.to_string(),
            json!(out.indicators.iter().filter(|r| r.kind == *k).count()),
        );
    }
    let mut by_status = serde_json::Map::new();
    for st in STATUSES {
        by_status.insert(
            st.to_string(),
            json!(out.indicators.iter().filter(|r| r.status == *st).count()),
        );
    }
    json!({
        "schema_version": SCHEMA_VERSION,
        "zhibiao_version": env!("CARGO_PKG_VERSION"),
        "config_hash": run.config_hash,
        "inputs": inputs,
        "input_roots": run.input_roots.iter().map(|p| relative_path(p, dest)).collect::<Vec<_>>(),
        "counts": {
            "documents": out.documents.len(),
            "documents_ok": out.documents.iter().filter(|d| d.status == "ok").count(),
            "documents_failed": out.failed(),
            "documents_skipped": out.documents.iter().filter(|d| d.status == "skipped").count(),
            "clean": { "characters": out.documents.iter().map(|d| d.n_chars).sum::<i64>() },
            "extract": { "records": out.n_extracted, "skipped_numerals": out.skipped.len() },
            "validate": { "errors": count("error"), "warnings": count("warning"), "rejected": out.rejected.len() },
            "export": { "indicators": out.indicators.len(), "by_kind": by_kind, "by_status": by_status, "panel": out.panel.len() },
        },
        "versions": { "zhibiao": env!("CARGO_PKG_VERSION"), "polars": polars::VERSION },
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

fn datapackage(tables: &[Table], run: &RunInfo) -> Value {
    json!({
        "profile": "tabular-data-package",
        "name": "zhibiao-indicators",
        "title": "zhibiao: numeric indicators from Chinese economic and policy text",
        "description": "Indicators (value, unit, kind, qualifier, status, period, region) extracted from Chinese news articles and government work reports, each with the exact character and byte span of its source text.",
        "version": env!("CARGO_PKG_VERSION"),
        "licenses": [{ "name": "ODC-BY-1.0", "title": "Open Data Commons Attribution License 1.0" }],
        "zhibiao": { "schema_version": SCHEMA_VERSION, "config_hash": run.config_hash },
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

/// Writes the whole dataset into `dest`: first into a temporary sibling folder, then renamed.
pub fn write_dataset(out: &Dataset, run: &RunInfo, dest: &Path) -> Result<()> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or("output".into());
    remove_stale_temporaries(parent, &name);
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let _export = span("export");
    let building = span("export: tables");
    let tables = tables(out);
    drop(building);
    // Each file on its own task: the indicators and skipped tables take most
    // of the time, and polars writes each file with little parallelism.
    let mut jobs: Vec<(&Table, bool)> = Vec::new();
    for t in &tables {
        if run.config.parquet {
            jobs.push((t, true));
        }
        if run.config.csv {
            jobs.push((t, false));
        }
    }
    jobs.par_iter().try_for_each(|&(t, parquet)| {
        let format = if parquet { "parquet" } else { "csv" };
        let _t = span(format!("export: {}.{format}", t.name));
        if parquet {
            write_parquet(t, &tmp, run)
        } else {
            write_csv(t, &tmp)
        }
    })?;
    let _rest = span("export: manifest, rename");
    let pretty = |v: &Value| serde_json::to_string_pretty(v).map(|s| s + "\n");
    std::fs::write(
        tmp.join("manifest.json"),
        pretty(&manifest(out, run, dest))?,
    )?;
    std::fs::write(
        tmp.join("datapackage.json"),
        pretty(&datapackage(&tables, run))?,
    )?;
    for (file, bytes) in &run.extra_files {
        std::fs::write(tmp.join(file), bytes)?;
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if dest.exists() {
        std::fs::rename(dest, &old)
            .with_context(|| format!("cannot move the old {} aside", dest.display()))?;
    }
    std::fs::rename(&tmp, dest)
        .with_context(|| format!("cannot move the new dataset to {}", dest.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}
