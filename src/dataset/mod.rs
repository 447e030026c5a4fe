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

/// A dataset without its record rows: what is left in memory once the
/// `indicators`, `rejected` and `skipped` rows have been written, and what the
/// manifest and the run's summary are made from.
#[derive(Debug, Default)]
pub struct Summary {
    /// The documents that could not be processed (status `error`); the
    /// others are counted in `counts` and written as they came.
    pub failures: Vec<DocumentRow>,
    /// Sorted by document, record, rule and message.
    pub findings: Vec<Finding>,
    pub panel: Vec<PanelRow>,
    pub counts: Counts,
}

impl Summary {
    /// Documents that could not be processed.
    pub fn failed(&self) -> usize {
        self.counts.documents.failed
    }
}
