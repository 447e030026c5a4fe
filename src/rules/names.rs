//! The naming rules (`names.toml`): which words around a number are never part
//! of what it measures, which phrases say when or against what it is measured,
//! and the clause shapes whose measured noun stands after the number.

use regex::Regex;

use crate::text::Words;
use serde::Deserialize;

pub const DEFAULT_NAMES: &str = include_str!("names.toml");

/// A fused pair that names two indicators (城乡 → 城镇, 农村).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairSplit {
    pub fused: String,
    pub parts: Vec<String>,
}

/// A name written another way (GDP → 地区生产总值).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    pub from: String,
    pub to: String,
    /// Only a whole name is written so (生产总值 alone: 国内生产总值 and
    /// 本地生产总值 hold it too).
    #[serde(default)]
    pub whole: bool,
}

/// An alias used only for documents about some regions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionalAlias {
    pub regions: Vec<String>,
    pub from: String,
    pub to: String,
}

/// The `[names]` table as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNames {
    lead_words: Vec<String>,
    lead_keep: Vec<String>,
    reporting_verbs: Vec<String>,
    #[serde(default)]
    report_frame_verbs: Vec<String>,
    #[serde(default)]
    report_frame_openers: Vec<String>,
    time_patterns: Vec<String>,
    comparison_patterns: Vec<String>,
    note_patterns: Vec<String>,
    setting_frames: Vec<String>,
    #[serde(default)]
    breakdown_frames: Vec<String>,
    #[serde(default)]
    superlative_frames: Vec<String>,
    #[serde(default)]
    group_words: Vec<String>,
    #[serde(default)]
    list_verbs: Vec<String>,
    #[serde(default)]
    setting_words: Vec<String>,
    #[serde(default)]
    goal_nouns: Vec<String>,
    #[serde(default)]
    qualifier_nouns: Vec<String>,
    #[serde(default)]
    milestone_words: Vec<String>,
    #[serde(default)]
    kept_word_endings: Vec<String>,
    #[serde(default)]
    speaker_labels: Vec<String>,
    #[serde(default)]
    effect_verbs: Vec<String>,
    time_guard_words: Vec<String>,
    predicate_starts: Vec<String>,
    intransitive_predicates: Vec<String>,
    predicate_adverbs: Vec<String>,
    amount_classifiers: Vec<String>,
    predicate_min_chars: usize,
    locative_max_chars: usize,
    dummy_verbs: Vec<String>,
    compound_predicates: Vec<String>,
    compound_predicate_max_chars: usize,
    compound_max_chars: usize,
    measure_nouns: Vec<String>,
    comparative_changes: Vec<String>,
    task_words: Vec<String>,
    investment_verbs: Vec<String>,
    object_verbs: Vec<String>,
    project_heads: Vec<String>,
    completion_verbs: Vec<String>,
    completion_adverbs: Vec<String>,
    total_words: Vec<String>,
    frame_openers: Vec<String>,
    subject_end_words: Vec<String>,
    purpose_words: Vec<String>,
    purpose_not: Vec<String>,
    identity_words: Vec<String>,
    purpose_verbs: Vec<String>,
    beneficiary_markers: Vec<String>,
    beneficiary_verbs: Vec<String>,
    total_nouns: Vec<String>,
    new_words: Vec<String>,
    fronted_verbs: Vec<String>,
    predicate_categories: Vec<String>,
    pair_splits: Vec<PairSplit>,
    part_words: Vec<String>,
    shared_measures: Vec<String>,
    measure_classes: Vec<String>,
    de_noun_categories: Vec<String>,
    aliases: Vec<Alias>,
    regional_aliases: Vec<RegionalAlias>,
    share_words: Vec<String>,
    running_words: Vec<String>,
    trailing_adverbs: Vec<String>,
    #[serde(default)]
    trailing_adverb_nouns: Vec<String>,
    relief_verbs: Vec<String>,
    limit_heads: Vec<String>,
    time_clause_ends: Vec<String>,
    frame_topic_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesFile {
    names: RawNames,
}

