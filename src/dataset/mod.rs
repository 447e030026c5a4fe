//! The dataset: its rows ([`rows`]), one document's rows stored exactly ([`entry`]), the one description of its tables
//! ([`schema`]), reading a published dataset back ([`read`]) and the
//! region × year panel derived from its indicators ([`panel`]).

pub mod entry;
pub mod panel;
pub mod read;
pub mod rows;
pub mod schema;

use std::collections::BTreeMap;

use rows::{DocumentRow, Finding, PanelRow, Record, Skipped};

use crate::rules::quality::Severity;

/// Every row of a dataset: what a run produced, or what a reader loaded.
#[derive(Debug)]
pub struct Dataset {
    pub documents: Vec<DocumentRow>,
    pub indicators: Vec<Record>,
    pub rejected: Vec<(Record, String)>,
    pub skipped: Vec<Skipped>,
    pub findings: Vec<Finding>,
    /// The region × year panel of the coded indicators.
    pub panel: Vec<PanelRow>,
    /// Records extracted before validation.
    pub n_extracted: usize,
}

impl Dataset {
    /// Documents that could not be processed.
    pub fn failed(&self) -> usize {
        self.documents.iter().filter(|d| d.failed()).count()
    }
}

/// How many rows of each record table a run wrote, counted as they were
/// written: a streamed run no longer holds the rows to count them at the end.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// Records extracted before validation.
    pub extracted: usize,
    pub indicators: usize,
    pub rejected: usize,
    pub skipped: usize,
    /// Indicators by `kind`, and by `status`.
    pub by_kind: BTreeMap<String, usize>,
    pub by_status: BTreeMap<String, usize>,
    /// Rows of the `documents` table.
    pub documents: DocumentCounts,
}

/// How many documents a run read, by what happened to them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentCounts {
    pub total: usize,
    pub ok: usize,
    /// With status `error`: could not be processed.
    pub failed: usize,
    pub skipped: usize,
    /// Characters of the cleaned text of all documents.
    pub characters: i64,
}

impl DocumentCounts {
    pub fn add(&mut self, documents: &[DocumentRow]) {
        for d in documents {
            self.total += 1;
            match d.status.as_str() {
                "ok" => self.ok += 1,
                "error" => self.failed += 1,
                "skipped" => self.skipped += 1,
                _ => {}
            }
            self.characters += d.n_chars;
        }
    }
}

impl Counts {
    /// Counts a batch of kept records.
    pub fn add_kept<'a>(&mut self, kept: impl IntoIterator<Item = &'a Record>) {
        let add = |map: &mut BTreeMap<String, usize>, key: &str| match map.get_mut(key) {
            Some(n) => *n += 1,
            None => {
                map.insert(key.to_string(), 1);
            }
        };
        for r in kept {
            self.indicators += 1;
            add(&mut self.by_kind, &r.kind);
            add(&mut self.by_status, &r.status);
        }
    }

    pub fn kind(&self, kind: &str) -> usize {
        self.by_kind.get(kind).copied().unwrap_or(0)
    }

    pub fn status(&self, status: &str) -> usize {
        self.by_status.get(status).copied().unwrap_or(0)
    }
}

/// How many of the documents that could not be processed a run keeps for
/// its messages: the `documents` table has them all, and an archive of many
/// bad files must neither bury the summary nor fill the memory.
pub const FAILURES_KEPT: usize = 20;

/// A dataset without its record rows: what is left once the `indicators`,
/// `rejected` and `skipped` rows have been written (the findings read back
/// from disk as they are written), and what the manifest and the run's
/// summary are made from.
#[derive(Debug, Default)]
pub struct Summary {
    /// The first [`FAILURES_KEPT`] documents that could not be processed
    /// (status `error`), for the run's messages; every document is counted
    /// in `counts` and written to the `documents` table as it came.
    pub failures: Vec<DocumentRow>,
    /// Sorted by document, record, rule and message.
    pub findings: Findings,
    pub panel: Vec<PanelRow>,
    pub counts: Counts,
}

/// A run's findings, in the order of the `findings` table, handed out a
/// block at a time: a run can have as many as it has records (a declared
/// rule may flag every one), so they need not all be in memory at once.
pub struct Findings {
    total: usize,
    errors: usize,
    rows: Box<dyn FindingRows>,
}

/// Where the rows of a [`Findings`] come from.
pub trait FindingRows: Send {
    /// Calls `each` with the findings in order, a block at a time (none for none).
    fn for_each_block(
        &self,
        each: &mut dyn FnMut(&[Finding]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>;
}

impl FindingRows for Vec<Finding> {
    fn for_each_block(
        &self,
        each: &mut dyn FnMut(&[Finding]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        match self.is_empty() {
            true => Ok(()),
            false => each(self),
        }
    }
}

impl Findings {
    /// `total` findings, `errors` of them errors, read from `rows`.
    pub fn new(total: usize, errors: usize, rows: Box<dyn FindingRows>) -> Findings {
        Findings {
            total,
            errors,
            rows,
        }
    }

    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How many have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.total - self.errors,
        }
    }

    /// Calls `each` with the findings in order, a block at a time.
    pub fn for_each_block(
        &self,
        mut each: impl FnMut(&[Finding]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        self.rows.for_each_block(&mut each)
    }

    /// Every finding, in order, in memory.
    pub fn to_vec(&self) -> anyhow::Result<Vec<Finding>> {
        let mut all = Vec::with_capacity(self.total);
        self.for_each_block(|block| {
            all.extend_from_slice(block);
            Ok(())
        })?;
        Ok(all)
    }
}

impl From<Vec<Finding>> for Findings {
    /// Findings already in order.
    fn from(findings: Vec<Finding>) -> Findings {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Findings::new(findings.len(), errors, Box::new(findings))
    }
}

impl Default for Findings {
    fn default() -> Findings {
        Vec::new().into()
    }
}

impl std::fmt::Debug for Findings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Findings")
            .field("total", &self.total)
            .field("errors", &self.errors)
            .finish_non_exhaustive()
    }
}

impl Summary {
    /// Documents that could not be processed.
    pub fn failed(&self) -> usize {
        self.counts.documents.failed
    }
}
