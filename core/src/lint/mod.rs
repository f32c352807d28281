//! Lint: before a migration file ships, what it destroys, what could fail or lock on a
//! production table, and what rolling it back would do.
//!
//! Every file of the directory is replayed; for each file being linted, every statement's
//! schema change is diffed (the checks a plan would make are what the statement destroys or
//! may fail on, EL1xx; the changes themselves say what locks, EL4xx/EL5xx), and the file's
//! revert is planned as `ebb migrate down` would plan it (its checks are what a rollback would
//! refuse on or drop, EL2xx). Replay's warnings (data changes, EW001…) say what a rollback
//! does not undo. Codes are silenced per file (`-- ebb:lint ignore EL401`) or for the whole
//! directory ([`LintOptions::ignore`], from `ebb.toml`).

pub mod codes;
mod mysql;
mod postgres;

pub use codes::{Code, Severity, CODES};

use crate::checks::Check;
use crate::diff::{diff, Change};
use crate::migrate::{MigrationDir, MigrationFile};
use crate::replay::{Outcome, Session};
use crate::schema::{Schema, Table};
use crate::sql::split::{split, SplitStatement};
use crate::{Dialect, Result};
use serde::Serialize;

/// One thing the lint found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code (`EL101`).
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// File name.
    pub file: String,
    /// 1-based line (of the statement; 1 for what concerns the whole file).
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What was found, naming the object.
    pub message: String,
}

/// The lint of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileLint {
    /// Version.
    pub version: String,
    /// File name.
    pub file: String,
    /// Findings in file order (statement findings, then the rollback's).
    pub findings: Vec<Finding>,
    /// The statements that would revert the file (what `ebb migrate down` runs).
    pub revert: Vec<String>,
    /// Codes silenced for this file that would otherwise have been reported.
    pub ignored: usize,
}

/// What the lint leaves out.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Codes silenced for every file.
    pub ignore: Vec<String>,
}

/// The lint of `versions` (files of `dir`; any order) after replaying the files before each.
///
/// # Errors
/// A file that does not replay (with file:line:col), or an unknown code to ignore.
pub fn lint(
    d: Dialect,
    dir: &MigrationDir,
    versions: &[String],
    opts: &LintOptions,
) -> Result<Vec<FileLint>> {
    for c in &opts.ignore {
        known(c, "the lint's ignore list")?;
    }
    let mut session = Session::new(Schema::new(d));
    let mut out = Vec::new();
    for f in &dir.files {
        if versions.contains(&f.version) {
            out.push(lint_file(&mut session, f, opts)?);
        } else {
            session.file(&f.name, &f.sql)?;
        }
    }
    Ok(out)
}

fn known(code: &str, place: &str) -> Result<()> {
    if codes::find(code).is_some() {
        return Ok(());
    }
    Err(crate::Error::Input(format!(
        "unknown lint code {code} in {place} (`ebb migrate lint --explain` lists them)"
    )))
}

/// Where a finding is and what it concerns, while one file is linted.
struct FileCx<'a> {
    d: Dialect,
    file: &'a str,
    /// The schema before the file.
    before: &'a Schema,
    findings: Vec<Finding>,
    /// Tables dropped by a statement (identity, name, where): decided at the end of the file,
    /// since a table renamed into a dropped one's name takes it over (the rebuild: create
    /// `t_new`, copy, drop `t`, rename `t_new` to `t`).
    dropped: Vec<(crate::schema::Id, String, (usize, usize))>,
}

impl FileCx<'_> {
    fn push(&mut self, code: &'static str, at: (usize, usize), message: String) {
        let severity = codes::find(code).map_or(Severity::Warning, |c| c.severity);
        self.findings.push(Finding {
            code,
            severity,
            file: self.file.to_string(),
            line: at.0,
            col: at.1,
            message,
        });
    }

    /// A finding that names only its object (`users.email`): the code's title says what
    /// happens to it.
    fn push_object(&mut self, code: &'static str, at: (usize, usize), object: &str) {
        let title = codes::find(code).map_or("", |c| c.title);
        self.push(code, at, format!("{title}: {object}"));
    }

    /// Whether `table` (named as after the statement, in `now`) existed before the file:
    /// only then can it hold rows the file's statements read, lock or lose.
    fn existed(&self, now: &Schema, table: &str) -> bool {
        self.old_table(now, table).is_some()
            || (now.table(table).is_none() && self.before.table(table).is_some())
    }

    fn old_table(&self, now: &Schema, table: &str) -> Option<&Table> {
        let id = now.table(table).map(|t| t.id)?;
        self.before.tables.iter().find(|t| t.id == id).map(|t| &**t)
    }
}

