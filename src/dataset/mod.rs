//! The dataset: its rows ([`rows`]), one document's rows stored exactly ([`entry`]), the one description of its tables
//! ([`schema`]), reading a published dataset back ([`read`]) and the
//! region × year panel derived from its indicators ([`panel`]).

pub mod entry;
pub mod panel;
pub mod read;
pub mod rows;
pub mod schema;

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
        self.documents
            .iter()
            .filter(|d| d.status == "error")
            .count()
    }
}
