//! The panel: one row per (region, period_year, period, indicator_code,
//! kind, status) of the coded indicators, with the figure of the record the
//! choice rule prefers (`schema::PANEL_CHOICE_RULE`, words in
//! `src/rules/panel.toml`), how many records support the cell and whether
//! they disagree. Built with polars from the `indicators` and `documents`
//! tables — those of a run, or those of a published dataset read back — so
//! `zhibiao panel DIR` and `zhibiao validate DIR` get the panel the run wrote.

use std::collections::HashMap;

use anyhow::{anyhow, Result};
use polars::prelude::*;

use super::read::{f64s, i32s, i64s, strings};
use super::rows::{DocumentRow, PanelRow, Record, RESTATED_RULE};
use super::schema::{documents_table, indicators_table_of};
use crate::rules::panel::{PanelRules, PANEL_RULES};

/// The key of a cell, in the order the panel is sorted by.
const KEY: [&str; 6] = [
    "region",
    "period_year",
    "period",
    "indicator_code",
    "kind",
    "status",
];

/// The panel of a run's records and documents. Only the records that can
/// make a cell (a code, a region and a year; about one in seven) are put in
/// the table: [`build`] would drop the others before ranking anyway.
pub fn panel_of(indicators: &[Record], documents: &[DocumentRow]) -> Result<Vec<PanelRow>> {
    let complete: Vec<&Record> = indicators.iter().filter(|r| can_make_a_cell(r)).collect();
    if complete.is_empty() {
        return Ok(Vec::new());
    }
    let t = crate::timing::span("panel: tables");
    let (i, d) = (
        indicators_table_of(&complete, documents).to_df()?,
        documents_table(documents).to_df()?,
    );
    drop(t);
    build(&i, &d)
}

/// Whether a record can make a panel cell: a code, a region and a year, and
/// no restatement of the figure before it ([`RESTATED_RULE`]).
pub fn can_make_a_cell(r: &Record) -> bool {
    r.indicator_code.is_some()
        && r.region.is_some()
        && r.period_year.is_some()
        && r.rule != RESTATED_RULE
}

/// A cell's key, the columns of `KEY` in their order: what a cell's records
/// share and what the cells are sorted by.
pub type Cell<'a> = (&'a str, i32, Option<&'a str>, &'a str, &'a str, &'a str);

/// The cell of a record that [`can_make_a_cell`].
pub fn cell_of(r: &Record) -> Cell<'_> {
    (
        r.region.as_deref().unwrap_or(""),
        r.period_year.unwrap_or(0),
        r.period.as_deref(),
        r.indicator_code.as_deref().unwrap_or(""),
        &r.kind,
        &r.status,
    )
}

impl PanelRow {
    /// The row's cell.
    pub fn cell(&self) -> Cell<'_> {
        (
            &self.region,
            self.period_year,
            self.period.as_deref(),
            &self.indicator_code,
            &self.kind,
            &self.status,
        )
    }
}

/// What the panel reads of a document — its id, year, region and type —
/// with the rest left empty: a run keeps this of every document until its
/// end, not the whole row.
pub fn panel_facts(d: &DocumentRow) -> DocumentRow {
    DocumentRow {
        doc_id: d.doc_id.clone(),
        source_file: String::new(),
        path: std::path::PathBuf::new(),
        sha256: None,
        bytes: None,
        encoding: None,
        title: None,
        title_source: String::new(),
        date: None,
        date_source: String::new(),
        year: d.year,
        region: d.region.clone(),
        region_source: String::new(),
        doc_type: d.doc_type.clone(),
        status: String::new(),
        message: None,
        n_indicators: 0,
        n_skipped: 0,
        n_chars: 0,
    }
}

