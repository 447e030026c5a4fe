//! What the templates show, computed from the dataset read back: the index
//! (run summary, documents, panel) and one page per document (its raw text
//! laid out with every record and skipped numeral marked). Plain data for
//! the templates; no HTML is written here.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::layout::{layout, Mark, Node, Target};
use super::load::{index_findings, FindingsIndex, Loaded, Source};
use crate::dataset::rows::{DocumentRow, Finding, PanelRow, Record, Skipped};
use crate::text::sha256_hex;

/// The file name of a document's page, relative to the report folder: the
/// `doc_id` itself when it is made of letters (any script, so a Chinese
/// file name stays readable), digits, `_`, `-` and `.`, which a link needs
/// no escaping for; otherwise those characters with `_` for the others and
/// a short hash of the `doc_id`, so two documents never share a page.
pub fn page_path(doc_id: &str) -> String {
    let safe: String = doc_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe == doc_id && !doc_id.is_empty() {
        format!("doc/{safe}.html")
    } else {
        format!("doc/{safe}-{}.html", &sha256_hex(doc_id.as_bytes())[..8])
    }
}

#[derive(Debug, Serialize)]
pub struct FindingView {
    pub severity: &'static str,
    pub rule: String,
    pub message: String,
}

fn finding_view(f: &Finding) -> FindingView {
    FindingView {
        severity: f.severity.as_str(),
        rule: f.rule.clone(),
        message: f.message.clone(),
    }
}

/// A `documents` row as the tables show it.
#[derive(Debug, Serialize)]
pub struct DocRowView {
    pub doc_id: String,
    /// The page, relative to the report folder; `None` for a document not read.
    pub href: Option<String>,
    pub source_file: String,
    pub title: String,
    pub status: String,
    pub encoding: String,
    pub date: String,
    pub date_source: String,
    pub region: String,
    pub region_source: String,
    pub doc_type: String,
    pub n_indicators: i64,
    pub n_skipped: i64,
    pub n_chars: i64,
    pub n_findings: usize,
    pub message: String,
}

fn doc_row_view(d: &DocumentRow, n_findings: usize) -> DocRowView {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    DocRowView {
        doc_id: d.doc_id.clone(),
        href: (d.status == "ok").then(|| page_path(&d.doc_id)),
        source_file: d.source_file.clone(),
        title: s(&d.title),
        status: d.status.clone(),
        encoding: s(&d.encoding),
        date: s(&d.date),
        date_source: d.date_source.clone(),
        region: s(&d.region),
        region_source: d.region_source.clone(),
        doc_type: s(&d.doc_type),
        n_indicators: d.n_indicators,
        n_skipped: d.n_skipped,
        n_chars: d.n_chars,
        n_findings,
        message: s(&d.message),
    }
}

// ---------------------------------------------------------------- index

#[derive(Debug, Serialize)]
pub struct Count {
    pub name: String,
    pub n: usize,
}

/// Records of one kind, by status.
#[derive(Debug, Serialize)]
pub struct KindRow {
    pub kind: String,
    pub actual: usize,
    pub target: usize,
    pub rejected: usize,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub documents_ok: usize,
    pub documents_error: usize,
    pub documents_skipped: usize,
    pub records: usize,
    pub rejected: usize,
    pub skipped: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// One cell of the panel pivot: the chosen figure and its record's permalink.
#[derive(Debug, Serialize)]
pub struct CellView {
    pub text: String,
    pub href: String,
    pub title: String,
    pub conflict: bool,
    pub estimate: bool,
}

#[derive(Debug, Serialize)]
pub struct PanelLine {
    pub region: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub period: String,
    pub cells: Vec<Option<CellView>>,
}

/// The panel as a pivot: a line per region × code × kind × status × period, a column per year.
#[derive(Debug, Serialize)]
pub struct PanelView {
    pub years: Vec<i32>,
    pub lines: Vec<PanelLine>,
    pub n_cells: usize,
}

#[derive(Debug, Serialize)]
pub struct IndexView {
    pub dataset: String,
    pub version: &'static str,
    pub summary: Summary,
    pub by_kind: Vec<KindRow>,
    pub skipped_by_reason: Vec<Count>,
    pub findings_by_rule: Vec<Count>,
    pub general_findings: Vec<FindingView>,
    pub documents: Vec<DocRowView>,
    pub panel: Option<PanelView>,
    pub notices: Vec<String>,
}

fn counts<'a>(names: impl Iterator<Item = &'a str>) -> Vec<Count> {
    let mut m: BTreeMap<&str, usize> = BTreeMap::new();
    for n in names {
        *m.entry(n).or_insert(0) += 1;
    }
    m.into_iter()
        .map(|(name, n)| Count {
            name: name.to_string(),
            n,
        })
        .collect()
}

