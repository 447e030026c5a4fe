//! The region × year panel: the choice rule on crafted records, the seeds'
//! cells for 郑州市, `zhibiao panel DIR` as a pivot and as CSV, and
//! `zhibiao validate` catching a panel that is not the indicators' panel.

use std::fs;
use std::path::Path;

use polars::prelude::*;
use zhibiao::dataset::panel::{panel_of, pivot};
use zhibiao::dataset::read::{panel_from_df, read_parquet};
use zhibiao::dataset::rows::{DocumentRow, PanelRow, Record};

mod common;

use common::{bin, run_cli, run_into, run_library};

/// A document of `base`'s fields with its own id, title, region and type
/// (the type is what ranks a work report above a news article).
fn doc(base: &DocumentRow, id: &str, title: &str, region: &str) -> DocumentRow {
    let doc_type = if title.ends_with("政府工作报告") {
        "work_report"
    } else if title.ends_with("统计公报") {
        "communique"
    } else {
        "news"
    };
    DocumentRow {
        doc_id: id.into(),
        title: Some(title.into()),
        region: Some(region.into()),
        doc_type: Some(doc_type.into()),
        ..base.clone()
    }
}

/// A record of `doc`, coded `code`, with the fields the choice rule reads.
#[allow(clippy::too_many_arguments)]
fn rec(
    base: &Record,
    id: &str,
    doc: &str,
    region: &str,
    (code, kind, status, year): (&str, &str, &str, i32),
    (value, qualifier): (f64, &str),
    (sentence, section, at): (&str, Option<&str>, i64),
) -> Record {
    Record {
        record_id: id.into(),
        doc_id: doc.into(),
        region: Some(region.into()),
        indicator_code: Some(code.into()),
        indicator_name: Some("地区生产总值".into()),
        kind: kind.into(),
        status: status.into(),
        period_year: Some(year),
        period: None,
        value,
        value_max: None,
        unit: Some("%".into()),
        value_normalized: Some(value),
        unit_normalized: Some("%".into()),
        qualifier: qualifier.into(),
        value_text: format!("{value}%"),
        sentence: sentence.into(),
        section: section.map(str::to_string),
        char_start: at,
        char_end: at + 4,
        ..base.clone()
    }
}

fn cell<'a>(
    panel: &'a [PanelRow],
    region: &str,
    year: i32,
    status: &str,
    kind: &str,
) -> &'a PanelRow {
    panel
        .iter()
        .find(|r| {
            r.region == region
                && r.period_year == year
                && r.status == status
                && r.kind == kind
                && r.indicator_code == "gdp"
        })
        .unwrap_or_else(|| panic!("no cell {region} {year} {status} {kind}: {panel:#?}"))
}

