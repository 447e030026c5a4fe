//! `zhibiao run --cache DIR`: the per-document stages of a run with each
//! document's results kept on disk, so a later run processes only new or
//! changed documents.
//!
//! An entry is keyed by the SHA-256 of the document's bytes, its sidecar
//! (`.meta.toml`), its id and file name (which its records carry), the
//! configuration hash and the zhibiao version: a changed rule, configuration
//! or version misses every entry. Entries are [`crate::dataset::entry`]
//! frames with their own checksum; a corrupt or truncated entry is counted,
//! recomputed and overwritten, never used. An entry also keeps what
//! validation found on the document's records alone (provenance,
//! enumerations, shared spans, the row-local data-quality rules); the
//! cross-document half of validation, the panel and the export always run
//! over the whole corpus, so the output is the same bytes as a run without
//! the cache.
//!
//! An entry's modification time is when a run last stored or used it (to
//! within [`REFRESH_AFTER`]); [`prune`] removes the entries no run has used
//! for a while — those of documents since changed or removed, or of an
//! earlier configuration or version — which nothing else would.

use std::fs::{DirEntry, File};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::config::Pipeline;
use crate::dataset::entry::{self, Entry};
use crate::dataset::rows::DocumentRow;
use crate::input::InputFile;
use crate::pipeline::{check_records, process_batch, process_document, DocResult};
use crate::text::sha256_hex;

/// A cache folder for one configuration and version.
pub struct Cache {
    dir: PathBuf,
    config_hash: String,
}

/// How the documents of a run were obtained.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Documents whose results came from the cache.
    pub hits: usize,
    /// Documents processed (and stored).
    pub processed: usize,
    /// Entries found damaged, recomputed and overwritten.
    pub corrupt: usize,
}

impl CacheStats {
    /// Adds the figures of another batch of documents.
    pub fn add(&mut self, other: CacheStats) {
        self.hits += other.hits;
        self.processed += other.processed;
        self.corrupt += other.corrupt;
    }

    /// The `cache` member of `manifest.json`.
    pub fn to_json(self) -> Value {
        json!({
            "documents_from_cache": self.hits,
            "documents_processed": self.processed,
            "corrupt_entries_recomputed": self.corrupt,
        })
    }
}

impl Cache {
    /// Opens (creating it if needed) the cache folder `dir`.
    pub fn open(dir: &Path, config_hash: &str) -> Result<Cache> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the cache folder {}", dir.display()))?;
        Ok(Cache {
            dir: dir.to_path_buf(),
            config_hash: config_hash.to_string(),
        })
    }

    /// The key of a document with these bytes under this configuration and version.
    fn key(&self, input: &InputFile, bytes: &[u8]) -> String {
        let mut sidecar = input.path.as_os_str().to_owned();
        sidecar.push(".meta.toml");
        let sidecar_hash = std::fs::read(PathBuf::from(sidecar))
            .map(|b| sha256_hex(&b))
            .unwrap_or_default();
        sha256_hex(
            format!(
                "zhibiao {}\nformat {}\nconfig {}\ndoc {}\nfile {}\nbytes {}\nsidecar {}\n",
                env!("CARGO_PKG_VERSION"),
                entry::MAGIC,
                self.config_hash,
                input.doc_id,
                crate::pipeline::file_name(&input.path),
                sha256_hex(bytes),
                sidecar_hash
            )
            .as_bytes(),
        )
    }

    fn path_of(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.zbr"))
    }

    /// The stored entry under `key`: `Ok(None)` when absent, `Err` when
    /// damaged. An entry used is marked as used now ([`refresh`]).
    fn load(&self, key: &str) -> Result<Option<Entry>, ()> {
        let Ok(mut file) = File::open(self.path_of(key)) else {
            return Ok(None);
        };
        let meta = file.metadata().ok();
        let mut bytes = Vec::with_capacity(meta.as_ref().map_or(0, |m| m.len() as usize));
        if file.read_to_end(&mut bytes).is_err() {
            return Ok(None);
        }
        match entry::read_all(&bytes) {
            Ok(mut v) if v.len() == 1 => {
                refresh(&file, meta.and_then(|m| m.modified().ok()));
                Ok(v.pop().map(|(_, e)| e))
            }
            _ => Err(()),
        }
    }

    /// Where this process writes the entry under `key` before renaming it
    /// into place ([`is_cache_file`] knows the name).
    fn temp_path_of(&self, key: &str) -> PathBuf {
        self.dir
            .join(&key[..2])
            .join(format!(".{key}.tmp-{}", std::process::id()))
    }

    /// Stores an entry: written beside its place, then renamed into it.
    fn store(&self, key: &str, e: Entry) -> Result<()> {
        let path = self.path_of(key);
        let dir = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir)?;
        let mut bytes = Vec::new();
        entry::write(&mut bytes, 0, e)?;
        let tmp = self.temp_path_of(key);
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)?;
        Ok(())
    }
}

