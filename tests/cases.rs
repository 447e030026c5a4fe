//! Golden cases: each folder of `tests/cases/` holds an input document
//! (`input.txt` or `input.html`, with an optional `.meta.toml` sidecar) and
//! `expected.tsv`, the records it must give — no more, no fewer. Columns left
//! empty in the region column are not checked; the indicator must contain, or
//! be contained in, the expected name. Adding a case needs no Rust.

use std::path::{Path, PathBuf};

use zhibiao::dataset::rows::Record;

mod common;

fn records_of(input: &Path) -> Vec<Record> {
    let out = common::run_library(&[input.to_path_buf()]);
    assert_eq!(
        out.documents[0].status, "ok",
        "{:?}",
        out.documents[0].message
    );
    common::all_records(&out)
}

fn fmt_f(v: Option<f64>) -> String {
    v.map(|x| format!("{x}")).unwrap_or_default()
}

fn check_case(dir: &Path) -> Vec<String> {
    let input = ["input.txt", "input.html"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists())
        .expect("an input file");
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let mut lines = expected.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let rows: Vec<Vec<&str>> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    let got = records_of(&input);
    let mut problems = Vec::new();
    if got.len() != rows.len() {
        problems.push(format!(
            "{} records, expected {}: {:?}",
            got.len(),
            rows.len(),
            got.iter()
                .map(|r| r.value_text.as_str())
                .collect::<Vec<_>>()
        ));
    }
    for (row, r) in rows.iter().zip(&got) {
        for (k, want) in header.iter().zip(row) {
            let have = match *k {
                "value_text" => r.value_text.clone(),
                "value" => fmt_f(Some(r.value)),
                "value_max" => fmt_f(r.value_max),
                "unit" => r.unit.clone().unwrap_or_default(),
                "kind" => r.kind.clone(),
                "qualifier" => r.qualifier.clone(),
                "status" => r.status.clone(),
                "period_year" => r.period_year.map(|y| y.to_string()).unwrap_or_default(),
                "period" => r.period.clone().unwrap_or_default(),
                "region" if want.is_empty() => continue,
                "region" => r.region.clone().unwrap_or_default(),
                "indicator" => {
                    let have = r.indicator.clone().unwrap_or_default();
                    if have.is_empty() || !(have.contains(want) || want.contains(have.as_str())) {
                        problems.push(format!(
                            "{}: indicator {have:?}, expected {want:?}",
                            r.value_text
                        ));
                    }
                    continue;
                }
                other => panic!("unknown column {other}"),
            };
            if have != *want {
                problems.push(format!(
                    "{}: {k} {have:?}, expected {want:?} ({})",
                    r.value_text, r.evidence
                ));
            }
        }
    }
    problems
}

#[test]
fn golden_cases() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 7);
    let mut failures = Vec::new();
    for d in &dirs {
        for p in check_case(d) {
            failures.push(format!("{}: {p}", d.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
