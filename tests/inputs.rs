//! Input discovery on a folder like a real archive: a symlink loop, links to
//! a file and to a folder, a hard link, UTF-16 without a BOM in both byte
//! orders, Markdown with front matter, hidden files and folders, a file
//! nobody may read. Every physical file has one row in `documents` that
//! stands for it, every other path to it is a `duplicate of` row, the loop is
//! one row, and a second run writes the same bytes. Failed documents fill at
//! most 20 lines of stderr.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use zhibiao::dataset::rows::DocumentRow;

mod common;

use common::bin;

/// UTF-16 without a BOM.
fn utf16(text: &str, le: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
        .collect()
}

const NEWS_MD: &str = "---\ntitle: '某市一季度工业生产稳步回升'\ndate: 2024-04-18\n---\n\n\
# 工业生产稳步回升\n\n一季度，全市规模以上工业增加值同比增长6.2%，\
高技术制造业增加值增长9.5%。\n";

const PAGE_SHTML: &str = "<html><head><meta name=\"PubDate\" content=\"2024-04-18 09:30\">\
<title>某市一季度经济运行情况</title></head><body><p>一季度，全市地区生产总值同比增长5.1%。</p>\
</body></html>";

/// Builds the archive under `tmp`: `in/` is the input folder, `outside/` a
/// folder only a link leads to. Returns `in/` and whether `locked.txt` is
/// really unreadable (it is not for root).
fn archive(tmp: &Path) -> (PathBuf, bool) {
    let input = tmp.join("in");
    let outside = tmp.join("outside");
    for d in [input.join("sub"), input.join(".cache"), outside.clone()] {
        fs::create_dir_all(d).unwrap();
    }
    fs::copy("corpus/001_ce55da9b868a6cc0.txt", input.join("report.txt")).unwrap();
    fs::copy("corpus/000_35a1e122cccdf170.txt", outside.join("extra.txt")).unwrap();
    let text = fs::read_to_string("corpus/002_b70424ffd1f438e5.txt").unwrap();
    fs::write(input.join("le.txt"), utf16(&text, true)).unwrap();
    fs::write(input.join("be.txt"), utf16(&text, false)).unwrap();
    fs::write(input.join("news.md"), NEWS_MD).unwrap();
    // A government page saved with the extension its site serves it under.
    fs::write(input.join("content.shtml"), PAGE_SHTML).unwrap();
    // A loop (`latest -> ..` in real archives), a link to a file, two links
    // to one folder and a hard link.
    symlink("..", input.join("sub/loop")).unwrap();
    symlink("../report.txt", input.join("sub/link.txt")).unwrap();
    symlink("../outside", input.join("linked")).unwrap();
    symlink("../outside", input.join("linked_again")).unwrap();
    fs::hard_link(input.join("report.txt"), input.join("zz_hard.txt")).unwrap();
    // Hidden: a file, and a folder with a document-like file in it.
    fs::write(input.join(".DS_Store"), b"\x00\x00\x00\x01Bud1").unwrap();
    fs::write(input.join(".cache/old.txt"), "增长7%。").unwrap();
    let locked = input.join("locked.txt");
    fs::write(&locked, "增长7%。").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let unreadable = fs::read(&locked).is_err();
    (input, unreadable)
}

/// The physical files under `dir` (device and inode), by every path that
/// reaches them without following links, hidden folders left out.
fn physical_files(dir: &Path, out: &mut BTreeMap<(u64, u64), Vec<PathBuf>>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let m = fs::symlink_metadata(&p).unwrap();
        let hidden = p.file_name().unwrap().to_string_lossy().starts_with('.');
        if m.is_dir() && !hidden {
            physical_files(&p, out);
        } else if m.is_file() {
            out.entry((m.dev(), m.ino())).or_default().push(p);
        }
    }
}

fn physical_id(p: &Path) -> Option<(u64, u64)> {
    fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

fn row<'a>(docs: &'a [DocumentRow], id: &str) -> &'a DocumentRow {
    docs.iter()
        .find(|d| d.doc_id == id)
        .unwrap_or_else(|| panic!("no row {id}: {docs:#?}"))
}

