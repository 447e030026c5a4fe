//! Tests of `zhibiao validate DIR`: a fresh dataset is clean; each kind of
//! tampering (a shifted offset, an edited value, a dropped column, a lost CSV
//! row, a source file edited after the run) is caught and named; a dataset
//! that cannot be read is unusable; and each default data-quality rule fires
//! on a record made to break it and stays quiet on the corpus.

use std::fs;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde_json::Value;
use zhibiao::config::Pipeline;
use zhibiao::dataset::read::{read_parquet, records_from_df};
use zhibiao::dataset::rows::{DocumentRow, Record};
use zhibiao::rules::quality::{default_rules, Severity};
use zhibiao::stages::validate::quality::run_rules;

mod common;

use common::{bin, copy_dir, run_cli};

/// A dataset made from a private copy of the corpus, so the test may edit both.
struct Fixture {
    _tmp: tempfile::TempDir,
    corpus: PathBuf,
    out: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let out = tmp.path().join("out");
    copy_dir(Path::new("corpus"), &corpus);
    run_cli(&[
        "--input".as_ref(),
        corpus.as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
    ]);
    Fixture {
        _tmp: tmp,
        corpus,
        out,
    }
}

/// What `zhibiao validate` did.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn validate(dir: &Path, json: bool) -> Outcome {
    let mut cmd = bin();
    cmd.args(["validate", "--config", "pipeline.toml"]).arg(dir);
    if json {
        cmd.args(["--format", "json"]);
    }
    let out = cmd.output().expect("zhibiao runs");
    Outcome {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json_report(dir: &Path) -> Value {
    let o = validate(dir, true);
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {}", o.stdout))
}

/// The rules of the JSON report's findings of severity error.
fn error_rules(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts that validation fails with exit 1 and names `rule`, in both formats.
fn assert_invalid(dir: &Path, rule: &str) {
    let o = validate(dir, false);
    assert_eq!(o.code, 1, "expected exit 1; stderr:\n{}", o.stderr);
    assert!(
        o.stderr.contains(rule),
        "{rule} not on stderr:\n{}",
        o.stderr
    );
    let report = json_report(dir);
    assert_eq!(report["status"], "invalid");
    assert!(
        error_rules(&report).iter().any(|r| r == rule),
        "{rule} not among the errors: {report:#}"
    );
}

/// Rewrites `indicators.parquet` and `indicators.csv` the way the export writes them.
fn rewrite_indicators(dir: &Path, change: impl FnOnce(DataFrame) -> DataFrame) {
    let df = read_parquet(dir, "indicators").unwrap();
    let mut df = change(df);
    let pq = fs::File::create(dir.join("indicators.parquet")).unwrap();
    ParquetWriter::new(pq).finish(&mut df).unwrap();
    let csv = fs::File::create(dir.join("indicators.csv")).unwrap();
    CsvWriter::new(csv)
        .include_header(true)
        .with_null_value(PlSmallStr::EMPTY)
        .finish(&mut df)
        .unwrap();
}

/// Replaces the first row's value in an i64 column.
fn bump_first_i64(mut df: DataFrame, col: &str, by: i64) -> DataFrame {
    let values: Vec<Option<i64>> = df.column(col).unwrap().i64().unwrap().iter().collect();
    let changed: Vec<Option<i64>> = values
        .iter()
        .enumerate()
        .map(|(i, v)| if i == 0 { v.map(|x| x + by) } else { *v })
        .collect();
    df.with_column(Column::new(col.into(), changed)).unwrap();
    df
}

#[test]
fn a_fresh_dataset_is_valid() {
    // The dataset of the repository's corpus, with the manifest's paths climbing out of the temp folder.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_cli(&["--output".as_ref(), out.as_os_str()]);
    let o = validate(&out, false);
    assert_eq!(o.code, 0, "stderr:\n{}", o.stderr);
    assert!(o.stderr.contains(": ok"), "{}", o.stderr);
    assert!(
        !o.stderr.contains("source_missing"),
        "sources not found: {}",
        o.stderr
    );
    let report = json_report(&out);
    assert_eq!(report["status"], "ok");
    assert_eq!(report["counts"]["errors"], 0);
    assert!(report["counts"]["rows"]["indicators"].as_u64().unwrap() > 0);
    // Deterministic: the same report twice.
    assert_eq!(validate(&out, true).stdout, validate(&out, true).stdout);
}

#[test]
fn a_dataset_of_a_copied_corpus_is_valid() {
    let f = fixture();
    let o = validate(&f.out, false);
    assert_eq!(o.code, 0, "stderr:\n{}", o.stderr);
}

#[test]
fn an_offset_off_by_one_is_a_provenance_error() {
    let f = fixture();
    rewrite_indicators(&f.out, |df| bump_first_i64(df, "char_start", 1));
    assert_invalid(&f.out, "provenance");
}

#[test]
fn a_changed_value_text_is_a_provenance_error() {
    let f = fixture();
    rewrite_indicators(&f.out, |mut df| {
        let texts: Vec<Option<String>> = df
            .column("value_text")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.map(|s| {
                    if i == 0 {
                        format!("{s}0")
                    } else {
                        s.to_string()
                    }
                })
            })
            .collect();
        df.with_column(Column::new("value_text".into(), texts))
            .unwrap();
        df
    });
    assert_invalid(&f.out, "provenance");
}

