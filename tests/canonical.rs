//! Canonical indicators: the lexicon gives each name of
//! `tests/canonical_names.tsv` its code (kind and unit checked), a record
//! coded `gdp` is never a per-capita, sector, share or other-GDP figure, and
//! the lexicon is replaced and extended from `pipeline.toml`, with errors that
//! name the key.

use std::fs;
use std::path::{Path, PathBuf};

use zhibiao::config::load_config;
use zhibiao::rules::Rules;
use zhibiao::stages::extract::canonical::{decide, Decision};

mod common;

use common::{all_records, bin, run_library, run_pipeline};

/// Name fragments that make a GDP-like name something else than GDP.
const NOT_GDP: [&str; 12] = [
    "人均",
    "单位",
    "万元",
    "占",
    "比重",
    "比例",
    "强度",
    "能耗",
    "海洋",
    "产业",
    "增加值",
    "县域",
];

/// The base unit of a written unit (亿元 → 元), as `unit_normalized` holds it.
fn base_unit(unit: &str) -> Option<String> {
    let u = unit.replace('％', "%");
    let base = u.trim_start_matches(|c| "十百千万亿".contains(c));
    (!base.is_empty()).then(|| base.to_string())
}

fn code_of(rules: &Rules, name: &str, kind: &str, unit: &str) -> String {
    match decide(rules, Some(name), kind, base_unit(unit).as_deref()) {
        Decision::Coded(ind, _) => ind.code.clone(),
        _ => "-".into(),
    }
}

#[test]
fn each_name_of_the_table_gets_its_code() {
    let rules = Rules::embedded();
    let table = fs::read_to_string("tests/canonical_names.tsv").unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (name, kind, unit, want) = (f[0], f[1], f[2], f[3]);
        n += 1;
        let got = code_of(&rules, name, kind, unit);
        if got != want {
            failures.push(format!(
                "{name} ({kind}, {unit}): {got}, expected {want} (compared as {})",
                rules.lexicon.normalize(name)
            ));
        }
    }
    assert!(n >= 70, "only {n} names");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_gdp_record_is_never_a_per_capita_sector_share_or_other_gdp_figure() {
    let rules = Rules::embedded();
    // Every name of the table that holds such a fragment.
    let table = fs::read_to_string("tests/canonical_names.tsv").unwrap();
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        if NOT_GDP.iter().any(|w| f[0].contains(w)) {
            assert_ne!(code_of(&rules, f[0], f[1], f[2]), "gdp", "{}", f[0]);
        }
    }
    // Every record of the golden cases and the seeds coded gdp.
    let mut inputs: Vec<PathBuf> = fs::read_dir("tests/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    inputs.push(PathBuf::from("corpus"));
    let out = run_library(&inputs);
    let gdp: Vec<_> = all_records(&out)
        .into_iter()
        .filter(|r| r.indicator_code.as_deref() == Some("gdp"))
        .collect();
    assert!(gdp.len() >= 5, "only {} gdp records", gdp.len());
    for r in &gdp {
        let name = r.indicator.as_deref().unwrap_or("");
        assert!(
            !NOT_GDP.iter().any(|w| name.contains(w)),
            "{name} ({}) is coded gdp",
            r.value_text
        );
        assert_ne!(
            r.unit.as_deref(),
            Some("个百分点"),
            "{name}: a gap is not growth"
        );
        assert_eq!(r.indicator_name.as_deref(), Some("地区生产总值"));
    }
}

fn run_with(config: &str, text: &str) -> Vec<(String, Option<String>)> {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.txt"), text).unwrap();
    fs::write(
        tmp.path().join("a.txt.meta.toml"),
        "date = \"2025-02-01\"\n",
    )
    .unwrap();
    let path = tmp.path().join("pipeline.toml");
    fs::write(&path, format!("[input]\npaths = [\"a.txt\"]\n{config}")).unwrap();
    let p = load_config(Some(&path), &[], None).unwrap();
    run_pipeline(&p)
        .indicators
        .into_iter()
        .map(|r| (r.value_text, r.indicator_code))
        .collect()
}

const OIL: &str = "2024年，全省原油产量达到120万吨，经济总值增长5%，地区生产总值增长5.2%。";

#[test]
fn extra_indicators_add_codes_and_forms_from_the_configuration() {
    let code = |v: &[(String, Option<String>)], t: &str| {
        v.iter().find(|(x, _)| x == t).and_then(|(_, c)| c.clone())
    };
    let plain = run_with("", OIL);
    assert_eq!(code(&plain, "120万吨"), None);
    assert_eq!(code(&plain, "5%"), None);
    assert_eq!(code(&plain, "5.2%").as_deref(), Some("gdp"));
    let extended = run_with(
        "[extract]\nextra_indicators = [\n  { code = \"crude_oil_output\", name = \"原油产量\", forms = [\"原油产量\"], kinds = [\"level\", \"change\"], unit_family = \"mass\" },\n  { code = \"gdp\", forms = [\"经济总值\"] },\n]\n",
        OIL,
    );
    assert_eq!(
        code(&extended, "120万吨").as_deref(),
        Some("crude_oil_output")
    );
    assert_eq!(code(&extended, "5%").as_deref(), Some("gdp"));
    assert_eq!(code(&extended, "5.2%").as_deref(), Some("gdp"));
}

