//! The run: find the documents, take each through clean → segment →
//! extract and the checks of its own records (in parallel, one document per
//! task), then the cross-document half of validation over the records of all
//! of them, and derive the panel. A document that fails is recorded and the
//! run goes on.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Pipeline;
use crate::dataset::panel::panel_of;
use crate::dataset::rows::{DocumentRow, Finding, Record, Skipped};
use crate::dataset::Dataset;
use crate::input::{InputFile, NotRead};
use crate::rules::quality::Severity;
use crate::stages::extract::document::Doc;
use crate::stages::validate::Validated;
use crate::stages::{clean, decode, extract, metadata, segment, validate};
use crate::text;

/// The result of processing one document.
#[derive(Debug, Clone)]
pub struct DocResult {
    pub row: DocumentRow,
    pub records: Vec<Record>,
    pub skipped: Vec<Skipped>,
    /// What validation finds on this document's records alone
    /// ([`validate::document_checks`], then [`check_records`]).
    pub findings: Vec<Finding>,
}

fn error_row(
    input: &InputFile,
    status: &str,
    message: String,
    bytes: Option<&[u8]>,
) -> DocumentRow {
    DocumentRow {
        doc_id: input.doc_id.clone(),
        source_file: file_name(&input.path),
        path: input.path.clone(),
        sha256: bytes.map(text::sha256_hex),
        bytes: bytes.map(|b| b.len() as i64),
        encoding: None,
        title: None,
        title_source: "none".into(),
        date: None,
        date_source: "none".into(),
        year: None,
        region: None,
        region_source: "none".into(),
        doc_type: None,
        status: status.into(),
        message: Some(message),
        n_indicators: 0,
        n_skipped: 0,
        n_chars: 0,
    }
}

/// The file name of a path, as text.
pub fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Takes one document through clean, segment and extract.
pub fn process_document(input: &InputFile, pipeline: &Pipeline) -> DocResult {
    let empty = |row| DocResult {
        row,
        records: Vec::new(),
        skipped: Vec::new(),
        findings: Vec::new(),
    };
    match &input.not_read {
        Some(NotRead::Skipped(m)) => return empty(error_row(input, "skipped", m.clone(), None)),
        Some(NotRead::Error(m)) => return empty(error_row(input, "error", m.clone(), None)),
        None => {}
    }
    if pipeline.raw.input.is_skipped_name(&input.path) {
        return empty(error_row(
            input,
            "skipped",
            "documentation, not a document (input.skip_names)".into(),
            None,
        ));
    }
    if !input.readable {
        let ext = input
            .path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        return empty(error_row(
            input,
            "skipped",
            format!("not a text document (extension `{ext}`)"),
            None,
        ));
    }
    let size = match std::fs::metadata(&input.path) {
        Ok(m) if m.is_dir() => {
            return empty(error_row(
                input,
                "error",
                "cannot read: is a folder".into(),
                None,
            ))
        }
        Ok(m) => m.len(),
        Err(e) => return empty(error_row(input, "error", format!("cannot read: {e}"), None)),
    };
    if size > pipeline.raw.input.max_bytes {
        return empty(error_row(
            input,
            "error",
            format!(
                "file too large: {size} bytes, limit {} (input.max_bytes)",
                pipeline.raw.input.max_bytes
            ),
            None,
        ));
    }
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => return empty(error_row(input, "error", format!("cannot read: {e}"), None)),
    };
    let decoded = match decode::decode(&bytes) {
        Ok(d) => d,
        Err(e) => return empty(error_row(input, "error", e.to_string(), Some(&bytes))),
    };
    let sidecar = match metadata::read_sidecar(&input.path) {
        Ok(s) => s,
        Err(e) => {
            return empty(error_row(
                input,
                "error",
                format!("bad sidecar metadata: {e}"),
                Some(&bytes),
            ))
        }
    };
    let cleaned = clean::clean(&decoded.text, &pipeline.raw.clean, &pipeline.rules);
    let segments = segment::segment(&cleaned.chars, &pipeline.raw.segment, &pipeline.rules);
    let meta = metadata::read_meta(&cleaned, sidecar.as_ref(), &pipeline.rules);
    let source_file = file_name(&input.path);
    let doc = Doc {
        doc_id: &input.doc_id,
        source_file: &source_file,
        decoded: &decoded,
        cleaned: &cleaned,
        segments: &segments,
        meta: &meta,
        rules: &pipeline.rules,
    };
    let (records, skipped) = extract::extract(&doc);
    let findings = validate::document_checks(&records, &bytes, &decoded);
    let row = DocumentRow {
        doc_id: input.doc_id.clone(),
        source_file,
        path: input.path.clone(),
        sha256: Some(text::sha256_hex(&bytes)),
        bytes: Some(bytes.len() as i64),
        encoding: Some(decoded.encoding.to_string()),
        title: meta.title.clone(),
        title_source: meta.title_source.as_str().into(),
        date: meta.date.clone(),
        date_source: meta.date_source.as_str().into(),
        year: meta.year,
        region: meta.region.clone(),
        region_source: meta.region_source.as_str().into(),
        doc_type: Some(meta.doc_type.as_str().into()),
        status: "ok".into(),
        message: None,
        n_indicators: records.len() as i64,
        n_skipped: skipped.len() as i64,
        n_chars: decoded.char_len() as i64,
    };
    DocResult {
        row,
        records,
        skipped,
        findings,
    }
}

