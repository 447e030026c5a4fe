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

/// The indicators table as the rules see it: the columns `wanted` names
/// (and `record_id`), plus `unit_in_lexicon`.
fn rule_frame(
    records: &[&Record],
    documents: &[DocumentRow],
    rules: &Rules,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Result<DataFrame> {
    let known: Vec<bool> = records
        .iter()
        .map(|r| r.unit.as_deref().is_none_or(|u| rules.knows_unit(u)))
        .collect();
    let wanted = |name: &str| name == "record_id" || wanted(name);
    with_lexicon_column(
        schema::indicators_columns(records, documents, &wanted).to_df()?,
        known,
    )
}

/// Whether a column is named in one of the rules' predicates: the words of
/// the predicates outside quotes, compared without case. A column a rule
/// does not name is not built (the sentence, the evidence: most of the bytes).
fn named_in(decls: &[RuleDecl]) -> impl Fn(&str) -> bool + Sync {
    let words: std::collections::HashSet<String> = decls
        .iter()
        .flat_map(RuleDecl::words)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    move |name: &str| words.contains(&name.to_ascii_lowercase())
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
    let df = match rule_frame(records, documents, rules, &named_in(decls)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_frame_has_the_columns_its_rules_name() {
        let decl = |when: &str| RuleDecl {
            name: "r".into(),
            severity: Severity::Warning,
            message: "m".into(),
            when: when.into(),
        };
        let named = named_in(&[
            decl("Unit IS NOT NULL AND kind = 'sentence'"),
            decl("value > 2 AND doc_year < period_year"),
        ]);
        for c in ["unit", "kind", "value", "doc_year", "period_year"] {
            assert!(named(c), "{c}");
        }
        // Quoted text is a value, not a column.
        assert!(!named("sentence"));
        assert!(!named("evidence"));
    }
}