fn lint_file(session: &mut Session, f: &MigrationFile, opts: &LintOptions) -> Result<FileLint> {
    let d = session.schema().dialect;
    let parts = split(&f.name, &f.sql, d)?;
    for c in &parts.directives.lint_ignore {
        known(c, &f.name)?;
    }
    let before = session.schema().clone();
    let mut cx = FileCx {
        d,
        file: &f.name,
        before: &before,
        findings: Vec::new(),
        dropped: Vec::new(),
    };
    session.next_file();
    let mut schema_statements = Vec::new();
    for st in &parts.statements {
        let was = session.schema().clone();
        let (outcome, warning) = session.statement(&f.name, st)?;
        if let Some(w) = warning {
            if codes::find(w.code).is_some() {
                cx.push(w.code, (w.line, w.col), w.message);
            }
        }
        if outcome == Outcome::Schema {
            schema_statements.push((st.line, st.col));
            statement(&mut cx, &was, session.schema(), st);
        }
    }
    dropped_tables(&mut cx, session.schema());
    if d.transactional_ddl() && parts.directives.no_transaction && schema_statements.len() > 1 {
        cx.push(
            "EL601",
            schema_statements[0],
            format!(
                "{} statements change the schema outside a transaction: a failure half-way leaves the earlier ones applied",
                schema_statements.len()
            ),
        );
    }
    // The file's own findings in file order (a dropped table's is decided at the end).
    cx.findings.sort_by_key(|f| (f.line, f.col));
    // The revert: what `migrate down` plans from the file's schema back to the one before.
    let revert = crate::plan::plan(session.schema(), &before);
    for c in &revert.checks {
        cx.push_object(rollback_code(c), (1, 1), &object(c));
    }
    let mut findings = cx.findings;
    let total = findings.len();
    findings.retain(|x| {
        !parts
            .directives
            .lint_ignore
            .iter()
            .chain(&opts.ignore)
            .any(|c| c.eq_ignore_ascii_case(x.code))
    });
    Ok(FileLint {
        version: f.version.clone(),
        file: f.name.clone(),
        ignored: total - findings.len(),
        findings,
        revert: revert.statements,
    })
}

/// One statement's findings: the checks a plan of its change would make (what it destroys or
/// may fail on) and what its changes lock.
fn statement(cx: &mut FileCx<'_>, was: &Schema, now: &Schema, st: &SplitStatement) {
    let at = (st.line, st.col);
    let df = diff(was, now);
    for c in &df.checks {
        // A table or column the file itself created holds nothing yet.
        if !cx.existed(was, &c.table) {
            continue;
        }
        let new_column = c.column.as_ref().is_some_and(|col| {
            cx.old_table(was, &c.table)
                .is_none_or(|t| t.column(cx.d, col).is_none())
        });
        if new_column && c.code != "EB109" {
            continue;
        }
        if c.code == "EB101" {
            if let Some(t) = was.table(&c.table) {
                cx.dropped.push((t.id, c.table.clone(), at));
                continue;
            }
        }
        if matches!(c.code, "EB107" | "EB108") && postgres::has_words(&st.text, &["NOT", "VALID"]) {
            // PostgreSQL leaves existing rows unchecked until VALIDATE CONSTRAINT.
            continue;
        }
        cx.push_object(up_code(c), at, &object(c));
    }
    for ch in &df.changes {
        if let Some(table) = changed_table(ch) {
            if !cx.existed(now, table) {
                continue;
            }
        }
        match cx.d {
            Dialect::Postgres => postgres::locks(cx, now, ch, st),
            Dialect::Mysql => mysql::copies(cx, ch, at),
            Dialect::Sqlite => {}
        }
    }
}

