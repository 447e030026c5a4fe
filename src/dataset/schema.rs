//! The one description of the dataset's tables: every column's name, type,
//! meaning and allowed values, filled from the rows. The export stage writes
//! these tables; `zhibiao validate` compares a published dataset against them;
//! the Frictionless data package is generated from them.

use std::borrow::Borrow;

use anyhow::Result;
use polars::prelude::*;
use rayon::prelude::*;
use serde_json::{json, Value};

use super::rows::{DocumentRow, Finding, PanelRow, Record, Skipped};
use super::Dataset;

/// Version of the table layout; bumped when a column changes.
pub const SCHEMA_VERSION: &str = "2";

/// A text column of `values` in which each run of equal values is stored
/// once, its rows sharing one view of the bytes: a batch's rows repeat their
/// document's id and file name and their sentence's text and section, about
/// half of the bytes of the record tables. (What is read and written of the
/// column is the same; polars keeps the sharing when it joins columns.)
fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> StringChunked {
    strings_in_buffers_of(values, u32::MAX as usize)
}

/// [`strings`], the bytes in buffers of at most `limit` bytes (a view
/// addresses a buffer with a `u32` offset; a batch is the whole corpus when
/// a declared rule compares records, and its text can pass 4 GB).
fn strings_in_buffers_of<'a>(
    values: impl Iterator<Item = Option<&'a str>>,
    limit: usize,
) -> StringChunked {
    use polars_arrow::array::{Utf8ViewArray, View};
    use polars_arrow::bitmap::MutableBitmap;
    let mut views: Vec<View> = Vec::with_capacity(values.size_hint().0);
    let mut valid = MutableBitmap::with_capacity(views.capacity());
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new()];
    let mut last: Option<(&str, View)> = None;
    for value in values {
        let Some(text) = value else {
            views.push(View::default());
            valid.push(false);
            continue;
        };
        let view = match last {
            Some((previous, view)) if previous == text => view,
            _ if text.len() <= View::MAX_INLINE_SIZE as usize => {
                View::new_from_bytes(text.as_bytes(), 0, 0)
            }
            _ => {
                if buffers.last().is_some_and(|b| b.len() + text.len() > limit) {
                    buffers.push(Vec::new());
                }
                let index = u32::try_from(buffers.len() - 1).expect("under 4 G buffers");
                let buffer = buffers.last_mut().expect("one buffer at least");
                let offset = u32::try_from(buffer.len()).expect("a string under 4 GB");
                buffer.extend_from_slice(text.as_bytes());
                View::new_from_bytes(text.as_bytes(), index, offset)
            }
        };
        last = Some((text, view));
        views.push(view);
        valid.push(true);
    }
    let validity = valid.unset_bits().gt(&0).then(|| valid.into());
    let buffers: Vec<_> = buffers.into_iter().map(Into::into).collect();
    // SAFETY: each view was made by `View::new_from_bytes` from a `&str`:
    // inline, or over those bytes at its offset in the buffer it names,
    // which holds only whole strings. (`try_new` would check every row's
    // UTF-8 again, shared ones included: 2 % of a run.)
    let array = unsafe {
        Utf8ViewArray::new_unchecked_unknown_md(
            ArrowDataType::Utf8View,
            views.into(),
            buffers.into(),
            validity,
            None,
        )
    };
    StringChunked::with_chunk(PlSmallStr::EMPTY, array)
}

/// The values of one column. Text is built straight into a polars column
/// from the rows' borrowed strings: no `String` is copied per cell, and
/// turning a table into a DataFrame (once per writer) shares the buffers.
#[derive(Debug, Clone)]
pub enum Data {
    Str(StringChunked),
    F64(Vec<Option<f64>>),
    I32(Vec<Option<i32>>),
    I64(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
}

impl Data {
    fn frictionless_type(&self) -> &'static str {
        match self {
            Data::Str(_) => "string",
            Data::F64(_) => "number",
            Data::I32(_) | Data::I64(_) => "integer",
            Data::Bool(_) => "boolean",
        }
    }

