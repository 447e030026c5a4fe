//! What an HTML page declares about itself before its tags are stripped:
//! `<meta name|property|itemprop|http-equiv="…" content="…">` pairs and the
//! `<title>` element (as the key `html:title`).

use std::sync::LazyLock;

use regex::Regex;

static META: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<meta\s([^<>]*)>").unwrap());
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)([A-Za-z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).unwrap()
});
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<title[^<>]*>([^<]*)</title\s*>").unwrap());
static H1: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<h1[^<>]*>(.*?)</h1\s*>").unwrap());
static INNER_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^<>]*>").unwrap());

/// The `(key, value)` pairs of the page's `<meta>` tags, keys in lower case,
/// then its `<title>` and the text of its first `<h1>` (`html:h1`).
pub fn read(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in META.captures_iter(html) {
        let mut key = None;
        let mut content = None;
        for a in ATTR.captures_iter(&m[1]) {
            let value = a
                .get(2)
                .or(a.get(3))
                .or(a.get(4))
                .map_or("", |v| v.as_str());
            match a[1].to_ascii_lowercase().as_str() {
                "name" | "property" | "itemprop" | "http-equiv" => {
                    key = Some(value.trim().to_ascii_lowercase())
                }
                "content" => content = Some(value.trim().to_string()),
                _ => {}
            }
        }
        if let (Some(k), Some(c)) = (key, content) {
            if !k.is_empty() && !c.is_empty() {
                out.push((k, c));
            }
        }
    }
    if let Some(t) = TITLE.captures(html) {
        let t = t[1].trim();
        if !t.is_empty() {
            out.push(("html:title".into(), t.to_string()));
        }
    }
    if let Some(h) = H1.captures(html) {
        let h = INNER_TAG.replace_all(&h[1], "");
        let h = h.trim();
        if !h.is_empty() {
            out.push(("html:h1".into(), h.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_tags_and_title() {
        let html = r#"<head><title>标题_新闻网</title><meta name="PublishDate" content="2022-04-26 10:00:00"/>
<meta property='article:published_time' content='2022-04-26T08:00:00+08:00'><meta charset="utf-8"></head>"#;
        assert_eq!(
            read(html),
            [
                ("publishdate".to_string(), "2022-04-26 10:00:00".to_string()),
                (
                    "article:published_time".into(),
                    "2022-04-26T08:00:00+08:00".into()
                ),
                ("html:title".into(), "标题_新闻网".into()),
            ]
        );
    }
}
