//! The run: find the documents, take each through clean → segment →
//! extract and the checks of its own records (in parallel, one document per
//! task), then the cross-document half of validation over the records of all
//! of them, and derive the panel. A document that fails is recorded and the
//! run goes on.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::config::Pipeline;
use crate::dataset::panel::{
    can_make_a_cell, cell_of, panel_facts, panel_of_candidates, Candidate,
};
use crate::dataset::rows::{DocumentRow, Finding, PanelRow, Record, Skipped};
use crate::dataset::{Counts, Dataset, Summary};
use crate::input::{self, InputFile, NotRead};
use crate::rules::quality::Severity;
use crate::spill::{self, Spill};
use crate::stages::extract::document::Doc;
use crate::stages::validate::Claim;
use crate::stages::{clean, decode, export, extract, metadata, segment, validate};
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

impl DocResult {
    /// A document that gave no rows, and why.
    fn without_rows(row: DocumentRow) -> DocResult {
        DocResult {
            row,
            records: Vec::new(),
            skipped: Vec::new(),
            findings: Vec::new(),
        }
    }
}

/// Takes one document through clean, segment and extract. A bug that
/// panics on one document fails that document, named in the documents
/// table, and the run goes on (the panic's own message and place are on
/// stderr).
pub fn process_document(input: &InputFile, pipeline: &Pipeline) -> DocResult {
    guarded(input, || read_and_process(input, pipeline))
}

/// What `work` gives for `input`, or a failed document when it panics.
fn guarded(input: &InputFile, work: impl FnOnce() -> DocResult) -> DocResult {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let message = format!("internal error in zhibiao, please report it: {what}");
        DocResult::without_rows(error_row(input, "error", message, None))
    })
}

/// [`process_document`] without the guard.
fn read_and_process(input: &InputFile, pipeline: &Pipeline) -> DocResult {
    let empty = DocResult::without_rows;
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

/// How many documents a run takes through the stages at once: the
/// configured batch, or the whole corpus when a declared quality rule compares
/// records ([`crate::rules::quality::RuleDecl::is_row_local`]), since its
/// errors can reject records of any document.
pub fn batch_size(pipeline: &Pipeline, n_inputs: usize) -> usize {
    if pipeline.quality_rules.iter().all(|r| r.is_row_local()) {
        pipeline.raw.export.batch_documents.max(1)
    } else {
        n_inputs.max(1)
    }
}

/// Takes a batch of documents through the per-document stages, in parallel,
/// and the row-local rules over their records. `progress` is called once per
/// finished document.
pub fn process_batch(
    pipeline: &Pipeline,
    inputs: &[InputFile],
    progress: &(dyn Fn(&DocumentRow) + Sync),
) -> Vec<DocResult> {
    let _span = crate::timing::span("per-document stages");
    let mut results: Vec<DocResult> = inputs
        .par_iter()
        .map(|input| {
            let r = process_document(input, pipeline);
            progress(&r.row);
            r
        })
        .collect();
    check_records(pipeline, results.iter_mut().collect());
    results
}

/// Runs every stage but export, keeping every row in memory (the library's
/// and the tests' run; `zhibiao run` writes its batches as they come).
pub fn run(
    pipeline: &Pipeline,
    inputs: &[InputFile],
    progress: &(dyn Fn(&DocumentRow) + Sync),
) -> Result<Dataset> {
    let bytes = input::total_bytes(inputs);
    let mut assembly = Assembly::new(pipeline, Rows::default(), bytes)?;
    feed(&mut assembly, inputs, |_, batch| {
        Ok(process_batch(pipeline, batch, progress))
    })?;
    let (rows, summary) = assembly.finish()?;
    rows.into_dataset(summary)
}

/// Feeds `assembly` the results `process` makes of each batch of `inputs`
/// (given the batch's first position in `inputs`), in order. Batches are
/// processed on the thread pool while the batches before them are
/// validated and written by threads of their own: joining the two halves
/// batch by batch on one pool left a core idle whenever one half ended
/// first. One processed batch may wait for the writer ([`WAITING_BATCHES`]).
pub fn feed<S: Sink + Send>(
    assembly: &mut Assembly<'_, S>,
    inputs: &[InputFile],
    mut process: impl FnMut(usize, &[InputFile]) -> Result<Vec<DocResult>> + Send,
) -> Result<()> {
    let batch = batch_size(assembly.pipeline, inputs.len());
    let (ready, taken) = std::sync::mpsc::sync_channel::<Vec<DocResult>>(WAITING_BATCHES);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_batches(assembly, taken));
        let processed = (|| {
            for (n, documents) in inputs.chunks(batch).enumerate() {
                if ready.send(process(n * batch, documents)?).is_err() {
                    break; // The writer stopped: its error is the run's.
                }
            }
            Ok(())
        })();
        drop(ready);
        let written = writer
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        processed.and(written)
    })
}