    fn len(&self) -> usize {
        match self {
            Data::Str(v) => v.len(),
            Data::F64(v) => v.len(),
            Data::I32(v) => v.len(),
            Data::I64(v) => v.len(),
            Data::Bool(v) => v.len(),
        }
    }
}

/// One column: name, meaning and values.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub description: &'static str,
    /// Allowed values, when the column is an enumeration.
    pub allowed: Option<&'static [&'static str]>,
    pub data: Data,
}

/// One output table.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: &'static str,
    pub description: &'static str,
    pub primary_key: Option<&'static str>,
    pub fields: Vec<Field>,
}

pub const KINDS: &[&str] = &["level", "change", "ratio", "rank"];
pub const QUALIFIERS: &[&str] = &["exact", "approx", "gte", "gt", "lte", "lt", "range"];
pub const STATUSES: &[&str] = &["actual", "target"];
/// Where a document's title, date or region came from (`metadata::Source`).
pub const META_SOURCES: &[&str] = &[
    "front_matter",
    "meta",
    "opening",
    "dateline",
    "title",
    "text",
    "sidecar",
    "stated",
    "inferred",
    "none",
];
/// What kind of document a text is (`rules::DocType`).
pub const DOC_TYPES: &[&str] = &["work_report", "communique", "news", "other"];

fn s(v: &str) -> Option<&str> {
    Some(v)
}

fn field(name: &'static str, description: &'static str, data: Data) -> Field {
    Field {
        name,
        description,
        allowed: None,
        data,
    }
}

fn enum_field(
    name: &'static str,
    description: &'static str,
    allowed: &'static [&'static str],
    data: Data,
) -> Field {
    Field {
        name,
        description,
        allowed: Some(allowed),
        data,
    }
}

impl Table {
    /// The table as a polars DataFrame.
    pub fn to_df(&self) -> Result<DataFrame> {
        let height = self.fields.first().map(|f| f.data.len()).unwrap_or(0);
        let cols: Vec<Column> = self
            .fields
            .iter()
            .map(|f| {
                let name = PlSmallStr::from_static(f.name);
                match &f.data {
                    Data::Str(v) => Column::from(v.clone().with_name(name).into_series()),
                    Data::F64(v) => Column::new(name, v),
                    Data::I32(v) => Column::new(name, v),
                    Data::I64(v) => Column::new(name, v),
                    Data::Bool(v) => Column::new(name, v),
                }
            })
            .collect();
        Ok(DataFrame::new(height, cols)?)
    }

    /// The Frictionless Table Schema resource of this table's CSV.
    pub fn resource(&self) -> Value {
        let fields: Vec<Value> = self
            .fields
            .iter()
            .map(|f| {
                let mut v = json!({
                    "name": f.name,
                    "type": f.data.frictionless_type(),
                    "description": f.description,
                });
                if let Some(allowed) = f.allowed {
                    v["constraints"] = json!({ "enum": allowed });
                }
                v
            })
            .collect();
        let mut schema = json!({ "fields": fields, "missingValues": [""] });
        if let Some(pk) = self.primary_key {
            schema["primaryKey"] = json!(pk);
        }
        json!({
            "name": self.name,
            "path": format!("{}.csv", self.name),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": self.description,
            "schema": schema,
        })
    }
}

/// A column of the records' table, built when asked (in parallel with the others).
type Build<'a> = Box<dyn Fn() -> Data + Send + Sync + 'a>;

/// A field whose data is still to be built.
type Lazy<'a> = (
    &'static str,
    &'static str,
    Option<&'static [&'static str]>,
    Build<'a>,
);

fn lazy<'a>(name: &'static str, description: &'static str, build: Build<'a>) -> Lazy<'a> {
    (name, description, None, build)
}

fn lazy_enum<'a>(
    name: &'static str,
    description: &'static str,
    allowed: &'static [&'static str],
    build: Build<'a>,
) -> Lazy<'a> {
    (name, description, Some(allowed), build)
}