/// Runs every stage but export. `progress` is called once per finished document.
pub fn run(
    pipeline: &Pipeline,
    inputs: &[InputFile],
    progress: &(dyn Fn(&DocumentRow) + Sync),
) -> Dataset {
    let per_document = crate::timing::span("per-document stages");
    let mut results: Vec<DocResult> = inputs
        .par_iter()
        .map(|input| {
            let r = process_document(input, pipeline);
            progress(&r.row);
            r
        })
        .collect();
    check_records(pipeline, results.iter_mut().collect());
    drop(per_document);
    assemble(pipeline, results)
}

/// Runs the row-local declared rules ([`validate::record_rules`]) over the
/// records of freshly processed documents, all at once, and adds each
/// finding to its document's. A finding on no record (a rule that could not
/// run) is added to each of them; validation keeps one.
pub fn check_records(pipeline: &Pipeline, mut fresh: Vec<&mut DocResult>) {
    let _span = crate::timing::span("validate: record rules");
    let found = {
        let records: Vec<&Record> = fresh.iter().flat_map(|r| &r.records).collect();
        let documents: Vec<DocumentRow> = fresh.iter().map(|r| r.row.clone()).collect();
        validate::record_rules(
            &records,
            &documents,
            &pipeline.quality_rules,
            &pipeline.rules,
        )
    };
    let index: HashMap<String, usize> = fresh
        .iter()
        .enumerate()
        .map(|(i, r)| (r.row.doc_id.clone(), i))
        .collect();
    for f in found {
        match f.doc_id.as_deref().and_then(|d| index.get(d)) {
            Some(&i) => fresh[i].findings.push(f),
            None => fresh.iter_mut().for_each(|r| r.findings.push(f.clone())),
        }
    }
}

/// Validates the results of every document of a corpus, in corpus order, and
/// derives the panel: the cross-document half of a run (also what `zhibiao merge`
/// runs over the documents of its parts).
pub fn assemble(pipeline: &Pipeline, results: Vec<DocResult>) -> Dataset {
    // Sized once: growing vectors of a corpus's rows copied them again and again.
    let total = |f: &dyn Fn(&DocResult) -> usize| results.iter().map(f).sum::<usize>();
    let mut documents: Vec<DocumentRow> = Vec::with_capacity(results.len());
    let mut records = Vec::with_capacity(total(&|r| r.records.len()));
    let mut skipped = Vec::with_capacity(total(&|r| r.skipped.len()));
    let mut per_document = Vec::with_capacity(total(&|r| r.findings.len()));
    for r in results {
        documents.push(r.row);
        records.extend(r.records);
        skipped.extend(r.skipped);
        per_document.extend(r.findings);
    }
    let n_extracted = records.len();
    let validating = crate::timing::span("validate");
    let Validated {
        kept,
        rejected,
        mut findings,
    } = validate::validate_corpus(
        records,
        &documents,
        per_document,
        &pipeline.quality_rules,
        &pipeline.rules,
    );
    // One pass over the kept records, not one per document: a scan per
    // document made this quadratic in the corpus.
    let mut kept_per_doc: HashMap<&str, i64> = HashMap::new();
    for r in &kept {
        *kept_per_doc.entry(r.doc_id.as_str()).or_default() += 1;
    }
    for d in documents.iter_mut() {
        d.n_indicators = kept_per_doc.get(d.doc_id.as_str()).copied().unwrap_or(0);
    }
    drop(validating);
    let _panel = crate::timing::span("panel");
    // A panel that cannot be built is a finding, not a lost run.
    let panel = panel_of(&kept, &documents).unwrap_or_else(|e| {
        findings.push(Finding {
            rule: "panel".into(),
            severity: Severity::Error,
            record_id: None,
            doc_id: None,
            message: format!("cannot build the panel: {e:#}"),
        });
        Vec::new()
    });
    Dataset {
        documents,
        indicators: kept,
        rejected,
        skipped,
        findings,
        panel,
        n_extracted,
    }
}

/// A source file read again as the run read it, for the provenance report:
/// its decoded characters (the ones record offsets count) and, for each,
/// whether the clean stage dropped it. The report is given this rather than
/// the stages, so it reads a dataset without importing them.
pub fn reread(bytes: &[u8], pipeline: &Pipeline) -> Result<(Vec<char>, Vec<bool>), String> {
    let decoded = decode::decode(bytes).map_err(|e| e.to_string())?;
    let cleaned = clean::clean(&decoded.text, &pipeline.raw.clean, &pipeline.rules);
    let chars: Vec<char> = decoded.text.chars().collect();
    let dim = dropped(&cleaned, chars.len());
    Ok((chars, dim))
}

/// Which raw characters the cleaned text does not stand for. A cleaned
/// character keeps the raw characters it came from shown as text, except a
/// line break or space that stands for several raw characters: that is markup
/// (a `<p>` tag, an `&nbsp;`) read as white space, and is dropped too.
fn dropped(cleaned: &clean::Cleaned, n_raw: usize) -> Vec<bool> {
    let mut dim = vec![true; n_raw];
    for (i, c) in cleaned.chars.iter().enumerate() {
        let (a, b) = cleaned.raw_range(i, i + 1);
        if b - a == 1 || !c.is_whitespace() {
            dim[a.min(n_raw)..b.min(n_raw)]
                .iter_mut()
                .for_each(|d| *d = false);
        }
    }
    dim
}
