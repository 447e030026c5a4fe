//! The rule data every stage reads: unit lexicon, cue words, furniture
//! patterns, the Traditional→Simplified table and the region gazetteer.
//! Defaults are TOML and TSV files embedded in the binary (`src/rules/`).

pub mod gazetteer;
pub mod names;
pub mod quality;

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;

const DEFAULT_RULES: &str = include_str!("default.toml");
const T2S_TABLE: &str = include_str!("t2s.tsv");
const REGIONS_TABLE: &str = include_str!("regions.tsv");

/// A unit added from configuration: `{ text = "万桶", base = "桶", multiplier = 1e4 }`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    pub text: String,
    pub base: String,
    #[serde(default = "one")]
    pub multiplier: f64,
    #[serde(default = "other_category")]
    pub category: String,
}

fn one() -> f64 {
    1.0
}

fn other_category() -> String {
    "other".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaseGroup {
    category: String,
    words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecialUnits {
    percent: Vec<String>,
    permille: Vec<String>,
    points: Vec<String>,
    times: Vec<String>,
    tenths: Vec<String>,
}

/// Words that set one qualifier.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualifierCue {
    pub words: Vec<String>,
    pub qualifier: String,
}

/// A word that is a rank by itself (首位 = 1).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankWord {
    pub text: String,
    pub value: u32,
}

/// Cue words for qualifiers, kinds, status and indicator names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    pub qualifier_before: Vec<QualifierCue>,
    pub qualifier_after: Vec<QualifierCue>,
    pub qualifier_inside: Vec<QualifierCue>,
    pub change_up: Vec<String>,
    pub change_down: Vec<String>,
    pub change_links: Vec<String>,
    pub share_verbs: Vec<String>,
    pub ratio_words: Vec<String>,
    pub change_words: Vec<String>,
    pub target_cues: Vec<String>,
    pub weak_target_cues: Vec<String>,
    pub weak_target_after: Vec<String>,
    pub actual_cues: Vec<String>,
    pub target_headings: Vec<String>,
    pub actual_headings: Vec<String>,
    pub rank_prefixes: Vec<String>,
    pub rank_words: Vec<RankWord>,
    pub rank_context: Vec<String>,
    pub indicator_strip_prefix: Vec<String>,
    pub indicator_strip_suffix: Vec<String>,
    pub counting_verbs: Vec<String>,
    pub indicator_drop_words: Vec<String>,
    pub indicator_keep_prefix: Vec<String>,
    pub per_capita: Vec<String>,
    pub indicator_fronted_nouns: Vec<String>,
}

/// Words that make a number a date, a label or a list marker.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkipRules {
    pub date_suffixes: Vec<String>,
    pub period_suffixes: Vec<String>,
    pub label_suffixes: Vec<String>,
    pub list_markers: Vec<String>,
    pub max_label_quote_chars: usize,
    pub label_quote_categories: Vec<String>,
    pub session_units: Vec<String>,
    pub session_words: Vec<String>,
    pub session_window: usize,
    pub name_words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionRules {
    generic_names: Vec<String>,
    entity_lead_words: Vec<String>,
    entity_max_prefix: usize,
    entity_suffixes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FurnitureRules {
    lines: Vec<String>,
    spans: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    multipliers: HashMap<String, f64>,
    bases: Vec<BaseGroup>,
    special_units: SpecialUnits,
    cues: Cues,
    skip: SkipRules,
    regions: RegionRules,
    furniture: FurnitureRules,
    /// Naming rules; the embedded `names.toml` when absent.
    #[serde(default)]
    names: Option<names::RawNames>,
}

/// What a special unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialKind {
    Percent,
    Permille,
    Points,
    Times,
    Tenths,
}

/// A base unit from the lexicon.
#[derive(Debug, Clone)]
pub struct Base {
    pub text: String,
    pub category: String,
}

/// One place of the gazetteer.
#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub level: String,
    pub parent: String,
}

/// Every rule, loaded and compiled.
#[derive(Debug)]
pub struct Rules {
    /// Multiplier prefixes, longest first.
    pub multipliers: Vec<(String, f64)>,
    /// Base units, longest first.
    pub bases: Vec<Base>,
    /// Special units, longest first.
    pub specials: Vec<(String, SpecialKind)>,
    pub cues: Cues,
    /// Every `qualifier_before` word, in the order of the cue groups.
    pub qualifier_before_words: Vec<String>,
    pub skip: SkipRules,
    pub entity_suffixes: Vec<String>,
    pub entity_lead_words: Vec<String>,
    pub entity_max_prefix: usize,
    pub furniture_lines: Vec<Regex>,
    pub furniture_spans: Vec<Regex>,
    /// Whole-unit entries from configuration (`万桶` → 桶 × 1e4).
    pub extra_units: Vec<UnitEntry>,
    pub t2s: HashMap<char, char>,
    pub places: Vec<Place>,
    /// How indicator names are cut out of their clauses (`names.toml`).
    pub names: names::NameRules,
    source_fingerprint: String,
}

impl Rules {
    /// The embedded defaults.
    pub fn embedded() -> Rules {
        Rules::parse(DEFAULT_RULES).expect("embedded rules are valid")
    }

