//! The gazetteer of Chinese administrative divisions (`regions.tsv`, less the
//! generic names of `[regions]`), compiled once into one Aho-Corasick matcher
//! over full names (郑州市) and short names (郑州).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::{Place, Rules};

/// The compiled gazetteer.
pub struct Gazetteer {
    pub matcher: AhoCorasick,
    /// For each pattern, the index of its place.
    pub place_of: Vec<usize>,
    pub places: Vec<Place>,
}

pub static GAZETTEER: LazyLock<Gazetteer> =
    LazyLock::new(|| build_gazetteer(&Rules::embedded().places));

fn short_name(p: &Place) -> Option<String> {
    if p.level == "county" {
        return None;
    }
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
        if let Some(s) = p.name.strip_suffix(suffix) {
            if s.chars().count() >= 2 {
                return Some(s.to_string());
            }
        }
    }
    None
}

fn build_gazetteer(places: &[Place]) -> Gazetteer {
    let mut patterns = Vec::new();
    let mut place_of = Vec::new();
    for (i, p) in places.iter().enumerate() {
        patterns.push(p.name.clone());
        place_of.push(i);
        if let Some(s) = short_name(p) {
            patterns.push(s);
            place_of.push(i);
        }
    }
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("gazetteer builds");
    Gazetteer {
        matcher,
        place_of,
        places: places.to_vec(),
    }
}

/// The gazetteer place named at the start of `text`, if any (金水区…).
pub fn place_at_start(text: &str) -> Option<String> {
    let g = &*GAZETTEER;
    let m = g.matcher.find(text)?;
    (m.start() == 0).then(|| g.places[g.place_of[m.pattern().as_usize()]].name.clone())
}
