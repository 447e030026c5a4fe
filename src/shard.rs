//! Shards and merge: `zhibiao run --shard K/N` processes the documents of
//! shard K of N and writes a partial dataset; `zhibiao merge` joins the N
//! parts into the dataset one run of the whole corpus would have written.
//!
//! **The shard of a document** is the first 8 bytes of the SHA-256 of its
//! `doc_id` (its path under the input folder without extension, e.g.
//! `2025/report`), read as a big-endian `u64`, modulo N. Shards are numbered
//! from 0 (`0/4` … `3/4`, as a Slurm array `0-3` or a Kubernetes
//! `JOB_COMPLETION_INDEX`). The shard depends on the id alone: the same
//! document falls in the same shard on every machine and every run.
//!
//! A part is a dataset of its own documents (validated alone, for looking at)
//! plus `part.zbr`: each document's results *before* validation with its place
//! in the whole corpus, and a `shard` member in its manifest. The merge puts
//! the documents back in corpus order and runs the cross-document half of a run
//! ([`crate::pipeline::assemble`]: validation, panel) over all of them, so
//! record ids, row order, findings and manifest equal a single run's.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use anyhow::{anyhow, bail, Result};
use serde_json::{json, Value};

use crate::cache::{from_entry, to_entry};
use crate::config::Pipeline;
use crate::dataset::entry;
use crate::dataset::read::{read_manifest, read_part, Manifest};
use crate::input::InputFile;
use crate::pipeline::DocResult;
use crate::stages::export::relative_path;
use crate::text::sha256_hex;

/// Shard K of N (`K/N`, 0 ≤ K < N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard K/N with 0 <= K < N (e.g. 0/4)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The shard (of `count`) of the document `doc_id`.
pub fn shard_of(doc_id: &str, count: u32) -> u32 {
    let hex = sha256_hex(doc_id.as_bytes());
    let first8 = u64::from_str_radix(&hex[..16], 16).unwrap_or(0);
    (first8 % u64::from(count)) as u32
}

/// The inputs of `shard`, with their places in the whole list.
pub fn select(all: &[InputFile], shard: Shard) -> (Vec<usize>, Vec<InputFile>) {
    all.iter()
        .enumerate()
        .filter(|(_, f)| shard_of(&f.doc_id, shard.count) == shard.index)
        .map(|(i, f)| (i, f.clone()))
        .unzip()
}

/// The `shard` member of a part's manifest.
pub fn manifest_member(shard: Shard, corpus_documents: usize) -> Value {
    json!({
        "index": shard.index,
        "count": shard.count,
        "corpus_documents": corpus_documents,
        "hash": "first 8 bytes of SHA-256(doc_id), big-endian u64, mod count",
    })
}

/// `part.zbr` of a part written to `dest`: every document's results with its
/// place in the corpus, paths relative to `dest`'s parent.
pub fn part_file(positions: &[usize], results: &[DocResult], dest: &Path) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for (pos, r) in positions.iter().zip(results) {
        let mut e = to_entry(r);
        e.row.path = PathBuf::from(relative_path(&r.row.path, dest));
        entry::write(&mut out, *pos, e)?;
    }
    Ok(out)
}

/// What a merge gives: the documents' results in corpus order, to be
/// assembled as one run's ([`crate::pipeline::Assembly`]), and the input
/// roots of the parts' run.
pub struct Merged {
    pub results: Vec<DocResult>,
    pub input_roots: Vec<PathBuf>,
}

/// A path written relative to a dataset's parent, as a path from here.
fn resolve(dataset_dir: &Path, rel: &str) -> PathBuf {
    let base = dataset_dir.parent().unwrap_or(Path::new(""));
    normalize(&base.join(rel))
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            _ => out.push(c),
        }
    }
    out.iter().collect()
}

