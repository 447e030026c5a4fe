//! Stage 4, validate: checks every record — its provenance against the raw
//! file, its enumerations, duplicate spans, the same figure reported
//! differently by two documents — and runs the declared data-quality rules
//! (polars SQL predicates over the indicators table). An error keeps a record
//! out of `indicators`; a warning keeps it.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use polars::prelude::*;
use polars::sql::SQLContext;
use serde::Deserialize;

use crate::config::{Pipeline, RuleDecl, Severity};
use crate::export::{self, KINDS, QUALIFIERS, STATUSES};
use crate::extract::Record;
use crate::pipeline::DocumentRow;
use crate::rules::Rules;

const QUALITY_RULES: &str = include_str!("rules/quality.toml");

/// One thing a rule found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub record_id: Option<String>,
    pub doc_id: Option<String>,
    pub message: String,
}

/// Records split by validation.
#[derive(Debug)]
pub struct Validated {
    pub kept: Vec<Record>,
    pub rejected: Vec<(Record, String)>,
    pub findings: Vec<Finding>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualityFile {
    rules: Vec<RuleDecl>,
}

/// The embedded default data-quality rules.
pub fn default_rules() -> Vec<RuleDecl> {
    toml::from_str::<QualityFile>(QUALITY_RULES)
        .expect("embedded quality rules are valid")
        .rules
}

/// Runs a rule on an empty table to check that its SQL parses and its columns exist.
pub fn check_rule_syntax(rule: &RuleDecl) -> Result<(), String> {
    let df = export::indicators_table(&[], &[])
        .to_df()
        .and_then(|df| with_lexicon_column(df, Vec::new()))
        .map_err(|e| e.to_string())?;
    matching_ids(&df, &rule.when)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The indicators table as the rules see it: its columns plus `unit_in_lexicon`.
pub fn rule_frame(
    records: &[Record],
    documents: &[DocumentRow],
    rules: &Rules,
) -> Result<DataFrame> {
    let known: Vec<bool> = records
        .iter()
        .map(|r| r.unit.as_deref().is_none_or(|u| rules.knows_unit(u)))
        .collect();
    with_lexicon_column(export::indicators_table(records, documents).to_df()?, known)
}

fn with_lexicon_column(mut df: DataFrame, known: Vec<bool>) -> Result<DataFrame> {
    df.with_column(Column::new("unit_in_lexicon".into(), known))?;
    Ok(df)
}

/// The `record_id`s of the rows of `df` where the SQL predicate `when` holds.
pub fn matching_ids(df: &DataFrame, when: &str) -> Result<Vec<String>> {
    let mut ctx = SQLContext::new();
    ctx.register("indicators", df.clone().lazy());
    let out = ctx
        .execute(&format!("SELECT record_id FROM indicators WHERE {when}"))?
        .collect()?;
    let col = out.column("record_id")?.str()?.clone();
    Ok(col.iter().flatten().map(str::to_string).collect())
}

/// Checks the records of a run.
pub fn validate(records: Vec<Record>, documents: &[DocumentRow], pipeline: &Pipeline) -> Validated {
    let mut findings = Vec::new();
    findings.extend(provenance(&records, documents));
    findings.extend(enumerations(&records));
    findings.extend(duplicate_spans(&records));
    findings.extend(run_rules(
        &records,
        documents,
        &pipeline.quality_rules,
        &pipeline.rules,
    ));
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

fn finding(rule: &str, severity: Severity, r: &Record, message: String) -> Finding {
    Finding {
        rule: rule.into(),
        severity,
        record_id: Some(r.record_id.clone()),
        doc_id: Some(r.doc_id.clone()),
        message,
    }
}

/// Each record's span must give back its `value_text` from the raw file, by characters and by bytes.
pub fn provenance(records: &[Record], documents: &[DocumentRow]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut by_doc: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        by_doc.entry(r.doc_id.as_str()).or_default().push(r);
    }
    for (doc_id, recs) in by_doc {
        let Some(doc) = documents.iter().find(|d| d.doc_id == doc_id) else {
            for r in recs {
                out.push(finding(
                    "provenance",
                    Severity::Error,
                    r,
                    format!("document {doc_id} is not in the documents table"),
                ));
            }
            continue;
        };
        let bytes = std::fs::read(&doc.path).ok();
        let decoded = bytes.as_deref().and_then(|b| crate::decode::decode(b).ok());
        let (Some(bytes), Some(decoded)) = (bytes, decoded) else {
            for r in recs {
                out.push(finding(
                    "provenance",
                    Severity::Error,
                    r,
                    format!("cannot re-read {}", doc.path.display()),
                ));
            }
            continue;
        };
        let chars: Vec<char> = decoded.text.chars().collect();
        for r in recs {
            if let Some(problem) = span_problem(r, &chars, &bytes) {
                out.push(finding("provenance", Severity::Error, r, problem));
            }
        }
    }
    out
}

/// What is wrong with a record's spans, if anything.
pub fn span_problem(r: &Record, chars: &[char], bytes: &[u8]) -> Option<String> {
    let (cs, ce) = (r.char_start as usize, r.char_end as usize);
    let (bs, be) = (r.byte_start as usize, r.byte_end as usize);
    if r.char_start < 0 || cs >= ce || ce > chars.len() {
        return Some(format!(
            "char span [{cs}, {ce}) is outside the text ({} characters)",
            chars.len()
        ));
    }
    let by_char: String = chars[cs..ce].iter().collect();
    if by_char != r.value_text {
        return Some(format!(
            "raw text at [{cs}, {ce}) is {by_char:?}, not value_text {:?}",
            r.value_text
        ));
    }
    if r.byte_start < 0 || bs >= be || be > bytes.len() {
        return Some(format!(
            "byte span [{bs}, {be}) is outside the file ({} bytes)",
            bytes.len()
        ));
    }
    let raw = &bytes[bs..be];
    let same = match std::str::from_utf8(raw) {
        Ok(s) => s == r.value_text,
        Err(_) => crate::decode::decode(raw)
            .map(|d| d.text == r.value_text)
            .unwrap_or(false),
    };
    (!same).then(|| {
        format!(
            "raw bytes at [{bs}, {be}) do not decode to value_text {:?}",
            r.value_text
        )
    })
}

fn enumerations(records: &[Record]) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in records {
        for (name, value, allowed) in [
            ("kind", &r.kind, KINDS),
            ("qualifier", &r.qualifier, QUALIFIERS),
            ("status", &r.status, STATUSES),
        ] {
            if !allowed.contains(&value.as_str()) {
                out.push(finding(
                    "enum_value",
                    Severity::Error,
                    r,
                    format!("{name} {value:?} is not one of {allowed:?}"),
                ));
            }
        }
    }
    out
}

fn duplicate_spans(records: &[Record]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut by_doc: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        by_doc.entry(r.doc_id.as_str()).or_default().push(r);
    }
    for recs in by_doc.values_mut() {
        recs.sort_by_key(|r| (r.char_start, r.char_end));
        for w in recs.windows(2) {
            if w[1].char_start < w[0].char_end {
                out.push(finding(
                    "duplicate_span",
                    Severity::Error,
                    w[1],
                    format!(
                        "span overlaps record {} ({:?})",
                        w[0].record_id, w[0].value_text
                    ),
                ));
            }
        }
    }
    out
}

