//! What a data owner adds without Rust: a data-quality rule in four lines of
//! TOML (run by the pipeline and by `zhibiao validate`), a unit for the
//! lexicon, and the cross-document check that names both records.

use std::fs;
use std::path::Path;

use zhibiao::config::load_config;

mod common;

use common::{bin, run_pipeline};

const USER_RULE: &str = r#"
[[validate.rules]]
name = "big_passenger_flow"
severity = "warning"
message = "more than ten million passenger trips"
when = "unit_normalized = '人次' AND value_normalized > 10000000"
"#;

#[test]
fn a_rule_added_in_four_lines_runs_in_the_pipeline_and_in_validate() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("pipeline.toml");
    let corpus = fs::canonicalize("corpus").unwrap();
    fs::write(
        &config,
        format!(
            "[input]\npaths = [{:?}]\n{USER_RULE}",
            corpus.display().to_string()
        ),
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let status = bin()
        .args(["run", "--quiet", "--config"])
        .arg(&config)
        .arg("--output")
        .arg(&out_dir)
        .status()
        .unwrap();
    assert!(status.success());
    let findings = fs::read_to_string(out_dir.join("findings.csv")).unwrap();
    let hits: Vec<&str> = findings
        .lines()
        .filter(|l| l.starts_with("big_passenger_flow,warning,"))
        .collect();
    assert!(
        hits.iter().any(|l| l.contains("2535.8万人次")),
        "{findings}"
    );
    let out = bin()
        .args(["validate", "--format", "json", "--config"])
        .arg(&config)
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(names.contains(&"big_passenger_flow"), "{names:?}");
}

#[test]
fn units_can_be_added_from_the_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.txt"), "2024年,全省原油产量达到120万桶。").unwrap();
    fs::write(
        tmp.path().join("a.txt.meta.toml"),
        "date = \"2024-12-01\"\n",
    )
    .unwrap();
    let config = tmp.path().join("pipeline.toml");
    fs::write(
        &config,
        "[input]\npaths = [\"a.txt\"]\n[extract]\nextra_units = [{ text = \"万桶\", base = \"桶\", multiplier = 1e4, category = \"energy\" }]\n",
    )
    .unwrap();
    let p = load_config(Some(&config), &[], None).unwrap();
    let out = run_pipeline(&p);
    let r = &out.indicators[0];
    assert_eq!(
        (
            r.value_text.as_str(),
            r.unit.as_deref(),
            r.unit_normalized.as_deref()
        ),
        ("120万桶", Some("万桶"), Some("桶"))
    );
    assert_eq!(r.value_normalized, Some(1_200_000.0));
    assert!(
        out.findings.iter().all(|f| f.rule != "unit_not_in_lexicon"),
        "{:?}",
        out.findings
    );
    // Without the entry the number has no unit and is skipped, with its reason.
    let p = load_config(
        Some(Path::new("pipeline.toml")),
        &[tmp.path().join("a.txt")],
        None,
    )
    .unwrap();
    let out = run_pipeline(&p);
    assert!(out.indicators.iter().all(|r| r.value_text != "120万桶"));
}

#[test]
fn the_same_figure_reported_differently_by_two_documents_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, value) in [("a.txt", "7.4%"), ("b.txt", "7.6%")] {
        fs::write(
            tmp.path().join(name),
            format!("2023年,郑州市地区生产总值增长{value}。"),
        )
        .unwrap();
        fs::write(
            tmp.path().join(format!("{name}.meta.toml")),
            "date = \"2024-02-01\"\n",
        )
        .unwrap();
    }
    let p = load_config(
        Some(Path::new("pipeline.toml")),
        &[tmp.path().to_path_buf()],
        None,
    )
    .unwrap();
    let out = run_pipeline(&p);
    let ids: Vec<&str> = out
        .indicators
        .iter()
        .map(|r| r.record_id.as_str())
        .collect();
    let conflict = out
        .findings
        .iter()
        .find(|f| f.rule == "cross_document_conflict")
        .expect("a conflict finding");
    assert!(
        ids.iter().all(|id| conflict.message.contains(id)),
        "{}",
        conflict.message
    );
    assert_eq!(out.indicators.len(), 2, "a warning keeps both records");
}

#[test]
fn a_rules_file_replaces_the_embedded_rules_and_sidecars_fill_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("a.txt"),
        "全区新营造森林1000亩,新建道路92条。",
    )
    .unwrap();
    fs::write(
        tmp.path().join("a.txt.meta.toml"),
        "date = \"2020-03-01\"\ntitle = \"金水区工作报告\"\nregion = \"金水区\"\n",
    )
    .unwrap();
    // The embedded rules without the unit 亩.
    let rules = include_str!("../src/rules/default.toml").replace("\"亩\", ", "");
    fs::write(tmp.path().join("rules.toml"), rules).unwrap();
    let config = tmp.path().join("pipeline.toml");
    fs::write(
        &config,
        "[input]\npaths = [\"a.txt\"]\n[extract]\nrules_file = \"rules.toml\"\n",
    )
    .unwrap();
    let p = load_config(Some(&config), &[], None).unwrap();
    let out = run_pipeline(&p);
    let texts: Vec<&str> = out
        .indicators
        .iter()
        .map(|r| r.value_text.as_str())
        .collect();
    assert_eq!(texts, ["92条"]);
    let d = &out.documents[0];
    assert_eq!(
        (d.date.as_deref(), d.date_source.as_str()),
        (Some("2020-03-01"), "sidecar")
    );
    assert_eq!(
        (d.region.as_deref(), d.region_source.as_str()),
        (Some("金水区"), "sidecar")
    );
    assert_eq!(d.title.as_deref(), Some("金水区工作报告"));
    assert_eq!(out.indicators[0].region.as_deref(), Some("金水区"));
    assert_eq!(
        out.indicators[0].status, "target",
        "a first-quarter document's own year is a plan"
    );
}

#[test]
fn a_rules_files_regions_table_names_the_regions_found() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("a.txt"),
        "金水区人民政府工作报告\n\n我代表金水区人民政府，向大会报告工作。全区地区生产总值增长5.1%。\n",
    )
    .unwrap();
    let region_with = |config: &str| {
        let path = tmp.path().join("pipeline.toml");
        fs::write(&path, format!("[input]\npaths = [\"a.txt\"]\n{config}")).unwrap();
        let out = run_pipeline(&load_config(Some(&path), &[], None).unwrap());
        out.documents[0].region.clone()
    };
    assert_eq!(region_with("").as_deref(), Some("金水区"));
    // The embedded rules, with 金水区 written otherwise.
    let rules = include_str!("../src/rules/default.toml").replace(
        "display_names = { ",
        "display_names = { \"金水区\" = \"郑州金水\", ",
    );
    fs::write(tmp.path().join("rules.toml"), rules).unwrap();
    assert_eq!(
        region_with("[extract]\nrules_file = \"rules.toml\"\n").as_deref(),
        Some("郑州金水"),
        "the gazetteer is built from the configured rules' [regions]"
    );
}
