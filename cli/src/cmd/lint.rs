//! `ebb migrate lint`: which files (the newest N, or those git says were added since a
//! revision), the configuration's silenced codes, and the three outputs. The analysis is the
//! core's (`ebb_core::lint`).

use crate::fail::Failure;
use crate::{config, dir, sayln, DirArgs};
use ebb_core::lint::{self, FileLint, LintOptions, Severity};
use ebb_core::migrate::MigrationDir;
use ebb_core::Dialect;
use std::path::Path;
use std::process::Command;

/// Output of `migrate lint`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// Findings and each file's rollback, for people.
    Text,
    /// One JSON document: the files, their findings and rollbacks.
    Json,
    /// GitHub Actions workflow commands: an annotation on the line of each finding.
    Github,
}

/// Which files to lint.
pub enum Which {
    /// The newest N.
    Latest(usize),
    /// Those added since this git revision.
    Base(String),
}

/// `ebb migrate lint --explain CODE`.
pub fn explain(code: &str) -> Result<(), Failure> {
    let c = lint::codes::find(code).ok_or_else(|| {
        let all: Vec<&str> = lint::CODES.iter().map(|c| c.code).collect();
        Failure::input(format!(
            "unknown lint code {code} (known: {})",
            all.join(", ")
        ))
    })?;
    sayln!(
        "{} ({}): {}\n\n{}",
        c.code,
        c.severity.name(),
        c.title,
        c.explanation
    );
    Ok(())
}

/// `ebb migrate lint`.
pub fn lint(
    args: &DirArgs,
    flag: Option<Dialect>,
    which: &Which,
    format: LintFormat,
) -> Result<(), Failure> {
    let d = super::dialect_for(args, flag)?;
    let (spec, _) = config::resolve(args, None)?;
    let dir = dir::open(&spec, ebb_core::migrate::SumCheck::IfPresent)?;
    let versions = match which {
        Which::Latest(n) => dir
            .files
            .iter()
            .rev()
            .take(*n)
            .map(|f| f.version.clone())
            .collect(),
        Which::Base(rev) => added_since(&spec.path(), rev, &dir)?,
    };
    let opts = LintOptions {
        ignore: config::lint_ignore(&args.config)?,
    };
    let files = lint::lint(d, &dir, &versions, &opts)?;
    match format {
        LintFormat::Text => {
            if files.is_empty() {
                sayln!("no migration files to lint");
            } else {
                sayln!(
                    "ebb migrate lint: {} file(s), read as {d} (--dialect to choose)\n",
                    files.len()
                );
                crate::out::say(&lint::to_text(&files));
            }
        }
        LintFormat::Json => sayln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "command": "migrate lint",
                "dialect": d.name(),
                "ok": !lint::has_errors(&files),
                "files": files,
            }))
            .unwrap_or_default()
        ),
        LintFormat::Github => crate::out::say(&annotations(&spec.path(), &files)),
    }
    let errors: Vec<&str> = files
        .iter()
        .flat_map(|f| &f.findings)
        .filter(|x| x.severity == Severity::Error)
        .map(|x| x.code)
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::run(format!(
            "the lint found {} error(s) ({}): `ebb migrate lint --explain CODE` says why and how to silence one on purpose",
            errors.len(),
            errors.join(", ")
        )))
    }
}

/// The versions of the files git says were added to the directory since `rev`, committed or
/// not (untracked files count: a file being written is the one to lint).
fn added_since(path: &Path, rev: &str, dir: &MigrationDir) -> Result<Vec<String>, Failure> {
    let git = |args: &[&str]| -> Result<String, Failure> {
        let out = Command::new("git")
            .arg("-C")
            .arg(path)
            .args(args)
            .output()
            .map_err(|e| Failure::input(format!("--base {rev}: cannot run git: {e}")))?;
        if !out.status.success() {
            return Err(Failure::input(format!(
                "--base {rev}: git says: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    git(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]).map_err(|_| {
        Failure::input(format!(
            "--base {rev}: not a revision of the git repository holding {} (fetch it first: `git fetch origin main`)",
            path.display()
        ))
    })?;
    let committed = git(&[
        "diff",
        "--name-only",
        "--relative",
        "--diff-filter=A",
        rev,
        "--",
        ".",
    ])?;
    let untracked = git(&["ls-files", "--others", "--exclude-standard", "."])?;
    let names: Vec<&str> = committed.lines().chain(untracked.lines()).collect();
    Ok(dir
        .files
        .iter()
        .filter(|f| {
            names
                .iter()
                .any(|n| file_name(n) == f.name || written_for(file_name(n), &f.version))
        })
        .map(|f| f.version.clone())
        .collect())
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether a file named `name` on disk holds `version` in another tool's layout
/// (`20240101_x.up.sql`, Flyway's `V3__x.sql`).
fn written_for(name: &str, version: &str) -> bool {
    let name = name.strip_prefix('V').unwrap_or(name);
    name.strip_prefix(version)
        .is_some_and(|rest| rest.starts_with(|c: char| !c.is_ascii_digit()))
}

/// GitHub Actions workflow commands, one per finding, on the file's line.
fn annotations(dir: &Path, files: &[FileLint]) -> String {
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for f in files {
        let path = dir.join(&f.file);
        let path = path.to_string_lossy();
        let path = path.strip_prefix("./").unwrap_or(&path);
        for x in &f.findings {
            let level = match x.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            out.push_str(&format!(
                "::{level} file={},line={},col={},title={}::{}\n",
                escape_prop(path),
                x.line,
                x.col,
                escape_prop(&format!("ebb {}", x.code)),
                escape_data(&x.message)
            ));
        }
    }
    out
}
