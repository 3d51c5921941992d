//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use doisoat::messages::Lang;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "doisoat",
    version,
    about = "Đối soát: checks the internal consistency of Vietnamese administrative reports",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files, directories (recursively: *.txt, *.md) or `-` (stdin).
    Check(CheckArgs),
    /// Print what the parser understood of a file: AST and claims.
    Dump(DumpArgs),
    /// List the rules: id, default severity, summary.
    Rules,
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
    /// Print a rule's documentation.
    Explain {
        /// A rule id, e.g. complement-mismatch.
        rule: String,
    },
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, directories or `-` for standard input. Default: the current directory.
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Run only these rules (comma-separated, repeatable). Replaces the config's `select`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (comma-separated, repeatable). Adds to the config's `ignore`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Use this config for every file instead of looking for doisoat.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Colour in human output. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in the `--baseline` file (replacing it) and report none.
    #[arg(long, requires = "baseline")]
    pub write_baseline: bool,
    /// Apply the fixes rules mark safe, writing the files; report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Print the safe fixes as a unified diff instead of writing them (and instead of the
    /// report); exit status 1 when a file would change.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The file to dump (`-` for standard input).
    pub file: String,
    #[arg(long, value_enum, default_value_t = DumpFormat::Tree)]
    pub format: DumpFormat,
    /// Use this config instead of looking for doisoat.toml (it may extend the lexicon).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Reports with the source lines, then a summary (default).
    Human,
    /// The stable JSON report (version 1).
    Json,
    /// SARIF 2.1.0 for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One line per finding: `path:line:col: severity rule message`.
    Concise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    Tree,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour, given the NO_COLOR variable and whether stdout is a terminal.
    /// `--color always` wins over NO_COLOR (an explicit flag beats the environment).
    pub fn resolve(self, no_color: Option<&std::ffi::OsStr>, is_tty: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => no_color.is_none_or_empty() && is_tty,
        }
    }
}

/// NO_COLOR counts only when set to a non-empty value (no-color.org).
trait NoneOrEmpty {
    fn is_none_or_empty(&self) -> bool;
}

impl NoneOrEmpty for Option<&std::ffi::OsStr> {
    fn is_none_or_empty(&self) -> bool {
        self.map(|v| v.is_empty()).unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_resolution() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        assert!(ColorChoice::Auto.resolve(None, true));
        assert!(ColorChoice::Auto.resolve(empty, true));
        assert!(!ColorChoice::Auto.resolve(set, true));
        assert!(!ColorChoice::Auto.resolve(None, false));
        assert!(ColorChoice::Always.resolve(set, false));
        assert!(!ColorChoice::Never.resolve(None, true));
    }

    #[test]
    fn select_is_comma_separated_and_repeatable() {
        let cli = Cli::try_parse_from([
            "doisoat", "check", "--select", "a,b", "--select", "c", "x.md",
        ])
        .unwrap();
        let Command::Check(c) = cli.command else {
            panic!("not check")
        };
        assert_eq!(c.select, vec!["a", "b", "c"]);
        assert_eq!(c.paths, vec!["x.md"]);
        assert_eq!(c.lang, Lang::Vi);
        assert_eq!(c.fail_on, FailOn::Warning);
    }
}
