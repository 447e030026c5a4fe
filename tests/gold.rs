//! The gold guard: runs the pipeline on the embedded corpus and scores it
//! against the hand annotations in `tests/gold/` (copied from
//! `../shared/gold`) with the matching of `../shared/eval/score.py`: same
//! document, overlapping span, equal value; greedy one-to-one; optional gold
//! records neither rewarded nor penalised. Fails below the thresholds.

use serde_json::Value;
use zhibiao::dataset::rows::Record;

mod common;

const MIN_F1: f64 = 0.97;
const MIN_RECORD_ACCURACY: f64 = 0.90;
const MIN_ATTRIBUTE: [(&str, f64); 6] = [
    ("unit", 0.92),
    ("kind", 0.92),
    ("qualifier", 0.92),
    ("status", 0.92),
    ("period_year", 0.92),
    ("region", 0.85),
];

fn gold() -> Vec<Value> {
    let mut rows = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir("tests/gold")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        for line in std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            rows.push(serde_json::from_str(line).unwrap());
        }
    }
    rows
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
        Value::Number(n) => norm(Some(
            n.as_f64()
                .map(|f| {
                    if f.fract() == 0.0 {
                        format!("{}", f as i64)
                    } else {
                        f.to_string()
                    }
                })
                .unwrap(),
        )),
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

#[test]
fn seed_gold_score_stays_above_the_thresholds() {
    let preds = common::run_library(&[]).indicators;
    let gold = gold();
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
    let optional = |g: &Value| g["optional"].as_bool().unwrap_or(false);
    let n_gold = gold.iter().filter(|g| !optional(g)).count() as f64;
    let tp = pairs.iter().filter(|(i, _)| !optional(&gold[*i])).count() as f64;
    let n_pred =
        preds.len() as f64 - pairs.iter().filter(|(i, _)| optional(&gold[*i])).count() as f64;
    let (precision, recall) = (tp / n_pred, tp / n_gold);
    let f1 = 2.0 * precision * recall / (precision + recall);
    let scored: Vec<_> = pairs.iter().filter(|(i, _)| !optional(&gold[*i])).collect();
    let mut record_ok = 0.0;
    let mut attr_ok = [0.0; 6];
    for (i, j) in &scored {
        let (g, r) = (&gold[*i], &preds[*j]);
        let mut all = true;
        for (k, (name, _)) in MIN_ATTRIBUTE.iter().enumerate() {
            let ok = gold_attr(g, name) == pred_attr(r, name);
            attr_ok[k] += ok as u8 as f64;
            all &= ok || *name == "region";
        }
        let (gi, pi) = (
            norm_name(g["indicator"].as_str()),
            norm_name(r.indicator.as_deref()),
        );
        let partial = !gi.is_empty() && !pi.is_empty() && (gi.contains(&pi) || pi.contains(&gi));
        record_ok += (all && partial) as u8 as f64;
    }
    let accuracy = record_ok / n_gold;
    println!("detection P {precision:.3} R {recall:.3} F1 {f1:.3}; record accuracy {accuracy:.3}");
    assert!(f1 >= MIN_F1, "detection F1 {f1:.3} < {MIN_F1}");
    assert!(
        accuracy >= MIN_RECORD_ACCURACY,
        "record accuracy {accuracy:.3} < {MIN_RECORD_ACCURACY}"
    );
    for (k, (name, min)) in MIN_ATTRIBUTE.iter().enumerate() {
        let a = attr_ok[k] / scored.len() as f64;
        println!("{name} {a:.3}");
        assert!(a >= *min, "{name} accuracy {a:.3} < {min}");
    }
}
