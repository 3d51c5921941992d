//! The commands: `check`, `dump`, `rules`, `explain`.

use super::args::{CheckArgs, DumpArgs, DumpFormat, FailOn, Format};
use super::inputs::{self, Input};
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use doisoat::baseline::Baseline;
use doisoat::config::{self, Config, ConfigError, PerFileIgnores};
use doisoat::diagnostic::Severity;
use doisoat::engine::{analyze, Analysis, Settings, PART_BYTES};
use doisoat::fix;
use doisoat::render::{human, json, lines, sarif, FileResult, Summary};
use doisoat::rules;
use doisoat::source::SourceFile;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Writes to stdout, ignoring a closed pipe (`doisoat check | head` must not panic).
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn error_line(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "error: {text}");
}

/// Checks `--select`/`--ignore` ids; the error names the unknown ones and the known ones.
fn validate_cli_ids(a_select: &[String], a_ignore: &[String]) -> Result<(), String> {
    for (flag, ids) in [("--select", a_select), ("--ignore", a_ignore)] {
        let unknown = config::unknown_ids(ids);
        if !unknown.is_empty() {
            return Err(ConfigError::UnknownRules {
                origin: flag.to_string(),
                ids: unknown,
            }
            .to_string());
        }
    }
    Ok(())
}

/// Finds and loads the settings for each input: one `Settings` per distinct config file,
/// built once. A bad config is an error for the whole run.
struct SettingsResolver<'a> {
    explicit: Option<PathBuf>,
    select: &'a [String],
    ignore: &'a [String],
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    built: HashMap<Option<PathBuf>, (Arc<Settings>, Arc<PerFileIgnores>)>,
}

impl<'a> SettingsResolver<'a> {
    fn new(explicit: Option<PathBuf>, select: &'a [String], ignore: &'a [String]) -> Self {
        SettingsResolver {
            explicit,
            select,
            ignore,
            discovered: HashMap::new(),
            built: HashMap::new(),
        }
    }

    fn for_input(&mut self, input: &Input) -> Result<Arc<Settings>, ConfigError> {
        let path = match &self.explicit {
            Some(p) => Some(p.clone()),
            None => {
                let dir = input.config_dir();
                self.discovered
                    .entry(dir)
                    .or_insert_with_key(|d| config::discover(d))
                    .clone()
            }
        };
        let (settings, ignores) = match self.built.get(&path) {
            Some(s) => s.clone(),
            None => {
                let built = match &path {
                    None => (
                        config::default_settings(self.select, self.ignore),
                        PerFileIgnores::default(),
                    ),
                    Some(p) => {
                        let name = p.display().to_string();
                        let c = Config::load(p)?;
                        let base = p.parent().unwrap_or(std::path::Path::new("."));
                        (
                            c.settings(&name, self.select, self.ignore)?,
                            c.per_file_ignores(&name, base)?,
                        )
                    }
                };
                let built = (Arc::new(built.0), Arc::new(built.1));
                self.built.insert(path, built.clone());
                built
            }
        };
        // `[per-file-ignores]`: this file's extra ignores on a copy of the shared settings.
        let extra = match input {
            Input::File(f) => ignores.rules_for(f),
            _ => Vec::new(),
        };
        if extra.is_empty() {
            return Ok(settings);
        }
        let mut s = (*settings).clone();
        s.rules.ignore.extend(extra);
        Ok(Arc::new(s))
    }
}

