//! `zhibiao run --cache DIR`: the output is the same bytes as a run without
//! the cache (the manifest differs only by its `cache` member), unchanged
//! documents come from the cache, a changed document or configuration is
//! processed again, and a damaged entry is detected and recomputed;
//! `zhibiao prune-cache` removes the entries no run has used for a while.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{bin, copy_dir, files_of};

/// `zhibiao run` of `input` into `out` with `extra` arguments; the manifest's `cache` member.
fn run(input: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let o = bin()
        .args(["run", "--quiet", "--config", "pipeline.toml", "--input"])
        .arg(input)
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    m["cache"].clone()
}

/// Every file of a dataset, the manifest without its `cache` member.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_of(dir)
        .into_iter()
        .map(|(name, bytes)| {
            if name != "manifest.json" {
                return (name, bytes);
            }
            let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            m.as_object_mut().unwrap().remove("cache");
            (name, serde_json::to_vec_pretty(&m).unwrap())
        })
        .collect()
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for d in fs::read_dir(cache).unwrap() {
        let d = d.unwrap().path();
        if !d.is_dir() {
            continue;
        }
        for f in fs::read_dir(d).unwrap() {
            v.push(f.unwrap().path());
        }
    }
    v.sort();
    v
}

fn counts(c: &serde_json::Value) -> (u64, u64, u64) {
    (
        c["documents_from_cache"].as_u64().unwrap(),
        c["documents_processed"].as_u64().unwrap(),
        c["corrupt_entries_recomputed"].as_u64().unwrap(),
    )
}

#[test]
fn cached_runs_give_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_dir(Path::new("corpus"), &corpus);
    let cache = tmp.path().join("cache");
    let cache_arg = ["--cache", cache.to_str().unwrap()];
    let out = |n: &str| tmp.path().join("out").join(n);

    assert!(run(&corpus, &out("plain"), &[]).is_null());
    let plain = snapshot(&out("plain"));
    let cold = run(&corpus, &out("cold"), &cache_arg);
    assert_eq!(counts(&cold), (0, 5, 0));
    assert!(
        snapshot(&out("cold")) == plain,
        "a cold cache changes the output"
    );
    let warm = run(&corpus, &out("warm"), &cache_arg);
    assert_eq!(counts(&warm), (5, 0, 0));
    assert!(
        snapshot(&out("warm")) == plain,
        "a warm cache changes the output"
    );
    assert_eq!(entries(&cache).len(), 5);

    // Damaged entries: one truncated, one with a byte flipped.
    let e = entries(&cache);
    let b = fs::read(&e[0]).unwrap();
    fs::write(&e[0], &b[..b.len() - 7]).unwrap();
    let mut b = fs::read(&e[1]).unwrap();
    let i = b.len() / 2;
    b[i] ^= 0x20;
    fs::write(&e[1], b).unwrap();
    let damaged = run(&corpus, &out("damaged"), &cache_arg);
    assert_eq!(counts(&damaged), (3, 2, 2));
    assert!(snapshot(&out("damaged")) == plain);
    assert_eq!(counts(&run(&corpus, &out("healed"), &cache_arg)), (5, 0, 0));

    // A changed document is processed again; the output equals a plain run.
    let first = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let mut text = fs::read_to_string(&first).unwrap();
    text.push_str("\n2025年全市粮食产量增长3.1%。\n");
    fs::write(&first, text).unwrap();
    assert!(run(&corpus, &out("plain2"), &[]).is_null());
    let changed = run(&corpus, &out("changed"), &cache_arg);
    assert_eq!(counts(&changed), (4, 1, 0));
    assert!(snapshot(&out("changed")) == snapshot(&out("plain2")));

    // Another configuration misses every entry.
    let cfg = tmp.path().join("other.toml");
    fs::write(&cfg, "[input]\nmax_bytes = 19999999\n").unwrap();
    let o = bin()
        .args(["run", "--quiet", "--config"])
        .arg(&cfg)
        .arg("--input")
        .arg(&corpus)
        .arg("--output")
        .arg(out("other"))
        .args(cache_arg)
        .output()
        .unwrap();
    assert!(o.status.success());
    let m: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out("other").join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(counts(&m["cache"]), (0, 5, 0));
}

#[test]
fn the_summary_says_how_many_came_from_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let go = || {
        let o = bin()
            .args(["run", "--config", "pipeline.toml", "--output"])
            .arg(tmp.path().join("out"))
            .arg("--cache")
            .arg(&cache)
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    go();
    let s = go();
    assert!(
        s.contains("cache: 5 documents from the cache, 0 processed"),
        "{s}"
    );
}

/// Sets the modification time of every entry of `cache` to `days` ago.
fn age(cache: &Path, days: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 24 * 3600);
    for e in entries(cache) {
        let f = fs::File::options().write(true).open(&e).unwrap();
        f.set_modified(then).unwrap();
    }
}

fn prune(cache: &Path, days: &str) -> String {
    let o = bin()
        .arg("prune-cache")
        .arg(cache)
        .args(["--unused-days", days])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn prune_cache_removes_what_no_run_has_used_for_the_days_given() {
    let tmp = tempfile::tempdir().unwrap();
    // Read, never changed: the committed corpus itself.
    let corpus = Path::new("corpus");
    let cache = tmp.path().join("cache");
    let cache_arg = ["--cache", cache.to_str().unwrap()];
    let out = tmp.path().join("out");
    run(corpus, &out, &cache_arg);
    // A file of someone else's in the cache folder is left alone.
    fs::write(cache.join("NOTES.txt"), "mine").unwrap();

    // Forty days on, a run over three of the five documents uses their entries.
    age(&cache, 40);
    let three = tmp.path().join("three");
    fs::create_dir(&three).unwrap();
    let mut docs: Vec<PathBuf> = fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    docs.sort();
    for d in &docs[..3] {
        fs::copy(d, three.join(d.file_name().unwrap())).unwrap();
    }
    assert_eq!(counts(&run(&three, &out, &cache_arg)), (3, 0, 0));

    let said = prune(&cache, "30");
    assert!(said.contains("removed 2 entries"), "{said}");
    assert!(said.contains("kept 3"), "{said}");
    assert_eq!(entries(&cache).len(), 3);
    assert!(cache.join("NOTES.txt").exists());
    assert_eq!(counts(&run(corpus, &out, &cache_arg)), (3, 2, 0));

    assert!(prune(&cache, "0").contains("kept 0"));
    assert!(entries(&cache).is_empty());
    let o = bin()
        .arg("prune-cache")
        .arg(tmp.path().join("none"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no cache folder at"));
}
