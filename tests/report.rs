//! `zhibiao report`: the static provenance report. Every record of the seeds
//! is marked once, around exactly its `value_text`; the site is
//! deterministic, escapes what the documents hold (`<script>` is text),
//! asks for nothing over the network, comes with a run when
//! `[export] report = true`, and never replaces a folder it did not write.
//! The same pages are checked in a real browser by `tests/browser/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::{bin, run_into};
use regex::Regex;

fn report(dataset: &Path, dest: &Path) -> Output {
    bin()
        .args(["report", "--quiet", "--config", "pipeline.toml"])
        .arg(dataset)
        .arg("--output")
        .arg(dest)
        .output()
        .expect("zhibiao runs")
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every file under `dir`, by path relative to it.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((rel, fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// `(record_id, doc_id, value_text)` of a table's CSV.
fn records_of(dataset: &Path, table: &str) -> Vec<(String, String, String)> {
    let df = zhibiao::dataset::read::read_parquet(dataset, table).unwrap();
    zhibiao::dataset::read::records_from_df(&df)
        .unwrap()
        .into_iter()
        .map(|r| (r.record_id, r.doc_id, r.value_text))
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of the element whose opening tag holds `id="ID"` (a `<mark>`),
/// with the tags inside it taken out; `None` when there is no such element.
fn text_of_mark(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!(" id=\"{id}\""))?;
    let open = html[..at].rfind('<')?;
    assert!(html[open..].starts_with("<mark"), "{id} is not a <mark>");
    let body = at + html[at..].find('>')? + 1;
    let mut depth = 1;
    let mut i = body;
    while depth > 0 {
        let next = i + html[i..].find('<')?;
        if html[next..].starts_with("</mark>") {
            depth -= 1;
        } else if html[next..].starts_with("<mark") {
            depth += 1;
        }
        i = next + 1;
    }
    let inner = &html[body..i - 1];
    let tags = Regex::new(r"<[^>]*>").unwrap();
    Some(unescape(&tags.replace_all(inner, "")))
}

/// The seeds' dataset, run fresh into a temporary folder.
fn seeds(tmp: &Path) -> PathBuf {
    let out = tmp.join("out");
    run_into(&out);
    out
}

#[test]
fn every_record_of_the_seeds_is_marked_once_around_its_value_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dataset = seeds(tmp.path());
    let site = tmp.path().join("site");
    let out = ok(report(&dataset, &site));
    assert!(out.stdout.is_empty(), "--quiet prints nothing");
    assert!(site.join("index.html").is_file());
    assert!(site.join("assets/report.css").is_file() && site.join("assets/report.js").is_file());
    let records = records_of(&dataset, "indicators");
    assert!(records.len() > 300);
    let mut pages = std::collections::BTreeMap::new();
    for (id, doc, value_text) in &records {
        let html = pages
            .entry(doc.clone())
            .or_insert_with(|| fs::read_to_string(site.join(format!("doc/{doc}.html"))).unwrap());
        assert_eq!(
            html.matches(&format!("id=\"r-{id}\"")).count(),
            1,
            "record {id} is marked once"
        );
        assert_eq!(
            text_of_mark(html, &format!("r-{id}")).as_deref(),
            Some(value_text.as_str()),
            "record {id}"
        );
    }
    assert_eq!(pages.len(), 5);
    let skipped = zhibiao::dataset::read::read_parquet(&dataset, "skipped")
        .unwrap()
        .height();
    let marked: usize = pages
        .values()
        .map(|h| h.matches("<span class=\"skip\"").count())
        .sum();
    assert_eq!(marked, skipped, "one mark per skipped numeral");
    // The index links every document and the panel's cells to their records.
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    for doc in pages.keys() {
        assert!(index.contains(&format!("href=\"doc/{doc}.html\"")));
    }
    let panel = zhibiao::dataset::read::read_parquet(&dataset, "panel")
        .unwrap()
        .height();
    assert_eq!(index.matches("class=\"cell").count(), panel);
    // Furniture the clean stage dropped is dimmed (the seeds carry HTML debris).
    assert!(pages.values().any(|h| h.contains("<span class=\"dim\">")));
}

#[test]
fn the_report_is_deterministic_and_replaces_only_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dataset = seeds(tmp.path());
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    ok(report(&dataset, &a));
    ok(report(&dataset, &b));
    assert_eq!(tree(&a), tree(&b));
    // Written again over itself: replaced, nothing left beside it.
    ok(report(&dataset, &a));
    assert_eq!(tree(&a), tree(&b));
    let hidden: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
    // A folder that is not a report is left alone.
    let other = tmp.path().join("notes");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("mine.txt"), "keep me").unwrap();
    let out = report(&dataset, &other);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("exists and is not a zhibiao report"), "{err}");
    assert_eq!(
        fs::read_to_string(other.join("mine.txt")).unwrap(),
        "keep me"
    );
    // No absolute path of this machine goes into the pages.
    let root = std::env::current_dir().unwrap();
    for (name, bytes) in tree(&a) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.contains(&*root.to_string_lossy())
                && !text.contains(&*tmp.path().to_string_lossy()),
            "{name} holds an absolute path"
        );
    }
}