/// Reads, decodes and analyses one input. Without `keep_tree` the syntax tree and the claims are
/// dropped once the findings exist: renderers need only the text, the maps and the findings.
fn check_one(input: &Input, settings: &Settings, keep_tree: bool) -> FileResult {
    let path = input.display();
    let bytes = match inputs::read(input) {
        Ok(b) => b,
        Err(error) => return FileResult::Failed { path, error },
    };
    // A `.docx` is read through the docx reader; the pipeline then sees its text.
    // The raw bytes become `source` (a UTF-8 file in place) or are dropped once decoded:
    // keeping both doubles a big file's footprint.
    let source = match input {
        Input::File(f) if doisoat::docx::is_docx_path(f) => {
            let source = doisoat::docx::to_source(path.clone(), &bytes);
            drop(bytes);
            source.map_err(|e| e.to_string())
        }
        _ => SourceFile::from_vec(path.clone(), bytes).map_err(|e| e.to_string()),
    };
    match source {
        Ok(source) => {
            // Without the tree to keep, a big text is read in parts (`Settings::part_bytes`).
            let parted;
            let settings =
                if !keep_tree && settings.part_bytes.is_none() && source.text.len() > PART_BYTES {
                    parted = Settings {
                        part_bytes: Some(PART_BYTES),
                        ..settings.clone()
                    };
                    &parted
                } else {
                    settings
                };
            let mut analysis = analyze(source, settings);
            if !keep_tree {
                // Several times the input's size, and kept until every file is done.
                analysis.doc = Default::default();
                analysis.claims = Default::default();
            }
            FileResult::Checked {
                analysis: Box::new(analysis),
                path,
            }
        }
        Err(error) => FileResult::Failed { path, error },
    }
}

/// Width for human output: `$COLUMNS` when set, else 100.
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w >= 40)
        .unwrap_or(100)
}

pub fn check(a: &CheckArgs) -> i32 {
    if let Err(e) = validate_cli_ids(&a.select, &a.ignore) {
        error_line(&e);
        return EXIT_ERROR;
    }
    // No path: check the current directory, like other linters; stdin only when asked for
    // with `-`, so a bare `doisoat check` in a terminal never waits for input.
    let paths = if a.paths.is_empty() {
        vec![".".to_string()]
    } else {
        a.paths.clone()
    };
    let inputs = inputs::expand(&paths);

    let mut resolver = SettingsResolver::new(a.config.clone(), &a.select, &a.ignore);
    let mut jobs = Vec::with_capacity(inputs.len());
    let mut config_errors = Vec::new();
    for input in inputs {
        match resolver.for_input(&input) {
            Ok(s) => jobs.push((input, s)),
            Err(e) => {
                let line = e.to_string();
                if !config_errors.contains(&line) {
                    config_errors.push(line);
                }
            }
        }
    }
    if !config_errors.is_empty() {
        for e in &config_errors {
            error_line(e);
        }
        return EXIT_ERROR;
    }

    // rayon's indexed collect keeps input order, so output is deterministic.
    let mut results: Vec<FileResult> = jobs
        .par_iter()
        .map(|(input, settings)| check_one(input, settings, false))
        .collect();

    if let Some(file) = &a.baseline {
        if let Err(e) = apply_baseline(file, a.write_baseline, &mut results) {
            error_line(&e);
            return EXIT_ERROR;
        }
    }
    if a.fix || a.diff {
        let inputs: Vec<&Input> = jobs.iter().map(|(i, _)| i).collect();
        let changed = apply_fixes(&inputs, &mut results, a.diff);
        if a.diff {
            let failed = results
                .iter()
                .any(|r| matches!(r, FileResult::Failed { .. }));
            for r in &results {
                if let FileResult::Failed { path, error } = r {
                    error_line(&format!("{path}: {error}"));
                }
            }
            return if failed {
                EXIT_ERROR
            } else if changed {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            };
        }
    }

    for r in &results {
        if let FileResult::Failed { path, error } = r {
            error_line(&format!("{path}: {error}"));
        }
    }

    match a.format {
        _ if a.statistics => print(&lines::render_statistics(&results)),
        Format::Json => print(&json::render_json(&results, a.lang)),
        Format::Sarif => print(&sarif::render_sarif(&results, a.lang)),
        Format::Github => print(&lines::render_github(&results, a.lang)),
        Format::Concise => print(&lines::render_concise(&results, a.lang)),
        Format::Human => {
            let color = a.color.resolve(
                std::env::var_os("NO_COLOR").as_deref(),
                std::io::stdout().is_terminal(),
            );
            let opts = human::Options {
                lang: a.lang,
                color,
                width: width(),
            };
            print(&human::render_human(&results, &opts));
        }
    }

    exit_status(&Summary::of(&results), a.fail_on)
}