/// The naming rules, word lists sorted longest first and patterns compiled.
#[derive(Debug, Clone)]
pub struct NameRules {
    pub lead_words: Words,
    pub lead_keep: Words,
    pub reporting_verbs: Words,
    /// Verbs that end a paragraph's opening clause which only says who
    /// reports (报告提出，…): the time is read from the clause after it.
    pub report_frame_verbs: Words,
    /// Words that open a clause which only says where the figures come from
    /// (据县统计局数据, 根据监测).
    pub report_frame_openers: Words,
    pub time_patterns: Vec<Regex>,
    pub comparison_patterns: Vec<Regex>,
    pub note_patterns: Vec<Regex>,
    /// Settings opening a name (在…评估中): dropped but for their `keep` group.
    pub setting_frames: Vec<Regex>,
    /// Clauses that only say how the figures after them are broken down (分季度看).
    pub breakdown_frames: Vec<Regex>,
    /// Clauses that say which member ranks first (以郑州市地区生产总值最高):
    /// their group `subject` is what the figure after them measures.
    pub superlative_frames: Vec<Regex>,
    /// Parts of the population a measure breaks down into (城市, 农村).
    pub group_words: Vec<String>,
    /// Verbs that, listed before one object, each do to it (新建和改造农村公路).
    pub list_verbs: Vec<String>,
    /// Words that say on what basis a figure is given (经季节性调整后): alone
    /// before the number they name nothing.
    pub setting_words: Vec<String>,
    /// What a share of a goal done is of (完成年度目标的98.1%: 目标, 预算).
    pub goal_nouns: Vec<String>,
    /// Nouns that end with a qualifier word (出超 ends with 超): they name a
    /// figure and set no qualifier.
    pub qualifier_nouns: Vec<String>,
    /// Words whose last character is a trailing verb or qualifier (签约 ends
    /// with 约, 新居 with 居): a name ending with one keeps it.
    pub kept_word_endings: Vec<String>,
    /// Words after an amount that only say it is a milestone (大关, 台阶).
    pub milestone_words: Vec<String>,
    /// Who speaks in a transcript (发言人:, 记者:): a label, no subject.
    pub speaker_labels: Vec<String>,
    /// Verbs of an effect on a wider measure (影响CPI上涨, 拉动经济增长).
    pub effect_verbs: Words,
    /// Every time, comparison and note pattern in one set: one search tells that
    /// a phrase holds none of them (most do not), instead of one per pattern.
    pub time_or_comparison: regex::RegexSet,
    pub time_guard_words: Vec<String>,
    pub predicate_starts: Words,
    pub intransitive_predicates: Vec<String>,
    pub predicate_adverbs: Vec<String>,
    pub amount_classifiers: Vec<String>,
    pub predicate_min_chars: usize,
    pub locative_max_chars: usize,
    pub dummy_verbs: Vec<String>,
    pub compound_predicates: Vec<String>,
    pub compound_predicate_max_chars: usize,
    pub compound_max_chars: usize,
    pub measure_nouns: Vec<String>,
    /// How much more or less a figure grew than in the base period (同比多增).
    pub comparative_changes: Vec<String>,
    pub task_words: Vec<String>,
    pub investment_verbs: Vec<String>,
    pub object_verbs: Vec<String>,
    pub project_heads: Vec<String>,
    pub completion_verbs: Vec<String>,
    pub completion_adverbs: Vec<String>,
    pub total_words: Vec<String>,
    pub frame_openers: Vec<String>,
    pub subject_end_words: Vec<String>,
    pub purpose_words: Vec<String>,
    pub purpose_not: Vec<String>,
    pub identity_words: Vec<String>,
    pub purpose_verbs: Vec<String>,
    pub beneficiary_markers: Vec<String>,
    pub beneficiary_verbs: Vec<String>,
    pub total_nouns: Vec<String>,
    pub new_words: Vec<String>,
    pub fronted_verbs: Vec<String>,
    pub predicate_categories: Vec<String>,
    pub pair_splits: Vec<PairSplit>,
    pub part_words: Vec<String>,
    pub shared_measures: Vec<String>,
    pub measure_classes: Vec<String>,
    pub de_noun_categories: Vec<String>,
    pub aliases: Vec<Alias>,
    pub regional_aliases: Vec<RegionalAlias>,
    pub share_words: Vec<String>,
    pub running_words: Vec<String>,
    /// Adverbs cut from the end of a name (…的上限亦 → …的上限).
    pub trailing_adverbs: Vec<String>,
    /// Nouns that end with a trailing adverb's character and keep it (细则).
    pub trailing_adverb_nouns: Vec<String>,
    /// Verbs whose object goes before them in front of a limit word
    /// (豁免差饷的上限 → 差饷豁免上限), and those limit words.
    pub relief_verbs: Vec<String>,
    pub limit_heads: Vec<String>,
    /// Words that end a time clause (出炉后, 出台时).
    pub time_clause_ends: Vec<String>,
    /// What a frame says is under pressure (经济下行压力): the topic after it.
    pub frame_topic_words: Vec<String>,
}

