//! Bad input and faults: encodings keep offsets exact, bad files are
//! recorded and the run goes on, broken configuration fails before any work
//! with a message naming the key, and a killed run leaves the previous
//! output whole.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use encoding_rs::{BIG5, GB18030};
use zhibiao::dataset::rows::{DocumentRow, Record};

mod common;

use common::bin;

fn run_lib(inputs: &[PathBuf]) -> (Vec<Record>, Vec<DocumentRow>) {
    let out = common::run_library(inputs);
    (common::all_records(&out), out.documents)
}

fn corpus_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// Writes each corpus file, re-encoded by `encode`, into a fresh folder.
fn reencoded(dir: &Path, encode: &dyn Fn(&str) -> Vec<u8>) -> PathBuf {
    let out = dir.join("corpus");
    fs::create_dir_all(&out).unwrap();
    for f in corpus_files() {
        let text = fs::read_to_string(&f).unwrap();
        fs::write(out.join(f.file_name().unwrap()), encode(&text)).unwrap();
    }
    out
}

fn key(r: &Record) -> (String, i64, i64, String, String) {
    (
        r.doc_id.clone(),
        r.char_start,
        r.char_end,
        format!("{}", r.value),
        r.value_text.clone(),
    )
}

fn assert_bytes_decode(records: &[Record], dir: &Path, decode: &dyn Fn(&[u8]) -> String) {
    for r in records {
        let bytes = fs::read(dir.join(&r.source_file)).unwrap();
        let got = decode(&bytes[r.byte_start as usize..r.byte_end as usize]);
        assert_eq!(got, r.value_text, "{} in {}", r.record_id, r.source_file);
    }
}

/// A name, an encoder, the matching decoder, and the encoding zhibiao must detect.
type EncodingCase = (
    &'static str,
    Box<dyn Fn(&str) -> Vec<u8>>,
    Box<dyn Fn(&[u8]) -> String>,
    &'static str,
);

/// UTF-16 in either byte order, with or without a BOM.
fn utf16_case(name: &'static str, le: bool, bom: bool, encoding: &'static str) -> EncodingCase {
    let unit = move |u: u16| if le { u.to_le_bytes() } else { u.to_be_bytes() };
    (
        name,
        Box::new(move |t| {
            let mut v = if bom {
                unit(0xFEFF).to_vec()
            } else {
                Vec::new()
            };
            v.extend(t.encode_utf16().flat_map(unit));
            v
        }),
        Box::new(move |b| {
            let units: Vec<u16> = b
                .chunks(2)
                .map(|c| {
                    let pair = [c[0], c[1]];
                    if le {
                        u16::from_le_bytes(pair)
                    } else {
                        u16::from_be_bytes(pair)
                    }
                })
                .collect();
            String::from_utf16(&units).unwrap()
        }),
        encoding,
    )
}