/// The tables the file's statements dropped: gone with their rows (EL101), or taken over by a
/// table renamed into their name later in the file (a rebuild), which loses only what the
/// rebuilt table lacks — the file's own change to that table, checked as a whole.
fn dropped_tables(cx: &mut FileCx<'_>, after: &Schema) {
    let dropped = std::mem::take(&mut cx.dropped);
    let mut whole = None;
    for (id, name, at) in dropped {
        if !after.tables.iter().any(|t| t.id == id) {
            cx.push_object("EL101", at, &name);
            continue;
        }
        let df = whole.get_or_insert_with(|| diff(cx.before, after));
        let checks: Vec<Check> = df
            .checks
            .iter()
            .filter(|c| c.table == name)
            .cloned()
            .collect();
        for c in &checks {
            cx.push_object(up_code(c), at, &object(c));
        }
    }
}

/// The table a change is on, where it is on one that may already hold rows.
fn changed_table(ch: &Change) -> Option<&str> {
    use Change as C;
    match ch {
        C::AddColumn { table, .. }
        | C::AlterColumn { table, .. }
        | C::AddPrimaryKey { table, .. }
        | C::DropPrimaryKey { table, .. }
        | C::AddIndex { table, .. }
        | C::AddForeignKey { table, .. }
        | C::AddCheck { table, .. }
        | C::SetTableOptions { table, .. } => Some(table),
        _ => None,
    }
}

/// EB1xx, a check of the file's own change → EL1xx.
fn up_code(c: &Check) -> &'static str {
    mapped(c.code, 100)
}

/// EB1xx, a check of the rollback → EL2xx.
fn rollback_code(c: &Check) -> &'static str {
    mapped(c.code, 200)
}

/// The lint code of a check (`EB105` → `EL105` or `EL205`); the check's own code where the
/// lint has none (a test keeps every check mapped).
fn mapped(check: &'static str, base: u32) -> &'static str {
    let n: Option<u32> = check.strip_prefix("EB1").and_then(|x| x.parse().ok());
    let want = n.map(|n| format!("EL{}", base + n));
    CODES
        .iter()
        .find(|c| want.as_deref() == Some(c.code))
        .map_or(check, |c| c.code)
}

/// The object a check is about (`users.email`); [`FileCx::push_object`] puts the title before it.
fn object(c: &Check) -> String {
    match &c.column {
        Some(col) => format!("{}.{col}", c.table),
        None => c.table.clone(),
    }
}

/// The lint as people read it: per file, one `severity CODE file:line:col: message` line per
/// finding, then the statements a rollback of the file would run.
#[must_use]
pub fn to_text(files: &[FileLint]) -> String {
    let mut out = String::new();
    for f in files {
        out.push_str(&format!("{} ({})\n", f.file, f.version));
        for x in &f.findings {
            out.push_str(&format!(
                "  {} {} {}:{}:{}: {}\n",
                x.severity.name(),
                x.code,
                x.file,
                x.line,
                x.col,
                x.message
            ));
        }
        if f.findings.is_empty() {
            out.push_str("  no findings\n");
        }
        if f.ignored > 0 {
            out.push_str(&format!("  ({} silenced)\n", f.ignored));
        }
        if f.revert.is_empty() {
            out.push_str("  rollback: nothing to revert in the schema\n");
        } else {
            out.push_str("  rollback:\n");
            for s in &f.revert {
                for (i, line) in s.lines().enumerate() {
                    let lead = if i == 0 { "    " } else { "      " };
                    out.push_str(&format!("{lead}{line}\n"));
                }
            }
        }
    }
    out
}

/// Whether any finding is an error (the lint fails).
#[must_use]
pub fn has_errors(files: &[FileLint]) -> bool {
    files
        .iter()
        .flat_map(|f| &f.findings)
        .any(|x| x.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::{codes, mapped};

    #[test]
    fn every_check_has_a_code_for_the_file_and_one_for_its_rollback() {
        for n in 1..=10 {
            let check: &'static str = Box::leak(format!("EB1{n:02}").into_boxed_str());
            for base in [100, 200] {
                let code = mapped(check, base);
                assert!(
                    code.starts_with("EL"),
                    "{check} has no lint code over {base}"
                );
                assert!(codes::find(code).is_some());
            }
        }
    }

    #[test]
    fn codes_are_unique_and_explained() {
        for (i, c) in codes::CODES.iter().enumerate() {
            assert!(
                codes::CODES[..i].iter().all(|x| x.code != c.code),
                "{} twice",
                c.code
            );
            assert!(c.explanation.len() > 60, "{} needs a paragraph", c.code);
        }
    }
}