impl NameRules {
    /// Whether `words` end with a qualifier noun written as a word of its
    /// own (…;出超, not 支出超): no Han character before it.
    pub fn ends_with_qualifier_noun(&self, words: &[char]) -> bool {
        self.qualifier_nouns.iter().any(|n| {
            let len = n.chars().count();
            let Some(at) = words.len().checked_sub(len) else {
                return false;
            };
            words[at..].iter().copied().eq(n.chars())
                && !words[..at].last().is_some_and(|c| crate::text::is_han(*c))
        })
    }

    /// Whether `words` end with a word whose last character is no trailing
    /// verb of its own (项目集中签约, 群众住进新居).
    pub fn ends_with_kept_word(&self, words: &[char]) -> bool {
        self.kept_word_endings.iter().any(|w| {
            let len = w.chars().count();
            words.len() >= len && words[words.len() - len..].iter().copied().eq(w.chars())
        })
    }

    /// `name` as the document writes it in the common words: a whole name
    /// first (生产总值 alone), then the words inside it (GDP → 地区生产总值).
    pub fn aliased(&self, name: &str) -> String {
        let mut s = match self.aliases.iter().find(|a| a.whole && name == a.from) {
            Some(a) => a.to.clone(),
            None => name.to_string(),
        };
        for a in self.aliases.iter().filter(|a| !a.whole) {
            if s.contains(&a.from) && !s.contains(&a.to) {
                s = s.replace(&a.from, &a.to);
            }
        }
        s
    }

    /// The embedded `names.toml`.
    pub fn embedded() -> NameRules {
        let file: NamesFile = toml::from_str(DEFAULT_NAMES).expect("embedded names.toml parses");
        NameRules::compile(file.names).expect("embedded names.toml compiles")
    }

