//! Markdown read as text: heading markers, emphasis, blockquote markers and
//! link targets out, link text kept; images, Hugo/Jekyll shortcodes, rules
//! (`---`) and lines that are nothing but a link (related-article lists) are
//! page furniture. HTML comments go too, and an OCR page marker
//! (`<!-- Page 12 -->`) leaves a page break behind, so that a sentence it cut
//! is joined again.

use std::sync::LazyLock;

use regex::Regex;

use super::pieces::{merged, text_of, without, Piece, PAGE_BREAK};

static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<!--(.*?)-->").unwrap());

// The line-anchored patterns run in CRLF mode (`R`): Markdown is read before
// the carriage returns of a Windows file go, and `$` must still end a line.

/// Whole lines that are furniture: a rule, a shortcode, a line that is only a link or an image.
static FURNITURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?mR)^[ \t]{0,3}(?:",
        r"(?:[-*_][ \t]*){3,}",
        r"|\{\{[<%].*?[%>]\}\}",
        r"|(?:#{1,6}[ \t]+|[-*+][ \t]+)?!?\[[^\]\n]*\]\([^)\n]*\)",
        r")[ \t]*$",
    ))
    .unwrap()
});
/// A `# ` heading: its opening hashes and any closing ones go.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?mR)^(?P<open>[ \t]{0,3}#{1,6}[ \t]+)[^\n]*?(?P<close>[ \t]+#+)?[ \t]*$").unwrap()
});
/// A `> ` blockquote marker.
static QUOTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?mR)^[ \t]{0,3}>[ \t]?").unwrap());
/// An image `![alt](url)`: out.
static IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[[^\]\n]*\]\([^)\n]*\)").unwrap());
/// A link `[text](url)`: the text stays.
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<open>\[)[^\]\n]+(?P<close>\]\([^)\n]*\))").unwrap());
/// Emphasis `**text**` or `__text__`: the text stays.
static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<open>\*\*)[^\s*](?:[^\n]*?[^\s*])?(?P<close>\*\*)",
        r"|(?P<open2>__)[^\s_](?:[^\n]*?[^\s_])?(?P<close2>__)",
    ))
    .unwrap()
});

/// HTML comments out; one that `page_marker` recognises leaves a page break.
pub fn strip_comments(pieces: Vec<Piece>, page_markers: &[Regex]) -> Vec<Piece> {
    // Most documents have no comment: no text to build, nothing to search.
    let opens = |w: &[Piece]| w[0].c == '<' && w[1].c == '!' && w[2].c == '-' && w[3].c == '-';
    if !pieces.windows(4).any(opens) {
        return pieces;
    }
    let (s, owner) = text_of(&pieces);
    let mut out = Vec::with_capacity(pieces.len());
    let mut at = 0;
    for c in COMMENT.captures_iter(&s) {
        let m = c.get(0).unwrap();
        let (from, to) = (owner[m.start()], owner[m.end()]);
        out.extend_from_slice(&pieces[at..from]);
        let inner = c[1].trim();
        if page_markers.iter().any(|r| r.is_match(inner)) {
            out.push(merged(&pieces, from, to, PAGE_BREAK));
        }
        at = to;
    }
    out.extend_from_slice(&pieces[at..]);
    out
}

/// Markdown syntax out of `pieces`, its text kept.
pub fn strip_markdown(pieces: Vec<Piece>) -> Vec<Piece> {
    let s: String = pieces.iter().map(|p| p.c).collect();
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for (re, needs) in [
        (&*FURNITURE_LINE, &["-", "*", "_", "{{", "]("][..]),
        (&*QUOTE, &[">"]),
        (&*IMAGE, &["!["]),
    ] {
        if needed(&s, needs) {
            drop.extend(re.find_iter(&s).map(|m| (m.start(), m.end())));
        }
    }
    // Each pass finds its own matches: emphasis around a link strips both.
    for (re, needs) in [
        (&*HEADING, &["#"][..]),
        (&*LINK, &["]("]),
        (&*EMPHASIS, &["**", "__"]),
    ] {
        if !needed(&s, needs) {
            continue;
        }
        for c in re.captures_iter(&s) {
            for name in ["open", "close", "open2", "close2"] {
                if let Some(m) = c.name(name) {
                    drop.push((m.start(), m.end()));
                }
            }
        }
    }
    // Plain text has no syntax: no byte → piece table to build.
    if drop.is_empty() {
        return pieces;
    }
    let (_, owner) = text_of(&pieces);
    without(&pieces, &owner, &drop)
}

/// Whether `s` holds one of `needs`, strings that every match of a
/// pattern contains. Most documents have no Markdown at all, and a
/// line-anchored pattern has no literal of its own to skip ahead to: its
/// search walks every character of the text.
fn needed(s: &str, needs: &[&str]) -> bool {
    needs
        .iter()
        .any(|n| memchr::memmem::find(s.as_bytes(), n.as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::super::pieces::pieces_of;
    use super::*;

    fn md(text: &str) -> String {
        strip_markdown(pieces_of(text))
            .iter()
            .map(|p| p.c)
            .collect()
    }

    #[test]
    fn syntax_goes_text_stays() {
        assert_eq!(md("## 一、经济运行 ##\n正文"), "一、经济运行\n正文");
        assert_eq!(md("> 引文增长5%"), "引文增长5%");
        assert_eq!(
            md("增长**5.1%**,见[公报](http://a.b/c)。"),
            "增长5.1%,见公报。"
        );
        assert_eq!(md("前![图1](x.png)后"), "前后");
        assert_eq!(
            md("### [11张图看预算](https://x.y/z)\n---\n{{< video src=\"v\" >}}\n正文"),
            "\n\n\n正文"
        );
        assert_eq!(md("2*3=6, a_b_c, #话题#"), "2*3=6, a_b_c, #话题#");
    }

    #[test]
    fn comments_and_page_markers() {
        let markers = [Regex::new(r"(?i)^page\b").unwrap()];
        let out: String = strip_comments(pieces_of("甲<!-- Page 3 -->乙<!-- x -->丙"), &markers)
            .iter()
            .map(|p| p.c)
            .collect();
        assert_eq!(out, format!("甲{PAGE_BREAK}乙丙"));
    }
}
