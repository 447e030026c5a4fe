//! The checks of every record, in a run and in a published dataset alike:
//! its spans give back its `value_text` from the raw file, its enumerations
//! hold allowed values, no two records share a span, and no two documents
//! give the same figure different values. All but the last look at one
//! document at a time.

use std::collections::{BTreeMap, HashMap};

use crate::dataset::rows::{Finding, Record};
use crate::dataset::schema::{KINDS, QUALIFIERS, STATUSES};
use crate::rules::quality::Severity;

/// Each record of one document must give back its `value_text` from the
/// document's raw file, by characters and by bytes: `chars` are the
/// characters it decoded to, `bytes` the file, `encoding` decode's name for it.
pub fn provenance(
    records: &[Record],
    chars: &[char],
    bytes: &[u8],
    encoding: &str,
) -> Vec<Finding> {
    records
        .iter()
        .filter_map(|r| {
            span_problem(r, chars, bytes, encoding)
                .map(|problem| Finding::on_record("provenance", Severity::Error, r, problem))
        })
        .collect()
}

/// What is wrong with a record's spans, if anything. `encoding` is the
/// file's, as decode named it: the byte span is decoded in it.
pub fn span_problem(r: &Record, chars: &[char], bytes: &[u8], encoding: &str) -> Option<String> {
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
    let same = crate::stages::decode::decode_span(raw, encoding).is_some_and(|s| s == r.value_text);
    (!same).then(|| {
        format!(
            "raw bytes at [{bs}, {be}) do not decode to value_text {:?}",
            r.value_text
        )
    })
}

pub fn enumerations(records: &[Record]) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in records {
        for (name, value, allowed) in [
            ("kind", &r.kind, KINDS),
            ("qualifier", &r.qualifier, QUALIFIERS),
            ("status", &r.status, STATUSES),
        ] {
            if !allowed.contains(&value.as_str()) {
                out.push(Finding::on_record(
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

pub fn duplicate_spans(records: &[Record]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut by_doc: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        by_doc.entry(r.doc_id.as_str()).or_default().push(r);
    }
    for recs in by_doc.values_mut() {
        recs.sort_by_key(|r| (r.char_start, r.char_end));
        for w in recs.windows(2) {
            if w[1].char_start < w[0].char_end {
                out.push(Finding::on_record(
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

/// What a record claims, for comparing it with the other documents: the
/// figure's key (indicator, region, period year, period, status, kind and
/// unit), its value and where it stands. Kept for every record of a run until
/// its end, so it holds only these (a record holds its sentence too). A
/// record's claim borrows its text (`Claim<&str>`, what a run spills); what
/// is read back owns it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Claim<S = String> {
    /// Period, status, kind and unit, joined by a separator no field holds.
    key: String,
    indicator: S,
    region: S,
    period_year: i32,
    value: f64,
    qualifier: S,
    value_text: S,
    doc_id: S,
    record_id: S,
}

impl<'r> Claim<&'r str> {
    /// The claim of a record that names an indicator, a region and a year.
    pub fn of(r: &'r Record) -> Option<Claim<&'r str>> {
        let (Some(indicator), Some(region), Some(period_year)) =
            (&r.indicator, &r.region, r.period_year)
        else {
            return None;
        };
        Some(Claim {
            key: [
                r.period.as_deref().unwrap_or(""),
                &r.status,
                &r.kind,
                r.unit.as_deref().unwrap_or(""),
            ]
            .join("\u{1f}"),
            indicator,
            region,
            period_year,
            value: r.value,
            qualifier: &r.qualifier,
            value_text: &r.value_text,
            doc_id: &r.doc_id,
            record_id: &r.record_id,
        })
    }
}

impl<S: AsRef<str>> Claim<S> {
    /// What claims must share to be compared: [`cross_document`] needs every
    /// claim of a group, and no other, to see them all.
    pub fn group(&self) -> (&str, &str, i32, &str) {
        (
            self.indicator.as_ref(),
            self.region.as_ref(),
            self.period_year,
            &self.key,
        )
    }
}

/// The same indicator, region, period and status given different values by
/// different documents. `claims` are in corpus order.
pub fn cross_document<S: AsRef<str>>(claims: &[Claim<S>]) -> Vec<Finding> {
    // Grouped by hash: the order of the groups does not matter, since the
    // findings are sorted after validation; within a group claims keep
    // corpus order.
    type Key<'a> = (&'a str, &'a str, i32, &'a str);
    let mut groups: HashMap<Key, Vec<&Claim<S>>> = HashMap::new();
    for c in claims {
        groups.entry(c.group()).or_default().push(c);
    }
    let mut out = Vec::new();
    for recs in groups.values() {
        let skip = same_value_runs(recs);
        for (i, a) in recs.iter().enumerate() {
            if let Some(b) = recs[skip[i]..].iter().find(|b| {
                b.doc_id.as_ref() != a.doc_id.as_ref()
                    && b.value != a.value
                    && b.qualifier.as_ref() == a.qualifier.as_ref()
            }) {
                out.push(Finding {
                    rule: "cross_document_conflict".into(),
                    severity: Severity::Warning,
                    record_id: Some(b.record_id.as_ref().to_string()),
                    doc_id: Some(b.doc_id.as_ref().to_string()),
                    message: format!(
                        "{} {} {:?}: {} in {} (record {}) but {} in {} (record {})",
                        a.region.as_ref(),
                        a.indicator.as_ref(),
                        Some(a.period_year),
                        a.value_text.as_ref(),
                        a.doc_id.as_ref(),
                        a.record_id.as_ref(),
                        b.value_text.as_ref(),
                        b.doc_id.as_ref(),
                        b.record_id.as_ref()
                    ),
                });
                break;
            }
        }
    }
    out
}

/// For each record of a group, where a search for a different value may
/// start: past the run of records right after it that give the same value.
/// Without it, a figure that many documents repeat alike made the conflict
/// search quadratic in the group.
fn same_value_runs<S>(recs: &[&Claim<S>]) -> Vec<usize> {
    let mut skip = vec![recs.len(); recs.len()];
    for i in (0..recs.len().saturating_sub(1)).rev() {
        // `==` on values is transitive (NaN equals nothing and ends a run).
        skip[i] = if recs[i + 1].value == recs[i].value {
            skip[i + 1]
        } else {
            i + 1
        };
    }
    skip
}
