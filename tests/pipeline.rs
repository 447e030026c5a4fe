//! End-to-end tests of `zhibiao run` on the embedded corpus: the dataset is
//! complete, deterministic, equal to the committed `output/`, and every
//! record's offsets give back its `value_text` from the raw file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use zhibiao::cli::load_config;
use zhibiao::extract::Record;
use zhibiao::pipeline;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zhibiao"))
}

fn run_into(dir: &Path) -> std::process::Output {
    let out = bin()
        .args(["run", "--quiet", "--config", "pipeline.toml", "--output"])
        .arg(dir)
        .output()
        .expect("zhibiao runs");
    assert!(
        out.status.success(),
        "run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

const TABLES: [&str; 5] = ["indicators", "documents", "findings", "rejected", "skipped"];

#[test]
fn run_writes_every_table_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run_into(&a);
    run_into(&b);
    let fa = files_of(&a);
    for t in TABLES {
        assert!(
            fa.contains_key(&format!("{t}.parquet")),
            "{t}.parquet missing"
        );
        assert!(fa.contains_key(&format!("{t}.csv")), "{t}.csv missing");
    }
    assert!(fa.contains_key("manifest.json") && fa.contains_key("datapackage.json"));
    let fb = files_of(&b);
    for (name, bytes) in &fa {
        assert!(
            fb.get(name) == Some(bytes),
            "{name} differs between two runs"
        );
    }
    // No temporary folders are left beside the output.
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn committed_output_equals_a_fresh_run() {
    let tmp = tempfile::tempdir().unwrap();
    let fresh = tmp.path().join("output");
    run_into(&fresh);
    let committed = files_of(Path::new("output"));
    let fresh = files_of(&fresh);
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "output/ has other files than a fresh run: run `cargo run --release -- run`"
    );
    for (name, bytes) in &fresh {
        if name == "manifest.json" {
            continue; // compared below without the paths, which depend on where the run writes
        }
        assert!(
            committed[name] == *bytes,
            "output/{name} is stale: run `cargo run --release -- run` and commit"
        );
    }
    let strip = |b: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
        v.as_object_mut().unwrap().remove("inputs");
        v.as_object_mut().unwrap().remove("input_roots");
        v
    };
    assert_eq!(
        strip(&committed["manifest.json"]),
        strip(&fresh["manifest.json"]),
        "output/manifest.json is stale"
    );
}

fn records_of_corpus() -> (
    Vec<Record>,
    Vec<zhibiao::extract::Skipped>,
    Vec<pipeline::DocumentRow>,
) {
    let p = load_config(Some(Path::new("pipeline.toml")), &[], None).unwrap();
    let inputs = pipeline::discover(&p.input_paths(), &p.raw.input.extensions);
    let out = pipeline::run(&p, &inputs, &|_| {});
    let mut all = out.indicators;
    all.extend(out.rejected.into_iter().map(|(r, _)| r));
    (all, out.skipped, out.documents)
}

#[test]
fn every_record_reproduces_its_value_text_from_the_raw_file() {
    let (records, skipped, docs) = records_of_corpus();
    assert!(records.len() > 200, "only {} records", records.len());
    for d in &docs {
        assert_eq!(d.status, "ok", "{}: {:?}", d.source_file, d.message);
        let bytes = fs::read(&d.path).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let chars: Vec<char> = text.chars().collect();
        for r in records.iter().filter(|r| r.doc_id == d.doc_id) {
            let by_char: String = chars[r.char_start as usize..r.char_end as usize]
                .iter()
                .collect();
            assert_eq!(
                by_char, r.value_text,
                "char span of {} in {}",
                r.record_id, d.source_file
            );
            let by_byte = &bytes[r.byte_start as usize..r.byte_end as usize];
            assert_eq!(
                by_byte,
                r.value_text.as_bytes(),
                "byte span of {} in {}",
                r.record_id,
                d.source_file
            );
        }
        for s in skipped.iter().filter(|s| s.doc_id == d.doc_id) {
            let by_char: String = chars[s.char_start as usize..s.char_end as usize]
                .iter()
                .collect();
            assert_eq!(by_char, s.text);
            assert_eq!(
                &bytes[s.byte_start as usize..s.byte_end as usize],
                s.text.as_bytes()
            );
        }
    }
}

