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

impl RuleDecl {
    /// True when the rule looks at one record at a time, so that its findings
    /// on a document's records depend on that document alone and can be kept
    /// with it (in a cache entry or a shard part). Decided conservatively from
    /// the text of `when`: no `SELECT` (a subquery), no `OVER` (a window) and
    /// no call — a word right before `(` other than a keyword such as `AND`
    /// or `IN` — since an aggregate (`value > AVG(value)`) reads every row.
    /// A rule that is not row-local runs over the whole corpus on every run.
    pub fn is_row_local(&self) -> bool {
        const BEFORE_PAREN: &[&str] = &[
            "AND", "OR", "NOT", "IN", "IS", "CASE", "WHEN", "THEN", "ELSE", "BETWEEN", "LIKE",
            "ILIKE",
        ];
        let mut word = String::new();
        let mut last_word = String::new();
        let mut in_string = false;
        for c in self.when.chars() {
            if c == '\'' {
                in_string = !in_string;
                continue;
            }
            if in_string {
                continue;
            }
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                last_word = std::mem::take(&mut word).to_uppercase();
                if last_word == "SELECT" || last_word == "OVER" {
                    return false;
                }
            }
            if c == '(' && !last_word.is_empty() && !BEFORE_PAREN.contains(&last_word.as_str()) {
                return false;
            }
            if !c.is_whitespace() {
                last_word.clear();
            }
        }
        let tail = word.to_uppercase();
        tail != "SELECT" && tail != "OVER"
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

#[cfg(test)]
mod tests {
    use super::*;

    fn local(when: &str) -> bool {
        RuleDecl {
            name: "r".into(),
            severity: Severity::Warning,
            message: "m".into(),
            when: when.into(),
        }
        .is_row_local()
    }

    #[test]
    fn row_local_rules() {
        assert!(default_rules().iter().all(RuleDecl::is_row_local));
        assert!(local("kind = 'change' AND (value < -100 OR value > 1000)"));
        assert!(local(
            "unit NOT IN ('%', '倍') AND indicator LIKE '%(sum(%'"
        ));
        assert!(!local("value > AVG(value)"));
        assert!(!local("value > avg (value)"));
        assert!(!local("record_id IN (SELECT record_id FROM indicators)"));
        assert!(!local("value > 1 AND EXISTS (SELECT 1)"));
        assert!(!local("CAST(value AS INT) > 3"));
        assert!(!local("value <> LAG(value) OVER (ORDER BY char_start)"));
    }
}