/// How stale an entry's modification time may be before a run that uses it
/// sets it to now: setting it on every hit would write the metadata of every
/// entry on every warm run.
pub const REFRESH_AFTER: Duration = Duration::from_secs(3600);

/// Marks an entry as used now, unless it was marked within [`REFRESH_AFTER`].
/// A cache the run may only read stays as it is.
fn refresh(file: &File, modified: Option<SystemTime>) {
    let now = SystemTime::now();
    let recent = modified
        .and_then(|m| now.duration_since(m).ok())
        .is_some_and(|age| age < REFRESH_AFTER);
    if !recent {
        let _ = file.set_modified(now);
    }
}

/// What [`prune`] removed, what it kept, and what it could not do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pruned {
    pub removed: usize,
    pub removed_bytes: u64,
    pub kept: usize,
    pub kept_bytes: u64,
    /// The files and folders that could not be read or removed, each with
    /// why: the rest of the cache was pruned all the same.
    pub errors: Vec<String>,
}

/// Removes from the cache folder `dir` the entries no run has stored or
/// used for `unused_for`, and the temporary files of interrupted runs as
/// old. Only the cache's own files are looked at (`<2 hex>/<64 hex>.zbr` and
/// their temporaries); anything else in `dir` is left alone.
pub fn prune(dir: &Path, unused_for: Duration) -> Result<Pruned> {
    let mut pruned = Pruned::default();
    let cutoff = SystemTime::now().checked_sub(unused_for);
    let subs = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the cache folder {}", dir.display()))?;
    for sub in listed(dir, subs, &mut pruned.errors) {
        let prefix = sub.file_name().to_string_lossy().into_owned();
        if prefix.len() == 2 && is_hex(&prefix) && sub.path().is_dir() {
            prune_folder(&sub.path(), &prefix, cutoff, &mut pruned);
        }
    }
    Ok(pruned)
}

/// [`prune`] over one of the cache's folders (`prefix`: its name), an error
/// on one file noted and the next file taken.
fn prune_folder(dir: &Path, prefix: &str, cutoff: Option<SystemTime>, pruned: &mut Pruned) {
    let files = match std::fs::read_dir(dir) {
        Ok(files) => files,
        Err(e) => {
            return pruned
                .errors
                .push(format!("cannot read {}: {e}", dir.display()))
        }
    };
    for file in listed(dir, files, &mut pruned.errors) {
        if !is_cache_file(prefix, &file.file_name().to_string_lossy()) {
            continue;
        }
        let path = file.path();
        // A run storing entries meanwhile renames its temporaries away:
        // a file gone since the folder was listed is not an error.
        let gone = |e: &std::io::Error| e.kind() == std::io::ErrorKind::NotFound;
        let meta = match file.metadata() {
            Ok(meta) => meta,
            Err(e) if gone(&e) => continue,
            Err(e) => {
                pruned
                    .errors
                    .push(format!("cannot read {}: {e}", path.display()));
                continue;
            }
        };
        let old = match (meta.modified(), cutoff) {
            (Ok(m), Some(cutoff)) => m < cutoff,
            _ => false,
        };
        if !old {
            pruned.kept += 1;
            pruned.kept_bytes += meta.len();
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => {
                pruned.removed += 1;
                pruned.removed_bytes += meta.len();
            }
            Err(e) if gone(&e) => {}
            Err(e) => pruned
                .errors
                .push(format!("cannot remove {}: {e}", path.display())),
        }
    }
}

/// The entries of `listing` (of the folder `dir`), each one it could not
/// give noted in `errors`.
fn listed(dir: &Path, listing: std::fs::ReadDir, errors: &mut Vec<String>) -> Vec<DirEntry> {
    listing
        .filter_map(|entry| {
            entry
                .map_err(|e| errors.push(format!("cannot read {}: {e}", dir.display())))
                .ok()
        })
        .collect()
}