#[test]
fn gbk_utf16_and_bom_copies_give_the_same_records() {
    let (original, _) = run_lib(&[PathBuf::from("corpus")]);
    let tmp = tempfile::tempdir().unwrap();
    let cases: Vec<EncodingCase> = vec![
        (
            "gbk",
            Box::new(|t| GB18030.encode(t).0.into_owned()),
            Box::new(|b| GB18030.decode_without_bom_handling(b).0.into_owned()),
            "gb18030",
        ),
        utf16_case("utf16", true, true, "utf-16le"),
        utf16_case("utf16le-nobom", true, false, "utf-16le"),
        utf16_case("utf16be-nobom", false, false, "utf-16be"),
        (
            "bom",
            Box::new(|t| [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat()),
            Box::new(|b| String::from_utf8(b.to_vec()).unwrap()),
            "utf-8-bom",
        ),
    ];
    for (name, encode, decode, encoding) in cases {
        let dir = reencoded(&tmp.path().join(name), encode.as_ref());
        let out = common::run_library(std::slice::from_ref(&dir));
        let (records, docs) = (common::all_records(&out), out.documents);
        // The validate stage re-reads every span in the file's encoding.
        assert!(
            !out.findings.iter().any(|f| f.rule == "provenance"),
            "{name}: {:?}",
            out.findings
        );
        assert!(
            docs.iter()
                .all(|d| d.status == "ok" && d.encoding.as_deref() == Some(encoding)),
            "{name}: {docs:?}"
        );
        assert_eq!(
            records.iter().map(key).collect::<Vec<_>>(),
            original.iter().map(key).collect::<Vec<_>>(),
            "{name}"
        );
        assert_bytes_decode(&records, &dir, decode.as_ref());
    }
}

/// Traditional Chinese in Big5 (as Hong Kong and Taiwan sites still
/// serve it) is read as Big5, not as the GBK rubbish its bytes also
/// decode to: the same records as the UTF-8 text, each span's bytes Big5.
#[test]
fn big5_copies_of_traditional_text_give_the_same_records() {
    let tmp = tempfile::tempdir().unwrap();
    let (utf8, big5) = (tmp.path().join("utf8"), tmp.path().join("big5"));
    for dir in [&utf8, &big5] {
        fs::create_dir_all(dir).unwrap();
    }
    for case in ["names_budget_news_traditional", "traditional_html"] {
        for entry in fs::read_dir(Path::new("tests/cases").join(case)).unwrap() {
            let path = entry.unwrap().path();
            let name = format!("{case}_{}", path.file_name().unwrap().to_string_lossy());
            if name.ends_with(".tsv") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let (bytes, _, unmappable) = BIG5.encode(&text);
            assert!(!unmappable, "{name} has characters Big5 lacks");
            let is_input = !name.ends_with(".toml");
            fs::write(utf8.join(&name), &text).unwrap();
            fs::write(
                big5.join(&name),
                if is_input {
                    &bytes[..]
                } else {
                    text.as_bytes()
                },
            )
            .unwrap();
        }
    }
    let (original, _) = run_lib(std::slice::from_ref(&utf8));
    let out = common::run_library(std::slice::from_ref(&big5));
    assert!(!out.findings.iter().any(|f| f.rule == "provenance"));
    assert!(out
        .documents
        .iter()
        .all(|d| d.status == "ok" && d.encoding.as_deref() == Some("big5")));
    let records = common::all_records(&out);
    assert!(records.len() >= 10, "{}", records.len());
    assert_eq!(
        records.iter().map(key).collect::<Vec<_>>(),
        original.iter().map(key).collect::<Vec<_>>()
    );
    assert_bytes_decode(&records, &big5, &|b| {
        BIG5.decode_without_bom_handling(b).0.into_owned()
    });
}

#[test]
fn crlf_line_endings_are_kept_in_the_offsets() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = reencoded(tmp.path(), &|t| t.replace('\n', "\r\n").into_bytes());
    let (records, _) = run_lib(std::slice::from_ref(&dir));
    let (original, _) = run_lib(&[PathBuf::from("corpus")]);
    assert_eq!(records.len(), original.len());
    for r in &records {
        let text = fs::read_to_string(dir.join(&r.source_file)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[r.char_start as usize..r.char_end as usize]
                .iter()
                .collect::<String>(),
            r.value_text
        );
    }
    assert_ne!(
        records[records.len() - 1].char_start,
        original[original.len() - 1].char_start
    );
}

