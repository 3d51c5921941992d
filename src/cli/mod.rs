//! The `doisoat` command line: argument parsing, input discovery, and the four commands.

pub mod args;
pub mod commands;
pub mod inputs;

use clap::Parser;

/// Exit status: nothing at or above `--fail-on`.
pub const EXIT_OK: i32 = 0;
/// Exit status: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage or input error (bad arguments, bad config, unreadable file).
pub const EXIT_ERROR: i32 = 2;

/// Parses the command line and runs the command; returns the exit status.
pub fn run() -> i32 {
    // clap prints help/version (exit 0) and usage errors (exit 2) itself.
    let cli = args::Cli::parse();
    match cli.command {
        args::Command::Check(a) => commands::check(&a),
        args::Command::Dump(a) => commands::dump(&a),
        args::Command::Rules => commands::rules(),
        args::Command::Lsp => doisoat::lsp::run_stdio(),
        args::Command::Explain { rule } => commands::explain(&rule),
    }
}
