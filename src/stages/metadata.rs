//! Document metadata: title, date, region and type of a document, and where
//! each came from. A document says these things in several places, tried from
//! the most to the least explicit: a sidecar file `<name>.meta.toml`, front
//! matter and HTML `<meta>` tags, the opening of a speech (——2016年2月19日在…
//! 会议上, 我代表…人民政府), a news dateline (新华社北京3月5日电), the title,
//! and last the text itself (the place it names most, the latest year).
//! The patterns are rules data (`[documents]` of `src/rules/default.toml`).

mod dates;
mod region;

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::clean::{Cleaned, Origin};
use super::time::{time_exprs, YearRef};
pub use crate::rules::DocType;
use crate::rules::Rules;

/// Where a metadata field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A YAML or TOML front matter block.
    FrontMatter,
    /// An HTML `<meta>` tag or `<title>`.
    Meta,
    /// The opening of a speech or report: its dateline, the issuing body.
    Opening,
    /// A news dateline (新华社北京3月5日电), its year taken from elsewhere if need be.
    Dateline,
    /// The title.
    Title,
    /// A line of the text (the first line as title, a date in the first lines).
    Text,
    /// The sidecar file `<name>.meta.toml`.
    Sidecar,
    /// The year the text says it speaks in (2024年是…之年).
    Stated,
    /// Worked out from the whole text (the place it names most, the latest year).
    Inferred,
    None,
}

impl Source {
    /// Every source, in the order of the schema's enum (`schema::META_SOURCES`).
    pub const ALL: [Source; 10] = [
        Source::FrontMatter,
        Source::Meta,
        Source::Opening,
        Source::Dateline,
        Source::Title,
        Source::Text,
        Source::Sidecar,
        Source::Stated,
        Source::Inferred,
        Source::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::FrontMatter => "front_matter",
            Source::Meta => "meta",
            Source::Opening => "opening",
            Source::Dateline => "dateline",
            Source::Title => "title",
            Source::Text => "text",
            Source::Sidecar => "sidecar",
            Source::Stated => "stated",
            Source::Inferred => "inferred",
            Source::None => "none",
        }
    }
}

/// The metadata of one document.
#[derive(Debug, Clone)]
pub struct DocMeta {
    pub title: Option<String>,
    pub title_source: Source,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    pub date_source: Source,
    pub year: Option<i32>,
    pub region: Option<String>,
    pub region_source: Source,
    pub doc_type: DocType,
    /// The year the document reports on, when its title or type says so: a
    /// communiqué titled 2021年…统计公报 (published in 2022) reports on 2021;
    /// a work report given early in year Y plans year Y.
    pub subject_year: Option<i32>,
    /// The part of a year a news article (or a document of no known type)
    /// reports on, and that year, when its headline names one
    /// (苏州一季度GDP同比增4.4%: Q1 of the article's year).
    pub subject_period: Option<(i32, String)>,
    /// In a budget document of a region whose fiscal year starts later than
    /// January, the month it starts: relative years are then fiscal years.
    pub fiscal_year_start: Option<u32>,
}

/// A sidecar metadata file: `<document>.meta.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub title: Option<String>,
    pub date: Option<String>,
    pub region: Option<String>,
}

/// Reads the sidecar of `doc`, if there is one.
pub fn read_sidecar(doc: &Path) -> Result<Option<Sidecar>, String> {
    let mut name = doc.as_os_str().to_owned();
    name.push(".meta.toml");
    let path = std::path::PathBuf::from(name);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text)
        .map(Some)
        .map_err(|e| format!("{}: {}", path.display(), e.message()))
}

static YEAR_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^((?:19|20)\d\d)年").unwrap());
static YEAR_IS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"((?:19|20)\d\d)年是").unwrap());
/// The end of a year that figures are counted up to (截至2024年底): the text
/// speaks from after it.
static AS_OF_YEAR_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"截[至止]((?:19|20)\d\d)年(?:底|末|12月31日)").unwrap());
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(到|至|面向|展望|迈向|—|-|~|～)?((?:19|20)\d\d)年").unwrap());
/// What a date line holds: the date's digits and words, in digits or Chinese numerals.
static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9〇○零一二三四五六七八九十]+[年月日]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}").unwrap()
});

