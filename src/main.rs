//! The `zhibiao` binary: parses the command line and hands it to [`zhibiao::commands`].

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: zhibiao::memory::Allocator = zhibiao::memory::Allocator {};

fn main() -> ExitCode {
    zhibiao::commands::dispatch(zhibiao::commands::Cli::parse())
}