/// `--baseline`: drop accepted findings, or with `--write-baseline` record them all.
fn apply_baseline(file: &Path, write: bool, results: &mut [FileResult]) -> Result<(), String> {
    if write {
        let b = Baseline::empty(file);
        let checked: Vec<(&str, &Analysis)> = results
            .iter()
            .filter_map(|r| match r {
                FileResult::Checked { path, analysis } => Some((path.as_str(), &**analysis)),
                FileResult::Failed { .. } => None,
            })
            .collect();
        let n: usize = checked.iter().map(|(_, a)| a.diagnostics.len()).sum();
        let text = b.record(checked);
        std::fs::write(file, text).map_err(|e| {
            format!(
                "{}: cannot write baseline: {}",
                file.display(),
                inputs::io_message(&e)
            )
        })?;
        let _ = writeln!(
            std::io::stderr().lock(),
            "recorded {n} finding{} in {}",
            if n == 1 { "" } else { "s" },
            file.display()
        );
        for r in results.iter_mut() {
            if let FileResult::Checked { analysis, .. } = r {
                analysis.diagnostics.clear();
            }
        }
        return Ok(());
    }
    let mut b = Baseline::load(file)?;
    for r in results.iter_mut() {
        if let FileResult::Checked { path, analysis } = r {
            b.filter(path, analysis);
        }
    }
    Ok(())
}

/// `--fix` / `--diff`: applies (or prints) the safe fixes of every checked file; returns
/// whether any file changed (or would). Unsafe fixes are printed as suggestions on stderr.
/// Fixed findings are removed from the results, so the report shows what remains.
fn apply_fixes(inputs: &[&Input], results: &mut [FileResult], diff_only: bool) -> bool {
    let mut any = false;
    let mut err = std::io::stderr().lock();
    for (input, r) in inputs.iter().zip(results.iter_mut()) {
        let FileResult::Checked { path, analysis } = r else {
            continue;
        };
        // The findings of a .docx refer to its extracted text: never write the archive.
        if matches!(input, Input::File(f) if doisoat::docx::is_docx_path(f)) {
            let _ = writeln!(
                err,
                "{path}: fixes not applied: a .docx file is never rewritten (edit it in the word processor)"
            );
            continue;
        }
        let plan = fix::plan(analysis);
        for s in &plan.suggestions {
            let (line, col) = analysis.source.line_col(s.range.start);
            let old = analysis.source.text.get(s.range.clone()).unwrap_or("");
            let _ = writeln!(
                err,
                "{path}:{line}:{col}: suggestion (not applied): replace “{old}” with “{}”",
                s.replacement
            );
        }
        if !plan.changed() {
            continue;
        }
        any = true;
        if diff_only {
            print(&fix::unified_diff(path, &analysis.source.text, &plan.text));
            continue;
        }
        let Input::File(file) = input else {
            let _ = writeln!(
                err,
                "{path}: fixes not applied: standard input cannot be rewritten"
            );
            continue;
        };
        let written = fix::unchanged(file, &analysis.source).and_then(|original| {
            let new = fix::encode(&plan.text, analysis.source.encoding);
            fix::write_atomic(file, &original, &new)
        });
        match written {
            Ok(()) => {
                let n = plan.fixed.len();
                let _ = writeln!(
                    err,
                    "{path}: fixed {n} finding{} ({} edit{})",
                    if n == 1 { "" } else { "s" },
                    plan.applied.len(),
                    if plan.applied.len() == 1 { "" } else { "s" }
                );
                let mut i = 0;
                analysis.diagnostics.retain(|_| {
                    let keep = !plan.fixed.contains(&i);
                    i += 1;
                    keep
                });
            }
            Err(e) => {
                let _ = writeln!(err, "error: {path}: {e}");
            }
        }
    }
    any
}

