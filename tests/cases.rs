//! Golden cases: each folder of `tests/cases/` holds an input document
//! (`input.txt`, `input.html` or `input.md`, with an optional `.meta.toml`
//! sidecar) and `expected.tsv`, the records it must give — no more, no fewer.
//! The header says which columns are checked (an `indicator_code` column is
//! optional; empty there means uncoded). Columns left empty in the region
//! column are not checked; the indicator must contain, or be contained in, the
//! expected name (an `indicator_exact` column: be it). A `value_text` cut by
//! a line break in the input writes it `\n`. An optional `expected_document.tsv` (`field<TAB>value` lines)
//! gives the fields of the document's `documents` row (title, date,
//! date_source, region, doc_type…). Every record's `value_text` must be its
//! span of the raw text, and every numeral of the cleaned text a record or a
//! skipped row. Every code of the canonical-indicator lexicon must be reached
//! by at least one case. Adding a case needs no Rust.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use zhibiao::dataset::rows::{DocumentRow, Record, Skipped};
use zhibiao::rules::lexicon::Lexicon;

mod common;

fn run_case(input: &Path) -> (Vec<Record>, DocumentRow, Vec<String>) {
    let out = common::run_library(&[input.to_path_buf()]);
    assert_eq!(
        out.documents[0].status, "ok",
        "{:?}",
        out.documents[0].message
    );
    let records = common::all_records(&out);
    let problems = spans_and_coverage(input, &records, &out.skipped);
    (records, out.documents[0].clone(), problems)
}

/// Records whose `value_text` is not their raw span, and numerals of the
/// cleaned text that are neither in a record nor in a skipped row.
fn spans_and_coverage(input: &Path, records: &[Record], skipped: &[Skipped]) -> Vec<String> {
    let text = std::fs::read_to_string(input).unwrap();
    let raw = text.trim_start_matches('\u{FEFF}');
    let raw_chars: Vec<char> = raw.chars().collect();
    let mut problems = Vec::new();
    for r in records {
        let (s, e) = (r.char_start as usize, r.char_end as usize);
        let span: String = raw_chars[s..e].iter().collect();
        if span != r.value_text {
            problems.push(format!("{}: the raw span is {span:?}", r.value_text));
        }
    }
    let p = common::config(&[]);
    let cleaned = zhibiao::stages::clean::clean(raw, &p.raw.clean, &p.rules);
    let spans: Vec<(i64, i64)> = records
        .iter()
        .map(|r| (r.char_start, r.char_end))
        .chain(skipped.iter().map(|s| (s.char_start, s.char_end)))
        .collect();
    let chars = &cleaned.chars;
    for (start, i) in common::digit_runs(chars) {
        let (rs, re) = cleaned.raw_range(start, i);
        if !spans.iter().any(|&(s, e)| s <= rs as i64 && re as i64 <= e) {
            let text: String = chars[start..i].iter().collect();
            problems.push(format!(
                "numeral {text} at {rs} is neither a record nor skipped"
            ));
        }
    }
    problems
}

/// The differences between the document row and `expected_document.tsv`.
fn check_document(dir: &Path, doc: &DocumentRow) -> Vec<String> {
    let Ok(expected) = std::fs::read_to_string(dir.join("expected_document.tsv")) else {
        return Vec::new();
    };
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut problems = Vec::new();
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let (field, want) = line.split_once('\t').unwrap_or((line, ""));
        let have = match field {
            "title" => o(&doc.title),
            "title_source" => doc.title_source.clone(),
            "date" => o(&doc.date),
            "date_source" => doc.date_source.clone(),
            "region" => o(&doc.region),
            "region_source" => doc.region_source.clone(),
            "doc_type" => o(&doc.doc_type),
            other => panic!("unknown document field {other}"),
        };
        if have != want {
            problems.push(format!("document {field} {have:?}, expected {want:?}"));
        }
    }
    problems
}

fn fmt_f(v: Option<f64>) -> String {
    v.map(|x| format!("{x}")).unwrap_or_default()
}

fn check_case(dir: &Path) -> Vec<String> {
    let input = ["input.txt", "input.html", "input.md"]
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
    let (got, doc, mut problems) = run_case(&input);
    problems.extend(check_document(dir, &doc));
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
                "value_text" => r.value_text.replace('\n', "\\n"),
                "value" => fmt_f(Some(r.value)),
                "value_max" => fmt_f(r.value_max),
                "unit" => r.unit.clone().unwrap_or_default(),
                "value_normalized" => fmt_f(r.value_normalized),
                "unit_normalized" => r.unit_normalized.clone().unwrap_or_default(),
                "kind" => r.kind.clone(),
                "qualifier" => r.qualifier.clone(),
                "status" => r.status.clone(),
                "period_year" => r.period_year.map(|y| y.to_string()).unwrap_or_default(),
                "period" => r.period.clone().unwrap_or_default(),
                "region" if want.is_empty() => continue,
                "region" => r.region.clone().unwrap_or_default(),
                "indicator_code" => r.indicator_code.clone().unwrap_or_default(),
                "indicator_exact" => r.indicator.clone().unwrap_or_default(),
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

/// The `indicator_code` values a case expects (none when it has no such column).
fn expected_codes(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let Some(at) = header.iter().position(|h| *h == "indicator_code") else {
        return Vec::new();
    };
    lines
        .filter_map(|l| l.split('\t').nth(at))
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_code_of_the_lexicon_is_reached_by_a_golden_case() {
    let reached: HashSet<String> = case_dirs().iter().flat_map(|d| expected_codes(d)).collect();
    let lexicon = Lexicon::embedded();
    let missing: Vec<&str> = lexicon
        .indicators
        .iter()
        .map(|i| i.code.as_str())
        .filter(|c| !reached.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes no golden case reaches: {missing:?}"
    );
    let unknown: Vec<&String> = reached
        .iter()
        .filter(|c| lexicon.get(c).is_none())
        .collect();
    assert!(unknown.is_empty(), "codes not in the lexicon: {unknown:?}");
}

#[test]
fn golden_cases() {
    let dirs = case_dirs();
    assert!(dirs.len() >= 7);
    let mut failures = Vec::new();
    for d in &dirs {
        for p in check_case(d) {
            failures.push(format!("{}: {p}", d.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
