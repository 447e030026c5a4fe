//! The rule data every stage reads: unit lexicon, cue words, furniture
//! patterns, the Traditional→Simplified table, the region gazetteer, the
//! canonical-indicator lexicon ([`lexicon`]) and the panel's choice rule
//! ([`panel`]). Defaults are TOML and TSV files embedded in the binary
//! (`src/rules/`).

pub mod gazetteer;
pub mod lexicon;
pub mod names;
pub mod panel;
pub mod quality;

use std::collections::{BTreeMap, HashMap};

use regex::Regex;

use crate::text::Words;
use serde::Deserialize;

use lexicon::Lexicon;

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

/// What a unit can be counted per (740元/月, 30万吨/日, 600立方米/秒).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rates {
    per: Vec<String>,
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
    pub change_up: Words,
    pub change_down: Words,
    pub change_links: Words,
    pub share_verbs: Vec<String>,
    pub ratio_words: Vec<String>,
    pub change_words: Vec<String>,
    /// Words for a goal that may follow a change word at a name's end
    /// (增长预期目标, 增速目标): the goal for a rate of change is one too.
    #[serde(default)]
    pub goal_words: Vec<String>,
    /// Words that make a figure restate the one before it: a stretch goal
    /// (增长7%以上、力争8%), a currency conversion (约合1243亿元人民币), and
    /// what may stand between them and the number.
    #[serde(default)]
    pub stretch_words: Vec<String>,
    #[serde(default)]
    pub conversion_words: Vec<String>,
    #[serde(default)]
    pub restating_links: Vec<String>,
    pub target_cues: Words,
    pub weak_target_cues: Vec<String>,
    pub weak_target_after: Vec<String>,
    pub actual_cues: Words,
    pub present_cues: Words,
    pub target_headings: Vec<String>,
    pub actual_headings: Vec<String>,
    pub glossary_headings: Vec<String>,
    pub rank_prefixes: Vec<String>,
    pub rank_words: Vec<RankWord>,
    pub rank_context: Vec<String>,
    pub rank_moves: Vec<String>,
    pub bare_amount_verbs: Vec<String>,
    pub indicator_strip_prefix: Words,
    pub indicator_strip_suffix: Words,
    pub counting_verbs: Words,
    pub indicator_drop_words: Words,
    pub indicator_keep_prefix: Vec<String>,
    /// Words that hold a list joiner (普及率, 参与, 和谐): no list splits there.
    #[serde(default)]
    pub joiner_words: Vec<String>,
    pub per_capita: Vec<String>,
    pub indicator_fronted_nouns: Vec<String>,
}

/// Words that make a number a date, a label or a list marker.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkipRules {
    pub date_suffixes: Vec<String>,
    pub period_suffixes: Vec<String>,
    /// Units of how long a streak lasted, after 连续 (连续9个月): a period.
    #[serde(default)]
    pub streak_units: Vec<String>,
    pub label_suffixes: Vec<String>,
    /// A unit and the words after it that make its number part of a name (3人制篮球).
    pub label_units: Vec<String>,
    /// Words that number what follows them (附件2, 附表1): the number is a label.
    #[serde(default)]
    pub label_prefixes: Vec<String>,
    pub list_markers: Vec<String>,
    pub max_label_quote_chars: usize,
    pub label_quote_categories: Vec<String>,
    pub session_units: Vec<String>,
    pub session_words: Vec<String>,
    pub session_window: usize,
    pub zone_units: Vec<String>,
    pub zone_words: Vec<String>,
    pub name_words: Words,
    pub age_units: Vec<String>,
    pub age_band_words: Vec<String>,
    pub unit_in_words: Vec<String>,
    pub class_amounts: Vec<String>,
    pub class_amount_exceptions: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionRules {
    generic_names: Vec<String>,
    entity_lead_words: Vec<String>,
    /// Words that open a class of places, not a named one (每个, 各, 一批).
    #[serde(default)]
    entity_class_words: Vec<String>,
    entity_max_prefix: usize,
    entity_suffixes: Vec<String>,
    /// Common nouns that end with an entity suffix (城镇, 乡镇): no entity.
    #[serde(default)]
    entity_common_words: Vec<String>,
    /// The shortest and longest name before a suffix that names short places
    /// (a town's name before 镇).
    #[serde(default)]
    entity_prefix_lens: HashMap<String, (usize, usize)>,
    /// The region of a document about the whole country.
    #[serde(default = "national")]
    national: String,
    /// Gazetteer names written otherwise in the dataset (香港特别行政区 → 香港).
    #[serde(default)]
    display_names: HashMap<String, String>,
    /// Words a place's own texts call it by, and the gazetteer name of the
    /// place (本港 → 香港特别行政区).
    #[serde(default)]
    own_names: HashMap<String, String>,
    /// Words after a place that name it in passing, not as what a clause is about.
    #[serde(default)]
    in_passing_after: Vec<String>,
    /// Words around a place that make a clause of its own its topic (在深圳，
    /// 深圳方面，从深圳看，).
    #[serde(default)]
    topic_openers: Vec<String>,
    #[serde(default)]
    topic_closers: Vec<String>,
    /// Regions whose fiscal year does not start in January: the month it starts.
    #[serde(default)]
    fiscal_year_start: HashMap<String, u32>,
    /// Bodies that issue figures without naming their place (主计总处 → 台湾省).
    #[serde(default)]
    issuing_bodies: std::collections::BTreeMap<String, String>,
}