/// 2 when an input failed, else 1 when a finding is at or above `fail_on`, else 0.
pub fn exit_status(summary: &Summary, fail_on: FailOn) -> i32 {
    let level = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    if summary.failed > 0 {
        EXIT_ERROR
    } else if summary.at_least(level) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The JSON form of `dump`: the document model and the claims.
fn dump_json(a: &Analysis) -> String {
    let value = serde_json::json!({
        "blocks": a.doc.blocks,
        "sections": a.doc.sections,
        "footnote_refs": a.doc.footnote_refs,
        "footnote_defs": a.doc.footnote_defs,
        "claims": a.claims.items,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{e}"));
    s.push('\n');
    s
}

pub fn dump(a: &DumpArgs) -> i32 {
    let input = match a.file.as_str() {
        "-" => Input::Stdin,
        f => match inputs::expand(&[f.to_string()]).into_iter().next() {
            Some(i @ Input::Missing { .. }) => i,
            _ => Input::File(PathBuf::from(f)),
        },
    };
    let settings = match SettingsResolver::new(a.config.clone(), &[], &[]).for_input(&input) {
        Ok(s) => s,
        Err(e) => {
            error_line(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let analysis = match check_one(&input, &settings, true) {
        FileResult::Checked { analysis, .. } => analysis,
        FileResult::Failed { path, error } => {
            error_line(&format!("{path}: {error}"));
            return EXIT_ERROR;
        }
    };
    match a.format {
        DumpFormat::Json => print(&dump_json(&analysis)),
        DumpFormat::Tree => print(&doisoat::parse::dump::render_tree(
            &analysis.prepared.text,
            &analysis.doc,
            &analysis.claims,
        )),
    }
    EXIT_OK
}

/// `id  severity  summary`, columns aligned.
pub fn rules_table() -> String {
    let reg = rules::registry();
    let w = reg.iter().map(|r| r.meta().id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in reg {
        let m = r.meta();
        let line = format!(
            "{:<w$}  {:<7}  {}",
            m.id,
            m.default_severity.as_str(),
            m.summary
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn rules() -> i32 {
    print(&rules_table());
    EXIT_OK
}

pub fn explain(id: &str) -> i32 {
    match rules::find(id) {
        Some(r) => {
            print(&r.meta().docs());
            EXIT_OK
        }
        None => {
            error_line(&format!(
                "unknown rule `{id}`; known rules: {}",
                config::known_ids().join(", ")
            ));
            EXIT_ERROR
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(errors: usize, warnings: usize, infos: usize, failed: usize) -> Summary {
        Summary {
            files: 3,
            failed,
            errors,
            warnings,
            infos,
        }
    }

    #[test]
    fn exit_status_follows_fail_on() {
        assert_eq!(exit_status(&summary(0, 0, 0, 0), FailOn::Warning), 0);
        assert_eq!(exit_status(&summary(0, 0, 5, 0), FailOn::Warning), 0);
        assert_eq!(exit_status(&summary(0, 1, 0, 0), FailOn::Warning), 1);
        assert_eq!(exit_status(&summary(0, 1, 0, 0), FailOn::Error), 0);
        assert_eq!(exit_status(&summary(1, 0, 0, 0), FailOn::Error), 1);
        // An input error wins over findings.
        assert_eq!(exit_status(&summary(1, 1, 0, 1), FailOn::Warning), 2);
    }

    #[test]
    fn rules_table_is_aligned() {
        let t = rules_table();
        let ids: Vec<&str> = t.lines().filter_map(|l| l.split(' ').next()).collect();
        assert_eq!(ids, config::known_ids());
        let w = ids.iter().map(|i| i.len()).max().unwrap();
        for l in t.lines() {
            // Severity starts two spaces after the longest id.
            let sev = l.get(w + 2..).unwrap();
            assert!(
                ["error", "warning", "info"]
                    .iter()
                    .any(|s| sev.starts_with(s)),
                "{l}"
            );
        }
    }
}
