//! The gazetteer of Chinese administrative divisions (`regions.tsv`, less the
//! generic names of `[regions]`, under its display names), compiled with the
//! rules (`Rules::parse`, so a rules file's `[regions]` applies) into one
//! Aho-Corasick matcher over full names (郑州市) and short names (郑州).

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::Place;

/// The compiled gazetteer.
#[derive(Debug)]
pub struct Gazetteer {
    pub matcher: AhoCorasick,
    /// For each pattern, the index of its place.
    pub place_of: Vec<usize>,
    pub places: Vec<Place>,
    /// Words after a place that name it in passing (`[regions] in_passing_after`).
    pub in_passing_after: Vec<String>,
}

/// A province's, city's or prefecture's name without its level word (郑州市 → 郑州).
fn short_name(name: &str) -> Option<String> {
    for suffix in [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "自治州",
        "特别行政区",
        "地区",
        "省",
        "市",
        "盟",
    ] {
        if let Some(s) = name.strip_suffix(suffix) {
            if s.chars().count() >= 2 {
                return Some(s.to_string());
            }
        }
    }
    None
}

/// The peoples named in autonomous prefectures' names (湘西土家族苗族自治州).
const PREFECTURE_PEOPLES: [&str; 19] = [
    "柯尔克孜族",
    "哈萨克族",
    "朝鲜族",
    "土家族",
    "布依族",
    "景颇族",
    "傈僳族",
    "哈尼族",
    "蒙古族",
    "苗族",
    "侗族",
    "彝族",
    "藏族",
    "羌族",
    "白族",
    "傣族",
    "壮族",
    "回族",
    "蒙古",
];

/// An autonomous prefecture's name as the press shortens it, its place and
/// 州 (湘西土家族苗族自治州 → 湘西州; not 湘西 alone, which may name more).
fn prefecture_short_name(name: &str) -> Option<String> {
    let mut core = name.strip_suffix("自治州")?;
    while let Some(rest) = PREFECTURE_PEOPLES.iter().find_map(|p| core.strip_suffix(p)) {
        core = rest;
    }
    (core.chars().count() >= 2).then(|| format!("{core}州"))
}

/// One matcher over every name and short name of `places`, and the place of each pattern.
fn matcher_of(places: &[Place]) -> (AhoCorasick, Vec<usize>) {
    let mut patterns = Vec::new();
    let mut place_of = Vec::new();
    for (i, p) in places.iter().enumerate() {
        let short = p
            .aliases
            .iter()
            .chain([&p.name])
            .filter(|_| p.level != "county")
            .flat_map(|n| [short_name(n), prefecture_short_name(n)])
            .flatten();
        for name in p
            .aliases
            .iter()
            .cloned()
            .chain([p.name.clone()])
            .chain(short)
        {
            patterns.push(name);
            place_of.push(i);
        }
    }
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Both)
        .build(&patterns)
        .expect("gazetteer builds");
    (matcher, place_of)
}

impl Gazetteer {
    /// The gazetteer of `places`, with the words after a place that name it in passing.
    pub fn new(places: Vec<Place>, in_passing_after: Vec<String>) -> Gazetteer {
        let (matcher, place_of) = matcher_of(&places);
        Gazetteer {
            matcher,
            place_of,
            places,
            in_passing_after,
        }
    }

    /// True when the place ending at byte `end` of `text` is named in passing:
    /// a member of a list (台湾、香港等) or a modifier (台湾居民).
    pub fn in_passing(&self, text: &str, start: usize, end: usize) -> bool {
        text[..start].ends_with('、')
            || self
                .in_passing_after
                .iter()
                .any(|w| text[end..].starts_with(w.as_str()))
    }

    /// The place named at the start of `text` as what it is about
    /// (金水区…); not one named in passing (台湾、香港等航线, 台湾居民).
    /// The place `text` opens with as it is written there (南京 of 南京地区生产总值),
    /// unless it is named in passing.
    pub fn written_place_at_start<'t>(&self, text: &'t str) -> Option<&'t str> {
        let m = self
            .matcher
            .find(Input::new(text).anchored(Anchored::Yes))?;
        (!self.in_passing(text, m.start(), m.end())).then(|| &text[..m.end()])
    }

    /// The place `text` is as a whole, however it is written there
    /// (河南 → 河南省, 无锡 → 无锡市); not a text that says more than a place.
    pub fn place_written_as(&self, text: &str) -> Option<&str> {
        // (The longest name at the start: the whole text when it is one.)
        let m = self
            .matcher
            .find(Input::new(text).anchored(Anchored::Yes))?;
        (m.end() == text.len()).then(|| {
            self.places[self.place_of[m.pattern().as_usize()]]
                .name
                .as_str()
        })
    }

    pub fn place_at_start(&self, text: &str) -> Option<String> {
        // Anchored: the longest name at the start, without a search of the rest.
        let m = self
            .matcher
            .find(Input::new(text).anchored(Anchored::Yes))?;
        (!self.in_passing(text, m.start(), m.end())).then(|| {
            self.places[self.place_of[m.pattern().as_usize()]]
                .name
                .clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Rules;

    #[test]
    fn a_listed_place_is_not_a_subject() {
        let g = Rules::embedded().gazetteer;
        let place_at_start = |text: &str| g.place_at_start(text);
        assert_eq!(place_at_start("金水区新增").as_deref(), Some("金水区"));
        assert_eq!(
            place_at_start("香港特别行政区政府").as_deref(),
            Some("香港")
        );
        assert_eq!(place_at_start("台湾、香港等航线"), None);
        assert_eq!(place_at_start("香港等航线"), None);
        assert_eq!(place_at_start("台湾居民口岸签注"), None);
        assert_eq!(g.place_written_as("河南"), Some("河南省"));
        assert_eq!(g.place_written_as("无锡"), Some("无锡市"));
        assert_eq!(g.place_written_as("无锡地区生产总值"), None);
        // An autonomous prefecture as the press shortens it; its place alone
        // may be another (海南 is the province).
        assert_eq!(g.place_written_as("湘西州"), Some("湘西土家族苗族自治州"));
        assert_eq!(g.place_written_as("海南州"), Some("海南藏族自治州"));
        assert_eq!(g.place_written_as("海南"), Some("海南省"));
    }
}