/// Processed batches that may wait for the writer while the next is processed.
const WAITING_BATCHES: usize = 1;

/// Hands each batch `taken` gives to `assembly`, in a thread pool of the
/// writer's own, as many threads as the shared one: the writing's parallel
/// parts (`rayon::join`: the tables, each table's Parquet and CSV) then run
/// at once rather than queue behind the documents in the shared pool, and
/// use every core when there is little else to do (a warm cache).
fn write_batches<S: Sink + Send>(
    assembly: &mut Assembly<'_, S>,
    taken: std::sync::mpsc::Receiver<Vec<DocResult>>,
) -> Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .thread_name(|i| format!("zhibiao-writer-{i}"))
        .build()?;
    pool.install(|| {
        taken
            .into_iter()
            .try_for_each(|results| assembly.add(results))
    })
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

/// The validated rows of a batch of documents, handed to a [`Sink`].
pub struct Batch {
    /// The batch's records, in corpus order.
    pub records: Vec<Record>,
    /// For each record, the rules that rejected it (`None`: kept).
    pub rejected_by: Vec<Option<String>>,
    pub skipped: Vec<Skipped>,
    /// The batch's documents (a record's `doc_year` is its document's year).
    pub documents: Vec<DocumentRow>,
}

impl Batch {
    /// A batch whose documents' `n_indicators` count their kept records.
    fn new(
        records: Vec<Record>,
        rejected_by: Vec<Option<String>>,
        skipped: Vec<Skipped>,
        mut documents: Vec<DocumentRow>,
    ) -> Batch {
        let mut kept_per_doc: HashMap<&str, i64> = HashMap::new();
        for r in kept(&records, &rejected_by) {
            *kept_per_doc.entry(r.doc_id.as_str()).or_default() += 1;
        }
        for d in documents.iter_mut() {
            d.n_indicators = kept_per_doc.get(d.doc_id.as_str()).copied().unwrap_or(0);
        }
        Batch {
            records,
            rejected_by,
            skipped,
            documents,
        }
    }

    /// The records kept in `indicators`, in corpus order.
    pub fn kept(&self) -> impl Iterator<Item = &Record> {
        kept(&self.records, &self.rejected_by)
    }

    /// The rejected records, each with the rules that rejected it.
    pub fn rejected(&self) -> impl Iterator<Item = (&Record, &str)> {
        self.records
            .iter()
            .zip(&self.rejected_by)
            .filter_map(|(r, why)| why.as_deref().map(|why| (r, why)))
    }
}

/// The records that no rule rejected.
fn kept<'a>(
    records: &'a [Record],
    rejected_by: &'a [Option<String>],
) -> impl Iterator<Item = &'a Record> {
    records
        .iter()
        .zip(rejected_by)
        .filter(|(_, why)| why.is_none())
        .map(|(r, _)| r)
}

/// Where the record rows of a run go, batch by batch, in corpus order: the
/// dataset's files ([`export::Writer`]) or memory ([`Rows`]). A batch is
/// lent, not given: the run sets aside what the end of the run needs of it
/// while the sink takes it.
pub trait Sink {
    fn take(&mut self, batch: &Batch) -> Result<()>;
    /// Every batch has been taken: what is still held for the rows (a
    /// Parquet row group not yet full, a file's footer) can be written
    /// and let go before the end of the run needs its memory.
    fn close(&mut self) -> Result<()> {
        Ok(())
    }
}

impl Sink for export::Writer {
    fn take(&mut self, batch: &Batch) -> Result<()> {
        let kept: Vec<&Record> = batch.kept().collect();
        let rejected: Vec<(&Record, &str)> = batch.rejected().collect();
        let skipped: Vec<&Skipped> = batch.skipped.iter().collect();
        self.write_batch(&kept, &rejected, &skipped, &batch.documents)
    }

    fn close(&mut self) -> Result<()> {
        self.close_record_tables()
    }
}

/// The record rows of a run kept in memory.
#[derive(Debug, Default)]
pub struct Rows {
    pub documents: Vec<DocumentRow>,
    pub indicators: Vec<Record>,
    pub rejected: Vec<(Record, String)>,
    pub skipped: Vec<Skipped>,
}

impl Sink for Rows {
    fn take(&mut self, batch: &Batch) -> Result<()> {
        self.documents.extend_from_slice(&batch.documents);
        self.indicators.extend(batch.kept().cloned());
        self.rejected.extend(
            batch
                .rejected()
                .map(|(r, why)| (r.clone(), why.to_string())),
        );
        self.skipped.extend_from_slice(&batch.skipped);
        Ok(())
    }
}

