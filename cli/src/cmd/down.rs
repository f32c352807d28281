//! `ebb migrate down`: plan the revert in the core, show it, and run it step by step
//! through the core's executor (`ebb_core::migrate::run`), with backups of what it may lose.

use super::apply::marked_as_baseline;
use super::new::utc_stamp;
use super::{
    indented, locked, read_plan_file, result, run_reviewed, test_pause, write_plan_file, Files,
};
use crate::adopt;
use crate::db::Db;
use crate::dir;
use crate::fail::Failure;
use crate::out::{ms, took, Out};
use crate::{config, Target};
use ebb_core::checks;
use ebb_core::migrate::run::{self, DownRun, Op, Reply, RunOptions};
use ebb_core::migrate::{
    self, cmp_versions, reviewed, DownMode, DownPlan, DownStep, MigrationDir, Revision,
};
use serde_json::json;
use std::cmp::Ordering;
use std::io::IsTerminal;
use std::time::Instant;

/// What `ebb migrate down` was asked to do.
pub struct DownHow {
    /// Revert the last N files.
    pub n: Option<usize>,
    /// Revert down to this version.
    pub to_version: Option<String>,
    /// Print the plan and run its checks only.
    pub dry_run: bool,
    /// Undo the files, or make the schema equal the target.
    pub mode: DownMode,
    /// Tables and columns whose data may go (with a backup).
    pub allow_data_loss: Vec<String>,
    /// Where the backup goes.
    pub backup_dir: std::path::PathBuf,
    /// Write the plan for review (with --dry-run).
    pub plan_out: Option<std::path::PathBuf>,
    /// Run a reviewed plan.
    pub plan: Option<std::path::PathBuf>,
    /// The directory's layout (another tool's: its version table can be adopted).
    pub layout: ebb_core::migrate::Layout,
}

