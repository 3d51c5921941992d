//! `doisoat.toml`: rule selection, per-rule severity, extra units and keywords.
//!
//! ```toml
//! select = ["complement-mismatch"]      # when non-empty, only these rules run
//! ignore = ["count-mismatch"]
//!
//! [severity]
//! complement-mismatch = "warning"       # error | warning | info
//!
//! [per-file-ignores]                  # glob (relative to this file's directory) → rules
//! "phu-luc/**" = ["sum-mismatch"]
//! "*.txt" = ["count-mismatch"]
//!
//! [lexicon]
//! count_nouns = ["hợp tác xã"]
//! [lexicon.keywords]
//! breakdown_exhaustive = ["bao gồm có"]
//! [[lexicon.unit]]
//! name = "ha"
//! dimension = "area"
//! aliases = ["hécta"]
//! ```
//!
//! A config is looked up from each checked file's directory upwards ([`discover`]); the first
//! `doisoat.toml` found applies to that file.

use crate::diagnostic::Severity;
use crate::engine::{RuleSelection, Settings};
use crate::lexicon::{Lexicon, LexiconExtension};
use crate::rules;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file name looked for in each directory.
pub const FILE_NAME: &str = "doisoat.toml";

/// The contents of a `doisoat.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    #[serde(default)]
    pub lexicon: LexiconExtension,
    /// Glob → rule ids not run on matching files. Globs are matched against the file's path
    /// relative to the config's directory (and, for globs without `/`, its file name).
    #[serde(default, rename = "per-file-ignores")]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
}

/// Compiled `[per-file-ignores]`.
#[derive(Debug, Clone, Default)]
pub struct PerFileIgnores {
    /// The directory globs are relative to (absolute).
    base: PathBuf,
    set: globset::GlobSet,
    /// For each glob of `set`, in order: the rules it ignores, and whether it names a path.
    entries: Vec<(Vec<String>, bool)>,
}

impl PerFileIgnores {
    /// Compiles the table; `path` names the config in errors, `base` is its directory.
    pub fn new(
        path: &str,
        base: &Path,
        table: &BTreeMap<String, Vec<String>>,
    ) -> Result<PerFileIgnores, ConfigError> {
        let mut b = globset::GlobSetBuilder::new();
        let mut entries = Vec::new();
        for (glob, rules) in table {
            let g = globset::Glob::new(glob).map_err(|e| ConfigError::Invalid {
                path: path.to_string(),
                message: format!("per-file-ignores: bad glob `{glob}`: {}", e.kind()),
            })?;
            b.add(g);
            entries.push((rules.clone(), glob.contains('/')));
        }
        let set = b.build().map_err(|e| ConfigError::Invalid {
            path: path.to_string(),
            message: format!("per-file-ignores: {e}"),
        })?;
        Ok(PerFileIgnores {
            base: std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf()),
            set,
            entries,
        })
    }

    /// The rules ignored for `file` (as given on the command line or found in a directory).
    pub fn rules_for(&self, file: &Path) -> Vec<String> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let rel = abs.strip_prefix(&self.base).unwrap_or(&abs).to_path_buf();
        let name = file.file_name().map(PathBuf::from);
        let mut out: Vec<String> = Vec::new();
        let mut hits = self.set.matches(&rel);
        if let Some(n) = &name {
            for i in self.set.matches(n) {
                // A glob with a `/` is a path pattern: the bare name must not match it.
                if self.entries.get(i).is_some_and(|e| !e.1) {
                    hits.push(i);
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
        for i in hits {
            if let Some((rules, _)) = self.entries.get(i) {
                for r in rules {
                    if !out.contains(r) {
                        out.push(r.clone());
                    }
                }
            }
        }
        out
    }
}

/// A config that could not be used. Display gives one line naming the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {message}")]
    Read { path: String, message: String },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{origin}: unknown rule id{} {}; known rules: {}", if .ids.len() > 1 { "s" } else { "" }, quoted(.ids), known_ids().join(", "))]
    UnknownRules { origin: String, ids: Vec<String> },
}

fn quoted(ids: &[String]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The ids of every registered rule, in registry order.
pub fn known_ids() -> Vec<&'static str> {
    rules::registry().iter().map(|r| r.meta().id).collect()
}

/// Returns the ids in `ids` that name no rule (deduplicated, in order of appearance).
pub fn unknown_ids<'a>(ids: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if rules::find(id).is_none() && !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