/// The index page: `notices` are shown on top (a configuration that is not the run's).
pub fn index_view(ds: &Loaded, notices: Vec<String>) -> IndexView {
    let ix = index_findings(&ds.findings);
    let docs = &ds.documents;
    let with_status = |s: &str| docs.iter().filter(|d| d.status == s).count();
    let errors = ds
        .findings
        .iter()
        .filter(|f| f.severity.as_str() == "error")
        .count();
    let summary = Summary {
        documents: docs.len(),
        documents_ok: with_status("ok"),
        documents_error: with_status("error"),
        documents_skipped: with_status("skipped"),
        records: ds.records.iter().filter(|(_, why)| why.is_none()).count(),
        rejected: ds.records.iter().filter(|(_, why)| why.is_some()).count(),
        skipped: ds.skipped.len(),
        findings: ds.findings.len(),
        errors,
        warnings: ds.findings.len() - errors,
    };
    IndexView {
        dataset: ds
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        version: env!("CARGO_PKG_VERSION"),
        summary,
        by_kind: by_kind(&ds.records),
        skipped_by_reason: counts(ds.skipped.iter().map(|s| s.reason.as_str())),
        findings_by_rule: counts(ds.findings.iter().map(|f| f.rule.as_str())),
        general_findings: ix.general.iter().map(|f| finding_view(f)).collect(),
        documents: docs
            .iter()
            .map(|d| doc_row_view(d, findings_of_doc(&ds.findings, &d.doc_id)))
            .collect(),
        panel: ds.panel.as_deref().map(panel_view),
        notices,
    }
}

fn findings_of_doc(findings: &[Finding], doc_id: &str) -> usize {
    findings
        .iter()
        .filter(|f| f.doc_id.as_deref() == Some(doc_id))
        .count()
}

fn by_kind(records: &[(Record, Option<String>)]) -> Vec<KindRow> {
    let kinds: BTreeSet<&str> = records.iter().map(|(r, _)| r.kind.as_str()).collect();
    kinds
        .into_iter()
        .map(|k| {
            let n = |f: &dyn Fn(&Record, bool) -> bool| {
                records
                    .iter()
                    .filter(|(r, why)| r.kind == k && f(r, why.is_some()))
                    .count()
            };
            KindRow {
                kind: k.to_string(),
                actual: n(&|r, rej| !rej && r.status == "actual"),
                target: n(&|r, rej| !rej && r.status == "target"),
                rejected: n(&|_, rej| rej),
            }
        })
        .collect()
}