/// `ebb migrate down`.
pub async fn down(t: &Target, mut how: DownHow) -> Result<(), Failure> {
    how.layout = config::resolve(&t.dirs, None)?.0.layout;
    // A reviewed plan brings the arguments it was computed with.
    let reviewed = match &how.plan {
        Some(path) => {
            let f = read_plan_file(path, "migrate down")?;
            let a = &f.arguments;
            how.to_version = a["to_version"].as_str().map(str::to_string);
            how.mode = if a["exact"].as_bool() == Some(true) {
                DownMode::Exact
            } else {
                DownMode::UndoFiles
            };
            how.allow_data_loss = a["allow_data_loss"]
                .as_array()
                .map(|v| {
                    v.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            Some(f)
        }
        None => None,
    };
    let how = &how;
    locked(
        t,
        "migrate down",
        Files::Recorded,
        false,
        async |db, out, dir| {
            if reviewed.is_some() {
                out.set("plan_file", json!(how.plan));
            }
            down_locked(db, out, dir, how, reviewed.as_ref()).await
        },
    )
    .await
}

/// The version a down run goes to: `N` versions back (default 1), or `--to-version`. Asking
/// for more versions than are applied is an error, not "everything": `--to-version 0` says
/// that.
pub(crate) fn down_target(
    revs: &[Revision],
    n: Option<usize>,
    to: Option<&str>,
) -> Result<String, Failure> {
    if let Some(v) = to {
        return Ok(v.trim().to_string());
    }
    let n = n.unwrap_or(1);
    match n.cmp(&revs.len()) {
        Ordering::Greater => Err(Failure::input(format!(
            "cannot revert {n} versions: {} {} applied; `--to-version 0` reverts {}",
            revs.len(),
            if revs.len() == 1 { "is" } else { "are" },
            if revs.len() == 1 { "it" } else { "all of them" }
        ))),
        Ordering::Equal => Ok("0".to_string()),
        Ordering::Less => Ok(revs[revs.len() - 1 - n].version.clone()),
    }
}

pub(crate) async fn down_locked(
    db: &mut Db,
    out: &mut Out,
    dir: &MigrationDir,
    how: &DownHow,
    reviewed: Option<&reviewed::PlanFile>,
) -> Result<(), Failure> {
    let (n, to, dry_run, mode) = (how.n, how.to_version.as_deref(), how.dry_run, how.mode);
    let d = db.dialect;
    out.set("url", json!(db.url.shown));
    out.set("dry_run", json!(dry_run));
    if n == Some(0) {
        return Err(Failure::input("N must be at least 1"));
    }
    let mut revs = db.revisions().await?;
    if revs.is_empty() {
        if let Some((v, table)) = adopt::version_of_other_tool(db, how.layout, dir).await? {
            // What the other tool applied is ebb's history from here on: recorded as a
            // baseline (in memory only for a dry run), then reverted like any other.
            let marked = marked_as_baseline(db.dialect, dir, &v);
            if !how.dry_run {
                db.ensure_revisions().await?;
                for r in &marked {
                    db.save_revision(r).await?;
                }
            }
            out.line(format!(
                "Adopted: {table} says version {v}; the files up to it are marked as applied (a baseline)"
            ));
            out.set("adopted", json!({"from": table, "version": v}));
            revs = marked;
        }
    }
    if let Some(f) = reviewed {
        // First: a plan computed from another database is refused, whatever it became.
        let now = reviewed::Basis::new(&db.inspect().await?, &revs, dir);
        if let Some(why) = f.changed(&now) {
            return Err(Failure::run(why));
        }
    }
    if revs.is_empty() {
        out.line("Nothing to revert: no migration is applied");
        out.set("steps", json!([]));
        return Ok(());
    }
    let target = down_target(&revs, n, to)?;
    if dir.files.is_empty() {
        out.line(
            "The migration directory holds no files: the SQL recorded in ebb_schema_revisions is used",
        );
    }
    let actual = db.inspect().await?;
    let plan = migrate::plan_down(d, dir, &revs, Some(&actual), &target, mode)?;
    let basis = reviewed::Basis::new(&actual, &revs, dir);
    let statements: Vec<String> = plan.statements().into_iter().map(str::to_string).collect();
    if let Some(f) = reviewed {
        run_reviewed(out, f, &basis, &statements, how.plan.as_deref())?;
    }
    out.set("exact", json!(mode == DownMode::Exact));
    out.warnings(&plan.warnings);
    out.set("current", json!(plan.current));
    out.set("target", json!(plan.target));
    let versions: Vec<&str> = plan
        .steps
        .iter()
        .flat_map(|s| s.versions.iter().map(|v| v.version.as_str()))
        .collect();
    out.line(format!(
        "Reverting {} → {} ({} version(s): {}) on {}",
        plan.current,
        plan.target,
        versions.len(),
        versions.join(", "),
        db.url.shown
    ));
    if dry_run {
        for s in &plan.steps {
            print_step_plan(out, s);
        }
        // The checks are read-only: they run, so that a dry run says what the real run
        // would refuse (exit 1) instead of promising a run that cannot happen.
        if plan.steps.iter().any(|s| !s.plan.checks.is_empty()) {
            out.line("");
        }
        run_down(db, out, &plan, how, true).await?;
        if let Some(path) = &how.plan_out {
            let file = reviewed::PlanFile {
                ebb_plan: reviewed::FORMAT,
                command: "migrate down".into(),
                arguments: json!({"to_version": plan.target, "exact": mode == DownMode::Exact,
                                  "allow_data_loss": how.allow_data_loss}),
                basis,
                statements,
                plan: json!({"current": plan.current, "target": plan.target, "steps": plan.steps,
                             "warnings": plan.warnings}),
            };
            write_plan_file(out, path, &file)?;
        }
        return Ok(());
    }
    let started = Instant::now();
    let done = run_down(db, out, &plan, how, false).await?;
    out.line("  -------------------------");
    out.line(format!(
        "  -- {} version(s) reverted, {done} statement(s) in {}; the database is at version {}",
        versions.len(),
        took(started.elapsed()),
        plan.target
    ));
    out.set("ms", json!(ms(started.elapsed())));
    stale_other_tool(db, out, how, dir, &plan.target).await;
    Ok(())
}

/// After a revert of a database another tool used to manage: its own table still says the
/// version it left, which that tool would believe. ebb does not write other tools' tables;
/// it says so, with what to do.
pub(crate) async fn stale_other_tool(
    db: &mut Db,
    out: &mut Out,
    how: &DownHow,
    dir: &MigrationDir,
    now: &str,
) {
    let Ok(Some((theirs, table))) = adopt::version_of_other_tool(db, how.layout, dir).await else {
        return;
    };
    if cmp_versions(&theirs, now) != std::cmp::Ordering::Greater {
        return;
    }
    out.warnings(&[ebb_core::replay::Warning {
        code: "EW012",
        file: String::new(),
        line: 0,
        col: 0,
        message: format!(
            "{table} still says version {theirs}, the database is now at {now}: ebb records it in ebb_schema_revisions; \
             run only ebb on it from here on, or set that tool's record to {now} before using it again"
        ),
    }]);
}

pub(crate) fn print_step_plan(out: &mut Out, s: &DownStep) {
    let vs: Vec<&str> = s.versions.iter().map(|v| v.version.as_str()).collect();
    out.line(format!(
        "\n  -- revert {} (to version {})",
        vs.join(", "),
        s.to_version
    ));
    for c in &s.plan.checks {
        out.line(format!("  -- check {}: {}", c.code, c.reason));
        out.line(format!("  --   {}", c.sql));
    }
    for st in s
        .plan
        .pre
        .iter()
        .chain(&s.plan.statements)
        .chain(&s.plan.post)
    {
        out.line(format!("{};", indented(st)));
    }
}

/// What a down run reports of one step: its checks and statements as they ran.
#[derive(Default)]
pub(crate) struct StepReport {
    reached: bool,
    checks: Vec<serde_json::Value>,
    statements: Vec<serde_json::Value>,
}

/// What runs the core's operations on the database and reports them, for [`run_down`].
struct Runner<'a> {
    db: &'a mut Db,
    out: &'a mut Out,
    plan: &'a DownPlan,
    how: &'a DownHow,
    dry_run: bool,
    step_by_step: bool,
    report: Vec<StepReport>,
    /// Statements that ran so far (the fault suite's pause points count them).
    ran: usize,
}

impl Runner<'_> {
    /// Run `op` and say how it went.
    async fn answer(&mut self, op: &Op) -> Reply {
        let t0 = Instant::now();
        match op {
            Op::Session { sql } | Op::Begin { sql } => result(self.db.try_exec(sql).await),
            Op::Commit => result(self.db.try_exec("COMMIT").await),
            Op::Rollback => result(self.db.try_exec("ROLLBACK").await),
            Op::Step { step } => {
                self.report[*step].reached = true;
                let s = &self.plan.steps[*step];
                if self.step_by_step && !self.dry_run {
                    let vs: Vec<&str> = s.versions.iter().map(|v| v.version.as_str()).collect();
                    if self.plan.steps.len() > 5
                        && self.out.text_mode()
                        && std::io::stderr().is_terminal()
                    {
                        crate::tellln!(
                            "[{}/{}] reverting {}",
                            step + 1,
                            self.plan.steps.len(),
                            vs.join(", ")
                        );
                    }
                    self.out.line(format!(
                        "\n  -- reverting {} (to version {})",
                        vs.join(", "),
                        s.to_version
                    ));
                }
                Reply::Ok
            }
            Op::Check { step, check, early } => self.check(*step, check, *early, t0).await,
            Op::Statement { step, sql, .. } => {
                let r = self.db.try_exec(sql).await;
                let stmts = &mut self.report[*step].statements;
                match &r {
                    Ok(()) => {
                        self.out.line(format!(
                            "  -> {} ... ok ({})",
                            run::first_line(sql),
                            took(t0.elapsed())
                        ));
                        stmts.push(json!({"sql": sql, "ms": ms(t0.elapsed())}));
                        self.ran += 1;
                        test_pause(self.ran, false);
                    }
                    Err(e) => {
                        self.out
                            .line(format!("  -> {} ... error", run::first_line(sql)));
                        stmts.push(json!({"sql": sql, "error": e}));
                    }
                }
                result(r)
            }
            Op::Verify { sql, .. } | Op::Backup { sql, .. } => match self.db.rows(sql).await {
                Ok(rows) => Reply::Rows(rows),
                Err(e) => Reply::Failed(e),
            },
            Op::SaveRevision { revision } => {
                let r = self.db.save_revision(revision).await.map_err(|f| f.message);
                if r.is_ok() && revision.error.is_none() {
                    // Progress recorded after a statement: the fault suite's second pause point.
                    if self.ran > 0 {
                        test_pause(self.ran, true);
                    }
                }
                result(r)
            }
            Op::Unapplied { version, .. } => result(
                self.db
                    .delete_revision(version)
                    .await
                    .map_err(|f| f.message),
            ),
            Op::Inspect => match self.db.inspect().await {
                Ok(s) => Reply::Schema(Box::new(s)),
                Err(f) => Reply::Failed(f.message),
            },
            // An apply's operations: a revert hands out none of them.
            Op::File { .. } | Op::Resume { .. } | Op::FileApplied { .. } => Reply::Ok,
            Op::SaveBackup { sql, rows, places } => {
                match write_backup(&self.how.backup_dir, &self.plan.current, sql) {
                    Ok(path) => {
                        self.out.line(format!(
                            "  -- {} (--allow-data-loss): {rows} row(s) saved to {}",
                            places.join(", "),
                            path.display()
                        ));
                        self.out
                            .set("backup", json!({"file": path, "rows": rows, "of": places}));
                        Reply::Ok
                    }
                    Err(e) => Reply::Failed(e),
                }
            }
        }
    }

    /// Run a check and report it (a failed one let go with `--allow-data-loss` says so).
    async fn check(
        &mut self,
        step: usize,
        check: &checks::Check,
        early: bool,
        t0: Instant,
    ) -> Reply {
        let r = self.db.rows(&check.sql).await;
        let place = check.place();
        let before = if early && step > 0 {
            " (before any change)"
        } else {
            ""
        };
        let entry = match &r {
            Ok(rows) => {
                let v = rows.first().and_then(|r| r.first().cloned().flatten());
                let ok = run::is_true(v.as_deref());
                let let_go = !ok
                    && !self.dry_run
                    && run::allows(&self.how.allow_data_loss, check)
                    && check
                        .backup
                        .as_ref()
                        .is_some_and(|b| b.restore != checks::Restore::NoKey);
                let shown = if ok {
                    format!("ok ({})", took(t0.elapsed()))
                } else if let_go {
                    "holds data: let go (--allow-data-loss), saved first".into()
                } else {
                    "failed".into()
                };
                self.out.line(format!(
                    "  -> check {} on {place}{before} ... {shown}",
                    check.code
                ));
                json!({"check": check, "ok": ok, "allowed": let_go, "ms": ms(t0.elapsed())})
            }
            Err(e) => json!({"check": check, "ok": false, "error": e}),
        };
        // A check that cannot run yet (what an earlier step re-creates) runs again
        // before its own step: only that run is reported.
        if !(early && r.is_err()) {
            self.report[step].checks.push(entry);
        }
        match r {
            Ok(rows) => Reply::Value(rows.first().and_then(|r| r.first().cloned().flatten())),
            Err(e) => Reply::Failed(e),
        }
    }
}

