//! Places a document names, looked up in the gazetteer: the most specific
//! place of a title or an issuing body (郑州 + 金水区 → 金水区), and the place
//! a text names most, not counting places named in passing (members of a
//! list, 北京、上海等).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::rules::gazetteer::Gazetteer;

/// The places named in `text`, in order, with the byte range of each mention.
fn mentions(g: &Gazetteer, text: &str) -> Vec<(usize, usize, usize)> {
    g.matcher
        .find_iter(text)
        .map(|m| (g.place_of[m.pattern().as_usize()], m.start(), m.end()))
        .collect()
}

/// True when place `a` lies inside place `b` (at any depth).
fn inside(g: &Gazetteer, a: usize, b: usize) -> bool {
    let mut parent = g.places[a].parent.as_str();
    for _ in 0..4 {
        if parent.is_empty() {
            return false;
        }
        if parent == g.places[b].name {
            return true;
        }
        parent = g
            .places
            .iter()
            .find(|p| p.name == parent)
            .map_or("", |p| p.parent.as_str());
    }
    false
}

/// A place followed by a count of its parts (江苏13市, 河南省18个地市, 全省各市
/// is not named): a text about the parts of a place is about the place.
static PARTS_COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]+|[一二三四五六七八九十两]+)个?(?:设区市|地级市|地市|市州|市|州|县区|县|区)|^各(?:设区市|地市|市|县|区|地)")
        .unwrap()
});

/// The most specific place `text` names, when all it names lie one inside
/// another (河南郑州 → 郑州市), or the place whose parts it counts
/// (江苏13市GDP出炉：苏州领跑 → 江苏省); `None` when it names none, or places
/// side by side.
pub fn most_specific(g: &Gazetteer, text: &str) -> Option<String> {
    let found = mentions(g, text);
    if let Some(&(p, _, _)) = found.iter().find(|m| PARTS_COUNTED.is_match(&text[m.2..])) {
        return Some(g.places[p].name.clone());
    }
    let mut places: Vec<usize> = found.into_iter().map(|m| m.0).collect();
    places.dedup();
    let best = *places
        .iter()
        .find(|&&p| places.iter().all(|&q| q == p || inside(g, p, q)))?;
    Some(g.places[best].name.clone())
}

/// Counts of each place named in `text`, places named in passing (a member
/// of a list, a modifier: 北京、上海等, 台湾居民) not counted.
fn place_counts(g: &Gazetteer, text: &str) -> HashMap<usize, usize> {
    let mut counts = HashMap::new();
    for (p, a, b) in mentions(g, text) {
        if !g.in_passing(text, a, b) {
            *counts.entry(p).or_insert(0) += 1;
        }
    }
    counts
}

/// The place a text names most (the title counts thrice), or a district of
/// that place that the text names by its full name often.
pub fn most_named(g: &Gazetteer, text: &str, title: &str) -> Option<String> {
    let mut counts = place_counts(g, text);
    for (p, n) in place_counts(g, title) {
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

/// The province `name` lies in, `name` itself when it is one.
fn province_of(g: &Gazetteer, name: &str) -> Option<String> {
    let mut place = g.places.iter().find(|p| p.name == name)?;
    for _ in 0..4 {
        if place.level == "province" {
            return Some(place.name.clone());
        }
        place = g.places.iter().find(|p| p.name == place.parent)?;
    }
    None
}

/// The region a text that names no place of its own in its title or
/// opening is about, from the place it names most: the province that
/// place lies in when the text speaks of a whole province more often than
/// of a whole city, district or county, and more than once (全省…；在合肥，…；
/// 芜湖方面，…；全省…: a provincial paper's round-up of its cities).
pub fn inferred(g: &Gazetteer, text: &str, title: &str) -> Option<String> {
    let place = most_named(g, text, title)?;
    let province = text.matches("全省").count();
    let below: usize = ["全市", "全区", "全县"]
        .iter()
        .map(|w| text.matches(w).count())
        .sum();
    if province > 1 && province > below {
        return province_of(g, &place).or(Some(place));
    }
    Some(place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_place_of_a_chain() {
        let g = &crate::rules::Rules::embedded().gazetteer;
        let most_specific = |text: &str| most_specific(g, text);
        assert_eq!(most_specific("河南郑州金水区两会").unwrap(), "金水区");
        assert_eq!(most_specific("2025年四川省政府工作报告").unwrap(), "四川省");
        assert_eq!(most_specific("香港特别行政区"), Some("香港".into()));
        assert_eq!(most_specific("郑州洛阳比翼齐飞"), None);
        // A place whose parts the title counts is what it is about.
        assert_eq!(
            most_specific("一季度江苏13市GDP出炉：苏州领跑").unwrap(),
            "江苏省"
        );
        assert_eq!(most_specific("河南各地市经济：郑州第一").unwrap(), "河南省");
        assert_eq!(most_specific("赤字预算案"), None);
    }

    #[test]
    fn a_round_up_of_a_provinces_cities_is_the_provinces() {
        let g = &crate::rules::Rules::embedded().gazetteer;
        let text = "全省增长5.6%。在合肥，增长6.1%。合肥投资增长。全省消费增长4.8%。";
        assert_eq!(inferred(g, text, "").unwrap(), "安徽省");
        // A city's text that ranks it in its province once is the city's.
        let text = "全市增长6.1%，居全省第二。合肥投资增长，全市消费增长。";
        assert_eq!(inferred(g, text, "").unwrap(), "合肥市");
    }

    #[test]
    fn region_prefers_the_district_the_text_is_about() {
        let g = &crate::rules::Rules::embedded().gazetteer;
        let most_named = |text: &str, title: &str| most_named(g, text, title);
        let text = "郑州市郑州市郑州金水区金水区金水区金水区发展";
        assert_eq!(most_named(text, "").unwrap(), "金水区");
        assert_eq!(
            most_named("郑州发展,郑州市增长,洛阳", "").unwrap(),
            "郑州市"
        );
        // Places named in a list do not count: 香港、台湾、北京等航线.
        assert_eq!(
            most_named("海拉尔区发展,开通香港、台湾、北京等航线", "").unwrap(),
            "海拉尔区"
        );
    }
}