#[test]
fn an_indicators_file_replaces_the_embedded_lexicon() {
    let tmp = tempfile::tempdir().unwrap();
    let lexicon = "scope_words = [\"全省\"]\nlead_verbs = []\nstrip_suffixes = [\"达到\"]\nstrip_suffix_patterns = []\n\n[[indicators]]\ncode = \"crude_oil_output\"\nname = \"原油产量\"\nforms = [\"原油产量\"]\nkinds = [\"level\"]\nunit_family = \"mass\"\n";
    let file = tmp.path().join("lexicon.toml");
    fs::write(&file, lexicon).unwrap();
    let got = run_with(
        &format!(
            "[extract]\nindicators_file = {:?}\n",
            file.display().to_string()
        ),
        OIL,
    );
    let codes: Vec<Option<&str>> = got.iter().map(|(_, c)| c.as_deref()).collect();
    assert_eq!(codes, [Some("crude_oil_output"), None, None]);
}

fn config_error(dir: &Path, toml: &str) -> (Option<i32>, String) {
    fs::create_dir_all(dir.join("corpus")).unwrap();
    fs::write(dir.join("corpus/a.txt"), "增长7%").unwrap();
    fs::write(dir.join("bad.toml"), toml).unwrap();
    let out = bin()
        .current_dir(dir)
        .args(["run", "--config", "bad.toml"])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

#[test]
fn lexicon_errors_name_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("broken.toml"), "scope_words = []\n").unwrap();
    let cases = [
        (
            "[extract]\nextra_indicators = [{ code = \"gdp2\", name = \"总值\", forms = [\"GDP\"], kinds = [\"level\"], unit_family = \"money\" }]\n",
            "zhibiao: error: bad.toml: key `extract.extra_indicators[0].forms[0]`: `GDP` (compared as `GDP`) is already a form of `gdp`",
        ),
        (
            "[extract]\nextra_indicators = [{ code = \"Oil\", name = \"原油产量\", kinds = [\"level\"], unit_family = \"mass\" }]\n",
            "zhibiao: error: bad.toml: key `extract.extra_indicators[0].code`: `Oil` is not snake_case ASCII (a-z, 0-9, _)",
        ),
        (
            "[extract]\nextra_indicators = [{ code = \"oil\", name = \"原油产量\", kinds = [\"amount\"], unit_family = \"mass\" }]\n",
            "zhibiao: error: bad.toml: key `extract.extra_indicators[0].kinds`: `amount` is not one of [\"level\", \"change\", \"ratio\", \"rank\"]",
        ),
        (
            "[extract]\nextra_indicators = [{ code = \"oil\", name = \"原油产量\", kinds = [\"level\"] }]\n",
            "zhibiao: error: bad.toml: key `extract.extra_indicators[0].unit_family`: a new code `oil` needs a unit_family",
        ),
        (
            "[extract]\nextra_indicators = [{ code = \"oil\", name = \"原油产量\", patterns = [\"原油\"], kinds = [\"level\"], unit_family = \"mass\" }]\n",
            "zhibiao: error: bad.toml: key `extract.extra_indicators[0].patterns[0]`: `原油` is not anchored with ^…$",
        ),
        (
            "[extract]\nextra_indicators = [{ code = \"oil\", name = \"原油产量\", forms = [\"原油产量\"], kinds = [\"level\"], unit_family = \"barrels\" }]\n",
            "zhibiao: error: bad.toml: key `extract.extra_indicators[0].unit_family`: `barrels` is not a unit category (money, people, count, …, percent, index, any)",
        ),
        (
            "[extract]\nextra_indicators = [{ code = \"oil\", colour = \"red\" }]\n",
            "zhibiao: error: bad.toml: key `extract.extra_indicators[0].colour` (line 2): unknown field `colour`, expected one of `code`, `name`, `forms`, `patterns`, `kinds`, `unit_family`",
        ),
        (
            "[extract]\nindicators_file = \"broken.toml\"\n",
            "zhibiao: error: bad.toml: key `extract.indicators_file` (broken.toml): missing field `lead_verbs`",
        ),
    ];
    for (toml, want) in cases {
        let (code, stderr) = config_error(tmp.path(), toml);
        assert_eq!(code, Some(2), "{toml}");
        assert_eq!(stderr, want, "{toml}");
    }
}