/// Runs the declared rules over the records.
pub fn run_rules(
    records: &[Record],
    documents: &[DocumentRow],
    decls: &[RuleDecl],
    rules: &Rules,
) -> Vec<Finding> {
    let df = match rule_frame(records, documents, rules) {
        Ok(df) => df,
        Err(e) => {
            return vec![Finding {
                rule: "rules".into(),
                severity: Severity::Error,
                record_id: None,
                doc_id: None,
                message: format!("cannot build the rule table: {e}"),
            }]
        }
    };
    let by_id: HashMap<&str, &Record> = records.iter().map(|r| (r.record_id.as_str(), r)).collect();
    let mut out = Vec::new();
    for d in decls {
        match matching_ids(&df, &d.when) {
            Ok(ids) => {
                for id in ids {
                    if let Some(r) = by_id.get(id.as_str()) {
                        out.push(finding(
                            &d.name,
                            d.severity,
                            r,
                            format!(
                                "{} ({}: {:?})",
                                d.message,
                                r.indicator.as_deref().unwrap_or("-"),
                                r.value_text
                            ),
                        ));
                    }
                }
            }
            Err(e) => out.push(Finding {
                rule: d.name.clone(),
                severity: Severity::Error,
                record_id: None,
                doc_id: None,
                message: format!("the rule could not run: {e}"),
            }),
        }
    }
    out
}

/// Indicator, region, period year, period, status, kind and unit.
type ConflictKey = (String, String, Option<i32>, String, String, String, String);

/// The same indicator, region, period and status given different values by different documents.
pub fn cross_document(records: &[Record]) -> Vec<Finding> {
    let mut groups: BTreeMap<ConflictKey, Vec<&Record>> = BTreeMap::new();
    for r in records {
        let (Some(ind), Some(region), Some(_)) = (&r.indicator, &r.region, r.period_year) else {
            continue;
        };
        let key = (
            ind.clone(),
            region.clone(),
            r.period_year,
            r.period.clone().unwrap_or_default(),
            r.status.clone(),
            r.kind.clone(),
            r.unit.clone().unwrap_or_default(),
        );
        groups.entry(key).or_default().push(r);
    }
    let mut out = Vec::new();
    for recs in groups.values() {
        for (i, a) in recs.iter().enumerate() {
            if let Some(b) = recs[i + 1..]
                .iter()
                .find(|b| b.doc_id != a.doc_id && b.value != a.value && b.qualifier == a.qualifier)
            {
                out.push(finding(
                    "cross_document_conflict",
                    Severity::Warning,
                    b,
                    format!(
                        "{} {} {:?}: {} in {} (record {}) but {} in {} (record {})",
                        a.region.as_deref().unwrap_or(""),
                        a.indicator.as_deref().unwrap_or(""),
                        a.period_year,
                        a.value_text,
                        a.doc_id,
                        a.record_id,
                        b.value_text,
                        b.doc_id,
                        b.record_id
                    ),
                ));
                break;
            }
        }
    }
    out
}