/// Run a down plan in the order the core's [`DownRun`] gives (the same for every surface):
/// this only talks to the database and prints what happened.
pub(crate) async fn run_down(
    db: &mut Db,
    out: &mut Out,
    plan: &DownPlan,
    how: &DownHow,
    dry_run: bool,
) -> Result<usize, Failure> {
    let rows = db.revisions().await?;
    let mut run = DownRun::new(
        plan.clone(),
        RunOptions {
            rows,
            again: "`ebb migrate down`".into(),
            dry_run,
            allow_data_loss: how.allow_data_loss.clone(),
            ..RunOptions::default()
        },
    );
    let mut runner = Runner {
        db,
        out,
        plan,
        how,
        dry_run,
        step_by_step: !plan.dialect.transactional_ddl(),
        report: plan.steps.iter().map(|_| StepReport::default()).collect(),
        ran: 0,
    };
    let mut reply = Reply::Ok;
    while let Some(op) = run.next(reply) {
        reply = runner.answer(&op).await;
    }
    let Runner { out, report, .. } = runner;
    for (s, r) in plan.steps.iter().zip(report) {
        if dry_run {
            // The plan, with what its checks found.
            out.push(
                "steps",
                json!({"versions": s.versions, "to_version": s.to_version, "checks": r.checks,
                       "statements": s.plan.statements, "pre": s.plan.pre, "post": s.plan.post,
                       "transactional": s.plan.transactional}),
            );
        } else if r.reached || !r.checks.is_empty() {
            out.push(
                "steps",
                json!({"versions": s.versions, "to_version": s.to_version,
                       "checks": r.checks, "statements": r.statements}),
            );
        }
    }
    match run.outcome() {
        Some(Ok(n)) => Ok(*n),
        Some(Err(e)) => {
            // Data the user may let go, by name: the flag that does it, and nothing broader.
            let places: Vec<String> = e
                .refused
                .iter()
                .filter(|c| c.backup.is_some() && matches!(c.code, "EB101" | "EB102"))
                .filter(|c| !how.allow_data_loss.contains(&c.place()))
                .map(checks::Check::place)
                .collect();
            let hint = if places.is_empty() {
                String::new()
            } else {
                format!(
                    "\n  to let it go, keeping a copy: --allow-data-loss {} (the values are saved to {}/ first)",
                    places.join(","),
                    how.backup_dir.display()
                )
            };
            Err(Failure::run(format!("{}{hint}", e.message)))
        }
        None => Err(Failure::run("the revert stopped before its end")),
    }
}