#[test]
fn arrow_reads_the_parquet_as_a_second_reader() {
    use arrow::datatypes::DataType;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    run_into(&dir);
    let csv_rows = |t: &str| {
        fs::read_to_string(dir.join(format!("{t}.csv")))
            .unwrap()
            .lines()
            .count()
            - 1
    };
    for t in TABLES {
        let file = fs::File::open(dir.join(format!("{t}.parquet"))).unwrap();
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
        let kv: BTreeMap<String, String> = builder
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .unwrap()
            .iter()
            .map(|k| (k.key.clone(), k.value.clone().unwrap_or_default()))
            .collect();
        assert_eq!(kv["zhibiao.schema_version"], "1");
        assert_eq!(kv["zhibiao.version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(kv["zhibiao.config_hash"].len(), 16);
        let compression = builder
            .metadata()
            .row_groups()
            .first()
            .map(|rg| rg.column(0).compression());
        if let Some(c) = compression {
            assert!(
                matches!(c, parquet::basic::Compression::ZSTD(_)),
                "{t}: {c:?}"
            );
        }
        let schema = builder.schema().clone();
        let rows: usize = builder
            .build()
            .unwrap()
            .map(|b| b.unwrap().num_rows())
            .sum();
        // CSV rows can hold newlines only in quoted text; our text columns hold none.
        assert_eq!(rows, csv_rows(t), "{t}: Parquet and CSV row counts differ");
        if t == "indicators" {
            let ty = |n: &str| schema.field_with_name(n).unwrap().data_type().clone();
            assert_eq!(ty("value"), DataType::Float64);
            assert_eq!(ty("value_max"), DataType::Float64);
            assert_eq!(ty("period_year"), DataType::Int32);
            for c in ["char_start", "char_end", "byte_start", "byte_end"] {
                assert_eq!(ty(c), DataType::Int64, "{c}");
            }
            assert!(matches!(
                ty("indicator"),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ));
        }
    }
}

#[test]
fn the_committed_configuration_parses_and_names_the_corpus() {
    let p = load_config(Some(Path::new("pipeline.toml")), &[], None).unwrap();
    assert_eq!(p.input_paths(), vec![PathBuf::from("corpus")]);
    assert_eq!(
        pipeline::discover(&p.input_paths(), &p.raw.input.extensions).len(),
        5
    );
}

#[test]
fn help_explains_every_command() {
    let out = bin().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["run", "explain", "validate", "Exit codes"] {
        assert!(help.contains(cmd), "--help lacks {cmd}");
    }
    let out = bin().args(["run", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for opt in ["--config", "--input", "--output", "--quiet"] {
        assert!(help.contains(opt), "run --help lacks {opt}");
    }
}

#[test]
fn explain_shows_the_record_and_its_cues() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    run_into(&dir);
    let csv = fs::read_to_string(dir.join("indicators.csv")).unwrap();
    let id = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    let out = bin()
        .args(["explain", &id, "--dataset"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&id)
            && text.contains('⟦')
            && text.contains("status=")
            && text.contains("kind="),
        "{text}"
    );
    let out = bin()
        .args(["explain", "nope", "--dataset"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn records_and_skipped_rows_cover_every_numeral() {
    let p = load_config(Some(Path::new("pipeline.toml")), &[], None).unwrap();
    let inputs = pipeline::discover(&p.input_paths(), &p.raw.input.extensions);
    let out = pipeline::run(&p, &inputs, &|_| {});
    let mut spans: Vec<(String, i64, i64)> = out
        .indicators
        .iter()
        .map(|r| (r.doc_id.clone(), r.char_start, r.char_end))
        .collect();
    spans.extend(
        out.rejected
            .iter()
            .map(|(r, _)| (r.doc_id.clone(), r.char_start, r.char_end)),
    );
    spans.extend(
        out.skipped
            .iter()
            .map(|s| (s.doc_id.clone(), s.char_start, s.char_end)),
    );
    let mut uncovered = Vec::new();
    let mut numerals = 0;
    for input in &inputs {
        let text = fs::read_to_string(&input.path).unwrap();
        let cleaned = zhibiao::clean::clean(&text, &p.raw.clean, &p.rules);
        let chars = &cleaned.chars;
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            numerals += 1;
            let (rs, re) = cleaned.raw_range(start, i);
            let covered = spans
                .iter()
                .any(|(d, s, e)| *d == input.doc_id && *s <= rs as i64 && re as i64 <= *e);
            if !covered {
                uncovered.push(format!(
                    "{}: {:?}",
                    input.doc_id,
                    chars[start.saturating_sub(8)..(i + 4).min(chars.len())]
                        .iter()
                        .collect::<String>()
                ));
            }
        }
    }
    assert!(numerals > 400, "only {numerals} numerals");
    assert!(
        uncovered.is_empty(),
        "{} of {numerals} numerals are neither records nor skipped:\n{}",
        uncovered.len(),
        uncovered.join("\n")
    );
}
