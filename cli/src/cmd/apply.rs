//! `ebb migrate apply`: run the files after the recorded history, recording each.

use super::{
    indented, locked, millis, now, read_plan_file, run_reviewed, shown_version, test_pause,
    write_plan_file, Files, OPERATOR,
};
use crate::adopt;
use crate::db::{first_line, Db};
use crate::fail::Failure;
use crate::out::{ms, took, Out};
use crate::{config, Target, TxMode};
use ebb_core::migrate::run::{self, ApplyOptions, ApplyRun, Op, Reply};
use ebb_core::migrate::{self, reviewed, MigrationDir, Revision, RevisionKind};
use ebb_core::{Dialect, Error};
use serde_json::json;
use std::io::IsTerminal;
use std::time::Instant;

/// What `ebb migrate apply` was asked to do.
pub struct ApplyHow {
    /// At most N files.
    pub n: Option<usize>,
    /// Print what would run.
    pub dry_run: bool,
    /// Mark files up to this version as applied on an empty revision table.
    pub baseline: Option<String>,
    /// Transactions.
    pub tx_mode: TxMode,
    /// Write the plan for review (with --dry-run).
    pub plan_out: Option<std::path::PathBuf>,
    /// Run a reviewed plan.
    pub plan: Option<std::path::PathBuf>,
    /// The directory's layout (another tool's: its version table can be adopted).
    pub layout: ebb_core::migrate::Layout,
}

/// `ebb migrate apply`.
pub async fn apply(t: &Target, mut how: ApplyHow) -> Result<(), Failure> {
    how.layout = config::resolve(&t.dirs, None)?.0.layout;
    let reviewed = match &how.plan {
        Some(path) => {
            let f = read_plan_file(path, "migrate apply")?;
            how.n = f.arguments["n"]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok());
            how.baseline = f.arguments["baseline"].as_str().map(str::to_string);
            Some(f)
        }
        None => None,
    };
    let how = &how;
    locked(
        t,
        "migrate apply",
        Files::Required,
        how.dry_run,
        async |db, out, dir| apply_locked(db, out, dir, how, reviewed.as_ref()).await,
    )
    .await
}

pub(crate) async fn apply_locked(
    db: &mut Db,
    out: &mut Out,
    dir: &MigrationDir,
    how: &ApplyHow,
    reviewed: Option<&reviewed::PlanFile>,
) -> Result<(), Failure> {
    let (n, dry_run, tx_mode) = (how.n, how.dry_run, how.tx_mode);
    let d = db.dialect;
    out.set("url", json!(db.url.shown));
    out.set("dry_run", json!(dry_run));
    let mut revs = db.revisions().await?;
    // What a reviewed plan is computed from: the database before anything of this run.
    let basis = if reviewed.is_some() || how.plan_out.is_some() {
        Some(reviewed::Basis::new(&db.inspect().await?, &revs, dir))
    } else {
        None
    };
    if let (Some(f), Some(now)) = (reviewed, &basis) {
        if let Some(why) = f.changed(now) {
            return Err(Failure::run(why));
        }
    }
    let (baseline, baseline_rows) = baseline_rows(db, out, dir, how, &mut revs).await?;
    let baseline = baseline.as_deref();
    // Every file replays before anything is written: bad SQL changes nothing, not even the
    // revision table.
    let plan = migrate::plan_apply(d, dir, &revs, n)?;
    let statements: Vec<String> = plan
        .files
        .iter()
        .flat_map(|f| f.statements[f.start_at..].iter().cloned())
        .collect();
    if let (Some(f), Some(now)) = (reviewed, &basis) {
        run_reviewed(out, f, now, &statements, how.plan.as_deref())?;
    }
    if !dry_run {
        db.ensure_revisions().await?;
        for r in &baseline_rows {
            db.save_revision(r).await?;
        }
    }
    out.warnings(&plan.warnings);
    out.set("current", json!(plan.current));
    if plan.files.is_empty() {
        out.line(format!(
            "No migration files to execute (database at version {})",
            shown_version(&plan.current)
        ));
        out.set("files", json!([]));
        return Ok(());
    }
    out.line(format!(
        "Migrating to version {} from {} ({} file(s)) on {}",
        plan.files.last().map_or("", |f| f.version.as_str()),
        shown_version(&plan.current),
        plan.files.len(),
        db.url.shown
    ));
    if dry_run {
        return show_dry_run(out, &plan, how, basis, statements, baseline);
    }
    let total_files = plan.files.len();
    let opts = ApplyOptions {
        tx_mode: match tx_mode {
            TxMode::File => run::TxMode::File,
            TxMode::All => run::TxMode::All,
            TxMode::None => run::TxMode::None,
        },
        operator: OPERATOR.into(),
    };
    let mut run = ApplyRun::new(d, plan, dir, opts).map_err(|e| match e {
        e @ Error::NotInOneTransaction { .. } => Failure::input(format!("{e} (--tx-mode all)")),
        other => other.into(),
    })?;
    let started = Instant::now();
    let mut runner = ApplyRunner {
        db,
        out,
        started: (Instant::now(), now()),
        statements: Vec::new(),
        ran: 0,
        recorded_pause: false,
    };
    let mut reply = Reply::Ok;
    while let Some(op) = run.next(reply) {
        reply = runner.answer(&run, &op).await;
    }
    let count = runner.ran;
    if let Some(Err(e)) = run.outcome() {
        return Err(Failure::run(e.message.clone()));
    }
    out.line("  -------------------------");
    out.line(format!(
        "  -- {total_files} file(s), {count} statement(s) in {}",
        took(started.elapsed())
    ));
    out.set("ms", json!(ms(started.elapsed())));
    Ok(())
}

