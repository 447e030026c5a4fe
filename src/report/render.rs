//! The pages as HTML: a minijinja environment holding the embedded templates
//! (`templates/`), which escape every value for HTML by their `.html` names,
//! and the stylesheet and script (`assets/`) copied beside the pages.

use anyhow::{Context as _, Result};
use minijinja::value::{Serde, Value};
use minijinja::{
    context, escape_formatter, AutoEscape, Environment, Error, ErrorKind, Output, State,
};

use super::view::{DocView, IndexView};

const BASE: &str = include_str!("templates/base.html");
const INDEX: &str = include_str!("templates/index.html");
const DOCUMENT: &str = include_str!("templates/document.html");

/// The files every report has beside its pages: path and content.
pub const ASSETS: [(&str, &str); 2] = [
    ("assets/report.css", include_str!("assets/report.css")),
    ("assets/report.js", include_str!("assets/report.js")),
];

/// Text for HTML, in an element or a quoted attribute: the five characters
/// that could end either are escaped (minijinja's own escaping also turns
/// every `/` into `&#x2f;`, which no quoted context needs and which would
/// bloat texts full of dates and paths).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes a value: text with [`escape_html`] in HTML templates, the rest as minijinja does.
fn html_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    match (state.auto_escape(), value.as_str()) {
        (AutoEscape::Html, Some(s)) if !value.is_safe() => out
            .write_str(&escape_html(s))
            .map_err(|_| Error::new(ErrorKind::WriteFailure, "cannot write the page")),
        _ => escape_formatter(out, state, value),
    }
}

/// The templates, parsed once.
pub struct Renderer {
    env: Environment<'static>,
}

impl Renderer {
    pub fn new() -> Result<Renderer> {
        let mut env = Environment::new();
        env.set_formatter(html_formatter);
        for (name, source) in [
            ("base.html", BASE),
            ("index.html", INDEX),
            ("document.html", DOCUMENT),
        ] {
            env.add_template(name, source)
                .with_context(|| format!("template {name}"))?;
        }
        Ok(Renderer { env })
    }

    /// `index.html`.
    pub fn index(&self, v: &IndexView) -> Result<String> {
        self.render(
            "index.html",
            context! { v => Value::from(Serde(v)), root => "", version => v.version },
        )
    }

    /// A document's page, `page_path` being its path in the report (`doc/ID.html`).
    pub fn document(&self, v: &DocView, page_path: &str) -> Result<String> {
        let page = page_path.rsplit('/').next().unwrap_or(page_path);
        self.render(
            "document.html",
            context! {
                v => Value::from(Serde(v)),
                root => "../",
                page => page,
                page_path => page_path,
                version => env!("CARGO_PKG_VERSION"),
            },
        )
    }

    fn render(&self, name: &str, ctx: Value) -> Result<String> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| anyhow::anyhow!("cannot render {name}: {e:#}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_for_elements_and_quoted_attributes() {
        assert_eq!(
            escape_html(r#"<script>a("x")&'y'</script> 1/2"#),
            "&lt;script&gt;a(&quot;x&quot;)&amp;&#39;y&#39;&lt;/script&gt; 1/2"
        );
        let mut env = Environment::new();
        env.set_formatter(html_formatter);
        env.add_template("t.html", r#"<p title="{{ v }}">{{ v }}</p>"#)
            .unwrap();
        let html = env
            .get_template("t.html")
            .unwrap()
            .render(context! { v => "\"><b>" })
            .unwrap();
        assert_eq!(
            html,
            r#"<p title="&quot;&gt;&lt;b&gt;">&quot;&gt;&lt;b&gt;</p>"#
        );
    }
}
