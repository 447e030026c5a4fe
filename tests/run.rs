//! End-to-end tests of `zhibiao run` on the embedded corpus: the dataset is
//! complete, deterministic, equal to the committed `output/`, and every
//! record's offsets give back its `value_text` from the raw file.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{all_records, bin, config, files_of, run_into, run_library, TABLES};
use zhibiao::input;

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

/// Polars reads a few settings from the environment; none may change what a
/// run writes (the length of string statistics in Parquet did).
#[test]
fn polars_settings_in_the_environment_do_not_change_the_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (plain, set) = (tmp.path().join("plain"), tmp.path().join("set"));
    run_into(&plain);
    let o = bin()
        .args(["run", "--quiet", "--output"])
        .arg(&set)
        .env("POLARS_PARQUET_BINARY_STATISTICS_TRUNCATE_LEN", "0")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (plain, set) = (files_of(&plain), files_of(&set));
    for (name, bytes) in &plain {
        assert!(set.get(name) == Some(bytes), "{name} differs");
    }
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

#[test]
fn every_record_reproduces_its_value_text_from_the_raw_file() {
    let out = run_library(&[]);
    let (records, skipped, docs) = (all_records(&out), out.skipped, out.documents);
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
fn the_committed_configuration_parses_and_names_the_corpus() {
    let p = config(&[]);
    assert_eq!(p.input_paths(), vec![PathBuf::from("corpus")]);
    assert_eq!(
        input::discover(&p.input_paths(), &p.raw.input.extensions).len(),
        5
    );
}

#[test]
fn help_explains_every_command() {
    let out = bin().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["run", "explain", "validate", "panel", "Exit codes"] {
        assert!(help.contains(cmd), "--help lacks {cmd}");
    }
    let out = bin().args(["run", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for opt in ["--config", "--input", "--output", "--quiet"] {
        assert!(help.contains(opt), "run --help lacks {opt}");
    }
}

#[test]
fn records_and_skipped_rows_cover_every_numeral() {
    let p = config(&[]);
    let inputs = input::discover(&p.input_paths(), &p.raw.input.extensions);
    let out = common::run_pipeline(&p);
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
        let cleaned = zhibiao::stages::clean::clean(&text, &p.raw.clean, &p.rules);
        let chars = &cleaned.chars;
        for (start, i) in common::digit_runs(chars) {
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
