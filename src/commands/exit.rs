//! Exit codes, the contract with schedulers and CI jobs.

/// Success (warnings allowed).
pub const OK: u8 = 0;
/// `validate`: the dataset has findings of severity error.
pub const INVALID: u8 = 1;
/// Nothing could be done: bad configuration, unusable input, output or dataset.
pub const FATAL: u8 = 2;
/// `run`: the run finished but at least one document could not be processed.
pub const DOCUMENTS_FAILED: u8 = 3;