impl Rows {
    /// The whole dataset: these rows and the rest of the run.
    pub fn into_dataset(self, summary: Summary) -> Result<Dataset> {
        Ok(Dataset {
            documents: self.documents,
            indicators: self.indicators,
            rejected: self.rejected,
            skipped: self.skipped,
            findings: summary.findings.to_vec()?,
            panel: summary.panel,
            n_extracted: summary.counts.extracted,
        })
    }
}

/// The cross-document half of a run, fed the documents' results batch by
/// batch in corpus order (also what `zhibiao merge` runs over the documents of
/// its parts). Each batch is validated and its record rows handed to the
/// sink at once; what needs every document — the conflicts between documents
/// and the panel — waits for [`Assembly::finish`], with only what it needs of
/// each record (a [`Claim`]; the records that can make a panel cell) set
/// aside on disk in partitions of their keys ([`Spill`]).
pub struct Assembly<'p, S: Sink> {
    pipeline: &'p Pipeline,
    sink: S,
    /// The first documents that could not be processed, for the run's messages.
    failures: Vec<DocumentRow>,
    /// Findings of each document's own checks and the row-local rules.
    /// (Set aside on disk, in their order: a long run's findings are small
    /// blocks that outlive every batch around them.)
    per_document: Spill<Finding>,
    /// Findings of the rules that compare records (one batch only).
    corpus_rules: Vec<Finding>,
    claims: Spill<Claim>,
    /// What the panel reads of the kept records with a code, a region and a
    /// year, each with what it reads of their document ([`panel_facts`]), so
    /// that no document is kept until the end.
    candidates: Spill<(Candidate, DocumentRow)>,
    counts: Counts,
    batches: usize,
}

/// Batches between two returns of free memory to the system: each costs
/// page faults when the memory is used again.
const TRIM_EVERY: usize = 8;

impl<'p, S: Sink> Assembly<'p, S> {
    /// An assembly for a corpus of about `input_bytes`, which sets how
    /// many partitions its spills have.
    pub fn new(pipeline: &'p Pipeline, sink: S, input_bytes: u64) -> Result<Self> {
        let n = spill::partitions_for(input_bytes);
        Ok(Assembly {
            pipeline,
            sink,
            failures: Vec::new(),
            per_document: Spill::new("findings", 1)?,
            corpus_rules: Vec::new(),
            claims: Spill::new("claims", n)?,
            candidates: Spill::new("panel", n)?,
            counts: Counts::default(),
            batches: 0,
        })
    }

    /// Validates a batch of documents' results and hands its rows to the sink.
    pub fn add(&mut self, results: Vec<DocResult>) -> Result<()>
    where
        S: Send,
    {
        let validating = crate::timing::span("validate");
        let total = |f: &dyn Fn(&DocResult) -> usize| results.iter().map(f).sum::<usize>();
        let mut documents = Vec::with_capacity(results.len());
        let mut records = Vec::with_capacity(total(&|r| r.records.len()));
        let mut skipped = Vec::with_capacity(total(&|r| r.skipped.len()));
        let mut findings = Vec::with_capacity(total(&|r| r.findings.len()));
        for r in results {
            documents.push(r.row);
            records.extend(r.records);
            skipped.extend(r.skipped);
            findings.extend(r.findings);
        }
        let corpus = validate::corpus_rules(
            &records,
            &documents,
            &self.pipeline.quality_rules,
            &self.pipeline.rules,
        );
        self.counts.extracted += records.len();
        let errors: Vec<&Finding> = findings.iter().chain(&corpus).collect();
        let rejected_by = validate::rejections(&records, &errors);
        let batch = Batch::new(records, rejected_by, skipped, documents);
        drop(validating);
        // The sink writes the batch while what the end of the run needs of
        // it is set aside: each is mostly one thread's work.
        let (sink, claims, candidates) = (&mut self.sink, &mut self.claims, &mut self.candidates);
        let (taken, aside) = rayon::join(
            || sink.take(&batch),
            || set_aside(&batch, claims, candidates),
        );
        taken?;
        aside?;
        self.counts.add_kept(batch.kept());
        self.counts.rejected += batch.rejected().count();
        self.counts.skipped += batch.skipped.len();
        self.counts.documents.add(&batch.documents);
        let room = crate::dataset::FAILURES_KEPT - self.failures.len();
        self.failures.extend(
            batch
                .documents
                .iter()
                .filter(|d| d.failed())
                .take(room)
                .cloned(),
        );
        for f in &findings {
            self.per_document.push(0, f)?;
        }
        self.corpus_rules.extend(corpus);
        self.batches += 1;
        if self.batches.is_multiple_of(TRIM_EVERY) {
            crate::memory::release_free_pages();
        }
        Ok(())
    }