/// Works out the metadata of a cleaned document.
pub fn read_meta(cleaned: &Cleaned, sidecar: Option<&Sidecar>, rules: &Rules) -> DocMeta {
    let (title, title_source) = title(cleaned, sidecar, rules);
    let (date, date_source) = date(cleaned, sidecar, title.as_deref(), rules);
    let year = date
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok());
    let (region, region_source) = region(cleaned, sidecar, title.as_deref(), rules);
    let doc_type = doc_type(cleaned, title.as_deref(), date_source, rules);
    let subject_year = subject_year(doc_type, title.as_deref(), date.as_deref(), rules);
    let fiscal_year_start = fiscal_year_start(cleaned, region.as_deref(), rules);
    let subject_period = subject_period(doc_type, title.as_deref(), year, subject_year);
    DocMeta {
        title,
        title_source,
        date,
        date_source,
        year,
        region,
        region_source,
        doc_type,
        subject_year,
        subject_period,
        fiscal_year_start,
    }
}

/// Whether the document is one whose headline says what it reports on: a
/// news article, or one of no known type (a statistics bureau's release
/// without a dateline, 2024年全市经济运行情况) whose title is a headline, not
/// its text's first sentence.
fn reviews_by_headline(doc_type: DocType, title: &str) -> bool {
    doc_type == DocType::News || doc_type == DocType::Other && !title.contains(['。', ';', '；'])
}

/// The part of a year a headline names (一季度, 上半年, 前三季度, 1-8月), and
/// that year: the article's own, or the past year it reviews. Only for news
/// and documents of no known type, and only when the headline names one part.
fn subject_period(
    doc_type: DocType,
    title: Option<&str>,
    doc_year: Option<i32>,
    subject_year: Option<i32>,
) -> Option<(i32, String)> {
    let title = title.filter(|t| reviews_by_headline(doc_type, t))?;
    let chars: Vec<char> = title.chars().collect();
    let mut parts = time_exprs(&chars, 0, chars.len())
        .into_iter()
        .filter(|e| e.period.is_some());
    let part = parts.next()?;
    let year = match part.year {
        YearRef::Absolute(y) if Some(y) == doc_year || Some(y) == subject_year => y,
        YearRef::Unknown | YearRef::Offset(0) => subject_year.or(doc_year)?,
        _ => return None,
    };
    let period = part.period?;
    let sub_year = !matches!(period.as_str(), "multi-year" | "cumulative");
    (sub_year && parts.next().is_none()).then_some((year, period))
}

/// The month the fiscal year starts in, for a budget document of a region
/// whose fiscal year does not start in January.
fn fiscal_year_start(cleaned: &Cleaned, region: Option<&str>, rules: &Rules) -> Option<u32> {
    let month = *rules.fiscal_year_start.get(region?)?;
    let budget = rules
        .documents
        .budget_words
        .iter()
        .any(|w| cleaned.text.contains(w.as_str()));
    (month > 1 && budget).then_some(month)
}

/// The first value declared under one of `keys` (preferred first), front matter before `<meta>`.
fn declared<'a>(cleaned: &'a Cleaned, keys: &[String]) -> Option<(&'a str, Source)> {
    keys.iter().find_map(|k| {
        let mut found: Vec<_> = cleaned
            .declared
            .iter()
            .filter(|d| &d.key == k && !d.value.is_empty())
            .collect();
        found.sort_by_key(|d| d.origin != Origin::FrontMatter);
        found.first().map(|d| {
            let source = match d.origin {
                Origin::FrontMatter => Source::FrontMatter,
                Origin::Meta => Source::Meta,
            };
            (d.value.as_str(), source)
        })
    })
}

/// The sidecar's title, else the declared one, else the first line of text
/// (at least 4 characters, not all ASCII).
fn title(cleaned: &Cleaned, sidecar: Option<&Sidecar>, rules: &Rules) -> (Option<String>, Source) {
    if let Some(t) = sidecar.and_then(|s| s.title.clone()) {
        return (Some(t), Source::Sidecar);
    }
    let docs = &rules.documents;
    if let Some((t, source)) = declared(cleaned, &docs.title_keys) {
        let t = match source {
            Source::Meta => page_headline(cleaned, t, rules),
            _ => t,
        };
        return (Some(t.to_string()), source);
    }
    cleaned
        .text
        .lines()
        .map(|l| without_label(l.trim(), &docs.title_keys))
        .find(|l| l.chars().count() >= 4 && !l.is_ascii())
        .map_or((None, Source::None), |t| {
            (Some(t.to_string()), Source::Text)
        })
}

/// A title line without a label that says it is one (标题:…, Title:…): a
/// title key before a colon.
fn without_label<'a>(line: &'a str, keys: &[String]) -> &'a str {
    match line.split_once(':') {
        Some((label, rest)) if keys.contains(&label.trim().to_lowercase()) => rest.trim(),
        _ => line,
    }
}

