//! The canonical-indicator lexicon (`indicators.toml`): each canonical
//! indicator has a code, a Chinese name, the written forms and anchored
//! patterns that map to it, the kinds it takes and its unit family.
//!
//! A name is normalised before it is compared (full-width folded, blanks and
//! quotes dropped, scope words and lead verbs dropped from the start, link
//! words dropped from the end), and the forms go through the same
//! normalisation when the lexicon is loaded, so they can be written naturally.
//! The kind and unit checks need the unit lexicon and live with the matcher,
//! `stages::extract::canonical`.

use std::collections::HashMap;

use std::sync::OnceLock;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use super::sort_longest_first;
use crate::text::Words;

const EMBEDDED: &str = include_str!("indicators.toml");

/// A name is never stripped below this many characters (经济增长 keeps 经济).
const MIN_CHARS: usize = 2;

/// Quote marks dropped from names before they are compared.
const QUOTES: [char; 14] = [
    '“', '”', '‘', '’', '"', '\'', '「', '」', '『', '』', '《', '》', '〈', '〉',
];

/// The kinds a record can have (schema::KINDS); a code's `kinds` must be among them.
const KINDS: &[&str] = &["level", "change", "ratio", "rank"];

/// One `[[indicators]]` table of the lexicon, or one entry of
/// `[extract] extra_indicators`. For a code the lexicon already has, only
/// `forms` and `patterns` are added, and `name`, `kinds` and `unit_family`
/// replace the lexicon's when given.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IndicatorEntry {
    pub code: String,
    pub name: Option<String>,
    #[serde(default)]
    pub forms: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    pub kinds: Option<Vec<String>>,
    pub unit_family: Option<Families>,
}

/// `unit_family = "money"` or `unit_family = ["count", "people"]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Families {
    One(String),
    Many(Vec<String>),
}

impl Families {
    /// The families, one or many.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Families::One(f) => vec![f.clone()],
            Families::Many(v) => v.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    scope_words: Vec<String>,
    lead_verbs: Vec<String>,
    strip_suffixes: Vec<String>,
    strip_suffix_patterns: Vec<String>,
    #[serde(default)]
    gap_patterns: Vec<String>,
    indicators: Vec<IndicatorEntry>,
}

/// One canonical indicator.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// snake_case ASCII (`gdp`, `retail_sales`).
    pub code: String,
    /// The canonical Chinese name (地区生产总值).
    pub name: String,
    pub forms: Vec<String>,
    pub patterns: Vec<Regex>,
    pub kinds: Vec<String>,
    /// Unit categories of the unit lexicon (money, people, …), `percent`,
    /// `index` or `any`: a level's unit must be of one of them.
    pub unit_families: Vec<String>,
}

/// How a name reached its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Form,
    Pattern,
}

/// The lexicon, loaded and checked.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Scope words and lead verbs, longest first.
    heads: Words,
    /// Link words, longest first.
    suffixes: Words,
    /// Link patterns, anchored at the end.
    suffix_patterns: Vec<Regex>,
    /// Comparisons with another place (高于全国), anchored at the end of the
    /// text before a change: the number after them is a gap, not a change.
    gap_patterns: Vec<Regex>,
    pub indicators: Vec<Indicator>,
    /// Normalised form → index into `indicators`.
    by_form: HashMap<String, usize>,
    /// Every indicator's patterns in one set, with the indicator each belongs
    /// to (in lexicon order): a name is matched once, not once per pattern.
    /// Made on the first lookup, dropped when an entry is added.
    pattern_set: OnceLock<Option<(RegexSet, Vec<usize>)>>,
    fingerprint: String,
}

impl Lexicon {
    /// The embedded lexicon (`src/rules/indicators.toml`).
    pub fn embedded() -> Lexicon {
        Lexicon::parse(EMBEDDED).expect("the embedded indicator lexicon is valid")
    }

