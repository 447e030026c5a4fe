//! The provenance report: a static site that shows every record in its
//! source. `index.html` holds the run summary, the documents and the panel;
//! `doc/<doc_id>.html` holds a document's raw text (as decoded, line breaks
//! kept) with each record marked at exactly `char_start..char_end`
//! (`id="r-RECORD_ID"`, coloured by status), each skipped numeral marked
//! faintly with its reason, and the characters the clean stage dropped
//! dimmed. Self-contained: one stylesheet and one small script beside the
//! pages, no network request, so it opens from disk.
//!
//! It reads a published dataset back ([`load`]), computes what each page
//! shows ([`view`], with the text laid out by [`layout`]) and renders it
//! with templates ([`render`]). The site is written to a temporary folder
//! beside the destination and renamed into place.

pub mod layout;
pub mod load;
pub mod render;
pub mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::dataset::rows::{Record, Skipped};
use load::{index_findings, load, source, Loaded};
pub use load::{Reread, Text};
use render::{Renderer, ASSETS};
use view::{doc_view, index_view, page_path};

/// What was written.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Written {
    /// Document pages.
    pub pages: usize,
    /// Records marked in the text, and records that could not be.
    pub marked: usize,
    pub unmarked: usize,
    /// Skipped numerals marked.
    pub skipped: usize,
    /// Bytes of all files.
    pub bytes: u64,
}

/// Writes the report of the dataset in `dataset` into `dest`, reading the
/// sources again with `reread` (to dim what clean dropped). `config_hash` is
/// the hash of the configuration `reread` cleans with: when it is not the
/// dataset's, the index says so.
pub fn write_report(
    dataset: &Path,
    dest: &Path,
    reread: &Reread,
    config_hash: &str,
) -> Result<Written> {
    let ds = load(dataset)?;
    let renderer = Renderer::new()?;
    let tmp = temporary_sibling(dest)?;
    let written = write_pages(&ds, &renderer, &tmp, reread, config_hash);
    let written = match written {
        Ok(w) => w,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    replace(&tmp, dest)?;
    Ok(written)
}

fn write_pages(
    ds: &Loaded,
    renderer: &Renderer,
    dir: &Path,
    reread: &Reread,
    config_hash: &str,
) -> Result<Written> {
    let mut w = Written::default();
    let mut notices = Vec::new();
    if ds.manifest.config_hash.as_deref() != Some(config_hash) {
        notices.push(format!(
            "The dataset was made with configuration {}; this report re-read the sources with {config_hash}, so the characters shown as dropped by clean may differ from the run's. Record offsets are the dataset's own either way.",
            ds.manifest.config_hash.as_deref().unwrap_or("(unknown)")
        ));
    }
    let mut records: BTreeMap<&str, Vec<&(Record, Option<String>)>> = BTreeMap::new();
    for r in &ds.records {
        records.entry(r.0.doc_id.as_str()).or_default().push(r);
    }
    let mut skipped: BTreeMap<&str, Vec<&Skipped>> = BTreeMap::new();
    for s in &ds.skipped {
        skipped.entry(s.doc_id.as_str()).or_default().push(s);
    }
    let findings = index_findings(&ds.findings);
    std::fs::create_dir_all(dir.join("doc")).context("cannot create the report folder")?;
    for (path, content) in ASSETS {
        w.bytes += write(dir, path, content)?;
    }
    for doc in ds.documents.iter().filter(|d| d.status == "ok") {
        let mut recs = records.remove(doc.doc_id.as_str()).unwrap_or_default();
        recs.sort_by_key(|r| (r.0.char_start, r.0.char_end));
        let skips = skipped.remove(doc.doc_id.as_str()).unwrap_or_default();
        let src = source(ds, &doc.doc_id, reread);
        let v = doc_view(doc, &recs, &skips, &findings, src);
        let path = page_path(&doc.doc_id);
        w.bytes += write(dir, &path, &renderer.document(&v, &path)?)?;
        w.pages += 1;
        let unmarked = v.records.iter().filter(|r| r.unplaced.is_some()).count();
        w.marked += v.records.len() - unmarked;
        w.unmarked += unmarked;
        w.skipped += if v.has_text { v.skipped.len() } else { 0 };
    }
    let index = index_view(ds, notices);
    w.bytes += write(dir, "index.html", &renderer.index(&index)?)?;
    Ok(w)
}

fn write(dir: &Path, rel: &str, content: &str) -> Result<u64> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(content.len() as u64)
}

/// A new empty folder beside `dest` (hidden, named after it).
fn temporary_sibling(dest: &Path) -> Result<PathBuf> {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let tmp = parent.join(format!(".{name}.zhibiao-report-tmp"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)
            .with_context(|| format!("cannot remove {}", tmp.display()))?;
    }
    std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    Ok(tmp)
}

/// Moves the written report into place. An existing `dest` is replaced only
/// when it is empty or a report (it has `index.html` and `assets/report.js`):
/// a report never deletes a folder it did not write.
fn replace(tmp: &Path, dest: &Path) -> Result<()> {
    if dest.exists() {
        let is_report = dest.join("index.html").is_file() && dest.join(ASSETS[1].0).is_file();
        let is_empty = dest
            .read_dir()
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !(is_report || is_empty) {
            let _ = std::fs::remove_dir_all(tmp);
            anyhow::bail!(
                "{} exists and is not a zhibiao report: not replacing it (choose another --output)",
                dest.display()
            );
        }
        std::fs::remove_dir_all(dest)
            .with_context(|| format!("cannot remove the old report {}", dest.display()))?;
    }
    std::fs::rename(tmp, dest)
        .with_context(|| format!("cannot move the report into {}", dest.display()))
}