/// The key the page's first `<h1>` is declared under (`clean::html_meta`).
const HEADLINE_KEY: &str = "html:h1";

/// The page's headline (its first `<h1>`) when its `<title>` is that headline
/// with more after it, the site's names however they are joined
/// (前三季度我省GDP增长5.2%-新闻中心-某某网).
fn headline_of<'a>(cleaned: &'a Cleaned, title: &str) -> Option<&'a str> {
    let (h1, _) = declared(cleaned, &[HEADLINE_KEY.to_string()])?;
    (h1.chars().count() >= 4 && h1.len() < title.len() && title.starts_with(h1)).then_some(h1)
}

/// A page title without the site's name after it (标题_新浪网 → 标题).
fn without_site_name<'a>(title: &'a str, separators: &[String]) -> &'a str {
    separators
        .iter()
        .filter_map(|s| title.split_once(s.as_str()).map(|(head, _)| head.trim()))
        .filter(|head| head.chars().count() >= 4)
        .min_by_key(|head| head.len())
        .unwrap_or(title)
}

/// The date: the sidecar's (the user's word), else declared, else written in
/// the first lines (a speech opening, a dateline, a date line), else a title
/// that opens with a year, else a dateline without a year (the year taken from
/// the title or the text), else the year the text speaks from.
fn date(
    cleaned: &Cleaned,
    sidecar: Option<&Sidecar>,
    title: Option<&str>,
    rules: &Rules,
) -> (Option<String>, Source) {
    if let Some(d) = sidecar.and_then(|s| s.date.clone()) {
        return (Some(d), Source::Sidecar);
    }
    let docs = &rules.documents;
    let header = &cleaned.header_lines;
    if let Some(d) = declared(cleaned, &docs.date_keys)
        .and_then(|(v, source)| dates::stamp(v, docs.utc_offset_hours).map(|d| (d, source)))
    {
        return (Some(d.0), d.1);
    }
    for line in header {
        if let Some(d) = dates::full_date_in(line) {
            let source = if docs.opening.iter().any(|r| r.is_match(line)) {
                Source::Opening
            } else if docs.dateline.iter().any(|r| r.is_match(line)) {
                Source::Dateline
            } else {
                Source::Text
            };
            return (Some(d), source);
        }
    }
    if let Some(d) = closing_date(&cleaned.text) {
        return (Some(d), Source::Text);
    }
    if let Some(d) = header.iter().find_map(|l| month_of_line(l)) {
        return (Some(d), Source::Text);
    }
    // A title line that opens with a year (2020年 响鼓重锤): short, no sentence
    // punctuation, among the first lines that are no page furniture.
    let title_line_year = || {
        header
            .iter()
            .filter(|l| !rules.furniture_lines.iter().any(|r| r.is_match(l)))
            .take(3)
            .filter(|l| l.chars().count() <= 30 && !l.contains([',', '。', ';']))
            .find_map(|l| YEAR_TITLE.captures(l).map(|c| c[1].to_string()))
    };
    if let Some(y) = title_line_year() {
        return (Some(y), Source::Title);
    }
    let declared_title_year: Option<i32> =
        title.and_then(|t| YEAR_TITLE.captures(t).and_then(|c| c[1].parse().ok()));
    let year = declared_title_year.or_else(|| inferred_year(&cleaned.text));
    if let Some(d) = year.and_then(|y| dateline_day(header, y, rules)) {
        return (Some(d), Source::Dateline);
    }
    // (A declared title, <title> or front matter, that opens with a year, as
    // a title line does.)
    if let Some(y) = declared_title_year {
        return (Some(y.to_string()), Source::Title);
    }
    if let Some(y) = stated_year(&cleaned.text) {
        return (Some(y.to_string()), Source::Stated);
    }
    match inferred_year(&cleaned.text) {
        Some(y) => (Some(y.to_string()), Source::Inferred),
        None => (None, Source::None),
    }
}

/// How many of a text's last lines may hold its signature's date.
const CLOSING_LINES: usize = 6;
/// A line longer than this is no date line.
const DATE_LINE_CHARS: usize = 16;