fn is_hex(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An entry (`<key>.zbr`) or an entry being written (`.<key>.tmp-<pid>`)
/// whose key starts with `prefix`, its folder's name.
fn is_cache_file(prefix: &str, name: &str) -> bool {
    let key = match name.strip_suffix(".zbr") {
        Some(key) => key,
        None => match name.strip_prefix('.').and_then(|n| n.split_once(".tmp-")) {
            Some((key, pid)) if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) => key,
            _ => return false,
        },
    };
    key.len() == 64 && is_hex(key) && key.starts_with(prefix)
}

/// Converts a document's results to a storable entry.
pub fn to_entry(r: &DocResult) -> Entry {
    Entry {
        row: r.row.clone(),
        records: r.records.clone(),
        skipped: r.skipped.clone(),
        findings: r.findings.clone(),
    }
}

/// Converts an entry back into a document's results.
pub fn from_entry(e: Entry) -> DocResult {
    DocResult {
        row: e.row,
        records: e.records,
        skipped: e.skipped,
        findings: e.findings,
    }
}

/// The bytes of a document the stages would read, or `None` when
/// [`process_document`] decides without reading (skipped, too large, unreadable).
fn readable_bytes(input: &InputFile, pipeline: &Pipeline) -> Option<Vec<u8>> {
    // What discovery already decided (a duplicate, a loop) is not read.
    if pipeline.raw.input.is_skipped_name(&input.path)
        || !input.readable
        || input.not_read.is_some()
    {
        return None;
    }
    let meta = std::fs::metadata(&input.path).ok()?;
    if meta.is_dir() || meta.len() > pipeline.raw.input.max_bytes {
        return None;
    }
    std::fs::read(&input.path).ok()
}

/// One document's results, and where they came from.
struct Looked {
    result: DocResult,
    origin: Origin,
}

enum Origin {
    Cache,
    /// Processed now; stored under `key` when one applies.
    Processed {
        key: Option<String>,
    },
}

/// One document through the cache: its stored results when intact, else
/// processed (to be stored under its key once its records are checked).
fn through_cache(
    input: &InputFile,
    pipeline: &Pipeline,
    cache: &Cache,
    stats: &[AtomicUsize; 3],
) -> Looked {
    let Some(bytes) = readable_bytes(input, pipeline) else {
        stats[1].fetch_add(1, Ordering::Relaxed);
        return Looked {
            result: process_document(input, pipeline),
            origin: Origin::Processed { key: None },
        };
    };
    let key = cache.key(input, &bytes);
    match cache.load(&key) {
        Ok(Some(e)) => {
            stats[0].fetch_add(1, Ordering::Relaxed);
            let mut r = from_entry(e);
            r.row.path = input.path.clone();
            return Looked {
                result: r,
                origin: Origin::Cache,
            };
        }
        Ok(None) => {}
        Err(()) => {
            stats[2].fetch_add(1, Ordering::Relaxed);
        }
    }
    stats[1].fetch_add(1, Ordering::Relaxed);
    let r = process_document(input, pipeline);
    // Stored only when the stages saw the bytes the key was made from.
    let same_bytes = r.row.sha256.as_deref() == Some(sha256_hex(&bytes).as_str());
    Looked {
        result: r,
        origin: Origin::Processed {
            key: same_bytes.then_some(key),
        },
    }
}

/// Stores a processed document's results under `key`; a failure is a warning.
fn store(cache: &Cache, key: &str, r: &DocResult) {
    let mut e = to_entry(r);
    e.row.path = PathBuf::new();
    if let Err(err) = cache.store(key, e) {
        eprintln!(
            "zhibiao: warning: cannot write the cache entry of {}: {err:#}",
            r.row.path.display()
        );
    }
}