#[test]
fn bad_files_are_recorded_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::copy("corpus/001_ce55da9b868a6cc0.txt", input.join("good.txt")).unwrap();
    fs::write(input.join("empty.txt"), b"").unwrap();
    fs::write(input.join("binary.txt"), b"PK\x03\x04\x00\x00binary").unwrap();
    let mut broken = "地区生产总值增长7%。".repeat(20).into_bytes();
    broken.insert(29, 0xFF);
    fs::write(input.join("broken.txt"), &broken).unwrap();
    fs::write(input.join("huge.txt"), "增长7%。".repeat(100_000)).unwrap();
    fs::write(input.join("report.pdf"), b"%PDF-1.4").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("gone.txt"), input.join("dangling.txt")).unwrap();
    let config = tmp.path().join("pipeline.toml");
    fs::write(
        &config,
        "[input]\npaths = [\"in\"]\nmax_bytes = 100000\n[output]\ndir = \"out\"\n",
    )
    .unwrap();
    let out = bin()
        .args(["run", "--quiet", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let docs = fs::read_to_string(tmp.path().join("out/documents.csv")).unwrap();
    let row = |name: &str| {
        docs.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no row for {name}: {docs}"))
            .to_string()
    };
    let expect = [
        ("good.txt", ",ok,"),
        ("empty.txt", "error,empty file"),
        ("binary.txt", "error,binary file (NUL byte at byte 4)"),
        (
            "broken.txt",
            "error,\"undecodable: invalid UTF-8 at byte 29, and not GB18030 or Big5 either\"",
        ),
        (
            "huge.txt",
            "error,\"file too large: 1100000 bytes, limit 100000 (input.max_bytes)\"",
        ),
        (
            "report.pdf",
            "skipped,not a text document (extension `pdf`)",
        ),
        (
            "dangling.txt",
            "error,cannot read: No such file or directory",
        ),
    ];
    for (name, want) in expect {
        assert!(
            row(name).contains(want),
            "{name}: {} lacks {want}",
            row(name)
        );
        if want.starts_with("error") {
            assert!(
                stderr.contains(name),
                "stderr does not name {name}: {stderr}"
            );
        }
    }
    let indicators = fs::read_to_string(tmp.path().join("out/indicators.csv")).unwrap();
    assert!(
        indicators.lines().count() > 100,
        "the good document was not processed"
    );
}

fn config_error(toml: &str) -> (Option<i32>, String) {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("corpus")).unwrap();
    fs::write(tmp.path().join("corpus/a.txt"), "增长7%").unwrap();
    let config = tmp.path().join("bad.toml");
    fs::write(&config, toml).unwrap();
    let out = bin()
        .current_dir(tmp.path())
        .args(["run", "--config", "bad.toml"])
        .output()
        .unwrap();
    assert!(
        !tmp.path().join("output").exists(),
        "a broken configuration wrote output"
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

#[test]
fn broken_configuration_fails_before_any_work_naming_the_key() {
    let cases = [
        (
            "[input]\nfoo = 1\n",
            "zhibiao: error: bad.toml: key `input.foo` (line 2): unknown field `foo`, expected one of `paths`, `extensions`, `max_bytes`, `skip_names`",
        ),
        (
            "[input]\nmax_bytes = \"big\"\n",
            "zhibiao: error: bad.toml: key `input.max_bytes` (line 2): invalid type: string \"big\", expected u64",
        ),
        ("[input]\npaths = [\"nope\"]\n", "zhibiao: error: bad.toml: key `input.paths[0]`: nope does not exist"),
        (
            "[clean]\nextra_furniture = [\"(unclosed\"]\n",
            "zhibiao: error: bad.toml: key `clean.extra_furniture[0]`: bad regex: error: unclosed group",
        ),
        (
            "[exports]\n",
            "zhibiao: error: bad.toml: key `exports` (line 1): unknown field `exports`, expected one of `input`, `output`, `clean`, `segment`, `extract`, `validate`, `export`",
        ),
        ("[input\n", "zhibiao: error: bad.toml: syntax (line 1): unclosed table, expected `]`"),
        (
            "[[validate.rules]]\nname = \"x\"\nseverity = \"fatal\"\nmessage = \"m\"\nwhen = \"value > 1\"\n",
            "zhibiao: error: bad.toml: key `validate.rules[0].severity` (line 3): unknown variant `fatal`, expected `warning` or `error`",
        ),
    ];
    for (toml, want) in cases {
        let (code, stderr) = config_error(toml);
        assert_eq!(code, Some(2), "{toml}");
        assert_eq!(stderr, want, "{toml}");
    }
    let (code, stderr) = config_error("[[validate.rules]]\nname = \"x\"\nseverity = \"error\"\nmessage = \"m\"\nwhen = \"nosuchcol > 1\"\n");
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("zhibiao: error: bad.toml: key `validate.rules[0].when`: not found: unable to find column \"nosuchcol\""), "{stderr}");
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_killed_run_leaves_the_previous_output_whole() {
    let tmp = tempfile::tempdir().unwrap();
    // A corpus big enough that a run takes a while: many copies of the seeds.
    let big = tmp.path().join("big");
    fs::create_dir_all(&big).unwrap();
    for i in 0..150 {
        for f in corpus_files() {
            fs::copy(
                &f,
                big.join(format!(
                    "{i:03}_{}",
                    f.file_name().unwrap().to_string_lossy()
                )),
            )
            .unwrap();
        }
    }
    let out_dir = tmp.path().join("out");
    let status = bin()
        .args(["run", "--quiet", "--config", "pipeline.toml", "--output"])
        .arg(&out_dir)
        .status()
        .unwrap();
    assert!(status.success());
    let before = snapshot(&out_dir);
    // The killed runs' spill folders, removed by the next run.
    let spills = tmp.path().join("spills");
    fs::create_dir_all(&spills).unwrap();
    let spill_folders = || fs::read_dir(&spills).unwrap().count();
    for delay_ms in [5u64, 40, 120, 300, 700] {
        let mut child = bin()
            .args(["run", "--quiet", "--config", "pipeline.toml", "--input"])
            .arg(&big)
            .arg("--output")
            .arg(&out_dir)
            .env("TMPDIR", &spills)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        if !finished && spill_folders() > 0 {
            let next = bin()
                .args(["run", "--quiet", "--config", "pipeline.toml", "--output"])
                .arg(tmp.path().join("other"))
                .env("TMPDIR", &spills)
                .status()
                .unwrap();
            assert!(next.success());
            assert_eq!(spill_folders(), 0, "a killed run's spill folder is left");
        }
        let now = snapshot(&out_dir);
        if !finished && now != before {
            // The rename happened before the kill: the new dataset must be complete.
            let names: Vec<&str> = now.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(
                names,
                before.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
            );
            let manifest: serde_json::Value =
                serde_json::from_slice(&now.iter().find(|(n, _)| n == "manifest.json").unwrap().1)
                    .unwrap();
            assert_eq!(manifest["counts"]["documents"], 750);
            return;
        }
        assert!(
            finished || now == before,
            "a run killed after {delay_ms} ms changed the output"
        );
    }
}