#[test]
fn the_choice_rule_prefers_the_own_report_the_headline_and_final_figures() {
    let out = run_library(&[]);
    let (r0, d0) = (&out.indicators[0], &out.documents[0]);
    let docs = vec![
        doc(d0, "report", "2025年河南省政府工作报告", "河南省"),
        doc(d0, "news", "河南经济观察", "河南省"),
        doc(d0, "sichuan", "2025年四川省政府工作报告", "四川省"),
        doc(
            d0,
            "communique",
            "2024年河南省国民经济和社会发展统计公报",
            "河南省",
        ),
    ];
    let target = ("gdp", "change", "target", 2025);
    let actual = ("gdp", "change", "actual", 2024);
    let review = Some("一、2024年工作回顾");
    let records = vec![
        // 2025 target: the main-targets sentence beats a restatement, a news
        // article and another province's report, even when they come first.
        rec(
            r0,
            "news-6",
            "news",
            "河南省",
            target,
            (6.0, "exact"),
            ("河南经济增长6%", None, 10),
        ),
        rec(
            r0,
            "sichuan-5.5",
            "sichuan",
            "河南省",
            target,
            (5.5, "exact"),
            ("河南增长5.5%", None, 5),
        ),
        rec(
            r0,
            "restated",
            "report",
            "河南省",
            target,
            (5.5, "exact"),
            ("确保地区生产总值增长5.5%", None, 300),
        ),
        rec(
            r0,
            "headline",
            "report",
            "河南省",
            target,
            (5.5, "approx"),
            ("今年主要预期目标是:地区生产总值增长5.5%左右", None, 900),
        ),
        // A city named in the province's report gets its own cell.
        rec(
            r0,
            "city",
            "report",
            "郑州市",
            target,
            (6.0, "exact"),
            ("郑州市地区生产总值增长6%", None, 950),
        ),
        // 2024 actual: a report's estimate beats a news article's final figure...
        rec(
            r0,
            "estimate",
            "report",
            "河南省",
            actual,
            (5.1, "approx"),
            ("预计全年地区生产总值增长5.1%左右", review, 100),
        ),
        rec(
            r0,
            "news-5.2",
            "news",
            "河南省",
            actual,
            (5.2, "exact"),
            ("地区生产总值增长5.2%", None, 20),
        ),
        // ...and a communiqué's final figure beats the report's estimate (level cell).
        rec(
            r0,
            "level-estimate",
            "report",
            "河南省",
            ("gdp", "level", "actual", 2024),
            (6.4, "approx"),
            ("预计全年地区生产总值6.4%", review, 120),
        ),
        rec(
            r0,
            "level-final",
            "communique",
            "河南省",
            ("gdp", "level", "actual", 2024),
            (6.4, "exact"),
            ("全年地区生产总值6.4%", None, 40),
        ),
        // A 2026 target stated in the review section loses to one in the plan.
        rec(
            r0,
            "in-review",
            "report",
            "河南省",
            ("gdp", "change", "target", 2026),
            (7.5, "exact"),
            ("地区生产总值增长7.5%", review, 200),
        ),
        rec(
            r0,
            "in-plan",
            "report",
            "河南省",
            ("gdp", "change", "target", 2026),
            (6.0, "gte"),
            (
                "力争地区生产总值增长6%以上",
                Some("二、2025年工作安排"),
                1200,
            ),
        ),
        // 突破5、达到5.28: the exact figure beats the bound before it.
        rec(
            r0,
            "bound",
            "report",
            "河南省",
            ("gdp", "rank", "actual", 2024),
            (5.0, "gt"),
            ("突破5、达到5.28", review, 130),
        ),
        rec(
            r0,
            "exact",
            "report",
            "河南省",
            ("gdp", "rank", "actual", 2024),
            (5.28, "exact"),
            ("突破5、达到5.28", review, 135),
        ),
    ];
    let panel = panel_of(&records, &docs).unwrap();
    let t = cell(&panel, "河南省", 2025, "target", "change");
    assert_eq!(
        (
            t.record_id.as_str(),
            t.value,
            t.qualifier.as_str(),
            t.n_records
        ),
        ("headline", 5.5, "approx", 4)
    );
    assert!(t.conflict && !t.estimate);
    assert_eq!(t.conflict_record_ids.as_deref(), Some("news-6"));
    let city = cell(&panel, "郑州市", 2025, "target", "change");
    assert_eq!((city.record_id.as_str(), city.n_records), ("city", 1));
    let a = cell(&panel, "河南省", 2024, "actual", "change");
    assert_eq!(
        (a.record_id.as_str(), a.estimate, a.conflict),
        ("estimate", true, true)
    );
    assert_eq!(a.conflict_record_ids.as_deref(), Some("news-5.2"));
    let l = cell(&panel, "河南省", 2024, "actual", "level");
    assert_eq!(
        (
            l.record_id.as_str(),
            l.estimate,
            l.conflict,
            l.conflict_record_ids.as_deref()
        ),
        ("level-final", false, false, None)
    );
    let plan = cell(&panel, "河南省", 2026, "target", "change");
    assert_eq!((plan.record_id.as_str(), plan.conflict), ("in-plan", true));
    let exact = cell(&panel, "河南省", 2024, "actual", "rank");
    assert_eq!(exact.record_id, "exact");
    // One row per cell, in key order.
    let keys: Vec<_> = panel
        .iter()
        .map(|r| {
            (
                r.region.clone(),
                r.period_year,
                r.period.clone(),
                r.indicator_code.clone(),
                r.kind.clone(),
                r.status.clone(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted);
    // Records without a code, a region or a year make no cell.
    let mut loose = records.clone();
    for (r, f) in loose.iter_mut().zip(0..) {
        match f % 3 {
            0 => r.indicator_code = None,
            1 => r.region = None,
            _ => r.period_year = None,
        }
    }
    assert!(panel_of(&loose, &docs).unwrap().is_empty());
}

#[test]
fn a_bound_the_chosen_figure_satisfies_is_no_conflict() {
    let out = run_library(&[]);
    let (r0, d0) = (&out.indicators[0], &out.documents[0]);
    let docs = vec![doc(d0, "report", "2025年甘肃省政府工作报告", "甘肃省")];
    let review = Some("一、2024年工作回顾");
    let level = ("gdp", "level", "actual", 2024);
    // 人均地区生产总值突破5万、达到5.28万元: 5万 has no base unit.
    let amount = |id: &str, value: f64, unit: &str, base: Option<&str>, q: &str, at: i64| Record {
        unit: Some(unit.into()),
        value_normalized: Some(value * 10_000.0),
        unit_normalized: base.map(str::to_string),
        value_text: format!("{value}{unit}"),
        ..rec(
            r0,
            id,
            "report",
            "甘肃省",
            level,
            (value, q),
            ("突破5万、达到5.28万元", review, at),
        )
    };
    let satisfied = vec![
        amount("bound", 5.0, "万", None, "gt", 10),
        amount("exact", 5.28, "万元", Some("元"), "exact", 20),
    ];
    let c = panel_of(&satisfied, &docs).unwrap();
    let c = cell(&c, "甘肃省", 2024, "actual", "level");
    assert_eq!(
        (
            c.record_id.as_str(),
            c.n_records,
            c.conflict,
            c.conflict_record_ids.as_deref()
        ),
        ("exact", 2, false, None)
    );
    // A bound the chosen figure breaks (超6万 beside 5.28万元) is a conflict,
    // and so is an approximation of another number.
    let broken = vec![
        amount("bound", 6.0, "万元", Some("元"), "gt", 10),
        amount("exact", 5.28, "万元", Some("元"), "exact", 20),
        amount("approx", 5.3, "万元", Some("元"), "approx", 30),
    ];
    let c = panel_of(&broken, &docs).unwrap();
    let c = cell(&c, "甘肃省", 2024, "actual", "level");
    assert_eq!(
        (
            c.record_id.as_str(),
            c.conflict,
            c.conflict_record_ids.as_deref()
        ),
        ("exact", true, Some("bound;approx"))
    );
}

#[test]
fn a_figure_restating_the_one_before_it_makes_no_cell() {
    // 增长6%左右，力争7%: the stretch goal; 175亿美元左右、约合1243亿元人民币:
    // the conversion. Both are records, named as the figure they restate.
    let input = Path::new("tests/cases/names_restated_figures/input.txt");
    let out = run_library(&[input.to_path_buf()]);
    let restated: Vec<&str> = out
        .indicators
        .iter()
        .filter(|r| r.rule == "restated")
        .map(|r| r.value_text.as_str())
        .collect();
    assert_eq!(restated, ["7%", "20%", "1243亿元", "86.3亿元"]);
    let panel = panel_of(&out.indicators, &out.documents).unwrap();
    let c = cell(&panel, "江西省", 2025, "target", "change");
    assert_eq!(
        (c.value, c.qualifier.as_str(), c.n_records),
        (6.0, "approx", 1)
    );
    let foreign: Vec<_> = panel
        .iter()
        .filter(|r| r.indicator_code == "actual_use_of_foreign_capital")
        .map(|r| (r.value, r.n_records, r.conflict))
        .collect();
    assert_eq!(foreign, [(175.0, 1, false)]);
    // The panel a published dataset gives (`zhibiao panel`, `validate`)
    // leaves them out too.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    run_cli(&[
        "--input".as_ref(),
        input.as_os_str(),
        "--output".as_ref(),
        dir.as_os_str(),
    ]);
    let published = panel_from_df(&read_parquet(&dir, "panel").unwrap()).unwrap();
    assert_eq!(published, panel);
    let validate = bin()
        .args(["validate", "--config", "pipeline.toml"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(validate.status.code(), Some(0));
}

#[test]
fn the_seeds_panel_holds_zhengzhou_2023_actuals_and_2024_targets() {
    let out = run_library(&[]);
    let get = |code: &str, kind: &str, status: &str, year: i32| {
        out.panel
            .iter()
            .find(|r| {
                r.region == "郑州市"
                    && r.indicator_code == code
                    && r.kind == kind
                    && r.status == status
                    && r.period_year == year
                    && r.period.is_none()
            })
            .map(|r| (r.value, r.qualifier.as_str(), r.doc_id.as_str()))
    };
    // Seed 001: 2023年…地区生产总值增长7.4%; 规模以上工业增加值增长12.8%; …
    let seed = "001_ce55da9b868a6cc0";
    for (code, value) in [
        ("gdp", 7.4),
        ("industrial_value_added", 12.8),
        ("retail_sales", 7.7),
        ("fixed_asset_investment", 6.8),
        ("general_budget_revenue", 3.1),
    ] {
        assert_eq!(
            get(code, "change", "actual", 2023),
            Some((value, "exact", seed)),
            "{code}"
        );
    }
    // 今年…主要预期目标是:地区生产总值增长7%左右,固定资产投资增长8%以上, …
    for (code, kind, value, qualifier) in [
        ("gdp", "change", 7.0, "approx"),
        ("fixed_asset_investment", "change", 8.0, "gte"),
        ("industrial_value_added", "change", 9.0, "gte"),
        ("retail_sales", "change", 8.0, "gte"),
        ("general_budget_revenue", "change", 3.0, "gte"),
        ("unemployment_surveyed_urban", "ratio", 5.5, "approx"),
        ("rd_intensity", "ratio", 2.8, "exact"),
    ] {
        assert_eq!(
            get(code, kind, "target", 2024),
            Some((value, qualifier, seed)),
            "{code}"
        );
    }
}

#[test]
fn the_panel_command_prints_a_pivot_and_csv_of_the_published_panel() {
    let out = bin()
        .args(["panel", "output", "--region", "郑州市", "--code", "gdp,cpi"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("region"), "{text}");
    assert!(
        lines[0].contains("2023 actual") && lines[0].contains("2024 target"),
        "{text}"
    );
    let gdp = lines
        .iter()
        .find(|l| l.contains(" gdp ") && l.contains("change"))
        .unwrap();
    assert!(gdp.contains("7.4") && gdp.contains("~7"), "{gdp}");
    assert!(lines.last().unwrap().contains("cells"), "{text}");

    let out = bin()
        .args(["panel", "output", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    // The same pivot as the committed panel table's.
    let published = panel_from_df(&read_parquet(Path::new("output"), "panel").unwrap()).unwrap();
    let p = pivot(&published);
    let header = csv.lines().next().unwrap();
    assert_eq!(header, p.header.join(","));
    assert_eq!(csv.lines().count(), p.rows.len() + 1);
    let gdp = csv
        .lines()
        .find(|l| l.starts_with("郑州市,gdp,change,%,"))
        .unwrap();
    assert!(gdp.contains(",7.4,") && gdp.contains(",~7,"), "{gdp}");
}

/// Rewrites `panel.parquet` and `panel.csv` the way the export writes them.
fn rewrite_panel(dir: &Path, change: impl FnOnce(DataFrame) -> DataFrame) {
    let mut df = change(read_parquet(dir, "panel").unwrap());
    ParquetWriter::new(fs::File::create(dir.join("panel.parquet")).unwrap())
        .finish(&mut df)
        .unwrap();
    CsvWriter::new(fs::File::create(dir.join("panel.csv")).unwrap())
        .include_header(true)
        .with_null_value(PlSmallStr::EMPTY)
        .finish(&mut df)
        .unwrap();
}

#[test]
fn validate_checks_that_the_panel_is_the_indicators_panel() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    run_into(&dir);
    let validate = |dir: &Path| {
        let out = bin()
            .args(["validate", "--config", "pipeline.toml"])
            .arg(dir)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = validate(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("panel "), "{stderr}");
    rewrite_panel(&dir, |mut df| {
        let v: Vec<f64> = df
            .column("value")
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .map(|v| v.unwrap() + 1.0)
            .collect();
        df.with_column(Column::new("value".into(), v)).unwrap();
        df
    });
    let (code, stderr) = validate(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("panel 1"), "{stderr}");
    // A panel without a column is a schema error.
    rewrite_panel(&dir, |df| df.drop("conflict").unwrap());
    let (code, stderr) = validate(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("schema"), "{stderr}");
}
