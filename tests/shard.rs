//! `zhibiao run --shard K/N` and `zhibiao merge`: the N parts of a corpus
//! merge into the same bytes as one run of the whole corpus (N = 1, 3, 4, over
//! the seeds, a document that fails, a skipped README and, when present,
//! `../shared/corpus-dev` with its cross-document findings), and a missing or
//! duplicated shard, or a part of another configuration or version, is an
//! error naming it.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{bin, files_of, run_cli};

/// The input folders: the seeds, an odd folder, and corpus-dev when present.
fn inputs(tmp: &Path) -> Vec<PathBuf> {
    let odd = tmp.join("odd");
    fs::create_dir_all(&odd).unwrap();
    fs::write(odd.join("README.md"), "说明").unwrap();
    fs::write(odd.join("bad.txt"), [0xff, 0xfe, 0x00, 0xd8, 0x41]).unwrap();
    fs::write(odd.join("note.txt"), "2024年全市地区生产总值增长5.2%。").unwrap();
    let mut v = vec![PathBuf::from("corpus"), odd];
    let dev = Path::new("../shared/corpus-dev");
    if dev.is_dir() {
        v.push(dev.to_path_buf());
    }
    v
}

fn run_args(inputs: &[PathBuf], out: &Path, extra: &[&OsStr]) -> Vec<std::ffi::OsString> {
    let mut a: Vec<std::ffi::OsString> = vec!["--input".into()];
    a.extend(inputs.iter().map(|p| p.clone().into_os_string()));
    a.push("--output".into());
    a.push(out.as_os_str().into());
    a.extend(extra.iter().map(|s| s.to_os_string()));
    a
}

/// `zhibiao run` that may exit 3 (a document failed), never worse.
fn run(args: &[std::ffi::OsString]) {
    let out = bin()
        .args(["run", "--quiet", "--config", "pipeline.toml"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn merge(parts: &[PathBuf], out: &Path) -> std::process::Output {
    bin()
        .args(["merge", "--quiet", "--config", "pipeline.toml", "--output"])
        .arg(out)
        .args(parts)
        .output()
        .unwrap()
}

fn parts_of(inputs: &[PathBuf], dir: &Path, n: u32) -> Vec<PathBuf> {
    (0..n)
        .map(|k| {
            let p = dir.join(format!("part{k}"));
            let shard = format!("{k}/{n}");
            run(&run_args(inputs, &p, &["--shard".as_ref(), shard.as_ref()]));
            p
        })
        .collect()
}

#[test]
fn merged_parts_equal_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs(tmp.path());
    let full = tmp.path().join("out").join("full");
    run(&run_args(&inputs, &full, &[]));
    let want = files_of(&full);
    assert!(want.contains_key("indicators.parquet"));
    for n in [1u32, 3, 4] {
        let parts = parts_of(&inputs, &tmp.path().join(format!("parts{n}")), n);
        // Parts in reverse order: the merge puts documents back in corpus order.
        let rev: Vec<PathBuf> = parts.iter().rev().cloned().collect();
        let merged = tmp.path().join("out").join(format!("merged{n}"));
        let out = merge(&rev, &merged);
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "merge failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = files_of(&merged);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &want {
            assert!(got[name] == *bytes, "N = {n}: {name} differs from one run");
        }
    }
}

fn stderr_of(o: &std::process::Output) -> String {
    assert_eq!(o.status.code(), Some(2), "merge should fail");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn bad_sets_of_parts_are_errors_naming_the_part() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = vec![PathBuf::from("corpus")];
    let parts = parts_of(&inputs, tmp.path(), 3);
    let out = tmp.path().join("merged");
    // Missing shard.
    let e = stderr_of(&merge(&parts[..2], &out));
    assert!(e.contains("missing shard part(s): 2/3"), "{e}");
    // Duplicated shard.
    let dup = tmp.path().join("dup");
    common::copy_dir(&parts[1], &dup);
    let e = stderr_of(&merge(
        &[parts[0].clone(), parts[1].clone(), dup.clone()],
        &out,
    ));
    assert!(
        e.contains("shard 1/3 is given twice") && e.contains("dup"),
        "{e}"
    );
    // A part of another configuration.
    let cfg = tmp.path().join("other.toml");
    fs::write(&cfg, "[input]\nmax_bytes = 19999999\n").unwrap();
    let other = tmp.path().join("other");
    let mut a = run_args(&inputs, &other, &["--shard".as_ref(), "2/3".as_ref()]);
    a.splice(0..0, ["--config".into(), cfg.clone().into_os_string()]);
    let o = bin().args(["run", "--quiet"]).args(&a).output().unwrap();
    assert!(o.status.success());
    let e = stderr_of(&merge(&[parts[0].clone(), parts[1].clone(), other], &out));
    assert!(e.contains("other") && e.contains("configuration"), "{e}");
    // A part of another version.
    let old = tmp.path().join("old");
    common::copy_dir(&parts[2], &old);
    let m = fs::read_to_string(old.join("manifest.json")).unwrap();
    let m = m.replace(
        &format!("\"zhibiao_version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"zhibiao_version\": \"0.0.1\"",
    );
    fs::write(old.join("manifest.json"), m).unwrap();
    let e = stderr_of(&merge(&[parts[0].clone(), parts[1].clone(), old], &out));
    assert!(e.contains("old") && e.contains("zhibiao 0.0.1"), "{e}");
    // A plain dataset is no part; a damaged part file is an error.
    let plain = tmp.path().join("plain");
    run_cli(&["--output".as_ref(), plain.as_os_str()]);
    let e = stderr_of(&merge(&[plain], &out));
    assert!(e.contains("plain") && e.contains("not a shard part"), "{e}");
    let broken = tmp.path().join("broken");
    common::copy_dir(&parts[0], &broken);
    let zbr = broken.join("part.zbr");
    let bytes = fs::read(&zbr).unwrap();
    fs::write(&zbr, &bytes[..bytes.len() / 2]).unwrap();
    let e = stderr_of(&merge(&[broken, parts[1].clone(), parts[2].clone()], &out));
    assert!(e.contains("broken") && e.contains("damaged"), "{e}");
    assert!(!out.exists(), "no dataset is written by a failed merge");
}

#[test]
fn a_part_is_a_dataset_with_its_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let parts = parts_of(&[PathBuf::from("corpus")], tmp.path(), 2);
    let mut docs = 0;
    for (k, p) in parts.iter().enumerate() {
        let m: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(p.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(m["shard"]["index"], k);
        assert_eq!(m["shard"]["count"], 2);
        assert_eq!(m["zhibiao_version"], env!("CARGO_PKG_VERSION"));
        assert!(m["config_hash"].is_string());
        docs += m["counts"]["documents"].as_u64().unwrap();
        for d in m["inputs"].as_array().unwrap() {
            let id = d["doc_id"].as_str().unwrap();
            assert_eq!(zhibiao::shard::shard_of(id, 2) as usize, k);
        }
    }
    assert_eq!(docs, 5);
}