/// The columns of a records table, each built on its own task: the
/// indicators table is the largest a run writes.
fn record_fields(
    records: &[&Record],
    doc_year: &(dyn Fn(&str) -> Option<i32> + Sync),
) -> Vec<Field> {
    record_fields_of(records, doc_year, &|_| true)
}

/// The columns of a records table that `wanted` names.
fn record_fields_of(
    records: &[&Record],
    doc_year: &(dyn Fn(&str) -> Option<i32> + Sync),
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Field> {
    let st = |f: fn(&Record) -> Option<&str>| -> Build {
        Box::new(move || Data::Str(strings(records.iter().map(|r| f(r)))))
    };
    let f64c = |f: fn(&Record) -> Option<f64>| -> Build {
        Box::new(move || Data::F64(records.iter().map(|r| f(r)).collect()))
    };
    let i64c = |f: fn(&Record) -> i64| -> Build {
        Box::new(move || Data::I64(records.iter().map(|r| Some(f(r))).collect()))
    };
    let columns: Vec<Lazy> = vec![
        lazy("record_id", "Stable id: hash of the document id and the raw character span", st(|r| s(&r.record_id))),
        lazy("doc_id", "Document id: the file's path under its input folder, without extension", st(|r| s(&r.doc_id))),
        lazy("source_file", "File name of the source document", st(|r| s(&r.source_file))),
        lazy("region", "Who is measured: the document's region or a narrower entity the text names", st(|r| r.region.as_deref())),
        lazy("indicator", "What is measured, in Simplified Chinese", st(|r| r.indicator.as_deref())),
        lazy("indicator_code", "The canonical indicator (snake_case, e.g. gdp, retail_sales) the name stands for, from the lexicon src/rules/indicators.toml; empty when none fits (most records)", st(|r| r.indicator_code.as_deref())),
        lazy("indicator_name", "The canonical indicator's Chinese name (地区生产总值 for gdp); empty when indicator_code is", st(|r| r.indicator_name.as_deref())),
        lazy_enum("kind", "level (amount), change (relative change), ratio (share or rate), rank (ordinal position)", KINDS, st(|r| s(&r.kind))),
        lazy("value", "The number on the written scale; a decline is negative; for a range the low end", f64c(|r| Some(r.value))),
        lazy("value_max", "The high end of a range, else empty", f64c(|r| r.value_max)),
        lazy("unit", "The unit as written, Simplified (万人次, 亿元, %, 个百分点); empty for ranks", st(|r| r.unit.as_deref())),
        lazy("value_normalized", "value with the unit's multiplier applied (2535.8万人次 → 25358000)", f64c(|r| r.value_normalized)),
        lazy("unit_normalized", "The base unit of value_normalized (人次, 元, %)", st(|r| r.unit_normalized.as_deref())),
        lazy_enum("qualifier", "exact, approx (左右, 约), gte (以上), gt (超, 余), lte (以内), lt (近, 不到), range", QUALIFIERS, st(|r| s(&r.qualifier))),
        lazy_enum("status", "actual (reported) or target (goal, plan, expectation)", STATUSES, st(|r| s(&r.status))),
        lazy("period_year", "Calendar year the figure refers to, resolved against the document's date", Box::new(move || Data::I32(records.iter().map(|r| r.period_year).collect()))),
        lazy("period", "Finer period when stated: H1, Q1, M01-M08, cumulative, multi-year", st(|r| r.period.as_deref())),
        lazy("value_text", "The number with its unit exactly as written in the raw file", st(|r| s(&r.value_text))),
        lazy("char_start", "Start of value_text in the raw decoded text, in Unicode code points (BOM not counted)", i64c(|r| r.char_start)),
        lazy("char_end", "End (exclusive) of value_text in code points", i64c(|r| r.char_end)),
        lazy("byte_start", "Start of value_text in the raw file, in bytes", i64c(|r| r.byte_start)),
        lazy("byte_end", "End (exclusive) of value_text in the raw file, in bytes", i64c(|r| r.byte_end)),
        lazy("sentence", "The cleaned sentence the number stands in", st(|r| s(&r.sentence))),
        lazy("section", "The section headings in force, outer first, joined by ' > '", st(|r| r.section.as_deref())),
        lazy("rule", "The extraction rule that found the indicator name", st(|r| s(&r.rule))),
        lazy("evidence", "Which cue decided each field", st(|r| s(&r.evidence))),
        lazy("doc_year", "The year of the document's date", Box::new(move || Data::I32(records.iter().map(|r| doc_year(&r.doc_id)).collect()))),
    ];
    columns
        .into_par_iter()
        .filter(|(name, ..)| wanted(name))
        .map(|(name, description, allowed, build)| Field {
            name,
            description,
            allowed,
            data: build(),
        })
        .collect()
}

/// The year of each document's date, by document id (looked up once per record).
fn doc_years(documents: &[DocumentRow]) -> std::collections::HashMap<&str, i32> {
    documents
        .iter()
        .filter_map(|d| d.year.map(|y| (d.doc_id.as_str(), y)))
        .collect()
}

/// The `indicators` table.
pub fn indicators_table(records: &[Record], documents: &[DocumentRow]) -> Table {
    let refs: Vec<&Record> = records.iter().collect();
    indicators_table_of(&refs, documents)
}

/// The `indicators` table of records borrowed from wherever they are.
pub fn indicators_table_of(refs: &[&Record], documents: &[DocumentRow]) -> Table {
    indicators_columns(refs, documents, &|_| true)
}

/// Some columns of the `indicators` table: those `wanted` names (what the
/// quality rules read).
pub fn indicators_columns(
    refs: &[&Record],
    documents: &[DocumentRow],
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Table {
    let years = doc_years(documents);
    let year = |d: &str| years.get(d).copied();
    Table {
        name: "indicators",
        description: "One row per numeric indicator found in the documents, with its exact place in the source",
        primary_key: Some("record_id"),
        fields: record_fields_of(refs, &year, wanted),
    }
}

/// The `rejected` table: records a validation error kept out of `indicators`.
pub fn rejected_table(rejected: &[(Record, String)], documents: &[DocumentRow]) -> Table {
    let refs: Vec<(&Record, &str)> = rejected.iter().map(|(r, why)| (r, why.as_str())).collect();
    rejected_table_of(&refs, documents)
}

/// The `rejected` table of records borrowed from wherever they are, each
/// with the rules that rejected it.
pub fn rejected_table_of(rejected: &[(&Record, &str)], documents: &[DocumentRow]) -> Table {
    let refs: Vec<&Record> = rejected.iter().map(|(r, _)| *r).collect();
    let years = doc_years(documents);
    let year = |d: &str| years.get(d).copied();
    let mut fields = record_fields(&refs, &year);
    fields.push(field(
        "rejected_by",
        "The validation rules (errors) that rejected the record",
        Data::Str(strings(rejected.iter().map(|(_, why)| s(why)))),
    ));
    Table {
        name: "rejected",
        description: "Records that failed a validation rule of severity error",
        primary_key: Some("record_id"),
        fields,
    }
}

/// The `documents` table.
pub fn documents_table(docs: &[DocumentRow]) -> Table {
    let st = |f: &dyn Fn(&DocumentRow) -> Option<&str>| Data::Str(strings(docs.iter().map(f)));
    Table {
        name: "documents",
        description: "One row per input file: what it is and what happened to it",
        primary_key: Some("doc_id"),
        fields: vec![
            field(
                "doc_id",
                "Document id: the file's path under its input folder, without extension",
                st(&|d| s(&d.doc_id)),
            ),
            field("source_file", "File name", st(&|d| s(&d.source_file))),
            field(
                "sha256",
                "SHA-256 of the raw file",
                st(&|d| d.sha256.as_deref()),
            ),
            field(
                "bytes",
                "Size of the raw file in bytes",
                Data::I64(docs.iter().map(|d| d.bytes).collect()),
            ),
            field(
                "encoding",
                "Detected encoding: utf-8, utf-8-bom, gb18030, big5, utf-16le, utf-16be",
                st(&|d| d.encoding.as_deref()),
            ),
            field(
                "title",
                "Title: the sidecar's, the front matter's or <meta> tags', else the first line of text",
                st(&|d| d.title.as_deref()),
            ),
            enum_field(
                "title_source",
                "Where the title came from: sidecar, front_matter, meta (<meta> or <title>), text (the first line), none",
                META_SOURCES,
                st(&|d| s(&d.title_source)),
            ),
            field(
                "date",
                "Date of the document: YYYY-MM-DD, YYYY-MM or YYYY (a timestamp with a time zone read in Beijing time)",
                st(&|d| d.date.as_deref()),
            ),
            enum_field(
                "date_source",
                "Where the date came from: front_matter, meta (<meta> tag), opening (——2016年2月19日在…会议上), dateline (新华社北京3月5日电; the year from the title or text when it has none), text (a date in the first lines), title (a title opening with a year), sidecar, inferred (the latest year the text speaks from), none",
                META_SOURCES,
                st(&|d| s(&d.date_source)),
            ),
            field(
                "region",
                "The region the document is about (全国 for the whole country)",
                st(&|d| d.region.as_deref()),
            ),
            enum_field(
                "region_source",
                "Where the region came from: sidecar, opening (the issuing body: 我代表…人民政府, a State Council report), title (the place it names), inferred (the place the text names most, datelines and lists left out), none",
                META_SOURCES,
                st(&|d| s(&d.region_source)),
            ),
            enum_field(
                "doc_type",
                "work_report (政府工作报告), communique (统计公报), news (a title or opening cue, front matter, a dateline or a <meta> date), other; null for files not read",
                DOC_TYPES,
                st(&|d| d.doc_type.as_deref()),
            ),
            enum_field(
                "status",
                "ok, error (could not be processed) or skipped (not a text document)",
                &["ok", "error", "skipped"],
                st(&|d| s(&d.status)),
            ),
            field(
                "message",
                "What went wrong, for errors and skipped files",
                st(&|d| d.message.as_deref()),
            ),
            field(
                "n_indicators",
                "Records of this document in the indicators table",
                Data::I64(docs.iter().map(|d| Some(d.n_indicators)).collect()),
            ),
            field(
                "n_skipped",
                "Numerals of this document in the skipped table",
                Data::I64(docs.iter().map(|d| Some(d.n_skipped)).collect()),
            ),
            field(
                "n_chars",
                "Length of the decoded text in code points",
                Data::I64(docs.iter().map(|d| Some(d.n_chars)).collect()),
            ),
        ],
    }
}

/// The `findings` table.
pub fn findings_table(findings: &[Finding]) -> Table {
    let st = |f: &dyn Fn(&Finding) -> Option<&str>| Data::Str(strings(findings.iter().map(f)));
    Table {
        name: "findings",
        description: "Data-quality findings of the validate stage",
        primary_key: None,
        fields: vec![
            field("rule", "Name of the rule", st(&|f| s(&f.rule))),
            enum_field(
                "severity",
                "error (record rejected) or warning (record kept)",
                &["error", "warning"],
                st(&|f| s(f.severity.as_str())),
            ),
            field(
                "record_id",
                "The record concerned",
                st(&|f| f.record_id.as_deref()),
            ),
            field(
                "doc_id",
                "The document concerned",
                st(&|f| f.doc_id.as_deref()),
            ),
            field("message", "What the rule found", st(&|f| s(&f.message))),
        ],
    }
}

/// The `skipped` table: numerals that are not indicators, and why.
pub fn skipped_table<S: Borrow<Skipped> + Sync>(skipped: &[S]) -> Table {
    let st = |f: &dyn Fn(&Skipped) -> Option<&str>| {
        Data::Str(strings(skipped.iter().map(|x| f(x.borrow()))))
    };
    let i64c = |f: &dyn Fn(&Skipped) -> i64| {
        Data::I64(skipped.iter().map(|x| Some(f(x.borrow()))).collect())
    };
    Table {
        name: "skipped",
        description:
            "Every numeral of the cleaned text that did not become a record, with the reason",
        primary_key: None,
        fields: vec![
            field("doc_id", "Document id", st(&|x| s(&x.doc_id))),
            field("source_file", "File name", st(&|x| s(&x.source_file))),
            field(
                "text",
                "The numeral (with what was read with it) as written in the raw file",
                st(&|x| s(&x.text)),
            ),
            enum_field(
                "reason",
                "date, period, label (part of a name), list_marker, ordinal (第N个), no_unit, prose_count (三项改革), threshold (2000平米以上商超), unranked (a rank word with no ranking in its clause: 摆在首位, 安全第一)",
                &[
                    "date",
                    "period",
                    "label",
                    "list_marker",
                    "ordinal",
                    "no_unit",
                    "prose_count",
                    "threshold",
                    "unranked",
                ],
                st(&|x| s(&x.reason)),
            ),
            field(
                "char_start",
                "Start in the raw decoded text, in code points",
                i64c(&|x| x.char_start),
            ),
            field(
                "char_end",
                "End (exclusive), in code points",
                i64c(&|x| x.char_end),
            ),
            field(
                "byte_start",
                "Start in the raw file, in bytes",
                i64c(&|x| x.byte_start),
            ),
            field(
                "byte_end",
                "End (exclusive) in the raw file, in bytes",
                i64c(&|x| x.byte_end),
            ),
            field("sentence", "The cleaned sentence", st(&|x| s(&x.sentence))),
        ],
    }
}

/// How the panel chooses a cell's record: the README and the data package say it in these words.
pub const PANEL_CHOICE_RULE: &str = "A cell is one (region, period_year, period, indicator_code, kind, status) of the indicators that have a canonical code, a region and a year; \
its rows come only from records whose region is that region (a city named in a provincial report gets its own rows). \
The cell's records are ranked and the first is chosen: (1) a record whose region is its document's region; \
(2) from a work report or statistical communiqué (documents.doc_type) rather than a news article; \
(3) a final figure rather than an estimate (预计 before the number; an estimate keeps its qualifier and is chosen only when nothing final is there, then estimate = true); \
(4) the headline statement: a target in the main-targets sentence (主要预期目标是：…), then elsewhere, last in the review section; an actual in the review section (工作回顾), then elsewhere; \
(5) an exact figure (or a range) rather than a bound or an approximation (突破5万、达到5.28万元 gives 5.28万); \
(6) the earliest document, then the earliest in the text. \
conflict is true when a record of the cell gives another value (normalised value, high end or base unit) than the chosen one; a bound that the chosen exact figure or range satisfies (突破5万 beside 达到5.28万元) is no conflict. \
The words are data: src/rules/panel.toml.";

/// The `panel` table: the region × year panel of the canonical indicators.
pub fn panel_table(rows: &[PanelRow]) -> Table {
    let st = |f: &dyn Fn(&PanelRow) -> Option<&str>| Data::Str(strings(rows.iter().map(f)));
    let f64c = |f: &dyn Fn(&PanelRow) -> Option<f64>| Data::F64(rows.iter().map(f).collect());
    let boolc =
        |f: &dyn Fn(&PanelRow) -> bool| Data::Bool(rows.iter().map(|r| Some(f(r))).collect());
    Table {
        name: "panel",
        description: PANEL_CHOICE_RULE,
        primary_key: None,
        fields: vec![
            field("region", "Who is measured (the region of the records of the cell)", st(&|r| s(&r.region))),
            field("period_year", "Calendar year the figure refers to", Data::I32(rows.iter().map(|r| Some(r.period_year)).collect())),
            field("period", "Finer period when stated (H1, Q1, M01-M08, cumulative, multi-year); empty for the year", st(&|r| r.period.as_deref())),
            field("indicator_code", "The canonical indicator (gdp, cpi, retail_sales, …; src/rules/indicators.toml)", st(&|r| s(&r.indicator_code))),
            field("indicator_name", "The canonical indicator's Chinese name", st(&|r| r.indicator_name.as_deref())),
            enum_field("kind", "level, change, ratio or rank: a growth rate and an amount are two cells", KINDS, st(&|r| s(&r.kind))),
            enum_field("status", "actual (reported) or target (goal, plan, expectation)", STATUSES, st(&|r| s(&r.status))),
            field("value", "The chosen record's value on the written scale (low end of a range)", f64c(&|r| Some(r.value))),
            field("value_max", "The chosen record's high end of a range, else empty", f64c(&|r| r.value_max)),
            enum_field("qualifier", "The chosen record's qualifier: exact, approx (左右), gte (以上), gt, lte (以内), lt, range", QUALIFIERS, st(&|r| s(&r.qualifier))),
            field("unit", "The chosen record's unit as written", st(&|r| r.unit.as_deref())),
            field("value_normalized", "value with the unit's multiplier applied", f64c(&|r| r.value_normalized)),
            field("unit_normalized", "The base unit of value_normalized", st(&|r| r.unit_normalized.as_deref())),
            field("estimate", "true when the chosen record is an estimate (预计 before the number)", boolc(&|r| r.estimate)),
            field("record_id", "The chosen record (indicators.record_id)", st(&|r| s(&r.record_id))),
            field("doc_id", "The chosen record's document", st(&|r| s(&r.doc_id))),
            field("n_records", "Records of the cell (the chosen one and those it was chosen over)", Data::I64(rows.iter().map(|r| Some(r.n_records)).collect())),
            field("conflict", "true when a record of the cell gives another value than the chosen one (a bound the chosen figure satisfies is none)", boolc(&|r| r.conflict)),
            field("conflict_record_ids", "The records that give another value, in document and text order, joined by ';'", st(&|r| r.conflict_record_ids.as_deref())),
        ],
    }
}

/// The tables with no rows, in their fixed order: the one description of
/// their layout (what a published dataset is checked against, the data
/// package's resources, the columns of a table written batch by batch).
pub fn empty_tables() -> Vec<Table> {
    tables(&Dataset {
        documents: Vec::new(),
        indicators: Vec::new(),
        rejected: Vec::new(),
        skipped: Vec::new(),
        findings: Vec::new(),
        panel: Vec::new(),
        n_extracted: 0,
    })
}

/// All tables of a run, in a fixed order (built in parallel).
pub fn tables(out: &Dataset) -> Vec<Table> {
    let builders: [&(dyn Fn() -> Table + Sync); 6] = [
        &|| indicators_table(&out.indicators, &out.documents),
        &|| documents_table(&out.documents),
        &|| findings_table(&out.findings),
        &|| rejected_table(&out.rejected, &out.documents),
        &|| skipped_table(&out.skipped),
        &|| panel_table(&out.panel),
    ];
    builders.par_iter().map(|build| build()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_column_with_runs_stored_once_reads_as_its_values() {
        let long = "全市生产总值增长5%,城市经济规模进入了新阶段。";
        let values = [
            Some(long),
            Some(long),
            None,
            Some(long),
            Some("short"),
            Some("short"),
            Some("another sentence of more than twelve bytes"),
            None,
            Some(""),
        ];
        let column = strings(values.iter().copied());
        let plain: StringChunked = values.iter().copied().collect();
        assert!(column.equal_missing(&plain).all());
        assert_eq!(column.null_count(), 2);
        // The long value's three rows share one copy of its bytes.
        let array = column.downcast_iter().next().unwrap();
        let stored: usize = array.data_buffers().iter().map(|b| b.len()).sum();
        assert_eq!(stored, long.len() + 42);
        assert!(strings(std::iter::empty()).is_empty());
    }

    #[test]
    fn text_beyond_a_buffer_goes_on_in_another() {
        let values: Vec<String> = (0..50).map(|i| format!("sentence number {i:02}")).collect();
        let column = strings_in_buffers_of(values.iter().map(|v| Some(v.as_str())), 64);
        let plain: StringChunked = values.iter().map(|v| Some(v.as_str())).collect();
        assert!(column.equal_missing(&plain).all());
        let array = column.downcast_iter().next().unwrap();
        assert!(array.data_buffers().len() > 10);
        assert!(array.data_buffers().iter().all(|b| b.len() <= 64));
    }
}