#[test]
fn every_physical_file_has_one_row_and_links_never_loop() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, unreadable) = archive(tmp.path());
    let out = common::run_library(std::slice::from_ref(&input));
    let docs = &out.documents;
    let summary: Vec<String> = docs
        .iter()
        .map(|d| format!("{} {} {:?}", d.doc_id, d.status, d.message))
        .collect();

    // One row per path walked: the loop once, nothing under sub/loop/….
    let ids: Vec<&str> = docs.iter().map(|d| d.doc_id.as_str()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "doc ids repeat: {ids:?}");
    assert!(
        docs.iter().all(|d| !d.doc_id.contains("loop/")),
        "{summary:#?}"
    );
    let loops: Vec<&str> = docs
        .iter()
        .filter(|d| d.message.as_deref() == Some("symlink loop"))
        .map(|d| d.doc_id.as_str())
        .collect();
    assert_eq!(loops, ["sub/loop"], "{summary:#?}");
    assert_eq!(row(docs, "sub/loop").status, "skipped");

    // Every physical file outside hidden folders (and the folder reached only
    // by a link) has exactly one row that is not a duplicate.
    let mut physical = BTreeMap::new();
    physical_files(&input, &mut physical);
    physical_files(&tmp.path().join("outside"), &mut physical);
    let is_duplicate = |d: &DocumentRow| {
        d.message
            .as_deref()
            .is_some_and(|m| m.starts_with("duplicate of "))
    };
    let mut standing: HashMap<(u64, u64), Vec<&str>> = HashMap::new();
    for d in docs.iter().filter(|d| !is_duplicate(d)) {
        if let Some(id) = physical_id(&d.path) {
            standing.entry(id).or_default().push(&d.doc_id);
        }
    }
    for (id, paths) in &physical {
        assert_eq!(
            standing.get(id).map(Vec::len),
            Some(1),
            "{paths:?}: {summary:#?}"
        );
    }

    // The first path in sorted order is the document; the others say whose
    // duplicates they are.
    for (dup, first) in [
        ("sub/link", "in/report.txt"),
        ("zz_hard", "in/report.txt"),
        ("linked_again", "in/linked"),
    ] {
        let d = row(docs, dup);
        assert_eq!(d.status, "skipped", "{dup}");
        assert_eq!(
            d.message.as_deref(),
            Some(&*format!("duplicate of {first}"))
        );
    }
    assert_eq!(docs.iter().filter(|d| is_duplicate(d)).count(), 3);
    assert_eq!(row(docs, "report").status, "ok");
    assert_eq!(row(docs, "linked/extra").status, "ok");

    // UTF-16 without a BOM, both orders, gives the same records.
    let (le, be) = (row(docs, "le"), row(docs, "be"));
    assert_eq!(le.encoding.as_deref(), Some("utf-16le"));
    assert_eq!(be.encoding.as_deref(), Some("utf-16be"));
    assert!(le.n_indicators > 0 && le.n_indicators == be.n_indicators);
    assert!(!out.findings.iter().any(|f| f.rule == "provenance"));

    let page = row(docs, "content");
    assert_eq!(
        (page.status.as_str(), page.n_indicators),
        ("ok", 1),
        "{page:?}"
    );
    assert_eq!(page.date.as_deref(), Some("2024-04-18"));

    let news = row(docs, "news");
    assert_eq!(news.title_source, "front_matter");
    assert_eq!(news.date.as_deref(), Some("2024-04-18"));
    assert!(news.n_indicators >= 2);

    assert_eq!(
        row(docs, ".DS_Store").message.as_deref(),
        Some("hidden file, not read")
    );
    assert_eq!(
        row(docs, ".cache").message.as_deref(),
        Some("hidden folder, not read")
    );
    let locked = row(docs, "locked");
    if unreadable {
        assert_eq!(locked.status, "error");
        assert!(
            locked
                .message
                .as_deref()
                .is_some_and(|m| m.starts_with("cannot read: Permission denied")),
            "{locked:?}"
        );
    }
}

/// Every file a run wrote, by name.
fn written(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_second_run_over_the_archive_writes_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, _) = archive(tmp.path());
    let mut runs = Vec::new();
    for name in ["out1", "out2"] {
        let dest = tmp.path().join(name);
        let out = bin()
            .args(["run", "--quiet", "--config", "pipeline.toml", "--input"])
            .arg(&input)
            .arg("--output")
            .arg(&dest)
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        runs.push(written(&dest));
    }
    assert!(runs[0].contains_key("documents.csv"));
    assert_eq!(runs[0], runs[1]);
}

#[test]
fn stderr_names_at_most_twenty_failed_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    for i in 0..25 {
        fs::write(input.join(format!("bad{i:02}.txt")), b"PK\x03\x04\x00\x00").unwrap();
    }
    let out = bin()
        .args(["run", "--quiet", "--config", "pipeline.toml", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 21, "{stderr}");
    // In document order, whatever order the threads finished in.
    assert!(lines[0].contains("bad00.txt: binary file"), "{stderr}");
    assert!(lines[19].contains("bad19.txt"), "{stderr}");
    assert_eq!(lines[20], "zhibiao: … and 5 more (see documents table)");
}