    /// Parses a rules file in the format of `src/rules/default.toml`.
    pub fn parse(text: &str) -> Result<Rules, String> {
        let de = toml::Deserializer::parse(text).map_err(|e| e.message().to_string())?;
        let raw: RawRules = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("key `{}`: {}", e.path(), e.inner().message()))?;
        let mut multipliers: Vec<(String, f64)> = raw.multipliers.into_iter().collect();
        multipliers.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        let mut bases: Vec<Base> = raw
            .bases
            .iter()
            .flat_map(|g| {
                g.words.iter().map(|w| Base {
                    text: w.clone(),
                    category: g.category.clone(),
                })
            })
            .collect();
        bases.sort_by(|a, b| {
            b.text
                .chars()
                .count()
                .cmp(&a.text.chars().count())
                .then(a.text.cmp(&b.text))
        });
        let s = &raw.special_units;
        let mut specials: Vec<(String, SpecialKind)> = Vec::new();
        for (list, kind) in [
            (&s.percent, SpecialKind::Percent),
            (&s.permille, SpecialKind::Permille),
            (&s.points, SpecialKind::Points),
            (&s.times, SpecialKind::Times),
            (&s.tenths, SpecialKind::Tenths),
        ] {
            specials.extend(list.iter().map(|w| (w.clone(), kind)));
        }
        specials.sort_by_key(|s| std::cmp::Reverse(s.0.chars().count()));
        let compile = |pats: &[String], what: &str| -> Result<Vec<Regex>, String> {
            pats.iter()
                .enumerate()
                .map(|(i, p)| {
                    Regex::new(p)
                        .map_err(|e| format!("key `furniture.{what}[{i}]`: bad regex: {e}"))
                })
                .collect()
        };
        let furniture_lines = compile(&raw.furniture.lines, "lines")?;
        let furniture_spans = compile(&raw.furniture.spans, "spans")?;
        let mut cues = raw.cues;
        for list in [
            &mut cues.change_up,
            &mut cues.change_down,
            &mut cues.change_links,
            &mut cues.ratio_words,
            &mut cues.change_words,
            &mut cues.target_cues,
            &mut cues.actual_cues,
            &mut cues.indicator_strip_prefix,
            &mut cues.indicator_strip_suffix,
            &mut cues.counting_verbs,
            &mut cues.rank_context,
        ] {
            sort_longest_first(list);
        }
        for q in cues
            .qualifier_before
            .iter_mut()
            .chain(cues.qualifier_after.iter_mut())
            .chain(cues.qualifier_inside.iter_mut())
        {
            sort_longest_first(&mut q.words);
        }
        let qualifier_before_words = cues
            .qualifier_before
            .iter()
            .flat_map(|c| c.words.iter().cloned())
            .collect();
        let (names, names_text) = match raw.names {
            Some(n) => (names::NameRules::compile(n)?, ""),
            None => (names::NameRules::embedded(), names::DEFAULT_NAMES),
        };
        Ok(Rules {
            names,
            qualifier_before_words,
            multipliers,
            bases,
            specials,
            cues,
            skip: raw.skip,
            entity_suffixes: raw.regions.entity_suffixes.clone(),
            entity_lead_words: {
                let mut w = raw.regions.entity_lead_words.clone();
                sort_longest_first(&mut w);
                w
            },
            entity_max_prefix: raw.regions.entity_max_prefix,
            furniture_lines,
            furniture_spans,
            extra_units: Vec::new(),
            t2s: load_t2s(),
            places: load_places()
                .into_iter()
                .filter(|p| !raw.regions.generic_names.contains(&p.name))
                .collect(),
            source_fingerprint: crate::text::sha256_hex(format!("{text}{names_text}").as_bytes()),
        })
    }

    /// Adds a unit from configuration.
    pub fn add_unit(&mut self, unit: UnitEntry) {
        self.extra_units.push(unit);
        self.extra_units
            .sort_by_key(|u| std::cmp::Reverse(u.text.chars().count()));
    }

    /// Adds a furniture line pattern.
    pub fn add_furniture(&mut self, pattern: &str) -> Result<(), regex::Error> {
        self.furniture_lines.push(Regex::new(pattern)?);
        Ok(())
    }

    /// A hash of what the rules say, for the run manifest.
    pub fn fingerprint(&self) -> String {
        format!("{}|{:?}", self.source_fingerprint, self.extra_units)
    }

    /// True when `unit` (as written) is built from the lexicon.
    pub fn knows_unit(&self, unit: &str) -> bool {
        if self.extra_units.iter().any(|u| u.text == unit)
            || self.specials.iter().any(|(s, _)| s == unit)
        {
            return true;
        }
        let rest = self
            .multipliers
            .iter()
            .find_map(|(m, _)| unit.strip_prefix(m.as_str()))
            .unwrap_or(unit);
        rest.is_empty()
            || self.bases.iter().any(|b| b.text == rest)
            || self.bases.iter().any(|b| b.text == unit)
    }
}

fn sort_longest_first(list: &mut [String]) {
    list.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
}

fn load_t2s() -> HashMap<char, char> {
    T2S_TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut it = l.split('\t');
            let a = it.next()?.chars().next()?;
            let b = it.next()?.chars().next()?;
            Some((a, b))
        })
        .collect()
}

fn load_places() -> Vec<Place> {
    REGIONS_TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut it = l.split('\t');
            Some(Place {
                name: it.next()?.to_string(),
                level: it.next()?.to_string(),
                parent: it.next().unwrap_or("").to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_load() {
        let r = Rules::embedded();
        assert!(r.bases.iter().any(|b| b.text == "人次"));
        assert_eq!(r.t2s.get(&'鄭'), Some(&'郑'));
        assert!(r
            .places
            .iter()
            .any(|p| p.name == "金水区" && p.parent == "郑州市"));
        assert!(r.knows_unit("万人次"));
        assert!(r.knows_unit("亿元"));
        assert!(r.knows_unit("%"));
        assert!(!r.knows_unit("千伏"));
    }
}
