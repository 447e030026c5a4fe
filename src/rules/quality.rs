//! Declared data-quality rules: a name, a severity, a message and a polars
//! SQL predicate over the indicators table. The embedded defaults are
//! `quality.toml`; `[[validate.rules]]` in `pipeline.toml` adds more.

use serde::Deserialize;

const QUALITY_RULES: &str = include_str!("quality.toml");

/// One declared data-quality rule.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleDecl {
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// A polars SQL predicate over the `indicators` table; rows where it holds are findings.
    pub when: String,
}

/// How bad a finding is: an error keeps the record out of `indicators`.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualityFile {
    rules: Vec<RuleDecl>,
}

/// The embedded default data-quality rules.
pub fn default_rules() -> Vec<RuleDecl> {
    toml::from_str::<QualityFile>(QUALITY_RULES)
        .expect("embedded quality rules are valid")
        .rules
}