/// The baseline of this run (`--baseline`, or the version another tool's table records on a
/// database ebb has not run on), and the rows that mark its files as applied; `revs` becomes
/// those rows where the revision table was empty.
async fn baseline_rows(
    db: &mut Db,
    out: &mut Out,
    dir: &MigrationDir,
    how: &ApplyHow,
    revs: &mut Vec<Revision>,
) -> Result<(Option<String>, Vec<Revision>), Failure> {
    let d = db.dialect;
    let baseline = how.baseline.as_deref();
    let mut baseline_rows = Vec::new();
    let adopted = if revs.is_empty() && baseline.is_none() {
        adopt::version_of_other_tool(db, how.layout, dir).await?
    } else {
        None
    };
    if let Some((v, table)) = &adopted {
        out.line(format!(
            "Adopted: {table} says version {v}; the files up to it are marked as applied (a baseline)"
        ));
        out.set("adopted", json!({"from": table, "version": v}));
    }
    let baseline = baseline.or(adopted.as_ref().map(|(v, _)| v.as_str()));
    if let Some(v) = baseline {
        if revs.is_empty() {
            if dir.file(v).is_none() {
                return Err(Failure::input(format!(
                    "baseline version {v} is not a file of the migration directory"
                )));
            }
            let marked = marked_as_baseline(d, dir, v);
            baseline_rows.clone_from(&marked);
            out.line(format!(
                "Baseline: {} file(s) up to version {v} marked as applied",
                marked.len()
            ));
            out.set("baseline", json!(v));
            *revs = marked;
        }
    }
    Ok((baseline.map(str::to_string), baseline_rows))
}

/// `--dry-run`: the statements each file would run, and with `--plan-out` the reviewed plan.
fn show_dry_run(
    out: &mut Out,
    plan: &migrate::ApplyPlan,
    how: &ApplyHow,
    basis: Option<reviewed::Basis>,
    statements: Vec<String>,
    baseline: Option<&str>,
) -> Result<(), Failure> {
    for f in &plan.files {
        out.line(format!("\n  -- version {} ({})", f.version, f.name));
        for s in &f.statements[f.start_at..] {
            out.line(format!("{};", indented(s)));
        }
        out.push(
            "files",
            json!({"version": f.version, "name": f.name, "statements": &f.statements[f.start_at..]}),
        );
    }
    if let (Some(path), Some(basis)) = (&how.plan_out, basis) {
        let files: Vec<_> = plan
            .files
            .iter()
            .map(|f| {
                json!({"version": f.version, "name": f.name,
                            "statements": &f.statements[f.start_at..]})
            })
            .collect();
        let file = reviewed::PlanFile {
            ebb_plan: reviewed::FORMAT,
            command: "migrate apply".into(),
            arguments: json!({"n": plan.files.len(), "baseline": baseline}),
            basis,
            statements,
            plan: json!({"current": plan.current, "files": files}),
        };
        write_plan_file(out, path, &file)?;
    }
    Ok(())
}

/// The CLI's side of an apply: runs each operation of the core's [`ApplyRun`] on the
/// database, prints its progress and keeps the JSON report.
struct ApplyRunner<'a> {
    db: &'a mut Db,
    out: &'a mut Out,
    /// When the current file began: its revision rows are stamped with it.
    started: (Instant, String),
    /// The current file's statements for the JSON report.
    statements: Vec<serde_json::Value>,
    /// Statements run so far (the fault suite's pause points count them).
    ran: usize,
    /// A statement ran outside a transaction: the pause point after its progress is recorded
    /// comes with the next revision row.
    recorded_pause: bool,
}

