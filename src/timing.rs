//! Timing spans for profiling a run: with `ZHIBIAO_TIMINGS=1` in the
//! environment, each span prints its name and wall time to stderr when it
//! ends. Without it a span costs one check of a cached flag.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ZHIBIAO_TIMINGS").is_some_and(|v| v == "1"))
}

/// A span that reports its wall time when dropped.
pub struct Span {
    name: Cow<'static, str>,
    start: Option<Instant>,
}

/// Starts a span named `name`.
pub fn span(name: impl Into<Cow<'static, str>>) -> Span {
    Span {
        name: name.into(),
        start: enabled().then(Instant::now),
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(s) = self.start {
            eprintln!(
                "timing: {:<28} {:8.3}s",
                self.name,
                s.elapsed().as_secs_f64()
            );
        }
    }
}