fn national() -> String {
    "全国".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FurnitureRules {
    lines: Vec<String>,
    spans: Vec<String>,
    /// HTML comments that mark a page break (`<!-- Page 12 -->`), over the comment's text.
    #[serde(default)]
    page_markers: Vec<String>,
    /// Whole lines that are a page's number (— 3 —, 第3页): a page break.
    #[serde(default)]
    page_number_lines: Vec<String>,
    /// Whole lines that head a list of links to other stories (相关新闻:):
    /// the headlines under them go too.
    #[serde(default)]
    reading_list_headings: Vec<String>,
}

/// Cues for one document type, regexes over the title and over the opening lines.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocType {
    name: String,
    #[serde(default)]
    title: Vec<String>,
    #[serde(default)]
    opening: Vec<String>,
}

/// `[documents]`: where a document's metadata is read from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawDocumentRules {
    date_keys: Vec<String>,
    title_keys: Vec<String>,
    #[serde(default)]
    source_keys: Vec<String>,
    #[serde(default)]
    source_line_patterns: Vec<String>,
    title_site_separators: Vec<String>,
    utc_offset_hours: i32,
    opening_patterns: Vec<String>,
    dateline_patterns: Vec<String>,
    national_patterns: Vec<String>,
    issuer_patterns: Vec<String>,
    #[serde(default)]
    title_region_patterns: Vec<String>,
    subject_year_patterns: Vec<String>,
    budget_words: Vec<String>,
    budget_of_year_words: Vec<String>,
    #[serde(default)]
    titled_documents: Vec<String>,
    now_words: Vec<String>,
    #[serde(default)]
    calendar_year_words: Vec<String>,
    roc_calendar_words: Vec<String>,
    types: Vec<RawDocType>,
}

/// What kind of document a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocType {
    /// A government work report (政府工作报告).
    WorkReport,
    /// A statistical communiqué (统计公报).
    Communique,
    /// A news article.
    News,
    Other,
}

impl DocType {
    pub const ALL: [DocType; 4] = [
        DocType::WorkReport,
        DocType::Communique,
        DocType::News,
        DocType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocType::WorkReport => "work_report",
            DocType::Communique => "communique",
            DocType::News => "news",
            DocType::Other => "other",
        }
    }
}

/// The cues of one document type, compiled.
#[derive(Debug, Clone)]
pub struct DocTypeCues {
    pub doc_type: DocType,
    pub title: Vec<Regex>,
    pub opening: Vec<Regex>,
}