    /// Parses and checks a lexicon in the format of `indicators.toml`.
    /// Errors name the key (`indicators[3].patterns[0]`).
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let de = toml::Deserializer::parse(text).map_err(|e| e.message().to_string())?;
        let raw: RawLexicon = serde_path_to_error::deserialize(de).map_err(|e| {
            match e.path().to_string().as_str() {
                "" | "." => e.inner().message().to_string(),
                path => format!("key `{path}`: {}", e.inner().message()),
            }
        })?;
        let mut heads: Vec<String> = raw.scope_words.iter().map(|w| fold(w)).collect();
        heads.extend(raw.lead_verbs.iter().map(|w| fold(w)));
        sort_longest_first(&mut heads);
        let mut suffixes: Vec<String> = raw.strip_suffixes.iter().map(|w| fold(w)).collect();
        sort_longest_first(&mut suffixes);
        let suffix_patterns = raw
            .strip_suffix_patterns
            .iter()
            .enumerate()
            .map(|(i, p)| {
                Regex::new(&format!("(?:{p})$"))
                    .map_err(|e| format!("key `strip_suffix_patterns[{i}]`: bad regex: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let gap_patterns = raw
            .gap_patterns
            .iter()
            .enumerate()
            .map(|(i, p)| {
                Regex::new(&format!("(?:{p})$"))
                    .map_err(|e| format!("key `gap_patterns[{i}]`: bad regex: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut lexicon = Lexicon {
            heads: Words::from(heads),
            suffixes: Words::from(suffixes),
            suffix_patterns,
            gap_patterns,
            indicators: Vec::new(),
            by_form: HashMap::new(),
            pattern_set: OnceLock::new(),
            fingerprint: crate::text::sha256_hex(text.as_bytes()),
        };
        for (i, entry) in raw.indicators.iter().enumerate() {
            if lexicon.position(&entry.code).is_some() {
                return Err(format!(
                    "key `indicators[{i}].code`: code `{}` is defined twice",
                    entry.code
                ));
            }
            lexicon.add(entry).map_err(|e| {
                let (key, msg) = split_key(&e);
                format!("key `indicators[{i}]{key}`: {msg}")
            })?;
        }
        lexicon
            .check()
            .map_err(|e| format!("key `indicators`: {e}"))?;
        Ok(lexicon)
    }

    /// Adds a code, or forms and patterns to a code, from configuration.
    /// The error is the sub-key it concerns (`.forms[2]`, or empty for the
    /// entry as a whole) and the message.
    pub fn extend(&mut self, entry: &IndicatorEntry) -> Result<(), (String, String)> {
        self.add(entry).map_err(|e| {
            let (key, msg) = split_key(&e);
            (key.to_string(), msg.to_string())
        })?;
        self.fingerprint =
            crate::text::sha256_hex(format!("{}|{entry:?}", self.fingerprint).as_bytes());
        self.check().map_err(|e| (String::new(), e))
    }

    /// The code's indicator, if the lexicon has it.
    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.position(code).map(|i| &self.indicators[i])
    }

    /// A hash of what the lexicon says, for the configuration hash.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The canonical indicator a name stands for, before the kind and unit
    /// checks: an exact form first, then the patterns in lexicon order.
    pub fn lookup(&self, name: &str) -> Option<(&Indicator, Via)> {
        let n = self.normalize(name);
        if let Some(&i) = self.by_form.get(&n) {
            return Some((&self.indicators[i], Via::Form));
        }
        // The first indicator with a matching pattern: the set's lowest match.
        let found = match self.pattern_set.get_or_init(|| self.all_patterns()) {
            Some((set, owner)) => set.matches(&n).into_iter().next().map(|k| owner[k]),
            None => self
                .indicators
                .iter()
                .position(|ind| ind.patterns.iter().any(|p| p.is_match(&n))),
        };
        found.map(|i| (&self.indicators[i], Via::Pattern))
    }

    /// Every indicator's patterns as one set, and the indicator of each
    /// (`None` when the set outgrows the regex size limit: then one by one).
    fn all_patterns(&self) -> Option<(RegexSet, Vec<usize>)> {
        let (patterns, owner): (Vec<&str>, Vec<usize>) = self
            .indicators
            .iter()
            .enumerate()
            .flat_map(|(i, ind)| ind.patterns.iter().map(move |p| (p.as_str(), i)))
            .unzip();
        RegexSet::new(patterns).ok().map(|set| (set, owner))
    }

    /// The comparison with another place that ends `before` (the text of
    /// the sentence before a change's number), if one does: 低于全国.
    pub fn gap_cue<'t>(&self, before: &'t str) -> Option<&'t str> {
        let before = before.trim_end();
        self.gap_patterns
            .iter()
            .find_map(|p| p.find(before).map(|m| m.as_str()))
    }

    /// A name as it is compared: folded, scope words and lead verbs dropped
    /// from the start, link words dropped from the end.
    pub fn normalize(&self, name: &str) -> String {
        let mut s: String = fold(name);
        while let Some(w) = self
            .heads
            .prefix_of(&s, |w| s.chars().count() - w.chars().count() >= MIN_CHARS)
        {
            s = s[w.len()..].to_string();
        }
        loop {
            let n = s.chars().count();
            if let Some(w) = self
                .suffixes
                .suffix_of(&s, |w| n - w.chars().count() >= MIN_CHARS)
            {
                s.truncate(s.len() - w.len());
                continue;
            }
            let cut = self.suffix_patterns.iter().find_map(|p| {
                p.find(&s)
                    .map(|m| m.start())
                    .filter(|&at| s[..at].chars().count() >= MIN_CHARS)
            });
            match cut {
                Some(at) => s.truncate(at),
                None => break,
            }
        }
        s
    }

    fn position(&self, code: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.code == code)
    }

    /// Adds one entry: a new code (name, kinds and unit family required) or
    /// more forms and patterns for a known one. An error starts with the
    /// sub-key it concerns: `.forms[2]: …`.
    fn add(&mut self, e: &IndicatorEntry) -> Result<(), String> {
        self.pattern_set = OnceLock::new();
        let at = match self.position(&e.code) {
            Some(at) => at,
            None => {
                if !is_snake_case(&e.code) {
                    return Err(format!(
                        ".code: `{}` is not snake_case ASCII (a-z, 0-9, _)",
                        e.code
                    ));
                }
                let missing = |k: &str| format!(".{k}: a new code `{}` needs a {k}", e.code);
                self.indicators.push(Indicator {
                    code: e.code.clone(),
                    name: e.name.clone().ok_or_else(|| missing("name"))?,
                    forms: Vec::new(),
                    patterns: Vec::new(),
                    kinds: e.kinds.clone().ok_or_else(|| missing("kinds"))?,
                    unit_families: e
                        .unit_family
                        .as_ref()
                        .map(Families::to_vec)
                        .ok_or_else(|| missing("unit_family"))?,
                });
                self.indicators.len() - 1
            }
        };
        {
            let ind = &mut self.indicators[at];
            if let Some(n) = &e.name {
                ind.name = n.clone();
            }
            if let Some(k) = &e.kinds {
                ind.kinds = k.clone();
            }
            if let Some(f) = &e.unit_family {
                ind.unit_families = f.to_vec();
            }
            if let Some(k) = ind.kinds.iter().find(|k| !KINDS.contains(&k.as_str())) {
                return Err(format!(".kinds: `{k}` is not one of {KINDS:?}"));
            }
        }
        for (j, p) in e.patterns.iter().enumerate() {
            if !(p.starts_with('^') && p.ends_with('$')) {
                return Err(format!(".patterns[{j}]: `{p}` is not anchored with ^…$"));
            }
            let re = Regex::new(p).map_err(|err| {
                format!(
                    ".patterns[{j}]: bad regex: {}",
                    err.to_string().lines().last().unwrap_or("")
                )
            })?;
            self.indicators[at].patterns.push(re);
        }
        for (j, form) in e.forms.iter().enumerate() {
            let n = self.normalize(form);
            match self.by_form.get(&n) {
                Some(&other) if other != at => {
                    return Err(format!(
                        ".forms[{j}]: `{form}` (compared as `{n}`) is already a form of `{}`",
                        self.indicators[other].code
                    ))
                }
                _ => {
                    self.by_form.insert(n, at);
                    self.indicators[at].forms.push(form.clone());
                }
            }
        }
        Ok(())
    }

    /// Whole-lexicon checks: no form is matched by another code's pattern,
    /// and every canonical name comes back to its own code.
    fn check(&self) -> Result<(), String> {
        for (n, &at) in &self.by_form {
            if let Some(other) = self.indicators.iter().find(|o| {
                o.code != self.indicators[at].code && o.patterns.iter().any(|p| p.is_match(n))
            }) {
                return Err(format!(
                    "the form `{n}` of `{}` also matches a pattern of `{}`",
                    self.indicators[at].code, other.code
                ));
            }
        }
        for ind in &self.indicators {
            let got = self.lookup(&ind.name).map(|(i, _)| i.code.as_str());
            if got != Some(ind.code.as_str()) {
                return Err(format!(
                    "the name `{}` of `{}` is compared as `{}` and gives {}",
                    ind.name,
                    ind.code,
                    self.normalize(&ind.name),
                    got.map_or("no code".to_string(), |c| format!("`{c}`"))
                ));
            }
        }
        Ok(())
    }
}

/// Full-width ASCII folded to half-width; blanks and quote marks dropped.
pub fn fold(s: &str) -> String {
    // Folding only shortens a character (a full-width form becomes ASCII).
    let mut folded = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        };
        if !c.is_whitespace() && !QUOTES.contains(&c) {
            folded.push(c);
        }
    }
    folded
}