#[test]
fn a_dropped_column_is_a_schema_error() {
    let f = fixture();
    rewrite_indicators(&f.out, |df| df.drop("unit").unwrap());
    assert_invalid(&f.out, "schema");
    let o = validate(&f.out, false);
    assert!(o.stdout.contains("unit"), "{}", o.stdout);
}

#[test]
fn a_missing_csv_row_is_caught() {
    let f = fixture();
    let path = f.out.join("indicators.csv");
    let text = fs::read_to_string(&path).unwrap();
    let body = text.trim_end_matches('\n');
    let cut = body.rfind('\n').unwrap();
    fs::write(&path, format!("{}\n", &body[..cut])).unwrap();
    assert_invalid(&f.out, "csv_matches_parquet");
}

#[test]
fn a_source_edited_after_the_run_is_caught() {
    let f = fixture();
    let mut files: Vec<PathBuf> = fs::read_dir(&f.corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut bytes = fs::read(&files[0]).unwrap();
    bytes.push(b'\n');
    fs::write(&files[0], bytes).unwrap();
    assert_invalid(&f.out, "source_changed");
    let o = validate(&f.out, false);
    let name = files[0].file_name().unwrap().to_string_lossy();
    assert!(
        o.stderr.contains(name.as_ref()) || o.stdout.contains(name.as_ref()),
        "the changed file is not named"
    );
}

#[test]
fn an_absent_source_is_a_warning() {
    let f = fixture();
    fs::remove_dir_all(&f.corpus).unwrap();
    let o = validate(&f.out, false);
    assert_eq!(o.code, 0, "stderr:\n{}", o.stderr);
    assert!(o.stderr.contains("source_missing"), "{}", o.stderr);
}

#[test]
fn a_missing_manifest_is_unusable() {
    let f = fixture();
    fs::remove_file(f.out.join("manifest.json")).unwrap();
    let o = validate(&f.out, false);
    assert_eq!(o.code, 2, "stderr:\n{}", o.stderr);
    assert!(o.stderr.contains("manifest.json"), "{}", o.stderr);
    let o = validate(&f.out, true);
    assert_eq!(o.code, 2);
    let report: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(report["status"], "unusable");
}

#[test]
fn an_unreadable_parquet_is_unusable() {
    let f = fixture();
    let path = f.out.join("indicators.parquet");
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let o = validate(&f.out, false);
    assert_eq!(o.code, 2, "stderr:\n{}", o.stderr);
    assert!(o.stderr.contains("indicators.parquet"), "{}", o.stderr);
    fs::write(&path, b"not a parquet file at all").unwrap();
    assert_eq!(validate(&f.out, false).code, 2);
}

#[test]
fn a_missing_table_is_unusable() {
    let f = fixture();
    fs::remove_file(f.out.join("skipped.csv")).unwrap();
    let o = validate(&f.out, false);
    assert_eq!(o.code, 2, "stderr:\n{}", o.stderr);
    assert!(o.stderr.contains("skipped.csv"), "{}", o.stderr);
}

/// The corpus run in process: its configuration, records and documents.
fn corpus_run() -> (Pipeline, Vec<Record>, Vec<DocumentRow>) {
    let pipeline = common::config(&[]);
    let out = common::run_pipeline(&pipeline);
    (pipeline, out.indicators, out.documents)
}

#[test]
fn records_read_back_from_the_dataset_equal_the_run() {
    let f = fixture();
    let (_, records, _) = corpus_run();
    let df = read_parquet(&f.out, "indicators").unwrap();
    let back = records_from_df(&df).unwrap();
    assert_eq!(back, records);
}

/// A record that breaks none of the default rules, in a document of 2024.
fn neutral(base: &Record) -> Record {
    Record {
        record_id: "crafted".into(),
        indicator: Some("地区生产总值".into()),
        indicator_code: Some("gdp".into()),
        indicator_name: Some("地区生产总值".into()),
        kind: "level".into(),
        value: 100.0,
        value_max: None,
        unit: Some("亿元".into()),
        qualifier: "exact".into(),
        status: "actual".into(),
        period_year: Some(2024),
        ..base.clone()
    }
}

#[test]
fn each_default_rule_fires_on_a_crafted_record_and_not_on_the_corpus() {
    let (pipeline, records, documents) = corpus_run();
    let errors: Vec<_> = run_rules(&records, &documents, &default_rules(), &pipeline.rules)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "errors on the corpus: {errors:#?}");

    let base = neutral(&records[0]);
    let mut doc = documents
        .iter()
        .find(|d| d.doc_id == base.doc_id)
        .unwrap()
        .clone();
    doc.year = Some(2024);
    let docs = [doc];
    let quiet = run_rules(
        std::slice::from_ref(&base),
        &docs,
        &default_rules(),
        &pipeline.rules,
    );
    assert!(
        quiet.is_empty(),
        "the neutral record is flagged: {quiet:#?}"
    );

    let set = |f: fn(&mut Record)| {
        let mut r = base.clone();
        f(&mut r);
        r
    };
    let cases: Vec<(&str, Record)> = vec![
        (
            "change_percent_out_of_range",
            set(|r| {
                r.kind = "change".into();
                r.unit = Some("%".into());
                r.value = 2000.0;
            }),
        ),
        (
            "ratio_out_of_range",
            set(|r| {
                r.kind = "ratio".into();
                r.unit = Some("%".into());
                r.value = 150.0;
            }),
        ),
        ("level_in_percent", set(|r| r.unit = Some("%".into()))),
        ("actual_after_document", set(|r| r.period_year = Some(2026))),
        (
            "target_before_document",
            set(|r| {
                r.status = "target".into();
                r.period_year = Some(2020);
            }),
        ),
        ("unit_not_in_lexicon", set(|r| r.unit = Some("咕噜".into()))),
        ("empty_indicator", set(|r| r.indicator = None)),
        (
            "rank_with_unit",
            set(|r| {
                r.kind = "rank".into();
                r.unit = Some("位".into());
            }),
        ),
        (
            "change_without_relative_unit",
            set(|r| r.kind = "change".into()),
        ),
        (
            "gdp_code_on_a_part",
            set(|r| {
                r.indicator = Some("人均地区生产总值".into());
                r.indicator_code = Some("gdp".into());
            }),
        ),
    ];
    let names: Vec<String> = default_rules().into_iter().map(|r| r.name).collect();
    for name in &names {
        assert!(
            cases.iter().any(|(n, _)| n == name),
            "default rule {name} has no crafted record"
        );
    }
    for (rule, record) in cases {
        let found = run_rules(&[record], &docs, &default_rules(), &pipeline.rules);
        assert!(
            found
                .iter()
                .any(|f| f.rule == rule && f.record_id.as_deref() == Some("crafted")),
            "{rule} did not fire: {found:#?}"
        );
    }
}