/// Write a backup file into `dir` (created if missing): `<UTC timestamp>_<version>.sql`,
/// never over an existing file.
pub(crate) fn write_backup(
    dir: &std::path::Path,
    version: &str,
    sql: &str,
) -> Result<std::path::PathBuf, String> {
    use std::io::Write;
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create {}: {}", dir.display(), dir::io_reason(&e)))?;
    let stamp = utc_stamp();
    for n in 0.. {
        let name = if n == 0 {
            format!("{stamp}_{version}.sql")
        } else {
            format!("{stamp}_{version}_{n}.sql")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(sql.as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(|e| {
                        format!("cannot write {}: {}", path.display(), dir::io_reason(&e))
                    })?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(format!(
                    "cannot write {}: {}",
                    path.display(),
                    dir::io_reason(&e)
                ))
            }
        }
    }
    unreachable!("some file name is free")
}

// ---------------------------------------------------------------------------------------------
// status, set

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(v: &str) -> Revision {
        Revision {
            version: v.into(),
            ..Revision::default()
        }
    }

    #[test]
    fn down_targets() {
        let revs = [rev("1"), rev("2"), rev("3")];
        let t = |n, to| down_target(&revs, n, to).map_err(|f| f.message);
        assert_eq!(t(None, None).unwrap(), "2");
        assert_eq!(t(Some(2), None).unwrap(), "1");
        assert_eq!(t(Some(3), None).unwrap(), "0");
        assert_eq!(t(None, Some("1")).unwrap(), "1");
        // More than are applied: a typo, not "everything".
        assert_eq!(
            t(Some(99), None).unwrap_err(),
            "cannot revert 99 versions: 3 are applied; `--to-version 0` reverts all of them"
        );
    }
}