/// What the panel reads of a record that [`can_make_a_cell`]: a run sets
/// this aside until its end, not the whole record (its evidence, the
/// longest of its texts, its file name, rule and byte offsets stay behind).
/// A record's candidate borrows its text (`Candidate<&str>`, what a run
/// spills); what is read back owns it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Candidate<S = String> {
    record_id: S,
    doc_id: S,
    region: Option<S>,
    indicator_code: Option<S>,
    indicator_name: Option<S>,
    kind: S,
    value: f64,
    value_max: Option<f64>,
    unit: Option<S>,
    value_normalized: Option<f64>,
    unit_normalized: Option<S>,
    qualifier: S,
    status: S,
    period_year: Option<i32>,
    period: Option<S>,
    value_text: S,
    char_start: i64,
    sentence: S,
    section: Option<S>,
}

impl<'r> Candidate<&'r str> {
    /// The candidate of a record, borrowing its text.
    pub fn of(r: &'r Record) -> Candidate<&'r str> {
        Candidate {
            record_id: &r.record_id,
            doc_id: &r.doc_id,
            region: r.region.as_deref(),
            indicator_code: r.indicator_code.as_deref(),
            indicator_name: r.indicator_name.as_deref(),
            kind: &r.kind,
            value: r.value,
            value_max: r.value_max,
            unit: r.unit.as_deref(),
            value_normalized: r.value_normalized,
            unit_normalized: r.unit_normalized.as_deref(),
            qualifier: &r.qualifier,
            status: &r.status,
            period_year: r.period_year,
            period: r.period.as_deref(),
            value_text: &r.value_text,
            char_start: r.char_start,
            sentence: &r.sentence,
            section: r.section.as_deref(),
        }
    }
}

impl From<Candidate> for Record {
    /// The record again, with what its candidate left behind empty: [`build`]
    /// does not read it.
    fn from(c: Candidate) -> Record {
        Record {
            record_id: c.record_id,
            doc_id: c.doc_id,
            source_file: String::new(),
            region: c.region,
            indicator: None,
            indicator_code: c.indicator_code,
            indicator_name: c.indicator_name,
            kind: c.kind,
            value: c.value,
            value_max: c.value_max,
            unit: c.unit,
            value_normalized: c.value_normalized,
            unit_normalized: c.unit_normalized,
            qualifier: c.qualifier,
            status: c.status,
            period_year: c.period_year,
            period: c.period,
            value_text: c.value_text,
            char_start: c.char_start,
            char_end: 0,
            byte_start: 0,
            byte_end: 0,
            sentence: c.sentence,
            section: c.section,
            rule: String::new(),
            evidence: String::new(),
        }
    }
}

/// The panel of some records' candidates, each given with what the panel
/// reads of its document ([`panel_facts`]): a run's partition of them.
pub fn panel_of_candidates(candidates: Vec<(Candidate, DocumentRow)>) -> Result<Vec<PanelRow>> {
    let mut documents: Vec<DocumentRow> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut records = Vec::with_capacity(candidates.len());
    for (candidate, document) in candidates {
        if seen.insert(document.doc_id.clone()) {
            documents.push(document);
        }
        records.push(Record::from(candidate));
    }
    panel_of(&records, &documents)
}

/// The panel of an `indicators` table and its `documents` table.
pub fn build(indicators: &DataFrame, documents: &DataFrame) -> Result<Vec<PanelRow>> {
    let t = crate::timing::span("panel: rank columns");
    let ranked = with_rank_columns(indicators, documents, &PANEL_RULES)?;
    drop(t);
    let t = crate::timing::span("panel: choose");
    let cells = choose(ranked)?;
    drop(t);
    let _t = crate::timing::span("panel: rows");
    rows_from_df(&cells)
}

/// The indicators that can make a cell, with the columns the choice rule
/// ranks them by: `own`, `official`, `estimate`, `headline` (a place: 0 is
/// best), `precise`; and those conflicts are judged by: `vkey` (the value as
/// compared), `low` and `high` (the normalised ends) and `base` (the base unit).
fn with_rank_columns(
    indicators: &DataFrame,
    documents: &DataFrame,
    rules: &PanelRules,
) -> Result<DataFrame> {
    let text = |n: &str| strs(indicators, n);
    let (region, doc_id, status) = (text("region")?, text("doc_id")?, text("status")?);
    let (sentence, section, value_text) =
        (text("sentence")?, text("section")?, text("value_text")?);
    let (value, value_normalized, value_max) = (
        f64s(indicators, "value")?,
        f64s(indicators, "value_normalized")?,
        f64s(indicators, "value_max")?,
    );
    let (unit_normalized, qualifier) = (text("unit_normalized")?, text("qualifier")?);
    let docs = document_facts(documents, rules)?;
    let n = indicators.height();
    let mut own = Vec::with_capacity(n);
    let mut official = Vec::with_capacity(n);
    let mut estimate = Vec::with_capacity(n);
    let mut headline = Vec::with_capacity(n);
    let mut precise = Vec::with_capacity(n);
    let mut vkey = Vec::with_capacity(n);
    let mut ends = Vec::with_capacity(n);
    for i in 0..n {
        let doc = doc_id[i].and_then(|d| docs.get(d));
        own.push(doc.is_some_and(|(r, _)| r.is_some() && r.as_deref() == region[i]));
        official.push(doc.is_some_and(|(_, o)| *o));
        let sentence = sentence[i].unwrap_or("");
        estimate.push(is_estimate(
            sentence,
            value_text[i].unwrap_or(""),
            &rules.estimate_cues,
        ));
        headline.push(headline_place(
            status[i],
            sentence,
            section[i].unwrap_or(""),
            rules,
        ));
        precise.push(matches!(qualifier[i], Some("exact" | "range")));
        vkey.push(value_key(
            value[i],
            value_normalized[i],
            value_max[i],
            unit_normalized[i],
        ));
        ends.push(normalized_ends(value[i], value_normalized[i], value_max[i]));
    }
    let mut df = indicators.select([
        "record_id",
        "doc_id",
        "region",
        "indicator_code",
        "indicator_name",
        "kind",
        "value",
        "value_max",
        "unit",
        "value_normalized",
        "unit_normalized",
        "qualifier",
        "status",
        "period_year",
        "period",
        "char_start",
        "rule",
    ])?;
    for (name, v) in [
        ("own", own),
        ("official", official),
        ("estimate", estimate),
        ("precise", precise),
    ] {
        df.with_column(Column::new(name.into(), v))?;
    }
    df.with_column(Column::new("headline".into(), headline))?;
    df.with_column(Column::new("vkey".into(), vkey))?;
    let (low, high): (Vec<f64>, Vec<f64>) = ends.into_iter().unzip();
    df.with_column(Column::new("low".into(), low))?;
    df.with_column(Column::new("high".into(), high))?;
    let base: Vec<&str> = unit_normalized
        .into_iter()
        .map(|u| u.unwrap_or(""))
        .collect();
    df.with_column(Column::new("base".into(), base))?;
    Ok(df)
}

/// Where a record stands among the statements of its cell (0 is best). A
/// target: in the main-targets sentence (0), elsewhere (1), in the review
/// section (2: a restatement of last year's plan, or a mislabelled actual).
/// An actual: in the review section (0), elsewhere (1).
fn headline_place(status: Option<&str>, sentence: &str, section: &str, rules: &PanelRules) -> i32 {
    let in_review = contains_any(section, &rules.headline_actual_sections);
    match status {
        Some("target") if contains_any(sentence, &rules.headline_target_sentences) => 0,
        Some("target") => 1 + i32::from(in_review),
        _ => i32::from(!in_review),
    }
}

/// Per document: its region, and whether it is a work report or a
/// communiqué (its `doc_type` is one of the rule's `official_doc_types`).
fn document_facts(
    documents: &DataFrame,
    rules: &PanelRules,
) -> Result<HashMap<String, (Option<String>, bool)>> {
    let (ids, regions, types) = (
        strings(documents, "doc_id")?,
        strings(documents, "region")?,
        strings(documents, "doc_type")?,
    );
    Ok(ids
        .into_iter()
        .zip(regions)
        .zip(types)
        .filter_map(|((id, region), doc_type)| {
            let official = doc_type
                .as_deref()
                .is_some_and(|t| rules.official_doc_types.iter().any(|o| o == t));
            Some((id?, (region, official)))
        })
        .collect())
}

/// Ranks each cell's records and keeps the first, with the cell's counts.
fn choose(ranked: DataFrame) -> Result<DataFrame> {
    let key: Vec<Expr> = KEY.iter().map(|k| col(*k)).collect();
    let mut order = key.clone();
    order.extend(
        [
            "own",
            "official",
            "estimate",
            "headline",
            "precise",
            "doc_id",
            "char_start",
        ]
        .iter()
        .map(|c| col(*c)),
    );
    // Descending: own, official and precise (true first); ascending: the rest.
    let descending = [
        false, false, false, false, false, false, true, true, false, false, true, false, false,
    ];
    let differs = disagrees();
    let mut aggs: Vec<Expr> = [
        "indicator_name",
        "value",
        "value_max",
        "qualifier",
        "unit",
        "value_normalized",
        "unit_normalized",
        "estimate",
        "record_id",
        "doc_id",
    ]
    .iter()
    .map(|c| col(*c).first())
    .collect();
    aggs.push(len().cast(DataType::Int64).alias("n_records"));
    aggs.push(differs.clone().any(false).alias("conflict"));
    for c in ["record_id", "doc_id", "char_start"] {
        aggs.push(
            col(c)
                .filter(differs.clone())
                .alias(format!("conflict_{c}")),
        );
    }
    let complete = col("indicator_code")
        .is_not_null()
        .and(col("region").is_not_null())
        .and(col("period_year").is_not_null())
        .and(col("rule").neq(lit(RESTATED_RULE)));
    Ok(ranked
        .lazy()
        .filter(complete)
        .sort_by_exprs(
            order,
            SortMultipleOptions::default()
                .with_order_descending_multi(descending)
                .with_maintain_order(true),
        )
        .group_by_stable(key.clone())
        .agg(aggs)
        .sort_by_exprs(
            key,
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?)
}

/// Within a cell whose first record is the chosen one: true for a record
/// that gives another value. A bound the chosen figure satisfies does not
/// (突破5万 beside 达到5.28万元: 5.28万元 is more than 5万), nor does a unit
/// without a base (5万) beside the same number in one with a base.
fn disagrees() -> Expr {
    let first = |c: &str| col(c).first();
    let same = col("vkey").eq(first("vkey"));
    let same_base = col("base")
        .eq(first("base"))
        .or(col("base").eq(lit("")))
        .or(first("base").eq(lit("")));
    let chosen_fixed = first("qualifier")
        .eq(lit("exact"))
        .or(first("qualifier").eq(lit("range")));
    let q = |name: &str| col("qualifier").eq(lit(name.to_string()));
    let satisfied = (q("gte").and(first("low").gt_eq(col("low"))))
        .or(q("gt").and(first("low").gt(col("low"))))
        .or(q("lte").and(first("high").lt_eq(col("low"))))
        .or(q("lt").and(first("high").lt(col("low"))));
    let bound_kept = same_base.and(chosen_fixed).and(satisfied);
    same.or(bound_kept).not()
}

/// The cells as rows: the conflicting records joined in document and text order.
fn rows_from_df(df: &DataFrame) -> Result<Vec<PanelRow>> {
    let text = |n: &str| strings(df, n);
    let required = |v: Vec<Option<String>>, n: &str| -> Result<Vec<String>> {
        v.into_iter()
            .map(|x| x.ok_or_else(|| anyhow!("panel: empty {n}")))
            .collect()
    };
    let region = required(text("region")?, "region")?;
    let code = required(text("indicator_code")?, "indicator_code")?;
    let (kind, status) = (
        required(text("kind")?, "kind")?,
        required(text("status")?, "status")?,
    );
    let (qualifier, record_id, doc_id) = (
        required(text("qualifier")?, "qualifier")?,
        required(text("record_id")?, "record_id")?,
        required(text("doc_id")?, "doc_id")?,
    );
    let (period, name, unit, unit_n) = (
        text("period")?,
        text("indicator_name")?,
        text("unit")?,
        text("unit_normalized")?,
    );
    let year = i32s(df, "period_year")?;
    let (value, value_max, value_n) = (
        f64s(df, "value")?,
        f64s(df, "value_max")?,
        f64s(df, "value_normalized")?,
    );
    let n_records = i64s(df, "n_records")?;
    let (estimate, conflict) = (bools(df, "estimate")?, bools(df, "conflict")?);
    let conflicts = conflict_ids(df)?;
    (0..df.height())
        .map(|i| {
            Ok(PanelRow {
                region: region[i].clone(),
                period_year: year[i].ok_or_else(|| anyhow!("panel: empty period_year"))?,
                period: period[i].clone(),
                indicator_code: code[i].clone(),
                indicator_name: name[i].clone(),
                kind: kind[i].clone(),
                status: status[i].clone(),
                value: value[i].ok_or_else(|| anyhow!("panel: empty value"))?,
                value_max: value_max[i],
                qualifier: qualifier[i].clone(),
                unit: unit[i].clone(),
                value_normalized: value_n[i],
                unit_normalized: unit_n[i].clone(),
                estimate: estimate[i],
                record_id: record_id[i].clone(),
                doc_id: doc_id[i].clone(),
                n_records: n_records[i].unwrap_or(0),
                conflict: conflict[i],
                conflict_record_ids: conflicts[i].clone(),
            })
        })
        .collect()
}

/// A text column's values, borrowed from the frame.
fn strs<'a>(df: &'a DataFrame, name: &str) -> Result<Vec<Option<&'a str>>> {
    let col = df.column(name).map_err(|_| anyhow!("no column {name}"))?;
    let ca = col
        .str()
        .map_err(|_| anyhow!("column {name} is not text"))?;
    Ok(ca.iter().collect())
}

