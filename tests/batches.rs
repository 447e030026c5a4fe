//! A run takes its documents through the stages a batch at a time and writes
//! each batch's rows as it goes (`[export] batch_documents`). The bytes it
//! writes must not depend on the batch size or on the number of threads:
//! batch sizes 1, 7 and the default, on 1 and 2 threads, over the seeds three
//! times under other names, a document that fails and a skipped README, with
//! row groups small enough that every Parquet table of records has several.

use std::fs;
use std::path::Path;

mod common;

use common::{bin, copy_dir, files_of};

/// The corpus: the seeds under three names each, and an odd folder.
fn corpus(dir: &Path) {
    for copy in ["a", "b", "c"] {
        copy_dir(Path::new("corpus"), &dir.join(copy));
    }
    let odd = dir.join("odd");
    fs::create_dir_all(&odd).unwrap();
    fs::write(odd.join("README.md"), "说明").unwrap();
    fs::write(odd.join("bad.txt"), [0xff, 0xfe, 0x00, 0xd8, 0x41]).unwrap();
    fs::write(odd.join("note.txt"), "2024年全市地区生产总值增长5.2%。").unwrap();
}

/// Runs over `input` into `out` with a batch size (the default when `None`)
/// on `threads` threads; a document fails, so the exit code is 3.
fn run(input: &Path, out: &Path, batch: Option<usize>, threads: usize, tmp: &Path) {
    let config = tmp.join(format!("pipeline-{batch:?}.toml"));
    let mut text = String::from("[export]\nrow_group_size = 40\n");
    if let Some(n) = batch {
        text.push_str(&format!("batch_documents = {n}\n"));
    }
    fs::write(&config, text).unwrap();
    let o = bin()
        .args(["run", "--quiet", "--config"])
        .arg(&config)
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(out)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .env("POLARS_MAX_THREADS", threads.to_string())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "batch {batch:?}, {threads} threads: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn output_bytes_do_not_depend_on_batches_or_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    corpus(&input);
    let first = tmp.path().join("out-default-2");
    run(&input, &first, None, 2, tmp.path());
    let expected = files_of(&first);
    let manifest: serde_json::Value = serde_json::from_slice(&expected["manifest.json"]).unwrap();
    let counts = &manifest["counts"];
    assert_eq!(
        counts["documents"], 18,
        "15 seeds, README, bad.txt, note.txt"
    );
    // Its inputs are written batch by batch and spliced in: the file must
    // still be exactly what serde_json prints for it.
    assert_eq!(manifest["inputs"].as_array().unwrap().len(), 18);
    assert_eq!(
        serde_json::to_string_pretty(&manifest).unwrap() + "\n",
        String::from_utf8(expected["manifest.json"].clone()).unwrap()
    );
    assert!(
        counts["export"]["indicators"].as_u64().unwrap() > 3 * 40,
        "several row groups"
    );
    for (batch, threads) in [
        (Some(1), 1),
        (Some(1), 2),
        (Some(7), 1),
        (Some(7), 2),
        (None, 1),
    ] {
        let out = tmp.path().join(format!("out-{batch:?}-{threads}"));
        run(&input, &out, batch, threads, tmp.path());
        let got = files_of(&out);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &expected {
            assert!(
                got[name] == *bytes,
                "{name} differs with batch {batch:?} on {threads} threads"
            );
        }
    }
}