/// Every input through the per-document stages (and the checks of its own
/// records), in parallel, in input order; with a cache, unchanged documents
/// are read from it and the others stored in it.
pub fn process_all(
    pipeline: &Pipeline,
    inputs: &[InputFile],
    cache: Option<&Cache>,
    progress: &(dyn Fn(&DocumentRow) + Sync),
) -> (Vec<DocResult>, CacheStats) {
    let Some(cache) = cache else {
        let stats = CacheStats {
            processed: inputs.len(),
            ..CacheStats::default()
        };
        return (process_batch(pipeline, inputs, progress), stats);
    };
    let _span = crate::timing::span("per-document stages");
    let stats = [
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    ];
    let mut looked: Vec<Looked> = inputs
        .par_iter()
        .map(|input| {
            let l = through_cache(input, pipeline, cache, &stats);
            progress(&l.result.row);
            l
        })
        .collect();
    // The row-local rules run once over all processed documents, before they are stored.
    check_records(
        pipeline,
        looked
            .iter_mut()
            .filter(|l| matches!(l.origin, Origin::Processed { .. }))
            .map(|l| &mut l.result)
            .collect(),
    );
    looked.par_iter().for_each(|l| {
        if let Origin::Processed { key: Some(key) } = &l.origin {
            store(cache, key, &l.result);
        }
    });
    let [hits, processed, corrupt] = stats.map(AtomicUsize::into_inner);
    (
        looked.into_iter().map(|l| l.result).collect(),
        CacheStats {
            hits,
            processed,
            corrupt,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::entry::Entry;

    fn an_entry() -> Entry {
        let r = crate::pipeline::process_document(
            &InputFile {
                doc_id: "d".into(),
                path: PathBuf::from("none.txt"),
                readable: true,
                not_read: None,
            },
            &crate::config::load_config(None, &[], None).unwrap(),
        );
        to_entry(&r)
    }

    fn set_age(path: &Path, age: Duration) {
        let f = File::options().write(true).open(path).unwrap();
        f.set_modified(SystemTime::now() - age).unwrap();
    }

    fn age_of(path: &Path) -> Duration {
        let m = std::fs::metadata(path).unwrap().modified().unwrap();
        SystemTime::now().duration_since(m).unwrap_or_default()
    }

    #[test]
    fn a_hit_marks_a_stale_entry_as_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), "c").unwrap();
        let (old, recent) = (sha256_hex(b"old"), sha256_hex(b"recent"));
        for key in [&old, &recent] {
            cache.store(key, an_entry()).unwrap();
        }
        let day = Duration::from_secs(24 * 3600);
        set_age(&cache.path_of(&old), day);
        set_age(&cache.path_of(&recent), REFRESH_AFTER / 2);
        assert!(cache.load(&old).unwrap().is_some());
        assert!(cache.load(&recent).unwrap().is_some());
        assert!(age_of(&cache.path_of(&old)) < REFRESH_AFTER / 4);
        assert!(age_of(&cache.path_of(&recent)) >= REFRESH_AFTER / 2);
    }

    #[test]
    fn prune_removes_old_entries_and_temporaries_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), "c").unwrap();
        let (old, new) = (sha256_hex(b"old"), sha256_hex(b"new"));
        cache.store(&old, an_entry()).unwrap();
        cache.store(&new, an_entry()).unwrap();
        assert_ne!(old[..2], new[..2]);
        let sub = dir.path().join(&old[..2]);
        let tmp = cache.temp_path_of(&old);
        let foreign = [
            sub.join("notes.zbr"),
            sub.join(format!("{new}.zbr")), // a key in the wrong folder
            dir.path().join("zz").join(format!("{old}.zbr")),
        ];
        std::fs::write(&tmp, b"partial").unwrap();
        for f in &foreign {
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, b"not ours").unwrap();
        }
        let month = Duration::from_secs(31 * 24 * 3600);
        for f in foreign.iter().chain([&tmp, &cache.path_of(&old)]) {
            set_age(f, month);
        }
        let p = prune(dir.path(), Duration::from_secs(30 * 24 * 3600)).unwrap();
        assert_eq!((p.removed, p.kept), (2, 1));
        assert!(!cache.path_of(&old).exists() && !tmp.exists());
        assert!(cache.path_of(&new).exists());
        assert!(foreign.iter().all(|f| f.exists()));
        assert!(p.errors.is_empty());
    }

    #[test]
    fn prune_goes_on_past_a_file_it_cannot_remove_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), "c").unwrap();
        let keys: Vec<String> = ["a", "b", "c"]
            .iter()
            .map(|k| sha256_hex(k.as_bytes()))
            .collect();
        for k in &keys {
            cache.store(k, an_entry()).unwrap();
        }
        // An entry's name on a folder: remove_file fails on it (even as root).
        let prefix = &keys[0][..2];
        let stuck = dir
            .path()
            .join(prefix)
            .join(format!("{prefix}{}.zbr", &sha256_hex(b"x")[2..]));
        std::fs::create_dir(&stuck).unwrap();
        let p = prune(dir.path(), Duration::ZERO).unwrap();
        assert_eq!(p.removed, 3);
        assert!(keys.iter().all(|k| !cache.path_of(k).exists()));
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert!(
            p.errors[0].contains(&stuck.display().to_string()),
            "{:?}",
            p.errors
        );
    }
}
