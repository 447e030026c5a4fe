//! Stage 4, validate: checks every record — its provenance against the raw
//! file, its enumerations, duplicate spans, the same figure reported
//! differently by two documents — and runs the declared data-quality rules
//! (polars SQL predicates over the indicators table). An error keeps a record
//! out of `indicators`; a warning keeps it.

pub mod checks;
pub mod published;
pub mod quality;

use std::collections::HashMap;

use serde::Deserialize;

use checks::{cross_document, duplicate_spans, enumerations, provenance};
use quality::run_rules;

use crate::dataset::rows::{DocumentRow, Finding, Record};
use crate::rules::quality::{RuleDecl, Severity};
use crate::rules::Rules;

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

/// Records split by validation.
#[derive(Debug)]
pub struct Validated {
    pub kept: Vec<Record>,
    pub rejected: Vec<(Record, String)>,
    pub findings: Vec<Finding>,
}

/// Checks the records of a run.
pub fn validate(
    records: Vec<Record>,
    documents: &[DocumentRow],
    quality_rules: &[RuleDecl],
    rules: &Rules,
) -> Validated {
    let mut findings = Vec::new();
    findings.extend(provenance(&records, documents));
    findings.extend(enumerations(&records));
    findings.extend(duplicate_spans(&records));
    findings.extend(run_rules(&records, documents, quality_rules, rules));
    findings.extend(cross_document(&records));
    split(records, findings)
}

/// Splits records by the errors found on them; findings come out sorted.
pub fn split(records: Vec<Record>, mut findings: Vec<Finding>) -> Validated {
    findings.sort_by(|a, b| {
        (&a.doc_id, &a.record_id, &a.rule, &a.message).cmp(&(
            &b.doc_id,
            &b.record_id,
            &b.rule,
            &b.message,
        ))
    });
    let mut errors: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        if let Some(id) = &f.record_id {
            errors.entry(id.as_str()).or_default().push(f.rule.as_str());
        }
    }
    let mut kept = Vec::new();
    let mut rejected = Vec::new();
    for r in records {
        match errors.get(r.record_id.as_str()) {
            Some(rules) => {
                let mut rules = rules.clone();
                rules.dedup();
                rejected.push((r, rules.join(",")));
            }
            None => kept.push(r),
        }
    }
    Validated {
        kept,
        rejected,
        findings,
    }
}