impl ApplyRunner<'_> {
    async fn answer(&mut self, run: &ApplyRun, op: &Op) -> Reply {
        let files = run.files();
        let result = |r: Result<(), String>| r.map_or_else(Reply::Failed, |()| Reply::Ok);
        match op {
            Op::File { file } => {
                let f = &files[*file];
                self.started = (Instant::now(), now());
                self.statements.clear();
                self.out.line(format!(
                    "\n  -- migrating version {} ({})",
                    f.version, f.name
                ));
                if files.len() > 5 && self.out.text_mode() && std::io::stderr().is_terminal() {
                    crate::tellln!("[{}/{}] {}", file + 1, files.len(), f.name);
                }
                Reply::Ok
            }
            Op::Resume {
                file,
                start_at,
                took_effect,
            } => {
                let total = files[*file].statements.len();
                if *took_effect {
                    self.out.line(format!(
                        "  -- statement {start_at} of {total} already took effect before the interruption: recorded, not run again"
                    ));
                }
                self.out.line(format!(
                    "  -- resuming after statement {start_at} of {total}"
                ));
                Reply::Ok
            }
            Op::Inspect => match self.db.inspect().await {
                Ok(s) => Reply::Schema(Box::new(s)),
                Err(f) => Reply::Failed(f.message),
            },
            Op::Begin { sql } | Op::Session { sql } => result(self.db.try_exec(sql).await),
            Op::Commit | Op::Rollback => {
                let sql = if matches!(op, Op::Commit) {
                    "COMMIT"
                } else {
                    "ROLLBACK"
                };
                result(self.db.try_exec(sql).await)
            }
            Op::Statement { step, sql, .. } => {
                self.statement(&files[*step], sql, run.in_transaction())
                    .await
            }
            Op::SaveRevision { revision } => {
                let mut row = revision.clone();
                row.executed_at.clone_from(&self.started.1);
                row.execution_time_ms = millis(self.started.0);
                if row.error.is_some() {
                    // What failed may have been the revision table's own statement.
                    if let Err(f) = self.db.ensure_revisions().await {
                        return Reply::Failed(f.message);
                    }
                }
                let r = self.db.save_revision(&row).await.map_err(|f| f.message);
                if r.is_ok() && std::mem::take(&mut self.recorded_pause) {
                    test_pause(self.ran, true);
                }
                result(r)
            }
            Op::FileApplied { file } => {
                let f = &files[*file];
                let t = self.started.0.elapsed();
                self.out.line(format!("  -- ok ({})", took(t)));
                self.out.push(
                    "files",
                    json!({"version": f.version, "name": f.name,
                           "statements": std::mem::take(&mut self.statements), "ms": ms(t)}),
                );
                Reply::Ok
            }
            // A revert's operations: an apply hands out none of them.
            Op::Step { .. }
            | Op::Check { .. }
            | Op::Verify { .. }
            | Op::Unapplied { .. }
            | Op::Backup { .. }
            | Op::SaveBackup { .. } => Reply::Ok,
        }
    }

    async fn statement(&mut self, f: &migrate::ApplyFile, sql: &str, in_tx: bool) -> Reply {
        let ts = Instant::now();
        let r = self.db.try_exec(sql).await;
        let dt = ts.elapsed();
        match r {
            Ok(()) => {
                self.out
                    .line(format!("  -> {} ... ok ({})", first_line(sql), took(dt)));
                self.statements.push(json!({"sql": sql, "ms": ms(dt)}));
                self.ran += 1;
                test_pause(self.ran, false);
                if in_tx {
                    test_pause(self.ran, true);
                } else {
                    self.recorded_pause = true;
                }
                Reply::Ok
            }
            Err(e) => {
                self.out.line(format!("  -> {} ... error", first_line(sql)));
                self.statements
                    .push(json!({"sql": sql, "ms": ms(dt), "error": e}));
                self.out.push(
                    "files",
                    json!({"version": f.version, "name": f.name,
                           "statements": std::mem::take(&mut self.statements)}),
                );
                Reply::Failed(e)
            }
        }
    }
}

/// Rows marking every file up to `version` as applied by other means (a baseline).
pub(crate) fn marked_as_baseline(d: Dialect, dir: &MigrationDir, version: &str) -> Vec<Revision> {
    let mut marked = migrate::revisions_up_to(d, dir, version, None);
    for r in &mut marked {
        r.kind = RevisionKind::Baseline;
        r.executed_at = now();
    }
    marked
}
