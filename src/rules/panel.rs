//! The panel's choice rule as data (`panel.toml`): which words and document
//! types rank the records of one panel cell. Embedded and not
//! configurable, so a panel recomputed from a published dataset is the one
//! the run wrote.

use std::sync::LazyLock;

use serde::Deserialize;

const EMBEDDED: &str = include_str!("panel.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPanelRules {
    official_doc_types: Vec<String>,
    estimate_cues: Vec<String>,
    headline_target_sentences: Vec<String>,
    headline_actual_sections: Vec<String>,
}

/// The words and patterns of the choice rule.
#[derive(Debug)]
pub struct PanelRules {
    /// Document types (`documents.doc_type`) of work reports and communiqués.
    pub official_doc_types: Vec<String>,
    /// Words that make the number after them an estimate (预计).
    pub estimate_cues: Vec<String>,
    /// Words of the sentence of a headline target (主要预期目标).
    pub headline_target_sentences: Vec<String>,
    /// Words of the section headings of a headline actual (回顾).
    pub headline_actual_sections: Vec<String>,
}

/// The embedded rules, parsed once.
pub static PANEL_RULES: LazyLock<PanelRules> =
    LazyLock::new(|| PanelRules::parse(EMBEDDED).expect("the embedded panel rules are valid"));

impl PanelRules {
    /// Parses rules in the format of `panel.toml`.
    pub fn parse(text: &str) -> Result<PanelRules, String> {
        let raw: RawPanelRules = toml::from_str(text).map_err(|e| e.message().to_string())?;
        Ok(PanelRules {
            official_doc_types: raw.official_doc_types,
            estimate_cues: raw.estimate_cues,
            headline_target_sentences: raw.headline_target_sentences,
            headline_actual_sections: raw.headline_actual_sections,
        })
    }
}