/// `[documents]`, compiled: keys and patterns the metadata stage reads.
#[derive(Debug, Clone, Default)]
pub struct DocumentRules {
    /// Front matter and `<meta>` keys (lower case) giving the date, preferred first.
    pub date_keys: Vec<String>,
    /// Keys giving the title, preferred first; the front matter's stays as text.
    pub title_keys: Vec<String>,
    /// Keys that name the document's publisher (source, 来源).
    pub source_keys: Vec<String>,
    /// Opening lines that name the publisher in group 1 (来源：南通日报).
    pub source_line: Vec<Regex>,
    /// Separators between a page title and the site's name.
    pub title_site_separators: Vec<String>,
    /// Timestamps with a time zone are read at this UTC offset.
    pub utc_offset_hours: i32,
    /// Speech openings (——2016年2月19日在…会议上) that date a document.
    pub opening: Vec<Regex>,
    /// News datelines (新华社北京3月5日电); groups `month` and `day`, maybe `year`.
    pub dateline: Vec<Regex>,
    /// Opening lines of a document about the whole country.
    pub national: Vec<Regex>,
    /// The issuing body in the opening; group 1 names its region.
    pub issuer: Vec<Regex>,
    /// Titles whose group 1 names the place they are of.
    pub title_region: Vec<Regex>,
    /// Titles that name the year a document reports on; group 1 is the year.
    pub subject_year: Vec<Regex>,
    /// Words that make a document about a budget, read in fiscal years.
    pub budget_words: Vec<String>,
    /// Words after 今年 that make it the year a budget is for (今年预算案).
    pub budget_of_year_words: Vec<String>,
    /// Documents a year names by their title (发表2025年施政报告): that year is
    /// the title's, not the time a paragraph speaks of.
    pub titled_documents: Vec<String>,
    /// Words that date a figure to the document's day (至今, 目前): its calendar
    /// year, even where 今年 is a fiscal year.
    pub now_words: Vec<String>,
    /// Words of a figure's clause that make its 今年 a calendar year even where
    /// it is otherwise a fiscal one (本地生产总值, 通胀).
    pub calendar_year_words: Vec<String>,
    /// Words of a text that dates in years of the Republic of China calendar
    /// (113年 = 2024): 民國, Taiwanese places as only Taiwan writes them.
    pub roc_calendar_words: Vec<String>,
    /// Document types, tried in order.
    pub types: Vec<DocTypeCues>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    multipliers: HashMap<String, f64>,
    bases: Vec<BaseGroup>,
    #[serde(default)]
    rates: Rates,
    special_units: SpecialUnits,
    cues: Cues,
    skip: SkipRules,
    regions: RegionRules,
    furniture: FurnitureRules,
    #[serde(default)]
    documents: RawDocumentRules,
    #[serde(default)]
    tables: TableRules,
    /// Naming rules; the embedded `names.toml` when absent.
    #[serde(default)]
    names: Option<names::RawNames>,
}

/// `[tables]`: the words that say what a table's columns and rows hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TableRules {
    /// A cell of an HTML table longer than this (in a row of several cells)
    /// makes the table a page layout, not a table of figures.
    pub max_cell_chars: usize,
    /// Header words of a column of relative changes (比上年增长%, 增速).
    pub change_headers: Vec<String>,
    /// Header words of a column of shares (比重, 占比).
    pub ratio_headers: Vec<String>,
    /// Header or caption words of a column of goals (目标, 计划).
    pub target_headers: Vec<String>,
    /// Header words that say nothing of what is measured (绝对数, 本年).
    pub generic_headers: Vec<String>,
    /// Header words of a column giving each row's unit (计量单位).
    pub unit_columns: Vec<String>,
    /// Header words of a column of serial numbers (序号).
    pub serial_columns: Vec<String>,
    /// Words that introduce a unit (单位:亿元).
    pub unit_labels: Vec<String>,
    /// The unit of a change or share column that writes none.
    pub relative_unit: String,
    /// Words opening a sub-row (其中:城镇, #出口).
    pub sub_row_markers: Vec<String>,
    /// Endings of a complete indicator name: such a row is named by itself.
    pub name_endings: Vec<String>,
    /// Words of a parent row's name that a sub-row narrows to one of its
    /// parts (货物进出口总额 › 出口 → 货物出口总额).
    pub parts: BTreeMap<String, Vec<String>>,
    /// What a sub-row measures when its parent's name ends so
    /// (地区生产总值 › 第一产业 → 第一产业增加值).
    pub child_measures: BTreeMap<String, String>,
}

