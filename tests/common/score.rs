//! The matching and figures of `../shared/eval/score.py`, in Rust: same
//! document, overlapping span, equal value; greedy one-to-one; optional gold
//! records neither rewarded nor penalised; record accuracy needs unit, kind,
//! qualifier, status and period_year right and a partial indicator match.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use zhibiao::dataset::rows::Record;

/// The attributes scored, in the scorer's order.
pub const ATTRS: [&str; 6] = [
    "unit",
    "kind",
    "qualifier",
    "status",
    "period_year",
    "region",
];

/// The figures of one scoring.
#[derive(Debug, Default)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Accuracy of each of [`ATTRS`] over matched non-optional records.
    pub attributes: BTreeMap<&'static str, f64>,
    pub indicator_partial: f64,
    pub record_accuracy: f64,
    /// Record accuracy of each document.
    pub per_document: BTreeMap<String, f64>,
}

/// Every gold record of the JSONL files in `dir`, in file order.
pub fn read_gold(dir: &Path) -> Vec<Value> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<Value>>()
        })
        .collect()
}

fn norm(v: Option<String>) -> Option<String> {
    v.map(|s| s.replace([' ', '\u{3000}'], ""))
        .filter(|s| !s.is_empty() && s != "null")
}

fn norm_name(v: Option<&str>) -> String {
    norm(v.map(String::from))
        .unwrap_or_default()
        .chars()
        .filter(|c| !"“”‘’\"'「」『』《》〈〉".contains(*c))
        .collect()
}

fn gold_attr(g: &Value, k: &str) -> Option<String> {
    match &g[k] {
        Value::Null => None,
        Value::String(s) => norm(Some(s.clone())),
        Value::Number(n) => {
            let f = n.as_f64().unwrap();
            norm(Some(if f.fract() == 0.0 {
                format!("{}", f as i64)
            } else {
                f.to_string()
            }))
        }
        v => norm(Some(v.to_string())),
    }
}

fn pred_attr(r: &Record, k: &str) -> Option<String> {
    norm(match k {
        "unit" => r.unit.clone(),
        "kind" => Some(r.kind.clone()),
        "qualifier" => Some(r.qualifier.clone()),
        "status" => Some(r.status.clone()),
        "period_year" => r.period_year.map(|y| y.to_string()),
        "region" => r.region.clone(),
        _ => unreachable!(),
    })
}

/// The (gold, prediction) pairs, matched greedily in gold order.
fn matches(gold: &[Value], preds: &[Record]) -> Vec<(usize, usize)> {
    let mut used = vec![false; preds.len()];
    let mut pairs = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        let (gs, ge) = (
            g["char_start"].as_i64().unwrap(),
            g["char_end"].as_i64().unwrap(),
        );
        let gv = g["value"].as_f64().unwrap();
        let mut best: Option<(i64, usize)> = None;
        for (j, r) in preds.iter().enumerate() {
            if used[j] || r.source_file != g["doc"].as_str().unwrap() {
                continue;
            }
            let same = (r.value - gv).abs() <= 1e-9 * r.value.abs().max(gv.abs()).max(1e-3);
            if r.char_start < ge && gs < r.char_end && same {
                let d = (r.char_start - gs).abs() + (r.char_end - ge).abs();
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, j));
                }
            }
        }
        if let Some((_, j)) = best {
            used[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// Scores the records of documents that have gold records against the gold.
pub fn score(gold: &[Value], preds: &[Record]) -> Score {
    let docs: std::collections::BTreeSet<&str> =
        gold.iter().map(|g| g["doc"].as_str().unwrap()).collect();
    let preds: Vec<Record> = preds
        .iter()
        .filter(|r| docs.contains(r.source_file.as_str()))
        .cloned()
        .collect();
    let pairs = matches(gold, &preds);
    let optional = |g: &Value| g["optional"].as_bool().unwrap_or(false);
    let n_gold = gold.iter().filter(|g| !optional(g)).count() as f64;
    let tp = pairs.iter().filter(|(i, _)| !optional(&gold[*i])).count() as f64;
    let n_pred =
        preds.len() as f64 - pairs.iter().filter(|(i, _)| optional(&gold[*i])).count() as f64;
    let (precision, recall) = (tp / n_pred, tp / n_gold);
    let scored: Vec<_> = pairs.iter().filter(|(i, _)| !optional(&gold[*i])).collect();
    let mut attr_ok = [0.0; 6];
    let (mut partial_ok, mut record_ok) = (0.0, 0.0);
    let mut doc_ok: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for g in gold.iter().filter(|g| !optional(g)) {
        doc_ok
            .entry(g["doc"].as_str().unwrap().to_string())
            .or_default()
            .1 += 1.0;
    }
    for (i, j) in &scored {
        let (g, r) = (&gold[*i], &preds[*j]);
        let mut all = true;
        for (k, name) in ATTRS.iter().enumerate() {
            let ok = gold_attr(g, name) == pred_attr(r, name);
            attr_ok[k] += ok as u8 as f64;
            all &= ok || *name == "region";
        }
        let (gi, pi) = (
            norm_name(g["indicator"].as_str()),
            norm_name(r.indicator.as_deref()),
        );
        let partial = !gi.is_empty() && !pi.is_empty() && (gi.contains(&pi) || pi.contains(&gi));
        partial_ok += partial as u8 as f64;
        let ok = (all && partial) as u8 as f64;
        record_ok += ok;
        doc_ok.get_mut(g["doc"].as_str().unwrap()).unwrap().0 += ok;
    }
    let m = scored.len().max(1) as f64;
    Score {
        precision,
        recall,
        f1: 2.0 * precision * recall / (precision + recall),
        attributes: ATTRS
            .iter()
            .zip(attr_ok)
            .map(|(k, n)| (*k, n / m))
            .collect(),
        indicator_partial: partial_ok / m,
        record_accuracy: record_ok / n_gold,
        per_document: doc_ok.into_iter().map(|(d, (ok, n))| (d, ok / n)).collect(),
    }
}

/// The problems of a score against minimum figures, as readable lines.
pub fn shortfalls(
    s: &Score,
    min_f1: f64,
    min_accuracy: f64,
    min_attr: &[(&str, f64)],
    min_doc: f64,
) -> Vec<String> {
    let mut out = Vec::new();
    if s.f1 < min_f1 {
        out.push(format!("detection F1 {:.3} < {min_f1}", s.f1));
    }
    if s.record_accuracy < min_accuracy {
        out.push(format!(
            "record accuracy {:.3} < {min_accuracy}",
            s.record_accuracy
        ));
    }
    for (name, min) in min_attr {
        let a = if *name == "indicator_partial" {
            s.indicator_partial
        } else {
            s.attributes[name]
        };
        if a < *min {
            out.push(format!("{name} {a:.3} < {min}"));
        }
    }
    for (doc, a) in &s.per_document {
        if *a < min_doc {
            out.push(format!("{doc}: record accuracy {a:.3} < {min_doc}"));
        }
    }
    out
}

/// One line of figures, for the test log.
pub fn summary(s: &Score) -> String {
    let attrs: Vec<String> = s
        .attributes
        .iter()
        .map(|(k, v)| format!("{k} {v:.3}"))
        .collect();
    let docs: Vec<String> = s
        .per_document
        .iter()
        .map(|(k, v)| format!("{k} {v:.3}"))
        .collect();
    format!(
        "P {:.3} R {:.3} F1 {:.3}; {}; indicator partial {:.3}; record accuracy {:.3}\nper document: {}",
        s.precision, s.recall, s.f1, attrs.join(" "), s.indicator_partial, s.record_accuracy, docs.join(", ")
    )
}