/// Checks a part's manifest against this zhibiao and configuration.
fn check_part(dir: &Path, m: &Manifest, pipeline: &Pipeline) -> Result<(u32, u32, usize)> {
    let name = dir.display();
    let s = m.shard.as_ref().ok_or_else(|| {
        anyhow!("{name} is not a shard part: its manifest has no `shard` (made by `zhibiao run --shard K/N`)")
    })?;
    let version = m.zhibiao_version.as_deref().unwrap_or("unknown");
    if version != env!("CARGO_PKG_VERSION") {
        bail!(
            "part {name} was made by zhibiao {version}, this is zhibiao {}",
            env!("CARGO_PKG_VERSION")
        );
    }
    let hash = m.config_hash.as_deref().unwrap_or("unknown");
    if hash != pipeline.config_hash {
        bail!(
            "part {name} was made with configuration {hash}, this merge's configuration is {} (give merge the --config of the runs)",
            pipeline.config_hash
        );
    }
    Ok((s.index, s.count, s.corpus_documents))
}

/// Reads the parts, checks they make one whole corpus, and runs validation
/// and the panel over their documents in corpus order.
pub fn merge(pipeline: &Pipeline, parts: &[PathBuf]) -> Result<Merged> {
    if parts.is_empty() {
        bail!("no parts to merge");
    }
    let mut seen: BTreeMap<u32, &Path> = BTreeMap::new();
    let mut first: Option<(u32, usize, Vec<PathBuf>, &Path)> = None;
    let mut docs: BTreeMap<usize, DocResult> = BTreeMap::new();
    for dir in parts {
        let m = read_manifest(dir)?;
        let (index, count, total) = check_part(dir, &m, pipeline)?;
        let entries = read_part(dir)?;
        let roots: Vec<PathBuf> = m.input_roots.iter().map(|r| resolve(dir, r)).collect();
        match &first {
            None => first = Some((count, total, roots, dir)),
            Some((c, t, r, d)) => {
                if (*c, *t) != (count, total) {
                    bail!(
                        "part {} is shard {index}/{count} of {total} documents, part {} is of {c} shards and {t} documents",
                        dir.display(),
                        d.display()
                    );
                }
                if *r != roots {
                    bail!(
                        "part {} was run over other inputs than part {}",
                        dir.display(),
                        d.display()
                    );
                }
            }
        }
        if let Some(other) = seen.insert(index, dir) {
            bail!(
                "shard {index}/{count} is given twice: {} and {}",
                other.display(),
                dir.display()
            );
        }
        for (pos, mut e) in entries {
            if pos >= total || shard_of(&e.row.doc_id, count) != index {
                bail!(
                    "part {}: document {} does not belong to shard {index}/{count}",
                    dir.display(),
                    e.row.doc_id
                );
            }
            e.row.path = resolve(dir, &e.row.path.to_string_lossy());
            if docs.insert(pos, from_entry(e)).is_some() {
                bail!("part {}: document {pos} appears twice", dir.display());
            }
        }
    }
    let (count, total, roots, _) = first.expect("at least one part");
    let missing: Vec<String> = (0..count)
        .filter(|k| !seen.contains_key(k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        bail!("missing shard part(s): {}", missing.join(", "));
    }
    if docs.len() != total {
        bail!(
            "the parts hold {} documents, their corpus has {total}",
            docs.len()
        );
    }
    Ok(Merged {
        results: docs.into_values().collect(),
        input_roots: roots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_parse_and_hash() {
        assert_eq!(
            "1/4".parse::<Shard>().unwrap(),
            Shard { index: 1, count: 4 }
        );
        assert!("4/4".parse::<Shard>().is_err());
        assert!("0/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
        assert_eq!(shard_of("anything", 1), 0);
        // SHA-256("abc") starts ba7816bf8f01cfea.
        assert_eq!(shard_of("abc", 1000), (0xba7816bf8f01cfeau64 % 1000) as u32);
    }

    #[test]
    fn normalize_parent_steps() {
        assert_eq!(normalize(Path::new("a/b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../c")), PathBuf::from("../c"));
    }
}