fn bools(df: &DataFrame, name: &str) -> Result<Vec<bool>> {
    let ca = df.column(name)?.bool()?.clone();
    Ok(ca.iter().map(|v| v.unwrap_or(false)).collect())
}

/// Per cell, the ids of the records that disagree with the chosen one, in
/// document and text order, joined by `;` (empty when there are none).
fn conflict_ids(df: &DataFrame) -> Result<Vec<Option<String>>> {
    let lists = |n: &str| -> Result<Vec<Option<Series>>> {
        Ok(df.column(n)?.list()?.series_iter().collect())
    };
    let (ids, docs, starts) = (
        lists("conflict_record_id")?,
        lists("conflict_doc_id")?,
        lists("conflict_char_start")?,
    );
    let mut out = Vec::with_capacity(ids.len());
    for ((ids, docs), starts) in ids.into_iter().zip(docs).zip(starts) {
        let (Some(ids), Some(docs), Some(starts)) = (ids, docs, starts) else {
            out.push(None);
            continue;
        };
        let mut rows: Vec<(String, i64, String)> = docs
            .str()?
            .iter()
            .zip(starts.i64()?.iter())
            .zip(ids.str()?.iter())
            .map(|((d, s), id)| {
                (
                    d.unwrap_or("").to_string(),
                    s.unwrap_or(0),
                    id.unwrap_or("").to_string(),
                )
            })
            .collect();
        rows.sort();
        let joined: Vec<String> = rows.into_iter().map(|(_, _, id)| id).collect();
        out.push((!joined.is_empty()).then(|| joined.join(";")));
    }
    Ok(out)
}