/// A corpus of one document that holds markup, entities and URLs as text.
fn hostile_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(
        corpus.join("escape.txt"),
        "关于<script>alert(\"x\")</script>的说明\n\
         2023年全市地区生产总值增长5.2%，</pre>引号\"和'单引号'，&amp;与&lt;b&gt;。\n\
         图片<img src=\"http://example.com/a.png\" onerror=\"alert(1)\"> 与 https://cdn.example.com/x.js\n\
         <link rel=\"stylesheet\" href=\"https://fonts.example.com/a.css\">\n",
    )
    .unwrap();
    corpus
}

fn run_on(corpus: &Path, out: &Path, config: Option<&Path>) -> Output {
    let mut cmd = bin();
    cmd.args(["run", "--quiet"]);
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    cmd.arg("--input")
        .arg(corpus)
        .arg("--output")
        .arg(out)
        .output()
        .expect("zhibiao runs")
}

#[test]
fn a_document_holding_script_shows_it_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = hostile_corpus(tmp.path());
    let dataset = tmp.path().join("out");
    ok(run_on(&corpus, &dataset, None));
    let site = tmp.path().join("site");
    ok(report(&dataset, &site));
    let docs = zhibiao::dataset::read::read_parquet(&dataset, "documents").unwrap();
    let doc = zhibiao::dataset::read::cell(&docs, "doc_id", 0).unwrap();
    let html = fs::read_to_string(site.join(format!("doc/{doc}.html"))).unwrap();
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(!html.contains("alert(\"x\")"));
    // The only script is the report's own, the only <pre> the text's.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script src=\"../assets/report.js\" defer></script>"));
    assert_eq!(html.matches("</pre>").count(), 1);
    assert!(!html.contains("<img") && !html.contains("<link rel=\"stylesheet\" href=\"https"));
    assert!(html.contains("&amp;amp;") && html.contains("&amp;lt;b&amp;gt;"));
    // The record in that text is still marked around exactly its characters.
    let records = records_of(&dataset, "indicators");
    let growth = records
        .iter()
        .find(|r| r.2 == "5.2%")
        .expect("5.2% is a record");
    assert_eq!(
        text_of_mark(&html, &format!("r-{}", growth.0)).as_deref(),
        Some("5.2%")
    );
}