fn panel_view(rows: &[PanelRow]) -> PanelView {
    let years: Vec<i32> = rows
        .iter()
        .map(|r| r.period_year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    type Key = (String, String, String, String, String);
    let mut lines: BTreeMap<Key, (String, Vec<Option<CellView>>)> = BTreeMap::new();
    for r in rows {
        let key = (
            r.region.clone(),
            r.indicator_code.clone(),
            r.kind.clone(),
            r.status.clone(),
            r.period.clone().unwrap_or_default(),
        );
        let line = lines.entry(key).or_insert_with(|| {
            (
                r.indicator_name.clone().unwrap_or_default(),
                years.iter().map(|_| None).collect(),
            )
        });
        let col = years.binary_search(&r.period_year).unwrap_or(0);
        line.1[col] = Some(cell_view(r));
    }
    PanelView {
        years,
        n_cells: rows.len(),
        lines: lines
            .into_iter()
            .map(
                |((region, code, kind, status, period), (name, cells))| PanelLine {
                    region,
                    code,
                    name,
                    kind,
                    status,
                    period,
                    cells,
                },
            )
            .collect(),
    }
}

fn cell_view(r: &PanelRow) -> CellView {
    let mut title = format!("{} record(s); chosen: {}", r.n_records, r.record_id);
    if let Some(ids) = &r.conflict_record_ids {
        title += &format!("; other values: {ids}");
    }
    CellView {
        text: format!(
            "{}{}",
            value_text(r.value, r.value_max),
            r.unit.as_deref().unwrap_or("")
        ),
        href: format!("{}#r-{}", page_path(&r.doc_id), r.record_id),
        title,
        conflict: r.conflict,
        estimate: r.estimate,
    }
}

/// A number as people write it: no `.0` on whole numbers.
pub fn number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn value_text(v: f64, max: Option<f64>) -> String {
    match max {
        Some(m) => format!("{}–{}", number(v), number(m)),
        None => number(v),
    }
}

// ---------------------------------------------------------------- document

/// A label and a value of a record's detail.
#[derive(Debug, Serialize)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct RecordView {
    pub id: String,
    /// `actual`, `target` or `rejected`, and `finding` when a rule found something.
    pub cls: String,
    /// Shown on hover.
    pub title: String,
    pub value_text: String,
    pub fields: Vec<Field>,
    pub findings: Vec<FindingView>,
    /// Not marked in the text (the reason), when it could not be.
    pub unplaced: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SkippedView {
    pub text: String,
    pub reason: String,
    pub start: i64,
}

#[derive(Debug, Serialize)]
pub struct DocView {
    pub doc: DocRowView,
    pub source: String,
    /// The text with its marks; empty when the source cannot be shown.
    pub nodes: Vec<Node>,
    pub has_text: bool,
    pub notices: Vec<String>,
    pub records: Vec<RecordView>,
    pub skipped: Vec<SkippedView>,
    pub skipped_by_reason: Vec<Count>,
    pub doc_findings: Vec<FindingView>,
    pub n_placed: usize,
    pub n_dimmed: usize,
}

/// One document's page. `records` and `skipped` are the document's own, in text order.
pub fn doc_view(
    doc: &DocumentRow,
    records: &[&(Record, Option<String>)],
    skipped: &[&Skipped],
    findings: &FindingsIndex,
    source: Option<Source>,
) -> DocView {
    let doc_findings: Vec<&Finding> = findings
        .by_doc
        .get(doc.doc_id.as_str())
        .cloned()
        .unwrap_or_default();
    let mut notices = Vec::new();
    let mut views: Vec<RecordView> = records
        .iter()
        .map(|(r, why)| record_view(r, why.as_deref(), findings))
        .collect();
    let (text, source_name) = match source {
        Some(s) => {
            let name = s.path;
            match s.text {
                Ok(t) => (Some(t), name),
                Err(e) => {
                    notices.push(e);
                    (None, name)
                }
            }
        }
        None => {
            notices.push(format!(
                "the manifest lists no source read for {}",
                doc.doc_id
            ));
            (None, String::new())
        }
    };
    let (nodes, n_dimmed) = match &text {
        Some(t) => {
            let marks = marks(records, skipped, &t.chars, &mut views);
            let l = layout(&t.chars, &t.dim, &marks);
            for m in &l.unplaced {
                if let Target::Record(i) = m.target {
                    views[i].unplaced =
                        Some("its span crosses another mark or lies outside the text".into());
                }
            }
            (l.nodes, t.dim.iter().filter(|d| **d).count())
        }
        None => {
            for v in &mut views {
                v.unplaced = Some("the source text cannot be shown".into());
            }
            (Vec::new(), 0)
        }
    };
    let n_unplaced = views.iter().filter(|v| v.unplaced.is_some()).count();
    if text.is_some() && n_unplaced > 0 {
        notices.push(format!(
            "{n_unplaced} record(s) could not be marked in the text: see the list below"
        ));
    }
    let n_findings = doc_findings.len() + views.iter().map(|v| v.findings.len()).sum::<usize>();
    DocView {
        doc: doc_row_view(doc, n_findings),
        source: source_name,
        has_text: text.is_some(),
        nodes,
        notices,
        n_placed: views.len() - n_unplaced,
        records: views,
        skipped: skipped
            .iter()
            .map(|s| SkippedView {
                text: s.text.clone(),
                reason: s.reason.clone(),
                start: s.char_start,
            })
            .collect(),
        skipped_by_reason: counts(skipped.iter().map(|s| s.reason.as_str())),
        doc_findings: doc_findings.iter().map(|f| finding_view(f)).collect(),
        n_dimmed,
    }
}

/// The marks of a document's records and skipped numerals. A record whose
/// span does not give back its `value_text` is not marked (its view says so).
fn marks(
    records: &[&(Record, Option<String>)],
    skipped: &[&Skipped],
    chars: &[char],
    views: &mut [RecordView],
) -> Vec<Mark> {
    let span = |s: i64, e: i64| -> Option<(usize, usize)> {
        let (s, e) = (usize::try_from(s).ok()?, usize::try_from(e).ok()?);
        (s < e && e <= chars.len()).then_some((s, e))
    };
    let mut out = Vec::new();
    for (i, (r, _)) in records.iter().enumerate() {
        match span(r.char_start, r.char_end) {
            Some((s, e)) if chars[s..e].iter().copied().eq(r.value_text.chars()) => {
                out.push(Mark {
                    start: s,
                    end: e,
                    target: Target::Record(i),
                })
            }
            _ => {
                views[i].unplaced = Some(format!(
                    "characters {}..{} of the source are not its value_text",
                    r.char_start, r.char_end
                ))
            }
        }
    }
    for (i, s) in skipped.iter().enumerate() {
        if let Some((a, b)) = span(s.char_start, s.char_end) {
            out.push(Mark {
                start: a,
                end: b,
                target: Target::Skipped(i),
            });
        }
    }
    out
}

fn record_view(r: &Record, rejected_by: Option<&str>, findings: &FindingsIndex) -> RecordView {
    let found: Vec<FindingView> = findings
        .by_record
        .get(r.record_id.as_str())
        .map(|fs| fs.iter().map(|f| finding_view(f)).collect())
        .unwrap_or_default();
    let status = if rejected_by.is_some() {
        "rejected"
    } else {
        r.status.as_str()
    };
    let mut cls = status.to_string();
    if let Some(sev) = found
        .iter()
        .map(|f| f.severity)
        .max_by_key(|s| *s == "error")
    {
        cls += &format!(" finding-{sev}");
    }
    let period = period_text(r);
    let value = value_text(r.value, r.value_max);
    let unit = r.unit.clone().unwrap_or_default();
    let title = format!(
        "{} · {status} {period} · {value}{unit}{}",
        r.indicator.as_deref().unwrap_or("(no indicator)"),
        if found.is_empty() { "" } else { " · finding" }
    );
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut fields = vec![
        Field {
            label: "indicator",
            value: opt(&r.indicator),
        },
        Field {
            label: "code",
            value: match (&r.indicator_code, &r.indicator_name) {
                (Some(c), Some(n)) => format!("{c} ({n})"),
                (Some(c), None) => c.clone(),
                _ => String::new(),
            },
        },
        Field {
            label: "kind",
            value: r.kind.clone(),
        },
        Field {
            label: "value",
            value: value.clone(),
        },
        Field {
            label: "unit",
            value: unit,
        },
        Field {
            label: "normalized",
            value: match (r.value_normalized, &r.unit_normalized) {
                (Some(v), u) => format!("{}{}", number(v), opt(u)),
                (None, _) => String::new(),
            },
        },
        Field {
            label: "qualifier",
            value: r.qualifier.clone(),
        },
        Field {
            label: "status",
            value: r.status.clone(),
        },
        Field {
            label: "period",
            value: period,
        },
        Field {
            label: "region",
            value: opt(&r.region),
        },
        Field {
            label: "section",
            value: opt(&r.section),
        },
        Field {
            label: "rule",
            value: r.rule.clone(),
        },
        Field {
            label: "evidence",
            value: r.evidence.clone(),
        },
        Field {
            label: "value_text",
            value: r.value_text.clone(),
        },
        Field {
            label: "offsets",
            value: format!(
                "chars {}..{}, bytes {}..{}",
                r.char_start, r.char_end, r.byte_start, r.byte_end
            ),
        },
        Field {
            label: "record_id",
            value: r.record_id.clone(),
        },
    ];
    if let Some(why) = rejected_by {
        fields.push(Field {
            label: "rejected_by",
            value: why.to_string(),
        });
    }
    RecordView {
        id: r.record_id.clone(),
        cls,
        title,
        value_text: r.value_text.clone(),
        fields,
        findings: found,
        unplaced: None,
    }
}

fn period_text(r: &Record) -> String {
    match (r.period_year, &r.period) {
        (Some(y), Some(p)) => format!("{y} {p}"),
        (Some(y), None) => y.to_string(),
        (None, Some(p)) => p.clone(),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::page_path;

    #[test]
    fn every_document_has_its_own_page() {
        assert_eq!(
            page_path("000_35a1e122cccdf170"),
            "doc/000_35a1e122cccdf170.html"
        );
        assert_eq!(
            page_path("2025年北京市政府工作报告"),
            "doc/2025年北京市政府工作报告.html"
        );
        let (a, b) = (page_path("news/a b"), page_path("news/a#b"));
        assert!(a.starts_with("doc/news_a_b-") && b.starts_with("doc/news_a_b-"));
        assert_ne!(a, b);
    }
}
