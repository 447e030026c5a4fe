//! What the report shows, read back from a published dataset: its tables
//! (through [`crate::dataset::read`]) and, for each document, the raw text of
//! its source file found through the manifest (as `zhibiao validate` finds
//! it), checked against its SHA-256 and read again by the caller's
//! [`Reread`] (decoded, and cleaned to know which raw characters the clean
//! stage dropped): the report never imports the stages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::dataset::read::{
    documents_from_df, findings_from_df, panel_from_df, read_manifest, read_parquet,
    records_from_df, skipped_from_df, source_path, strings, Manifest,
};
use crate::dataset::rows::{DocumentRow, Finding, PanelRow, Record, Skipped};
use crate::text::sha256_hex;

/// How the report reads a source file again: its bytes → the text as
/// decoded and which characters the clean stage dropped (`pipeline::reread`
/// with the run's configuration), or why it cannot.
pub type Reread<'a> = dyn Fn(&[u8]) -> Result<Text, String> + 'a;

/// A published dataset, read back.
pub struct Loaded {
    /// The dataset folder, canonical.
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub documents: Vec<DocumentRow>,
    /// Kept records, then rejected ones, each with why it was rejected (`None` when kept).
    pub records: Vec<(Record, Option<String>)>,
    pub skipped: Vec<Skipped>,
    pub findings: Vec<Finding>,
    /// `None` for a dataset written before the panel existed.
    pub panel: Option<Vec<PanelRow>>,
}

/// Reads the tables of the dataset in `dir`.
pub fn load(dir: &Path) -> Result<Loaded> {
    if !dir.is_dir() {
        anyhow::bail!("{}: not a dataset folder", dir.display());
    }
    let dir =
        std::fs::canonicalize(dir).with_context(|| format!("cannot resolve {}", dir.display()))?;
    let manifest = read_manifest(&dir)?;
    let table = |name: &str| read_parquet(&dir, name);
    let documents = documents_from_df(&table("documents")?).context("documents")?;
    let mut records: Vec<(Record, Option<String>)> = records_from_df(&table("indicators")?)
        .context("indicators")?
        .into_iter()
        .map(|r| (r, None))
        .collect();
    let rejected = table("rejected")?;
    let why = strings(&rejected, "rejected_by").context("rejected")?;
    let rejected = records_from_df(&rejected).context("rejected")?;
    records.extend(rejected.into_iter().zip(why));
    let skipped = skipped_from_df(&table("skipped")?).context("skipped")?;
    let findings = findings_from_df(&table("findings")?).context("findings")?;
    let panel = if dir.join("panel.parquet").is_file() {
        Some(panel_from_df(&table("panel")?).context("panel")?)
    } else {
        None
    };
    Ok(Loaded {
        dir,
        manifest,
        documents,
        records,
        skipped,
        findings,
        panel,
    })
}

/// The raw text of a document and which of its characters clean dropped.
pub struct Source {
    /// The path as the manifest gives it (relative to the dataset folder's
    /// parent), for messages: no absolute path goes into the report.
    pub path: String,
    pub text: Result<Text, String>,
}

/// A source file decoded and cleaned again.
pub struct Text {
    pub chars: Vec<char>,
    /// `dim[i]`: raw character `i` is not in the cleaned text (dropped as
    /// markup or furniture, or markup replaced by a line break).
    pub dim: Vec<bool>,
}

/// The source of document `doc_id` through the manifest: read, checked
/// against the manifest's SHA-256, decoded and cleaned. `None` when the
/// manifest does not list the document as read.
pub fn source(ds: &Loaded, doc_id: &str, reread: &Reread) -> Option<Source> {
    let input = ds
        .manifest
        .inputs
        .iter()
        .find(|i| i.doc_id == doc_id && i.status == "ok")?;
    let text = read_source(
        &source_path(&ds.dir, input),
        &input.path,
        input.sha256.as_deref(),
        reread,
    );
    Some(Source {
        path: input.path.clone(),
        text,
    })
}

/// `path` is read, `shown` names it in messages.
fn read_source(
    path: &Path,
    shown: &str,
    sha: Option<&str>,
    reread: &Reread,
) -> Result<Text, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let actual = sha256_hex(&bytes);
    if sha != Some(actual.as_str()) {
        return Err(format!(
            "{shown} has SHA-256 {actual}, the manifest says {}: the file changed after the run, so its records cannot be marked",
            sha.unwrap_or("(none)")
        ));
    }
    reread(&bytes).map_err(|e| format!("cannot read {shown} again: {e}"))
}

/// Findings of each record, and those of each document that name no record.
pub struct FindingsIndex<'a> {
    pub by_record: BTreeMap<&'a str, Vec<&'a Finding>>,
    pub by_doc: BTreeMap<&'a str, Vec<&'a Finding>>,
    /// Findings about the dataset as a whole.
    pub general: Vec<&'a Finding>,
}

/// Sorts the findings by what they are about.
pub fn index_findings(findings: &[Finding]) -> FindingsIndex<'_> {
    let mut ix = FindingsIndex {
        by_record: BTreeMap::new(),
        by_doc: BTreeMap::new(),
        general: Vec::new(),
    };
    for f in findings {
        match (&f.record_id, &f.doc_id) {
            (Some(r), _) => ix.by_record.entry(r.as_str()).or_default().push(f),
            (None, Some(d)) => ix.by_doc.entry(d.as_str()).or_default().push(f),
            (None, None) => ix.general.push(f),
        }
    }
    ix
}