/// The value as compared for conflicts: normalised low end (9 significant
/// digits, so 5.5亿元 = 55000万元), normalised high end, base unit.
fn value_key(
    value: Option<f64>,
    normalized: Option<f64>,
    max: Option<f64>,
    unit: Option<&str>,
) -> String {
    let v = value.unwrap_or(0.0);
    let factor = match normalized {
        Some(n) if v != 0.0 => n / v,
        _ => 1.0,
    };
    let low = normalized.unwrap_or(v);
    let high = max
        .map(|m| format!("{:.8e}", m * factor))
        .unwrap_or_default();
    format!("{low:.8e}|{high}|{}", unit.unwrap_or(""))
}

/// The normalised low and high ends of a value (the high end is the low
/// end when there is no range).
fn normalized_ends(value: Option<f64>, normalized: Option<f64>, max: Option<f64>) -> (f64, f64) {
    let v = value.unwrap_or(0.0);
    let low = normalized.unwrap_or(v);
    let factor = if v != 0.0 { low / v } else { 1.0 };
    (low, max.map_or(low, |m| m * factor))
}

/// True when an estimate cue stands before the number in its sentence (the
/// whole sentence when the number cannot be found in it).
fn is_estimate(sentence: &str, value_text: &str, cues: &[String]) -> bool {
    let folded: String = value_text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let before = sentence.find(&folded).map_or(sentence, |i| &sentence[..i]);
    contains_any(before, cues)
}