/// The date a document is signed with at its end (某县统计局 / 2025年3月20日): a
/// line of its last few that is a date and nothing else, brackets aside.
fn closing_date(text: &str) -> Option<String> {
    text.lines()
        .rev()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(CLOSING_LINES)
        .filter(|l| l.chars().count() <= DATE_LINE_CHARS)
        .find_map(|l| {
            let bare = l
                .trim_start_matches(['(', '（'])
                .trim_end_matches([')', '）']);
            let d = dates::full_date_in(bare)?;
            let rest = DATE_WORDS.replace_all(bare, "");
            rest.trim().is_empty().then_some(d)
        })
}

/// `YYYY-MM` of a line that is a year and a month in Chinese and nothing
/// else, one bracket each side and the Republic's name aside (（中华民国2025年9月）,
/// 2025年9月 under a report's title): read as a declared stamp reads one.
fn month_of_line(line: &str) -> Option<String> {
    let line = line.trim();
    let bare = line.strip_prefix(['(', '（']).unwrap_or(line);
    let bare = bare.strip_suffix([')', '）']).unwrap_or(bare);
    let bare = bare.strip_prefix("中华民国").unwrap_or(bare);
    if !(bare.contains('年') && bare.ends_with('月')) {
        return None;
    }
    dates::stamp(bare, 0).filter(|d| d.len() == "YYYY-MM".len())
}

/// The day of a dateline without a year (新华社北京3月5日电) in the first lines, in year `year`.
fn dateline_day(header: &[String], year: i32, rules: &Rules) -> Option<String> {
    header.iter().find_map(|line| {
        rules.documents.dateline.iter().find_map(|r| {
            let c = r.captures(line)?;
            let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
            let y = num("year").map_or(year, |y| y as i32);
            dates::ymd(y, num("month")?, num("day")?)
        })
    })
}

/// The year a text speaks from when it gives no date: the year it calls "Y年是…",
/// else the latest year it names that is not a horizon (到2035年, 面向2035年,
/// the end of a span 2025—2027年) and at most a year after the latest it names
/// more than once (a goal named once, 2035年远景目标, is no horizon by its
/// words; a report names the year it plans once, 2016年工作安排, after many
/// of the years it reviews) — and after any year whose end it counts up to
/// (截至2024年底: 2025).
fn inferred_year(text: &str) -> Option<i32> {
    if let Some(y) = stated_year(text) {
        return Some(y);
    }
    let after_as_of = AS_OF_YEAR_END
        .captures_iter(text)
        .filter_map(|c| c[1].parse::<i32>().ok())
        .max()
        .map(|y| y + 1);
    // (None orders below any year.)
    named_year(text).max(after_as_of)
}

/// The year a text says it speaks in: the last Y of Y年是 (2024年是…之年).
fn stated_year(text: &str) -> Option<i32> {
    YEAR_IS.captures_iter(text).last()?[1].parse().ok()
}

/// The latest year a text names that is not a horizon (see [`inferred_year`]).
fn named_year(text: &str) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for c in ANY_YEAR.captures_iter(text).filter(|c| c.get(1).is_none()) {
        if let Ok(y) = c[2].parse() {
            *counts.entry(y).or_default() += 1;
        }
    }
    let latest = counts.keys().next_back().copied();
    match counts.iter().rev().find(|(_, n)| **n >= 2) {
        Some((&repeated, _)) => counts.range(..=repeated + 1).next_back().map(|(y, _)| *y),
        None => latest,
    }
}

/// The region: the sidecar's; else the issuing body's (a State Council report
/// is about the whole country; 我代表海拉尔区人民政府; a release of 政府统计处
/// is Hong Kong's); else the place the title
/// names; else the place the text names most, datelines and lists left out.
fn region(
    cleaned: &Cleaned,
    sidecar: Option<&Sidecar>,
    title: Option<&str>,
    rules: &Rules,
) -> (Option<String>, Source) {
    if let Some(r) = sidecar.and_then(|s| s.region.as_deref()) {
        return (Some(rules.display_region(r)), Source::Sidecar);
    }
    let docs = &rules.documents;
    let header = &cleaned.header_lines;
    let any = |res: &[Regex], l: &String| res.iter().any(|r| r.is_match(l));
    if header.iter().any(|l| any(&docs.national, l)) {
        return (Some(rules.national_region.clone()), Source::Opening);
    }
    let issuer = header.iter().find_map(|l| {
        docs.issuer
            .iter()
            .find_map(|r| r.captures(l).and_then(|c| issuer_place(rules, &c[1])))
    });
    if let Some(r) = issuer {
        return (Some(r), Source::Opening);
    }
    let body = header.iter().find_map(|l| {
        (rules.issuing_bodies.iter())
            .find(|(name, _)| l.contains(name.as_str()))
            .map(|(_, place)| rules.display_region(place))
    });
    if let Some(r) = body {
        return (Some(r), Source::Opening);
    }
    let titled = |t: &str| {
        region::most_specific(&rules.gazetteer, t).or_else(|| {
            (docs.title_region.iter())
                .find_map(|r| r.captures(t).and_then(|c| issuer_place(rules, &c[1])))
        })
    };
    if let Some(r) = title.and_then(titled) {
        return (Some(r), Source::Title);
    }
    let text = without_datelines(&cleaned.text, rules);
    if let Some(r) = region::inferred(&rules.gazetteer, &text, title.unwrap_or("")) {
        return (Some(r), Source::Inferred);
    }
    match publisher_place(cleaned, rules) {
        Some((r, source)) => (Some(r), source),
        None => (None, Source::None),
    }
}

