//! The `zhibiao` command: parses the command line and hands over to [`zhibiao::cli`].

use std::process::ExitCode;

fn main() -> ExitCode {
    zhibiao::cli::main()
}
