//! `zhibiao validate DIR`: checks a published dataset on its own.

use anyhow::Result;

/// Runs the dataset checks and reports.
pub fn validate_command(_args: &crate::cli::ValidateArgs) -> Result<u8> {
    anyhow::bail!("not implemented yet")
}