/// The place in the name of the document's publisher, declared (source:
/// 成都市统计局), in an opening line (来源：南通日报) or after the headline
/// in the page's `<title>` (…主要经济指标_南岸区人民政府).
fn publisher_place(cleaned: &Cleaned, rules: &Rules) -> Option<(String, Source)> {
    let docs = &rules.documents;
    let (name, source) = declared(cleaned, &docs.source_keys)
        .map(|(v, s)| (v.to_string(), s))
        .or_else(|| {
            cleaned.header_lines.iter().find_map(|l| {
                (docs.source_line.iter())
                    .find_map(|r| r.captures(l).map(|c| (c[1].to_string(), Source::Text)))
            })
        })
        .or_else(|| Some((site_name(cleaned, rules)?.to_string(), Source::Meta)))?;
    Some((region::most_specific(&rules.gazetteer, &name)?, source))
}

/// What a page's `<title>` says after its headline: the site's name.
fn site_name<'a>(cleaned: &'a Cleaned, rules: &Rules) -> Option<&'a str> {
    let (title, Source::Meta) = declared(cleaned, &rules.documents.title_keys)? else {
        return None;
    };
    let head = page_headline(cleaned, title, rules);
    title.get(head.len()..).filter(|site| !site.is_empty())
}

/// The headline a page's `<title>` opens with: the page's `<h1>`, else the
/// title without the site's name after a separator.
fn page_headline<'a>(cleaned: &'a Cleaned, title: &'a str, rules: &Rules) -> &'a str {
    let separators = &rules.documents.title_site_separators;
    headline_of(cleaned, title).unwrap_or_else(|| without_site_name(title, separators))
}

/// The place an issuing body is of (海拉尔区, 杭州市临安区): the gazetteer's
/// most specific place in its name — unless the name, made of administrative
/// units only, goes on to one the gazetteer does not know (a county made a
/// district since: 临安区, where the list has 临安市); then that unit as written.
fn issuer_place(rules: &Rules, name: &str) -> Option<String> {
    let known = region::most_specific(&rules.gazetteer, name);
    let units: Vec<&str> = ADMIN_UNIT.find_iter(name).map(|m| m.as_str()).collect();
    // (自治区 alone, 在自治区第十四届人民代表大会, names the region by its kind only.)
    let whole = units.concat() == name && !units.iter().any(|u| u.starts_with("自治"));
    let Some((last, outer)) = units.split_last().filter(|_| whole) else {
        return known;
    };
    match known {
        None => Some(last.to_string()),
        Some(k) if outer.contains(&k.as_str()) => Some(last.to_string()),
        known => known,
    }
}

/// One administrative unit of a name: a stem of two to eight characters and
/// the unit's word (四川省, 杭州市, 临安区, 鄂温克族自治旗, 城关镇).
static ADMIN_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\p{Han}{2,8}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|区|县|旗|盟|州|镇|乡|街道)",
    )
    .unwrap()
});