    /// Sorts the word lists and compiles the patterns; an error names the key.
    pub fn compile(raw: RawNames) -> Result<NameRules, String> {
        let regexes = |pats: &[String], what: &str| -> Result<Vec<Regex>, String> {
            pats.iter()
                .enumerate()
                .map(|(i, p)| {
                    Regex::new(p).map_err(|e| format!("key `names.{what}[{i}]`: bad regex: {e}"))
                })
                .collect()
        };
        let sorted = |mut v: Vec<String>| {
            super::sort_longest_first(&mut v);
            v
        };
        // Each pattern compiled alone first, so a bad one is reported by its key.
        let time_patterns = regexes(&raw.time_patterns, "time_patterns")?;
        let comparison_patterns = regexes(&raw.comparison_patterns, "comparison_patterns")?;
        let note_patterns = regexes(&raw.note_patterns, "note_patterns")?;
        let setting_frames = regexes(&raw.setting_frames, "setting_frames")?;
        let breakdown_frames = regexes(&raw.breakdown_frames, "breakdown_frames")?;
        let superlative_frames = regexes(&raw.superlative_frames, "superlative_frames")?;
        let all = raw
            .time_patterns
            .iter()
            .chain(&raw.comparison_patterns)
            .chain(&raw.note_patterns);
        let time_or_comparison = regex::RegexSet::new(all).map_err(|e| {
            format!("keys `names.time_patterns`, `names.comparison_patterns`, `names.note_patterns`: {e}")
        })?;
        Ok(NameRules {
            time_or_comparison,
            time_patterns,
            comparison_patterns,
            note_patterns,
            setting_frames,
            breakdown_frames,
            superlative_frames,
            group_words: raw.group_words,
            list_verbs: sorted(raw.list_verbs),
            setting_words: raw.setting_words,
            goal_nouns: raw.goal_nouns,
            qualifier_nouns: raw.qualifier_nouns,
            kept_word_endings: raw.kept_word_endings,
            milestone_words: raw.milestone_words,
            speaker_labels: raw.speaker_labels,
            effect_verbs: Words::from(raw.effect_verbs),
            time_guard_words: raw.time_guard_words,
            lead_words: Words::from(raw.lead_words).sorted_longest_first(),
            lead_keep: Words::from(raw.lead_keep).sorted_longest_first(),
            reporting_verbs: Words::from(sorted(raw.reporting_verbs)),
            report_frame_verbs: Words::from(sorted(raw.report_frame_verbs)),
            report_frame_openers: Words::from(raw.report_frame_openers).sorted_longest_first(),
            predicate_starts: Words::from(raw.predicate_starts).sorted_longest_first(),
            intransitive_predicates: sorted(raw.intransitive_predicates),
            predicate_adverbs: sorted(raw.predicate_adverbs),
            amount_classifiers: sorted(raw.amount_classifiers),
            predicate_min_chars: raw.predicate_min_chars,
            locative_max_chars: raw.locative_max_chars,
            dummy_verbs: sorted(raw.dummy_verbs),
            compound_predicates: sorted(raw.compound_predicates),
            compound_max_chars: raw.compound_max_chars,
            compound_predicate_max_chars: raw.compound_predicate_max_chars,
            frame_openers: sorted(raw.frame_openers),
            purpose_verbs: sorted(raw.purpose_verbs),
            de_noun_categories: raw.de_noun_categories,
            predicate_categories: raw.predicate_categories,
            measure_nouns: sorted(raw.measure_nouns),
            comparative_changes: sorted(raw.comparative_changes),
            task_words: sorted(raw.task_words),
            investment_verbs: sorted(raw.investment_verbs),
            object_verbs: sorted(raw.object_verbs),
            project_heads: sorted(raw.project_heads),
            completion_verbs: sorted(raw.completion_verbs),
            completion_adverbs: sorted(raw.completion_adverbs),
            total_words: sorted(raw.total_words),
            subject_end_words: sorted(raw.subject_end_words),
            purpose_words: sorted(raw.purpose_words),
            purpose_not: sorted(raw.purpose_not),
            identity_words: sorted(raw.identity_words),
            beneficiary_markers: sorted(raw.beneficiary_markers),
            beneficiary_verbs: sorted(raw.beneficiary_verbs),
            total_nouns: sorted(raw.total_nouns),
            new_words: sorted(raw.new_words),
            fronted_verbs: sorted(raw.fronted_verbs),
            pair_splits: raw.pair_splits,
            part_words: raw.part_words,
            shared_measures: sorted(raw.shared_measures),
            measure_classes: sorted(raw.measure_classes),
            aliases: raw.aliases,
            regional_aliases: raw.regional_aliases,
            share_words: sorted(raw.share_words),
            running_words: sorted(raw.running_words),
            trailing_adverbs: sorted(raw.trailing_adverbs),
            trailing_adverb_nouns: raw.trailing_adverb_nouns,
            relief_verbs: sorted(raw.relief_verbs),
            limit_heads: sorted(raw.limit_heads),
            time_clause_ends: sorted(raw.time_clause_ends),
            frame_topic_words: sorted(raw.frame_topic_words),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qualifier_noun_is_a_word_of_its_own() {
        let n = NameRules::embedded();
        let ends = |s: &str| n.ends_with_qualifier_noun(&s.chars().collect::<Vec<_>>());
        assert!(ends("出超"));
        assert!(ends("年增31.1%;出超"));
        assert!(!ends("财政支出超"));
        assert!(!ends("旅游收入超"));
    }

    #[test]
    fn embedded_names_load() {
        let n = NameRules::embedded();
        assert!(n.lead_words.iter().any(|w| w == "但仍"));
        assert!(n.time_patterns.iter().any(|r| r.is_match("18/19年")));
        assert!(n
            .comparison_patterns
            .iter()
            .any(|r| r.is_match("是2010年的")));
    }
}