/// `.forms[2]: message` → (`.forms[2]`, `message`).
fn split_key(e: &str) -> (&str, &str) {
    e.split_once(": ").unwrap_or(("", e))
}

fn is_snake_case(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_lexicon_loads_with_the_required_codes() {
        let lex = Lexicon::embedded();
        for code in [
            "gdp",
            "gdp_per_capita",
            "primary_industry_value_added",
            "secondary_industry_value_added",
            "tertiary_industry_value_added",
            "industrial_value_added",
            "fixed_asset_investment",
            "retail_sales",
            "general_budget_revenue",
            "general_budget_expenditure",
            "cpi",
            "unemployment_surveyed_urban",
            "unemployment_registered_urban",
            "new_urban_jobs",
            "disposable_income_per_capita",
            "disposable_income_per_capita_urban",
            "disposable_income_per_capita_rural",
            "foreign_trade",
            "exports",
            "imports",
            "actual_use_of_foreign_capital",
            "rd_intensity",
            "urbanization_rate",
            "grain_output",
            "energy_consumption_per_gdp",
            "population",
        ] {
            assert!(lex.get(code).is_some(), "{code} missing");
        }
        assert!(lex.indicators.len() >= 60);
    }

    #[test]
    fn names_are_normalised_before_they_are_compared() {
        let lex = Lexicon::embedded();
        assert_eq!(lex.normalize("全年实现地区生产总值"), "地区生产总值");
        assert_eq!(lex.normalize("ＧＤＰ同比增"), "GDP");
        assert_eq!(lex.normalize("地区生产总值由2010年"), "地区生产总值");
        assert_eq!(lex.normalize("森林覆盖率连续46年"), "森林覆盖率");
        assert_eq!(lex.normalize("经济增长"), "经济");
        let code = |n: &str| lex.lookup(n).map(|(i, _)| i.code.clone());
        assert_eq!(code("全省地区生产总值").as_deref(), Some("gdp"));
        assert_eq!(code("人均GDP").as_deref(), Some("gdp_per_capita"));
        assert_eq!(code("占GDP比重"), None);
    }

    #[test]
    fn a_comparison_with_another_place_before_a_change_is_a_gap() {
        let lex = Lexicon::embedded();
        assert_eq!(
            lex.gap_cue("城镇调查失业率4.5%、低于全国"),
            Some("低于全国")
        );
        assert_eq!(
            lex.gap_cue("增速高于全省平均水平 "),
            Some("高于全省平均水平")
        );
        assert_eq!(lex.gap_cue("城镇化率比上年提高"), None);
        assert_eq!(lex.gap_cue("地区生产总值增长超过"), None);
        let bad = "scope_words = []\nlead_verbs = []\nstrip_suffixes = []\nstrip_suffix_patterns = []\ngap_patterns = [\"(全国\"]\nindicators = []\n";
        let e = Lexicon::parse(bad).unwrap_err();
        assert!(e.starts_with("key `gap_patterns[0]`: bad regex"), "{e}");
    }

    #[test]
    fn a_form_in_two_codes_is_an_error_naming_the_key() {
        let mut lex = Lexicon::embedded();
        let e = lex
            .extend(&IndicatorEntry {
                code: "gdp_total".into(),
                name: Some("生产总值合计".into()),
                forms: vec!["生产总值合计".into(), "GDP".into()],
                patterns: vec![],
                kinds: Some(vec!["level".into()]),
                unit_family: Some(Families::One("money".into())),
            })
            .unwrap_err();
        assert_eq!(e.0, ".forms[1]");
        assert_eq!(e.1, "`GDP` (compared as `GDP`) is already a form of `gdp`");
    }
}
