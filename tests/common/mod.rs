//! Helpers shared by the integration tests: the binary, a run of the
//! pipeline in process or through the command line, and folder snapshots.
#![allow(dead_code)] // each test file uses its own subset

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use zhibiao::config::{load_config, Pipeline};
use zhibiao::dataset::rows::Record;
use zhibiao::dataset::Dataset;
use zhibiao::{input, pipeline};

pub mod score;

/// The `zhibiao` binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zhibiao"))
}

/// The committed `pipeline.toml`, with `inputs` instead of its input paths when given.
pub fn config(inputs: &[PathBuf]) -> Pipeline {
    load_config(Some(Path::new("pipeline.toml")), inputs, None).unwrap()
}

/// Runs every stage but export in process.
pub fn run_pipeline(p: &Pipeline) -> Dataset {
    let files = input::discover(&p.input_paths(), &p.raw.input.extensions);
    pipeline::run(p, &files, &|_| {}).unwrap()
}

/// Runs the committed configuration in process, on `inputs` (or its own corpus when empty).
pub fn run_library(inputs: &[PathBuf]) -> Dataset {
    run_pipeline(&config(inputs))
}

/// Every record of a run, kept or rejected, in document and text order.
pub fn all_records(out: &Dataset) -> Vec<Record> {
    let mut all = out.indicators.clone();
    all.extend(out.rejected.iter().map(|(r, _)| r.clone()));
    all.sort_by_key(|r| (r.doc_id.clone(), r.char_start));
    all
}

/// `zhibiao run --quiet --config pipeline.toml ARGS…`, which must succeed.
pub fn run_cli(args: &[&std::ffi::OsStr]) -> Output {
    let out = bin()
        .args(["run", "--quiet", "--config", "pipeline.toml"])
        .args(args)
        .output()
        .expect("zhibiao runs");
    assert!(
        out.status.success(),
        "run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `zhibiao run` of the committed configuration into `dir`.
pub fn run_into(dir: &Path) -> Output {
    run_cli(&["--output".as_ref(), dir.as_os_str()])
}

/// Every file of a folder (not recursive), by name, with its bytes.
pub fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            copy_dir(&p, &to.join(p.file_name().unwrap()));
        } else {
            fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// The names of the dataset's tables.
pub const TABLES: [&str; 6] = [
    "indicators",
    "documents",
    "findings",
    "rejected",
    "skipped",
    "panel",
];

/// The runs of ASCII digits in cleaned text, as `(start, end)` character
/// ranges: every numeral a test expects to see as a record or a skipped row.
pub fn digit_runs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
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
        runs.push((start, i));
    }
    runs
}
