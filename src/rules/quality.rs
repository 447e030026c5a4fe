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
#[derive(
    Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
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
        let tokens = tokens(&self.when);
        let mut previous: Option<&Token> = None;
        for t in &tokens {
            match t {
                Token::Word(w) if matches!(w.to_uppercase().as_str(), "SELECT" | "OVER") => {
                    return false
                }
                Token::Mark('(') => {
                    if let Some(Token::Word(w)) = previous {
                        if !BEFORE_PAREN.contains(&w.to_uppercase().as_str()) {
                            return false;
                        }
                    }
                }
                _ => {}
            }
            previous = Some(t);
        }
        true
    }

    /// The words of `when` outside its quoted strings: keywords, functions
    /// and the columns it reads.
    pub fn words(&self) -> impl Iterator<Item = String> {
        tokens(&self.when).into_iter().filter_map(|t| match t {
            Token::Word(w) => Some(w),
            Token::Mark(_) => None,
        })
    }
}

/// A piece of a predicate outside its quoted strings: a word (letters,
/// digits, `_`) or another character that is not white space.
enum Token {
    Word(String),
    Mark(char),
}

fn tokens(sql: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_string = false;
    for c in sql.chars() {
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
            out.push(Token::Word(std::mem::take(&mut word)));
        }
        if !c.is_whitespace() {
            out.push(Token::Mark(c));
        }
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    out
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