impl Default for TableRules {
    fn default() -> Self {
        TableRules {
            max_cell_chars: 60,
            change_headers: Vec::new(),
            ratio_headers: Vec::new(),
            target_headers: Vec::new(),
            generic_headers: Vec::new(),
            unit_columns: Vec::new(),
            serial_columns: Vec::new(),
            unit_labels: Vec::new(),
            relative_unit: "%".into(),
            sub_row_markers: Vec::new(),
            name_endings: Vec::new(),
            parts: BTreeMap::new(),
            child_measures: BTreeMap::new(),
        }
    }
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

impl SpecialKind {
    /// The unit category of the special unit (for the lexicon's unit families).
    pub fn category(self) -> &'static str {
        match self {
            SpecialKind::Percent => "percent",
            SpecialKind::Permille => "permille",
            SpecialKind::Points => "points",
            SpecialKind::Times => "times",
            SpecialKind::Tenths => "tenths",
        }
    }
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
    /// The name written in the dataset.
    pub name: String,
    pub level: String,
    pub parent: String,
    /// Other full names the text may use (the official name behind a display name).
    pub aliases: Vec<String>,
}

/// Every rule, loaded and compiled.
#[derive(Debug)]
pub struct Rules {
    /// Multiplier prefixes, longest first.
    pub multipliers: Vec<(String, f64)>,
    /// Base units, longest first.
    pub bases: Vec<Base>,
    /// The texts of `bases`, in the same order, indexed by first character:
    /// the base written at a position is one lookup, not a try of each.
    pub base_words: Words,
    /// What a base unit can be counted per, after a `/` (元/月, 万吨/日).
    pub rate_per: Words,
    /// Special units, longest first.
    pub specials: Vec<(String, SpecialKind)>,
    pub cues: Cues,
    /// Every `qualifier_before` word, in the order of the cue groups.
    pub qualifier_before_words: Words,
    pub skip: SkipRules,
    pub entity_suffixes: Words,
    /// Common nouns that end with an entity suffix (城镇, 特色小镇).
    pub entity_common_words: Vec<String>,
    /// The shortest and longest name before a suffix, where other than 1 to
    /// `entity_max_prefix`.
    pub entity_prefix_lens: HashMap<String, (usize, usize)>,
    pub entity_lead_words: Words,
    pub entity_class_words: Words,
    pub entity_max_prefix: usize,
    pub furniture_lines: Vec<Regex>,
    pub furniture_spans: Vec<Regex>,
    pub page_markers: Vec<Regex>,
    pub page_number_lines: Vec<Regex>,
    pub reading_list_headings: Vec<Regex>,
    pub documents: DocumentRules,
    /// The region of a document about the whole country (全国).
    pub national_region: String,
    /// Words around a place that make a clause of its own its topic (`[regions]
    /// topic_openers`, `topic_closers`), longest first.
    pub topic_openers: Vec<String>,
    pub topic_closers: Vec<String>,
    /// Gazetteer names written otherwise in the dataset.
    pub display_names: HashMap<String, String>,
    /// The month a region's fiscal year starts in, where not January (香港: 4).
    pub fiscal_year_start: HashMap<String, u32>,
    /// Bodies that issue figures without naming their place, and the place
    /// (a release of 政府统计处 is Hong Kong's), longest name first.
    pub issuing_bodies: Vec<(String, String)>,
    /// Whole-unit entries from configuration (`万桶` → 桶 × 1e4).
    pub extra_units: Vec<UnitEntry>,
    /// What table headers and row labels say.
    pub tables: TableRules,
    pub t2s: crate::text::CharMap,
    /// The places of the regions table less `[regions] generic_names`, under
    /// their display names, and the words that name one in passing.
    pub gazetteer: gazetteer::Gazetteer,
    /// The canonical-indicator lexicon (`indicators.toml`).
    pub lexicon: Lexicon,
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
        let raw = raw_rules(text)?;
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
        let furniture_lines = compile(&raw.furniture.lines, "furniture.lines")?;
        let furniture_spans = compile(&raw.furniture.spans, "furniture.spans")?;
        let page_markers = compile(&raw.furniture.page_markers, "furniture.page_markers")?;
        let page_number_lines = compile(
            &raw.furniture.page_number_lines,
            "furniture.page_number_lines",
        )?;
        let reading_list_headings = compile(
            &raw.furniture.reading_list_headings,
            "furniture.reading_list_headings",
        )?;
        let documents = document_rules(&raw.documents)?;
        let mut tables = raw.tables;
        for list in [
            &mut tables.change_headers,
            &mut tables.ratio_headers,
            &mut tables.target_headers,
            &mut tables.generic_headers,
            &mut tables.unit_columns,
            &mut tables.serial_columns,
            &mut tables.unit_labels,
            &mut tables.sub_row_markers,
            &mut tables.name_endings,
        ] {
            sort_longest_first(list);
        }
        let mut cues = raw.cues;
        for list in [
            &mut cues.ratio_words,
            &mut cues.change_words,
            &mut cues.goal_words,
            &mut cues.rank_context,
            &mut cues.stretch_words,
            &mut cues.conversion_words,
            &mut cues.restating_links,
        ] {
            sort_longest_first(list);
        }
        for list in [
            &mut cues.change_up,
            &mut cues.change_down,
            &mut cues.change_links,
            &mut cues.target_cues,
            &mut cues.actual_cues,
            &mut cues.indicator_strip_prefix,
            &mut cues.indicator_strip_suffix,
            &mut cues.counting_verbs,
        ] {
            *list = std::mem::take(list).sorted_longest_first();
        }
        for q in cues
            .qualifier_before
            .iter_mut()
            .chain(cues.qualifier_after.iter_mut())
            .chain(cues.qualifier_inside.iter_mut())
        {
            sort_longest_first(&mut q.words);
        }
        let qualifier_before_words = Words::from(
            cues.qualifier_before
                .iter()
                .flat_map(|c| c.words.iter().cloned())
                .collect::<Vec<_>>(),
        );
        let (names, names_text) = match raw.names {
            Some(n) => (names::NameRules::compile(n)?, ""),
            None => (names::NameRules::embedded(), names::DEFAULT_NAMES),
        };
        let base_words = Words::from(bases.iter().map(|b| b.text.clone()).collect::<Vec<_>>());
        let mut per = raw.rates.per;
        sort_longest_first(&mut per);
        Ok(Rules {
            names,
            base_words,
            rate_per: Words::from(per),
            qualifier_before_words,
            multipliers,
            bases,
            specials,
            cues,
            skip: raw.skip,
            entity_suffixes: Words::from(raw.regions.entity_suffixes.clone()),
            entity_common_words: raw.regions.entity_common_words.clone(),
            entity_prefix_lens: raw.regions.entity_prefix_lens.clone(),
            entity_lead_words: {
                let mut w = raw.regions.entity_lead_words.clone();
                sort_longest_first(&mut w);
                Words::from(w)
            },
            entity_class_words: Words::from(raw.regions.entity_class_words.clone()),
            entity_max_prefix: raw.regions.entity_max_prefix,
            furniture_lines,
            furniture_spans,
            page_markers,
            page_number_lines,
            reading_list_headings,
            documents,
            national_region: raw.regions.national.clone(),
            topic_openers: sorted_longest_first(raw.regions.topic_openers.clone()),
            topic_closers: sorted_longest_first(raw.regions.topic_closers.clone()),
            extra_units: Vec::new(),
            tables,
            t2s: load_t2s(),
            gazetteer: gazetteer::Gazetteer::new(
                places_of(&raw.regions),
                raw.regions.in_passing_after,
            ),
            display_names: raw.regions.display_names,
            fiscal_year_start: raw.regions.fiscal_year_start,
            issuing_bodies: longest_first(raw.regions.issuing_bodies),
            lexicon: Lexicon::embedded(),
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

    /// A region as the dataset writes it (香港特别行政区 → 香港).
    /// Whether `entity`, which ends with an entity suffix, names one place
    /// rather than a kind of place (新型城镇, 特色小镇 end with 镇 too).
    /// A name the gazetteer knows (景德镇) is a place, not an entity.
    pub fn names_an_entity(&self, entity: &str, suffix: &str) -> bool {
        let prefix = entity.chars().count() - suffix.chars().count();
        let (shortest, longest) = self
            .entity_prefix_lens
            .get(suffix)
            .copied()
            .unwrap_or((1, self.entity_max_prefix));
        (shortest..=longest).contains(&prefix)
            && !self
                .entity_common_words
                .iter()
                .any(|w| entity.ends_with(w.as_str()))
            && self.gazetteer.place_written_as(entity).is_none()
    }

    pub fn display_region(&self, name: &str) -> String {
        self.display_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// A hash of what the rules say, for the run manifest.
    pub fn fingerprint(&self) -> String {
        format!(
            "{}|{:?}|{}",
            self.source_fingerprint,
            self.extra_units,
            self.lexicon.fingerprint()
        )
    }

    /// The category of a base unit as the normalised value counts it (元 →
    /// money, 人次 → people, % → percent); `None` for a unit the lexicon
    /// does not know.
    pub fn unit_category(&self, base: &str) -> Option<&str> {
        if let Some(u) = self.extra_units.iter().find(|u| u.base == base) {
            return Some(&u.category);
        }
        if let Some(b) = self.bases.iter().find(|b| b.text == base) {
            return Some(&b.category);
        }
        self.specials
            .iter()
            .find(|(s, _)| s == base)
            .map(|(_, kind)| kind.category())
    }

    /// Problems of the lexicon's unit families: each must be a unit category
    /// of these rules, `index` (a number without unit) or `any`.
    pub fn lexicon_unit_problems(&self) -> Vec<String> {
        self.lexicon
            .indicators
            .iter()
            .flat_map(|i| i.unit_families.iter().map(move |f| (i, f)))
            .filter(|(_, f)| !self.is_unit_family(f))
            .map(|(i, f)| {
                format!(
                    "unit_family `{f}` of `{}` is not a unit category (money, people, count, …, percent, index, any)",
                    i.code
                )
            })
            .collect()
    }

    /// True for a unit category of these rules, `index` or `any`.
    pub fn is_unit_family(&self, family: &str) -> bool {
        matches!(family, "any" | "index")
            || self.bases.iter().any(|b| b.category == family)
            || self.extra_units.iter().any(|u| u.category == family)
            || self.specials.iter().any(|(_, k)| k.category() == family)
    }

    /// The factor and base unit of a unit as written: 亿元 → 1e8 元, % → 1 %;
    /// a unit the lexicon does not know is its own base after the multiplier
    /// it opens with (万元/人 → 1e4 元/人); a bare multiplier has no base.
    pub fn split_unit(&self, unit: &str) -> (f64, Option<String>) {
        if let Some(u) = self.extra_units.iter().find(|u| u.text == unit) {
            return (u.multiplier, Some(u.base.clone()));
        }
        if let Some((_, kind)) = self.specials.iter().find(|(s, _)| s == unit) {
            let text = if *kind == SpecialKind::Percent {
                "%"
            } else {
                unit
            };
            return (1.0, Some(text.to_string()));
        }
        if self.bases.iter().any(|b| b.text == unit) {
            return (1.0, Some(unit.to_string()));
        }
        for (m, f) in &self.multipliers {
            if let Some(rest) = unit.strip_prefix(m.as_str()) {
                return (*f, (!rest.is_empty()).then(|| rest.to_string()));
            }
        }
        (1.0, Some(unit.to_string()))
    }

    /// True when `unit` (as written) is built from the lexicon.
    pub fn knows_unit(&self, unit: &str) -> bool {
        // A rate (元/月, 万吨/日) is known when its unit and what it is per are.
        if let Some((of, per)) = unit.split_once('/') {
            let per_known = self.rate_per.iter().any(|w| w == per);
            if per_known && !of.is_empty() && self.knows_unit(of) {
                return true;
            }
        }
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

/// Compiles the regexes of the rules key `what`, naming the key in errors.
fn compile(pats: &[String], what: &str) -> Result<Vec<Regex>, String> {
    pats.iter()
        .enumerate()
        .map(|(i, p)| Regex::new(p).map_err(|e| format!("key `{what}[{i}]`: bad regex: {e}")))
        .collect()
}

fn document_rules(raw: &RawDocumentRules) -> Result<DocumentRules, String> {
    let lower = |v: &[String]| v.iter().map(|k| k.to_lowercase()).collect();
    let types = raw
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let doc_type = DocType::ALL
                .into_iter()
                .find(|d| d.as_str() == t.name)
                .ok_or_else(|| {
                    format!(
                        "key `documents.types[{i}].name`: {:?} is not one of work_report, communique, news, other",
                        t.name
                    )
                })?;
            Ok(DocTypeCues {
                doc_type,
                title: compile(&t.title, &format!("documents.types[{i}].title"))?,
                opening: compile(&t.opening, &format!("documents.types[{i}].opening"))?,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(DocumentRules {
        date_keys: lower(&raw.date_keys),
        title_keys: lower(&raw.title_keys),
        source_keys: lower(&raw.source_keys),
        source_line: compile(&raw.source_line_patterns, "documents.source_line_patterns")?,
        title_site_separators: raw.title_site_separators.clone(),
        utc_offset_hours: raw.utc_offset_hours,
        opening: compile(&raw.opening_patterns, "documents.opening_patterns")?,
        dateline: compile(&raw.dateline_patterns, "documents.dateline_patterns")?,
        national: compile(&raw.national_patterns, "documents.national_patterns")?,
        issuer: compile(&raw.issuer_patterns, "documents.issuer_patterns")?,
        title_region: compile(
            &raw.title_region_patterns,
            "documents.title_region_patterns",
        )?,
        subject_year: compile(
            &raw.subject_year_patterns,
            "documents.subject_year_patterns",
        )?,
        budget_words: raw.budget_words.clone(),
        budget_of_year_words: raw.budget_of_year_words.clone(),
        titled_documents: raw.titled_documents.clone(),
        now_words: raw.now_words.clone(),
        calendar_year_words: raw.calendar_year_words.clone(),
        roc_calendar_words: raw.roc_calendar_words.clone(),
        types,
    })
}

/// `words`, the longest first, so that the first a text holds is the longest.
fn sorted_longest_first(mut words: Vec<String>) -> Vec<String> {
    sort_longest_first(&mut words);
    words
}

/// A name table's entries, the longest name first (then in name order), so
/// that the first name a text holds is the most specific.
fn longest_first(map: std::collections::BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut entries: Vec<_> = map.into_iter().collect();
    sort_longest_first_by(&mut entries, |(name, _)| name.as_str());
    entries
}

/// A place under its display name, its gazetteer name kept as an alias.
fn displayed(mut p: Place, display: &HashMap<String, String>) -> Place {
    if let Some(d) = display.get(&p.name) {
        p.aliases.push(std::mem::replace(&mut p.name, d.clone()));
    }
    if let Some(d) = display.get(&p.parent) {
        p.parent = d.clone();
    }
    p
}

fn sort_longest_first(list: &mut [String]) {
    sort_longest_first_by(list, String::as_str);
}

/// [`sort_longest_first`] for entries named by `name`.
fn sort_longest_first_by<T>(list: &mut [T], name: impl Fn(&T) -> &str) {
    list.sort_by(|a, b| {
        let (a, b) = (name(a), name(b));
        b.chars().count().cmp(&a.chars().count()).then(a.cmp(b))
    });
}

fn load_t2s() -> crate::text::CharMap {
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

/// A rules file's tables, before anything is compiled.
fn raw_rules(text: &str) -> Result<RawRules, String> {
    let de = toml::Deserializer::parse(text).map_err(|e| e.message().to_string())?;
    serde_path_to_error::deserialize(de)
        .map_err(|e| format!("key `{}`: {}", e.path(), e.inner().message()))
}

/// The places of the regions table, less `[regions] generic_names`, under
/// their display names.
fn places_of(regions: &RegionRules) -> Vec<Place> {
    load_places()
        .into_iter()
        .filter(|p| !regions.generic_names.contains(&p.name))
        .map(|mut p| {
            let own = regions
                .own_names
                .iter()
                .filter(|(_, name)| **name == p.name);
            p.aliases.extend(own.map(|(word, _)| word.clone()));
            p.aliases.sort();
            displayed(p, &regions.display_names)
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
                aliases: Vec::new(),
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
        // Hong Kong's variant forms too (衞生署, 店舖).
        assert_eq!(r.t2s.get(&'衞'), Some(&'卫'));
        assert_eq!(r.t2s.get(&'舖'), Some(&'铺'));
        assert!(r
            .gazetteer
            .places
            .iter()
            .any(|p| p.name == "金水区" && p.parent == "郑州市"));
        assert!(r.knows_unit("万人次"));
        assert!(r.knows_unit("亿元"));
        assert!(r.knows_unit("%"));
        assert!(!r.knows_unit("千伏"));
        assert_eq!(r.split_unit("亿元"), (1e8, Some("元".into())));
        assert_eq!(r.split_unit("千瓦时"), (1.0, Some("千瓦时".into())));
        assert_eq!(r.split_unit("万千瓦时"), (1e4, Some("千瓦时".into())));
        assert_eq!(r.split_unit("％"), (1.0, Some("%".into())));
        assert_eq!(r.split_unit("万元/人"), (1e4, Some("元/人".into())));
        assert_eq!(r.split_unit("万"), (1e4, None));
    }
}