/// `text` with its datelines (新华社北京3月5日电) cut out: where a story was filed is not what it is about.
fn without_datelines(text: &str, rules: &Rules) -> String {
    text.lines()
        .map(|l| {
            let cut = rules
                .documents
                .dateline
                .iter()
                .filter_map(|r| r.find(l))
                .map(|m| m.end())
                .max()
                .unwrap_or(0);
            &l[cut..]
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The document's type: from its title's cues, else its opening lines' cues;
/// else news when it has front matter, a dateline or a `<meta>` publication
/// date (a web article); else other.
fn doc_type(cleaned: &Cleaned, title: Option<&str>, date_source: Source, rules: &Rules) -> DocType {
    let types = &rules.documents.types;
    let title = title.unwrap_or("");
    if let Some(t) = types
        .iter()
        .find(|t| t.title.iter().any(|r| r.is_match(title)))
    {
        return t.doc_type;
    }
    let header = &cleaned.header_lines;
    if let Some(t) = types.iter().find(|t| {
        header
            .iter()
            .any(|l| t.opening.iter().any(|r| r.is_match(l)))
    }) {
        return t.doc_type;
    }
    let front_matter = cleaned
        .declared
        .iter()
        .any(|d| d.origin == Origin::FrontMatter);
    let dated_page = matches!(date_source, Source::Meta | Source::Dateline);
    if front_matter || dated_page {
        DocType::News
    } else {
        DocType::Other
    }
}

/// The year a document reports on: the year its title names for it (a
/// communiqué), a past year a news headline names and nothing later
/// ([`past_year_of_headline`], also a document of no known type), else, for
/// a work report dated in the first
/// quarter (or with no month), the year of its date (the plan year).
fn subject_year(
    doc_type: DocType,
    title: Option<&str>,
    date: Option<&str>,
    rules: &Rules,
) -> Option<i32> {
    let title = title.unwrap_or("");
    if let Some(y) = rules.documents.subject_year.iter().find_map(|r| {
        r.captures(title)
            .and_then(|c| c.get(1)?.as_str().parse().ok())
    }) {
        return Some(y);
    }
    if reviews_by_headline(doc_type, title) {
        let doc_year = date.and_then(|d| d.get(..4)?.parse().ok())?;
        return past_year_of_headline(title, doc_year);
    }
    if doc_type != DocType::WorkReport {
        return None;
    }
    if let Some(y) = YEAR_TITLE.captures(title).and_then(|c| c[1].parse().ok()) {
        return Some(y);
    }
    let date = date?;
    let month: Option<u32> = date.get(5..7).and_then(|m| m.parse().ok());
    month
        .is_none_or(|m| m <= 3)
        .then(|| date.get(..4)?.parse().ok())
        .flatten()
}

/// Words of a headline for the year before the article's (去年经济运行总体平稳).
const LAST_YEAR_WORDS: [&str; 2] = ["去年", "上年"];
/// Words of a headline for the article's own year or a later one.
const THIS_YEAR_WORDS: [&str; 3] = ["今年", "明年", "本年"];

/// The year a news headline reports on, when it names years before the
/// article's only (去年全国工业增加值增长5.6%, 2024年全市GDP增长5.2% in
/// January 2025): the article then reviews that year, and its 全年 and its
/// figures with no year of their own are of it.
fn past_year_of_headline(title: &str, doc_year: i32) -> Option<i32> {
    if THIS_YEAR_WORDS.iter().any(|w| title.contains(w)) {
        return None;
    }
    let absolute = ANY_YEAR
        .captures_iter(title)
        .filter_map(|c| c[2].parse::<i32>().ok());
    let relative = LAST_YEAR_WORDS
        .iter()
        .filter(|w| title.contains(*w))
        .map(|_| doc_year - 1);
    let mut years: Vec<i32> = absolute.chain(relative).collect();
    years.dedup();
    match years.as_slice() {
        [y] if *y < doc_year => Some(*y),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::clean::{clean, CleanConfig};

    fn meta(text: &str) -> DocMeta {
        let rules = Rules::embedded();
        read_meta(&clean(text, &CleanConfig::default(), &rules), None, &rules)
    }

    #[test]
    fn the_schema_knows_every_source_and_type() {
        use crate::dataset::schema::{DOC_TYPES, META_SOURCES};
        let names: Vec<&str> = Source::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, META_SOURCES);
        let types: Vec<&str> = DocType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(types, DOC_TYPES);
    }

    #[test]
    fn a_national_body_releasing_figures_makes_the_text_national() {
        let region = |opening: &str| meta(&format!("金融数据\n\n{opening}\n")).region;
        let text = "新华社北京11月11日电 中国人民银行11日发布的金融统计数据显示，M2增长7.5%。";
        assert_eq!(region(text).as_deref(), Some("全国"));
        // (A branch releases a province's figures.)
        let branch = "中国人民银行河南省分行发布数据显示，贷款增长8%。";
        assert_ne!(region(branch).as_deref(), Some("全国"));
    }

    #[test]
    fn the_issuer_names_the_region() {
        let region =
            |opening: &str| meta(&format!("政府工作报告\n{opening}\n各位代表:\n增长5%。")).region;
        let report = |body: &str| format!("——2024年1月10日在{body}第三届人民代表大会第二次会议上");
        assert_eq!(region(&report("北京市海淀区")).as_deref(), Some("海淀区"));
        // A county made a district after the gazetteer's list (临安市 there).
        assert_eq!(region(&report("杭州市临安区")).as_deref(), Some("临安区"));
        assert_eq!(region(&report("临安区")).as_deref(), Some("临安区"));
        assert_eq!(region(&report("四川省")).as_deref(), Some("四川省"));
        assert_eq!(region(&report("自治区")), None);
        // A town the gazetteer does not list, under its county.
        assert_eq!(region(&report("某某县城关镇")).as_deref(), Some("城关镇"));
    }

    #[test]
    fn a_line_of_a_year_and_month_dates_the_document() {
        assert_eq!(
            month_of_line("（中华民国2025年9月）").as_deref(),
            Some("2025-09")
        );
        assert_eq!(month_of_line("2024年12月").as_deref(), Some("2024-12"));
        assert_eq!(month_of_line("2024年13月"), None);
        assert_eq!(month_of_line("2024年9月全市经济运行情况"), None);
    }

    #[test]
    fn inferred_years() {
        assert_eq!(
            inferred_year("2023年,增长。2024年是关键之年。到2035年基本实现").unwrap(),
            2024
        );
        // Horizons and a span's end are no year the text speaks from; a year
        // named once counts only just after the latest named more than once.
        let report = "2015年增长,2015年完成,2010年以来。2016年工作安排。面向2030年,2020年远景目标,三年行动(2016—2018年)。";
        assert_eq!(inferred_year(report), Some(2016));
        assert_eq!(inferred_year("2019年,2025年"), Some(2025));
        assert_eq!(
            inferred_year("截至2024年底,人口减少。2024年出生数"),
            Some(2025)
        );
        assert_eq!(inferred_year("截至2023年底,2024年增长"), Some(2024));
    }

    #[test]
    fn a_date_line_at_the_end_dates_the_document() {
        let m = meta("政府工作报告\n各位代表:\n过去一年,增长5%。2027年目标。\n\n某县人民政府\n2025年1月20日\n");
        assert_eq!(
            (m.date.as_deref(), m.date_source),
            (Some("2025-01-20"), Source::Text)
        );
        // A date inside the last sentence (past the opening lines) is no signature.
        let body = "过去一年,增长5%。\n".repeat(16);
        let m = meta(&format!(
            "政府工作报告\n{body}2024年4月7日,省政府印发《措施》。\n"
        ));
        assert_eq!(m.date_source, Source::Inferred);
    }

    #[test]
    fn front_matter_gives_title_and_date() {
        let m = meta("---\ntitle: '苏州一季度GDP增4.4%'\ndate: Tue, 26 Apr 2022 05:13:25 GMT\n---\n正文,苏州增长。");
        assert_eq!(m.title.as_deref(), Some("苏州一季度GDP增4.4%"));
        assert_eq!(m.title_source, Source::FrontMatter);
        assert_eq!(
            (m.date.as_deref(), m.date_source),
            (Some("2022-04-26"), Source::FrontMatter)
        );
        assert_eq!(
            (m.region.as_deref(), m.region_source),
            (Some("苏州市"), Source::Title)
        );
        assert_eq!(m.doc_type, DocType::News);
    }

    #[test]
    fn html_meta_gives_title_and_date() {
        let m = meta("<html><head><title>洛阳经济运行平稳_新闻网</title><meta name=\"publishdate\" content=\"2023-07-20\"></head><body><p>洛阳上半年增长5%。</p></body></html>");
        assert_eq!(
            (m.title.as_deref(), m.title_source),
            (Some("洛阳经济运行平稳"), Source::Meta)
        );
        assert_eq!(
            (m.date.as_deref(), m.date_source),
            (Some("2023-07-20"), Source::Meta)
        );
    }

    #[test]
    fn speech_opening_gives_date_region_and_type() {
        let m = meta("政 府 工 作 报 告\n——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上\n各位代表:\n现在,我代表区人民政府作报告。香港、台湾等航线开通。");
        assert_eq!(
            (m.date.as_deref(), m.date_source),
            (Some("2016-02-19"), Source::Opening)
        );
        assert_eq!(
            (m.region.as_deref(), m.region_source),
            (Some("海拉尔区"), Source::Opening)
        );
        assert_eq!(
            (m.doc_type, m.subject_year),
            (DocType::WorkReport, Some(2016))
        );
        let m = meta("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李强\n各位代表:\n北京、上海增长。");
        assert_eq!(
            (m.region.as_deref(), m.region_source),
            (Some("全国"), Source::Opening)
        );
    }

    #[test]
    fn dateline_gives_the_day_not_the_region() {
        let m = meta(
            "河南粮食产量创新高\n新华社北京3月5日电 记者从河南省获悉,2024年河南粮食产量增长2%。",
        );
        assert_eq!(
            (m.date.as_deref(), m.date_source),
            (Some("2024-03-05"), Source::Dateline)
        );
        assert_eq!(m.region.as_deref(), Some("河南省"));
        assert_eq!(m.doc_type, DocType::News);
        let m =
            meta("一季度经济运行情况\n新华社北京4月16日电 2024年一季度北京发布数据,GDP增长5.3%。");
        assert_eq!(m.region.as_deref(), Some("北京市"));
    }

    #[test]
    fn communique_reports_on_the_year_before() {
        let m = meta(
            "2021年苏州市国民经济和社会发展统计公报\n2022年3月1日\n全年实现地区生产总值22718亿元。",
        );
        assert_eq!(
            (m.doc_type, m.subject_year),
            (DocType::Communique, Some(2021))
        );
        assert_eq!(m.year, Some(2022));
    }

    #[test]
    fn news_headline_naming_a_past_year_gives_the_year_reported_on() {
        let reviewed = |title: &str| {
            let m = meta(&format!(
                "{title}\n2025-01-20 10:15 来源:某某日报\n本报讯 全年增长5%。"
            ));
            assert_eq!(m.doc_type, DocType::News, "{title}");
            m.subject_year
        };
        assert_eq!(reviewed("去年全省经济稳中有进"), Some(2024));
        assert_eq!(reviewed("2024年全市工业增加值增长6%"), Some(2024));
        // The article's own year, a later one, or two years: no single year reviewed.
        assert_eq!(reviewed("今年经济增长目标5%左右 去年增长5.2%"), None);
        assert_eq!(reviewed("2025年经济工作这样干"), None);
        assert_eq!(reviewed("2023年至2024年全市新增企业十万家"), None);
        assert_eq!(reviewed("全市经济稳中有进"), None);
        // A release of no known type (no dateline, no source line) dated by
        // its sidecar reviews the past year its title names too; one titled
        // as a year's release (经济运行情况) reviews that year, even the
        // year under way (a mid-year release), as a communiqué does.
        let rules = Rules::embedded();
        let title = Some("洛阳市2024年经济形势");
        let year = |t| subject_year(t, title, Some("2025-01-15"), &rules);
        assert_eq!(year(DocType::Other), Some(2024));
        assert_eq!(
            subject_year(DocType::Other, title, Some("2024-07-15"), &rules),
            None
        );
        let release = Some("洛阳市2024年经济运行情况");
        assert_eq!(
            subject_year(DocType::Other, release, Some("2024-07-15"), &rules),
            Some(2024)
        );
        let sentence = Some("2023年,全市实现地区生产总值1.2万亿元,同比增长6.1%。");
        assert_eq!(
            subject_year(DocType::Other, sentence, Some("2024-02-01"), &rules),
            None
        );
    }

    #[test]
    fn a_headline_naming_a_part_of_the_year_gives_the_period_reported_on() {
        let part =
            |title: &str, doc_type, year| subject_period(doc_type, Some(title), Some(2022), year);
        let q1 = Some((2022, "Q1".to_string()));
        assert_eq!(
            part("疫情多发下,苏州一季度GDP同比增4.4%", DocType::News, None),
            q1
        );
        assert_eq!(
            part("2022年一季度全市经济运行情况", DocType::Other, None),
            q1
        );
        assert_eq!(
            part("2021年前三季度全市GDP增长9.2%", DocType::News, Some(2021)),
            Some((2021, "Q1-Q3".to_string()))
        );
        // Two parts, a part of another year, a report, no part at all: none.
        assert_eq!(
            part("一季度增长4.4% 上半年有望回升", DocType::News, None),
            None
        );
        assert_eq!(part("2020年一季度GDP回顾", DocType::News, None), None);
        assert_eq!(part("一季度经济运行情况", DocType::WorkReport, None), None);
        assert_eq!(part("连续三年增长", DocType::News, None), None);
    }

    #[test]
    fn sar_names_are_written_short() {
        let m = meta("财政预算案公布\n香港特别行政区政府今日公布预算案。香港经济增长3%。");
        assert_eq!(m.region.as_deref(), Some("香港"));
    }
}