impl Config {
    /// Parses a config's text; `path` only names the file in errors.
    pub fn parse(path: &str, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            ConfigError::Syntax {
                path: path.to_string(),
                line,
                column,
                message: clarify(e.message()),
            }
        })?;
        let unknown = unknown_ids(
            config
                .select
                .iter()
                .chain(config.ignore.iter())
                .chain(config.severity.keys())
                .chain(config.per_file_ignores.values().flatten()),
        );
        if !unknown.is_empty() {
            return Err(ConfigError::UnknownRules {
                origin: path.to_string(),
                ids: unknown,
            });
        }
        PerFileIgnores::new(path, Path::new("."), &config.per_file_ignores)?;
        Ok(config)
    }

    /// The compiled `[per-file-ignores]` of this config, relative to `base` (its directory).
    pub fn per_file_ignores(&self, path: &str, base: &Path) -> Result<PerFileIgnores, ConfigError> {
        PerFileIgnores::new(path, base, &self.per_file_ignores)
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ConfigError::Read {
            path: name.clone(),
            message: e.to_string(),
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|e| ConfigError::Invalid {
            path: name.clone(),
            message: format!("not valid UTF-8 at byte {}", e.valid_up_to()),
        })?;
        Config::parse(&name, text)
    }

    /// Settings for this config. `select` from the command line replaces the config's (when
    /// given); `ignore` from the command line adds to it.
    pub fn settings(
        &self,
        path: &str,
        cli_select: &[String],
        cli_ignore: &[String],
    ) -> Result<Settings, ConfigError> {
        let lexicon = Lexicon::build(&self.lexicon).map_err(|e| ConfigError::Invalid {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        let select = if cli_select.is_empty() {
            &self.select
        } else {
            cli_select
        };
        let rules = RuleSelection {
            select: select.iter().cloned().collect(),
            ignore: self.ignore.iter().chain(cli_ignore).cloned().collect(),
            severity: self.severity.clone(),
        };
        Ok(Settings {
            lexicon: Arc::new(lexicon),
            rules,
            part_bytes: None,
        })
    }
}

/// Settings with no config file, with the command line's selection.
pub fn default_settings(cli_select: &[String], cli_ignore: &[String]) -> Settings {
    Settings {
        lexicon: Lexicon::builtin(),
        rules: RuleSelection {
            select: cli_select.iter().cloned().collect(),
            ignore: cli_ignore.iter().cloned().collect(),
            severity: BTreeMap::new(),
        },
        part_bytes: None,
    }
}

/// The nearest `doisoat.toml` in `dir` or one of its ancestors. `dir` should be absolute so
/// the walk reaches the filesystem root.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// serde's wording names struct fields; users edit keys.
fn clarify(message: &str) -> String {
    message
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_config_parses() {
        let c = Config::parse(
            "doisoat.toml",
            r#"
select = ["complement-mismatch"]
ignore = ["count-mismatch"]
[severity]
complement-mismatch = "info"
[lexicon]
count_nouns = ["hợp tác xã"]
[lexicon.keywords]
breakdown_exhaustive = ["bao gồm có"]
[[lexicon.unit]]
name = "sào"
dimension = "area"
factor = "360"
aliases = ["sào"]
"#,
        )
        .unwrap();
        assert_eq!(c.select, vec!["complement-mismatch"]);
        assert_eq!(c.severity.get("complement-mismatch"), Some(&Severity::Info));
        let s = c.settings("doisoat.toml", &[], &[]).unwrap();
        assert!(s.rules.enabled("complement-mismatch"));
        assert!(!s.rules.enabled("count-mismatch"));
        assert!(s.lexicon.count_nouns.contains(&"hợp tác xã".to_string()));
        assert!(s.lexicon.units.iter().any(|u| u.alias == "sào"));
    }

    #[test]
    fn readme_example_config_is_valid() {
        let readme = include_str!("../README.md");
        let start = readme.find("```toml\n").unwrap() + "```toml\n".len();
        let len = readme[start..].find("```").unwrap();
        let c = Config::parse("README.md", &readme[start..start + len]).unwrap();
        let s = c.settings("README.md", &[], &[]).unwrap();
        assert!(s.rules.enabled("count-mismatch"));
        assert!(s.lexicon.units.iter().any(|u| u.alias == "sào bắc bộ"));
    }

    #[test]
    fn per_file_ignores_match_relative_paths_and_names() {
        let c = Config::parse(
            "c.toml",
            "[per-file-ignores]\n\"phu-luc/**\" = [\"sum-mismatch\"]\n\"*.txt\" = [\"count-mismatch\", \"sum-mismatch\"]\n\"a/b.md\" = [\"percent-base\"]\n",
        )
        .unwrap();
        let base = Path::new("/r");
        let p = c.per_file_ignores("c.toml", base).unwrap();
        assert_eq!(
            p.rules_for(Path::new("/r/phu-luc/x/1.md")),
            ["sum-mismatch"]
        );
        // Globs apply in key order ("*.txt" sorts first); each rule is listed once.
        assert_eq!(
            p.rules_for(Path::new("/r/phu-luc/2.txt")),
            ["count-mismatch", "sum-mismatch"]
        );
        assert_eq!(
            p.rules_for(Path::new("/elsewhere/q.txt")),
            ["count-mismatch", "sum-mismatch"]
        );
        assert!(p.rules_for(Path::new("/r/bao-cao.md")).is_empty());
        assert_eq!(p.rules_for(Path::new("/r/a/b.md")), ["percent-base"]);
        // A path glob does not match by file name alone.
        assert!(p.rules_for(Path::new("/r/x/a/b.md")).is_empty());
    }

    #[test]
    fn readme_per_file_ignores_block_is_valid() {
        let readme = include_str!("../README.md");
        let start = readme.find("```toml\n[per-file-ignores]").unwrap() + "```toml\n".len();
        let len = readme[start..].find("```").unwrap();
        let c = Config::parse("README.md", &readme[start..start + len]).unwrap();
        let p = c.per_file_ignores("README.md", Path::new("/r")).unwrap();
        assert_eq!(p.rules_for(Path::new("/r/phu-luc/a.md")), ["sum-mismatch"]);
    }

    #[test]
    fn per_file_ignores_are_validated() {
        let e = Config::parse("c.toml", "[per-file-ignores]\n\"*.md\" = [\"nope\"]\n").unwrap_err();
        assert!(matches!(e, ConfigError::UnknownRules { .. }), "{e}");
        let e = Config::parse(
            "c.toml",
            "[per-file-ignores]\n\"a[\" = [\"sum-mismatch\"]\n",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("c.toml: per-file-ignores: bad glob `a[`"),
            "{e}"
        );
    }

    #[test]
    fn unknown_key_is_named_with_its_position() {
        let e = Config::parse("a/doisoat.toml", "select = []\nignroe = []\n").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("a/doisoat.toml:2:1: unknown key `ignroe`"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_nested_key_is_named() {
        let e = Config::parse("c.toml", "[lexicon]\nunits = []\n").unwrap_err();
        assert!(e.to_string().contains("unknown key `units`"), "{e}");
    }

    #[test]
    fn unknown_rule_ids_are_named() {
        let e = Config::parse(
            "c.toml",
            "ignore = [\"no-such-rule\"]\n[severity]\nother-rule = \"error\"\n",
        )
        .unwrap_err();
        assert_eq!(
            e,
            ConfigError::UnknownRules {
                origin: "c.toml".into(),
                ids: vec!["no-such-rule".into(), "other-rule".into()]
            }
        );
        assert!(e
            .to_string()
            .starts_with("c.toml: unknown rule ids `no-such-rule`, `other-rule`; known rules: "));
    }

    #[test]
    fn bad_severity_is_an_error() {
        let e = Config::parse("c.toml", "[severity]\ncount-mismatch = \"fatal\"\n").unwrap_err();
        assert!(matches!(e, ConfigError::Syntax { line: 2, .. }), "{e}");
    }

    #[test]
    fn cli_select_replaces_and_ignore_adds() {
        let c = Config::parse("c.toml", "select = [\"count-mismatch\"]\n").unwrap();
        let s = c
            .settings("c.toml", &["complement-mismatch".into()], &[])
            .unwrap();
        assert!(s.rules.enabled("complement-mismatch"));
        assert!(!s.rules.enabled("count-mismatch"));
        let s = c
            .settings("c.toml", &[], &["count-mismatch".into()])
            .unwrap();
        assert!(!s.rules.enabled("count-mismatch"));
        assert!(!s.rules.enabled("complement-mismatch"));
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        assert!(!matches!(discover(&sub), Some(p) if p.starts_with(dir.path())));
        std::fs::write(dir.path().join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&sub), Some(dir.path().join("a").join(FILE_NAME)));
    }
}
