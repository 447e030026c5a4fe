//! Stage 4, validate: checks every record — its provenance against the raw
//! file, its enumerations, duplicate spans, the same figure reported
//! differently by two documents — and runs the declared data-quality rules
//! (polars SQL predicates over the indicators table). An error keeps a record
//! out of `indicators`; a warning keeps it.
//!
//! In two halves: what one document's records show alone
//! ([`document_checks`], [`record_rules`]), done once per document and kept
//! with its results, and the cross-document half ([`validate_corpus`]) done
//! over the whole corpus on every run.

pub mod checks;
pub mod published;
pub mod quality;
pub mod settle;

use std::collections::HashMap;

use serde::Deserialize;

pub use checks::{cross_document, Claim};
use checks::{duplicate_spans, enumerations, provenance};
use quality::{run_rules, run_rules_on};
pub use settle::settle;

use crate::dataset::rows::{DocumentRow, Finding, Record};
use crate::rules::quality::{RuleDecl, Severity};
use crate::rules::Rules;
use crate::stages::decode::Decoded;

/// `[validate]`: data-quality rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ValidateConfig {
    /// Use the embedded default rules (before `rules`).
    pub default_rules: bool,
    /// Rules added by the user.
    pub rules: Vec<RuleDecl>,
}

impl Default for ValidateConfig {
    fn default() -> Self {
        ValidateConfig {
            default_rules: true,
            rules: Vec::new(),
        }
    }
}

/// The checks of one document's records that need no other document: each
/// record's spans against the raw file (`bytes`, decoded as `decoded`), its
/// enumerations, and spans two of its records share. Run right after extract,
/// while the bytes are in memory; the findings are kept with the document
/// (a cache entry, a shard part), so an unchanged document is not checked again.
pub fn document_checks(records: &[Record], bytes: &[u8], decoded: &Decoded) -> Vec<Finding> {
    if records.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = decoded.text.chars().collect();
    let mut findings = provenance(records, &chars, bytes, decoded.encoding);
    findings.extend(enumerations(records));
    findings.extend(duplicate_spans(records));
    findings
}

/// The declared rules that look at one record at a time
/// ([`RuleDecl::is_row_local`]), over the records of some documents at once
/// (one polars frame); each finding concerns the document of its record.
pub fn record_rules(
    records: &[&Record],
    documents: &[DocumentRow],
    quality_rules: &[RuleDecl],
    rules: &Rules,
) -> Vec<Finding> {
    run_rules_on(records, documents, &row_local(quality_rules, true), rules)
}

/// The declared rules that are not row-local (they compare records, e.g.
/// `value > AVG(value)`), over the records of a whole corpus. A run with such
/// rules takes its corpus as one batch, so that they see every record.
pub fn corpus_rules(
    records: &[Record],
    documents: &[DocumentRow],
    quality_rules: &[RuleDecl],
    rules: &Rules,
) -> Vec<Finding> {
    let corpus_rules = row_local(quality_rules, false);
    if corpus_rules.is_empty() {
        return Vec::new();
    }
    run_rules(records, documents, &corpus_rules, rules)
}

/// The declared rules that are row-local ([`RuleDecl::is_row_local`]), or those that are not.
fn row_local(quality_rules: &[RuleDecl], local: bool) -> Vec<RuleDecl> {
    quality_rules
        .iter()
        .filter(|d| d.is_row_local() == local)
        .cloned()
        .collect()
}

/// For each record, the rules of the errors found on it, sorted and joined
/// by commas (`findings` may hold findings on other records too): `None`
/// keeps the record, anything else rejects it.
pub fn rejections(records: &[Record], findings: &[&Finding]) -> Vec<Option<String>> {
    let mut errors: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        if let Some(id) = &f.record_id {
            errors.entry(id.as_str()).or_default().push(f.rule.as_str());
        }
    }
    records
        .iter()
        .map(|r| {
            errors.get(r.record_id.as_str()).map(|rules| {
                let mut rules = rules.clone();
                rules.sort_unstable();
                rules.dedup();
                rules.join(",")
            })
        })
        .collect()
}