    /// Validates the results of a corpus's documents, in corpus order, a
    /// batch at a time (what `zhibiao merge` has read from its parts).
    pub fn add_all(&mut self, mut results: Vec<DocResult>) -> Result<()>
    where
        S: Send,
    {
        let batch = batch_size(self.pipeline, results.len());
        while !results.is_empty() {
            let rest = results.split_off(batch.min(results.len()));
            self.add(std::mem::replace(&mut results, rest))?;
        }
        Ok(())
    }

    /// The conflicts between documents, the sorted findings and the panel:
    /// the sink and the rest of the run. The conflicts and the panel are
    /// worked out side by side: each is mostly one thread's work.
    pub fn finish(mut self) -> Result<(S, Summary)> {
        self.sink.close()?;
        crate::memory::release_free_pages();
        let (conflicts, panel) = rayon::join(
            || conflicts_of(self.claims),
            || panel_of_spill(self.candidates),
        );
        // A panel that cannot be built is a finding, not a lost run.
        let (panel, last) = match panel? {
            Ok(panel) => (panel, Vec::new()),
            Err(e) => (
                Vec::new(),
                vec![Finding {
                    rule: "panel".into(),
                    severity: Severity::Error,
                    record_id: None,
                    doc_id: None,
                    message: format!("cannot build the panel: {e:#}"),
                }],
            ),
        };
        let validating = crate::timing::span("validate: settle");
        let findings = validate::settle(self.per_document, self.corpus_rules, conflicts?, last)?;
        drop(validating);
        let summary = Summary {
            failures: self.failures,
            findings,
            panel,
            counts: self.counts,
        };
        Ok((self.sink, summary))
    }
}

/// Spills what the end of a run needs of a batch: the claim of each record
/// (kept or rejected, in corpus order) and the panel candidates among the
/// kept records, each with what the panel reads of its document.
fn set_aside(
    batch: &Batch,
    claims: &mut Spill<Claim>,
    candidates: &mut Spill<(Candidate, DocumentRow)>,
) -> Result<()> {
    let _span = crate::timing::span("validate: set aside");
    for claim in batch.records.iter().filter_map(Claim::of) {
        let p = spill::partition_of(claim.group(), claims.partitions());
        claims.push(p, &claim)?;
    }
    let facts: HashMap<&str, DocumentRow> = batch
        .documents
        .iter()
        .map(|d| (d.doc_id.as_str(), panel_facts(d)))
        .collect();
    for r in batch.kept().filter(|r| can_make_a_cell(r)) {
        let p = spill::partition_of(cell_of(r), candidates.partitions());
        let document = facts.get(r.doc_id.as_str());
        candidates.push(
            p,
            &(
                Candidate::of(r),
                document.context("a record of no document")?,
            ),
        )?;
    }
    Ok(())
}

/// The conflicts between documents among a run's claims, a partition at a time.
fn conflicts_of(claims: Spill<Claim>) -> Result<Spill<Finding>> {
    let _span = crate::timing::span("validate: cross_document");
    // Set aside as they are found: a corpus of many documents telling the
    // same figures differently can have as many conflicts as records.
    let mut conflicts = Spill::new("conflicts", 1)?;
    claims.for_each_partition(|claims| {
        for f in validate::cross_document(&claims) {
            conflicts.push(0, &f)?;
        }
        Ok(())
    })?;
    Ok(conflicts)
}

/// The panel of a run's candidates, a partition at a time, sorted by cell;
/// the inner result says whether it could be built (the outer, whether the
/// spill could be read).
fn panel_of_spill(candidates: Spill<(Candidate, DocumentRow)>) -> Result<Result<Vec<PanelRow>>> {
    let _span = crate::timing::span("panel");
    let mut panel = Vec::new();
    let mut failed = None;
    candidates.for_each_partition(|candidates| {
        match panel_of_candidates(candidates) {
            Ok(rows) => panel.extend(rows),
            Err(e) => failed = Some(e),
        }
        Ok(())
    })?;
    if let Some(e) = failed {
        return Ok(Err(e));
    }
    // Each partition's cells come sorted; the panel is sorted by cell.
    panel.sort_by(|a, b| a.cell().cmp(&b.cell()));
    Ok(Ok(panel))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_panic_fails_its_document_only() {
        let input = InputFile {
            path: PathBuf::from("corpus/bad.txt"),
            doc_id: "bad".into(),
            readable: true,
            not_read: None,
        };
        let result = guarded(&input, || panic!("a bug in a stage"));
        assert_eq!(result.row.status, "error");
        assert_eq!(result.row.source_file, "bad.txt");
        let message = result.row.message.unwrap();
        assert!(message.contains("a bug in a stage"), "{message}");
        assert!(result.records.is_empty());
    }
}
