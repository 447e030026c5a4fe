//! Document metadata: title, date and region, read from the text where it
//! says so, else from an optional sidecar file `<name>.meta.toml`, else
//! inferred (the region from the places the text names most).

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::clean::Cleaned;
use crate::rules::gazetteer::GAZETTEER;
use crate::rules::Rules;

/// Where a metadata field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Text,
    Sidecar,
    Inferred,
    None,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Text => "text",
            Source::Sidecar => "sidecar",
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

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(19|20)(\d\d)(?:-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|年(\d{1,2})月(\d{1,2})日)",
    )
    .unwrap()
});
static YEAR_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^((?:19|20)\d\d)年").unwrap());
static YEAR_IS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"((?:19|20)\d\d)年是").unwrap());
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(到|至)?((?:19|20)\d\d)年").unwrap());

/// Works out the metadata of a cleaned document.
pub fn read_meta(cleaned: &Cleaned, sidecar: Option<&Sidecar>, rules: &Rules) -> DocMeta {
    let title = cleaned
        .text
        .lines()
        .map(str::trim)
        .find(|l| l.chars().count() >= 4 && !l.is_ascii());
    let (title, title_source) = match (title, sidecar.and_then(|s| s.title.clone())) {
        (_, Some(t)) => (Some(t), Source::Sidecar),
        (Some(t), None) => (Some(t.to_string()), Source::Text),
        (None, None) => (None, Source::None),
    };
    let (date, date_source) = text_date(&cleaned.header_lines)
        .map(|d| (Some(d), Source::Text))
        .or_else(|| {
            sidecar
                .and_then(|s| s.date.clone())
                .map(|d| (Some(d), Source::Sidecar))
        })
        .or_else(|| inferred_year(&cleaned.text).map(|y| (Some(y.to_string()), Source::Inferred)))
        .unwrap_or((None, Source::None));
    let year = date
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok());
    let (region, region_source) = match sidecar.and_then(|s| s.region.clone()) {
        Some(r) => (Some(r), Source::Sidecar),
        None => match main_region(&cleaned.text, title.as_deref().unwrap_or(""), rules) {
            Some(r) => (Some(r), Source::Text),
            None => (None, Source::None),
        },
    };
    DocMeta {
        title,
        title_source,
        date,
        date_source,
        year,
        region,
        region_source,
    }
}

/// A dateline in the first lines: 2024-09-19, 2023年03月04日, or a title that opens with a year.
fn text_date(header: &[String]) -> Option<String> {
    for line in header {
        if let Some(c) = FULL_DATE.captures(line) {
            let part = |a: usize| {
                c.get(a)
                    .or(c.get(a + 2))
                    .or(c.get(a + 4))
                    .map(|m| m.as_str())
            };
            let (m, d): (u32, u32) = (part(3)?.parse().ok()?, part(4)?.parse().ok()?);
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return Some(format!("{}{}-{m:02}-{d:02}", &c[1], &c[2]));
            }
        }
    }
    // A title line that opens with a year (2020年 响鼓重锤): short, no sentence punctuation.
    header
        .iter()
        .take(3)
        .filter(|l| l.chars().count() <= 30 && !l.contains([',', '。', ';']))
        .find_map(|l| YEAR_TITLE.captures(l).map(|c| c[1].to_string()))
}

/// The year a text speaks from when it gives no date: the year it calls "Y年是…",
/// else the latest year it names that is not a horizon (到2035年).
fn inferred_year(text: &str) -> Option<i32> {
    if let Some(c) = YEAR_IS.captures_iter(text).last() {
        return c[1].parse().ok();
    }
    ANY_YEAR
        .captures_iter(text)
        .filter(|c| c.get(1).is_none())
        .filter_map(|c| c[2].parse().ok())
        .max()
}

/// Counts of each place named in `text`.
fn place_counts(text: &str) -> HashMap<usize, usize> {
    let g = &*GAZETTEER;
    let mut counts = HashMap::new();
    for m in g.matcher.find_iter(text) {
        *counts
            .entry(g.place_of[m.pattern().as_usize()])
            .or_insert(0) += 1;
    }
    counts
}

/// The region a document is about: the place it names most (the title counts
/// thrice), or a district of that place that the text names by its full name often.
fn main_region(text: &str, title: &str, _rules: &Rules) -> Option<String> {
    let g = &*GAZETTEER;
    let mut counts = place_counts(text);
    for (p, n) in place_counts(title) {
        *counts.entry(p).or_insert(0) += 2 * n;
    }
    let (&best, &best_n) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    let best_place = &g.places[best];
    let child = counts
        .iter()
        .filter(|(&p, &n)| {
            g.places[p].parent == best_place.name && g.places[p].level == "county" && n >= 3
        })
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
    match child {
        Some((&c, &n)) if n * 3 >= best_n => Some(g.places[c].name.clone()),
        _ => Some(best_place.name.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_header_lines() {
        assert_eq!(
            text_date(&["2024-09-19 来源: 郑州晚报".into()]).unwrap(),
            "2024-09-19"
        );
        assert_eq!(
            text_date(&["标题".into(), "2023年03月04日12:06".into()]).unwrap(),
            "2023-03-04"
        );
        assert_eq!(text_date(&["2020年 响鼓重锤".into()]).unwrap(), "2020");
        assert_eq!(
            inferred_year("2023年,增长。2024年是关键之年。到2035年基本实现").unwrap(),
            2024
        );
    }

    #[test]
    fn region_prefers_the_district_the_text_is_about() {
        let text = "郑州市郑州市郑州金水区金水区金水区金水区发展";
        assert_eq!(main_region(text, "", &Rules::embedded()).unwrap(), "金水区");
        assert_eq!(
            main_region("郑州发展,郑州市增长,洛阳", "", &Rules::embedded()).unwrap(),
            "郑州市"
        );
    }
}
