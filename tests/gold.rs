//! The gold guards: the pipeline scored against hand annotations with the
//! matching of `../shared/eval/score.py` (ported in `tests/common/score.rs`).
//!
//! - The seeds (`tests/gold/`, copied from `../shared/gold`): the embedded corpus.
//! - The development set (`../shared/devset/`: district and provincial work
//!   reports, news with front matter, Traditional Chinese): read from the
//!   shared folder, never copied into the repository (its news texts are
//!   copyrighted); skipped with a message when the folder is absent.
//!
//! Each fails below its thresholds.

use std::path::Path;

mod common;

use common::score::{read_gold, score, shortfalls, summary};

#[test]
fn seed_gold_score_stays_above_the_thresholds() {
    let preds = common::run_library(&[]).indicators;
    let s = score(&read_gold(Path::new("tests/gold")), &preds);
    println!("seeds: {}", summary(&s));
    let attrs = [
        ("unit", 0.92),
        ("kind", 0.92),
        ("qualifier", 0.92),
        ("status", 0.92),
        ("period_year", 0.92),
        ("region", 0.85),
    ];
    let problems = shortfalls(&s, 0.97, 0.92, &attrs, 0.80);
    assert!(problems.is_empty(), "seeds: {}", problems.join("; "));
}

#[test]
fn devset_gold_score_stays_above_the_thresholds() {
    let devset = Path::new("../shared/devset");
    if !devset.join("gold").is_dir() {
        eprintln!("devset guard skipped: {} is absent", devset.display());
        return;
    }
    let preds = common::run_library(&[devset.join("docs")]).indicators;
    let s = score(&read_gold(&devset.join("gold")), &preds);
    println!("devset: {}", summary(&s));
    let attrs = [
        ("status", 0.97),
        ("period_year", 0.97),
        ("indicator_partial", 0.92),
    ];
    // Per document, every one at least 0.75: the Traditional-Chinese budget
    // news (h10) is the weakest (0.77), its indicator names being free
    // paraphrases; the others stay above 0.9.
    let problems = shortfalls(&s, 0.97, 0.90, &attrs, 0.75);
    assert!(problems.is_empty(), "devset: {}", problems.join("; "));
}
