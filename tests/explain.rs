//! `zhibiao explain RECORD_ID`: the record, its sentence with the number
//! marked, and the cue behind each field; an unknown id is a fatal error.

mod common;

use std::fs;

use common::{bin, run_into};

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
