//! The engine of the declared data-quality rules: each rule's SQL predicate
//! runs over the indicators table (plus `doc_year` and `unit_in_lexicon`)
//! with polars SQL; the rows where it holds are findings.

use std::collections::HashMap;

use anyhow::Result;
use polars::prelude::*;
use polars::sql::SQLContext;

use crate::dataset::rows::{DocumentRow, Finding, Record};
use crate::dataset::schema;
use crate::rules::quality::{RuleDecl, Severity};
use crate::rules::Rules;

/// Runs a rule on an empty table to check that its SQL parses and its columns exist.
pub fn check_rule_syntax(rule: &RuleDecl) -> Result<(), String> {
    let df = schema::indicators_table(&[], &[])
        .to_df()
        .and_then(|df| with_lexicon_column(df, Vec::new()))
        .map_err(|e| e.to_string())?;
    matching_ids(&df, &rule.when)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The indicators table as the rules see it: its columns plus `unit_in_lexicon`.
pub fn rule_frame(
    records: &[&Record],
    documents: &[DocumentRow],
    rules: &Rules,
) -> Result<DataFrame> {
    let known: Vec<bool> = records
        .iter()
        .map(|r| r.unit.as_deref().is_none_or(|u| rules.knows_unit(u)))
        .collect();
    with_lexicon_column(
        schema::indicators_table_of(records, documents).to_df()?,
        known,
    )
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

/// Runs the declared rules over the records.
pub fn run_rules(
    records: &[Record],
    documents: &[DocumentRow],
    decls: &[RuleDecl],
    rules: &Rules,
) -> Vec<Finding> {
    let refs: Vec<&Record> = records.iter().collect();
    run_rules_on(&refs, documents, decls, rules)
}

/// Runs the declared rules over the records (borrowed from wherever they are).
pub fn run_rules_on(
    records: &[&Record],
    documents: &[DocumentRow],
    decls: &[RuleDecl],
    rules: &Rules,
) -> Vec<Finding> {
    if decls.is_empty() || records.is_empty() {
        return Vec::new();
    }
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
    let by_id: HashMap<&str, &Record> =
        records.iter().map(|r| (r.record_id.as_str(), *r)).collect();
    let mut out = Vec::new();
    for d in decls {
        match matching_ids(&df, &d.when) {
            Ok(ids) => {
                for id in ids {
                    if let Some(r) = by_id.get(id.as_str()) {
                        out.push(Finding::on_record(
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
