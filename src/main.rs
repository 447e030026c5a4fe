//! The `zhibiao` binary: parses the command line and hands it to [`zhibiao::commands`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    zhibiao::memory::set_up_allocator();
    zhibiao::commands::dispatch(zhibiao::commands::Cli::parse())
}