fn contains_any(text: &str, words: &[String]) -> bool {
    words
        .iter()
        .any(|w| !w.is_empty() && text.contains(w.as_str()))
}

/// The panel pivoted for reading: one row per region, code and kind, one
/// column per year, period and status; every cell as compact text.
#[derive(Debug, Clone, PartialEq)]
pub struct Pivot {
    /// `region`, `indicator_code`, `kind`, `unit`, then one label per column (`2025 target`).
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A pivot line: region, code, kind.
type LineKey<'a> = (&'a str, &'a str, &'a str);

/// Pivots panel rows (in panel order): the row's unit is its first cell's;
/// a cell in another unit carries its own.
pub fn pivot(rows: &[PanelRow]) -> Pivot {
    let mut columns: Vec<(i32, Option<&str>, &str)> = rows
        .iter()
        .map(|r| (r.period_year, r.period.as_deref(), r.status.as_str()))
        .collect();
    columns.sort();
    columns.dedup();
    let mut header: Vec<String> = ["region", "indicator_code", "kind", "unit"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(columns.iter().map(|(y, p, s)| match p {
        Some(p) => format!("{y} {p} {s}"),
        None => format!("{y} {s}"),
    }));
    let mut lines: Vec<(LineKey, Vec<&PanelRow>)> = Vec::new();
    let mut sorted: Vec<&PanelRow> = rows.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.region, &a.indicator_code, &a.kind).cmp(&(&b.region, &b.indicator_code, &b.kind))
    });
    for r in sorted {
        let key = (
            r.region.as_str(),
            r.indicator_code.as_str(),
            r.kind.as_str(),
        );
        match lines.last_mut() {
            Some((k, v)) if *k == key => v.push(r),
            _ => lines.push((key, vec![r])),
        }
    }
    let out = lines
        .into_iter()
        .map(|((region, code, kind), cells)| {
            let unit = cells[0].unit.clone().unwrap_or_default();
            let mut line = vec![
                region.to_string(),
                code.to_string(),
                kind.to_string(),
                unit.clone(),
            ];
            line.extend(columns.iter().map(|c| {
                cells
                    .iter()
                    .find(|r| (r.period_year, r.period.as_deref(), r.status.as_str()) == *c)
                    .map(|r| cell_text(r, &unit))
                    .unwrap_or_default()
            }));
            line
        })
        .collect();
    Pivot { header, rows: out }
}

/// A cell as text: the qualifier as a sign (~5 左右, >=5 以上, <=5.5 以内,
/// 5-6 a range), the unit when it is not the row's, `?` for an estimate and
/// `!` for a conflict.
pub fn cell_text(r: &PanelRow, row_unit: &str) -> String {
    let value = match r.value_max {
        Some(m) => format!("{}-{}", r.value, m),
        None => format!("{}", r.value),
    };
    let sign = match r.qualifier.as_str() {
        "approx" => "~",
        "gte" => ">=",
        "gt" => ">",
        "lte" => "<=",
        "lt" => "<",
        _ => "",
    };
    let unit = r.unit.as_deref().unwrap_or("");
    let unit = if unit == row_unit { "" } else { unit };
    format!(
        "{sign}{value}{unit}{}{}",
        if r.estimate { "?" } else { "" },
        if r.conflict { "!" } else { "" }
    )
}
