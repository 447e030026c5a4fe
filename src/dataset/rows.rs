//! The rows of the dataset's tables, as the stages make them and a reader
//! gets them back: a record (`indicators`, `rejected`), a skipped numeral,
//! a document, a finding.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::rules::quality::Severity;
use crate::text::sha256_hex;

/// The `rule` of a record that restates the figure right before it (a stretch
/// goal, 增长7%以上、力争8%; a currency conversion, 约合1243亿元人民币): the
/// panel leaves it out, as the figure it restates stands for the fact.
pub const RESTATED_RULE: &str = "restated";

/// One indicator record (see `../shared/spec/INDICATORS.md`). Serialized
/// (for the cache and shard parts, [`super::entry`]) with its floats as bits, so
/// they come back exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub record_id: String,
    pub doc_id: String,
    pub source_file: String,
    pub region: Option<String>,
    pub indicator: Option<String>,
    /// The canonical indicator's code (`gdp`), when the lexicon knows the name.
    pub indicator_code: Option<String>,
    /// The canonical indicator's Chinese name (地区生产总值).
    pub indicator_name: Option<String>,
    pub kind: String,
    #[serde(with = "f64_bits")]
    pub value: f64,
    #[serde(with = "opt_f64_bits")]
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    #[serde(with = "opt_f64_bits")]
    pub value_normalized: Option<f64>,
    pub unit_normalized: Option<String>,
    pub qualifier: String,
    pub status: String,
    pub period_year: Option<i32>,
    pub period: Option<String>,
    pub value_text: String,
    pub char_start: i64,
    pub char_end: i64,
    pub byte_start: i64,
    pub byte_end: i64,
    pub sentence: String,
    pub section: Option<String>,
    pub rule: String,
    /// Which cue decided each field: `field=cue; ...`.
    pub evidence: String,
}

/// One cell of the panel: the figure chosen for a region, year, period,
/// canonical indicator, kind and status, and how many records support it.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelRow {
    pub region: String,
    pub period_year: i32,
    pub period: Option<String>,
    pub indicator_code: String,
    pub indicator_name: Option<String>,
    pub kind: String,
    pub status: String,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: String,
    pub unit: Option<String>,
    pub value_normalized: Option<f64>,
    pub unit_normalized: Option<String>,
    /// The chosen record is an estimate (预计).
    pub estimate: bool,
    /// The chosen record.
    pub record_id: String,
    pub doc_id: String,
    /// Records of the cell.
    pub n_records: i64,
    /// Some record of the cell gives another value than the chosen one.
    pub conflict: bool,
    /// Those records, in document and text order, joined by `;`.
    pub conflict_record_ids: Option<String>,
}

/// A numeral that did not become a record, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    pub doc_id: String,
    pub source_file: String,
    pub text: String,
    pub reason: String,
    pub char_start: i64,
    pub char_end: i64,
    pub byte_start: i64,
    pub byte_end: i64,
    pub sentence: String,
}

/// The stable id of a record: a hash of its document and raw span.
pub fn record_id(doc_id: &str, start: usize, end: usize) -> String {
    sha256_hex(format!("{doc_id}:{start}:{end}").as_bytes())[..16].to_string()
}

/// One input document and what happened to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub doc_id: String,
    pub source_file: String,
    /// The path as found (for messages and the manifest).
    pub path: PathBuf,
    pub sha256: Option<String>,
    pub bytes: Option<i64>,
    pub encoding: Option<String>,
    pub title: Option<String>,
    pub title_source: String,
    pub date: Option<String>,
    pub date_source: String,
    pub year: Option<i32>,
    pub region: Option<String>,
    pub region_source: String,
    /// `work_report`, `communique`, `news` or `other`; null when the document was not read.
    pub doc_type: Option<String>,
    /// `ok`, `error` or `skipped`.
    pub status: String,
    pub message: Option<String>,
    pub n_indicators: i64,
    pub n_skipped: i64,
    pub n_chars: i64,
}

impl DocumentRow {
    /// Whether the document could not be processed (status `error`).
    pub fn failed(&self) -> bool {
        self.status == "error"
    }
}

/// One thing a rule found.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub record_id: Option<String>,
    pub doc_id: Option<String>,
    pub message: String,
}

impl Finding {
    /// A finding about one record.
    pub fn on_record(rule: &str, severity: Severity, r: &Record, message: String) -> Finding {
        Finding {
            rule: rule.into(),
            severity,
            record_id: Some(r.record_id.clone()),
            doc_id: Some(r.doc_id.clone()),
            message,
        }
    }
}

/// An `f64` as its IEEE bits, so that a serialized record reads back exactly.
mod f64_bits {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(v.to_bits())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        u64::deserialize(d).map(f64::from_bits)
    }
}

/// An optional `f64` as its IEEE bits.
mod opt_f64_bits {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(x) => s.serialize_some(&x.to_bits()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<u64>::deserialize(d).map(|o| o.map(f64::from_bits))
    }
}