/// Resource URLs in the attributes of real tags, in CSS and in the script.
fn network_references(name: &str, text: &str) -> Vec<String> {
    let tag = Regex::new(r"<[a-zA-Z][^>]*>").unwrap();
    let attr = Regex::new(
        r#"(?i)\s(src|href|srcset|action|formaction|poster|data|background|xlink:href|manifest)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#,
    )
    .unwrap();
    let remote = |v: &str| {
        let v = v.trim_matches(['"', '\'']).trim().to_ascii_lowercase();
        v.contains("://") || v.starts_with("//")
    };
    let mut found = Vec::new();
    for t in tag.find_iter(text) {
        for c in attr.captures_iter(t.as_str()) {
            if remote(&c[2]) {
                found.push(format!("{name}: {}", t.as_str()));
            }
        }
        if t.as_str().contains("url(") || t.as_str().to_ascii_lowercase().contains("<base") {
            found.push(format!("{name}: {}", t.as_str()));
        }
    }
    if name.ends_with(".css") {
        let url = Regex::new(r"(?i)url\(|@import").unwrap();
        found.extend(
            url.find_iter(text)
                .map(|m| format!("{name}: {}", m.as_str())),
        );
    }
    if name.ends_with(".js") {
        let net = Regex::new(
            r"(?i)https?:|fetch\(|XMLHttpRequest|import\(|WebSocket|sendBeacon|EventSource",
        )
        .unwrap();
        found.extend(
            net.find_iter(text)
                .map(|m| format!("{name}: {}", m.as_str())),
        );
    }
    found
}

#[test]
fn the_report_asks_for_nothing_over_the_network() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = hostile_corpus(tmp.path());
    for f in fs::read_dir("corpus").unwrap() {
        let p = f.unwrap().path();
        fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    let dataset = tmp.path().join("out");
    ok(run_on(&corpus, &dataset, None));
    let site = tmp.path().join("site");
    ok(report(&dataset, &site));
    let files = tree(&site);
    assert_eq!(files.len(), 2 + 1 + 6, "assets, index, six pages");
    let mut found = Vec::new();
    for (name, bytes) in &files {
        found.extend(network_references(name, &String::from_utf8_lossy(bytes)));
    }
    assert!(found.is_empty(), "{found:#?}");
    // The check itself sees what it looks for.
    assert_eq!(
        network_references(
            "x.html",
            "<img src=\"https://a.b/c.png\"><a href=\"doc/x.html\">"
        )
        .len(),
        1
    );
    assert_eq!(
        network_references("x.css", "a{background:url(//a.b/c)}").len(),
        1
    );
}

#[test]
fn a_run_with_export_report_writes_the_report_into_its_output() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("pipeline.toml");
    fs::write(&config, "[export]\nreport = true\n").unwrap();
    let out = tmp.path().join("out");
    ok(run_on(Path::new("corpus"), &out, Some(&config)));
    assert!(out.join("report/index.html").is_file());
    assert_eq!(fs::read_dir(out.join("report/doc")).unwrap().count(), 5);
    // The dataset beside it is still valid.
    let v = bin().arg("validate").arg(&out).output().unwrap();
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stderr)
    );
    // A report needs the Parquet tables to read back.
    fs::write(&config, "[export]\nreport = true\nparquet = false\n").unwrap();
    let bad = run_on(Path::new("corpus"), &tmp.path().join("bad"), Some(&config));
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("key `export.report`: the report reads the dataset back from its Parquet tables; set `export.parquet = true`"),
        "{err}"
    );
}

#[test]
fn a_changed_source_is_said_and_its_records_are_listed_unmarked() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    common::copy_dir(Path::new("corpus"), &corpus);
    let dataset = tmp.path().join("out");
    ok(run_on(&corpus, &dataset, None));
    let doc = "002_b70424ffd1f438e5";
    let src = corpus.join(format!("{doc}.txt"));
    let mut text = fs::read_to_string(&src).unwrap();
    text.insert_str(0, "前言。\n");
    fs::write(&src, text).unwrap();
    fs::remove_file(corpus.join("003_a7041a94f8fffa35.txt")).unwrap();
    let site = tmp.path().join("site");
    ok(report(&dataset, &site));
    let html = fs::read_to_string(site.join(format!("doc/{doc}.html"))).unwrap();
    assert!(html.contains("the file changed after the run"), "notice");
    assert!(!html.contains("<mark class=\"rec"));
    assert!(html.contains("Not marked in the text: the source text cannot be shown"));
    let gone = fs::read_to_string(site.join("doc/003_a7041a94f8fffa35.html")).unwrap();
    assert!(gone.contains("cannot read"), "a missing source is said");
    // The other documents are marked as before.
    let fine = fs::read_to_string(site.join("doc/000_35a1e122cccdf170.html")).unwrap();
    assert!(fine.contains("<mark class=\"rec"));
}
