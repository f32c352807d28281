//! `ebb migrate apply`: run the files after the recorded history, recording each.

use super::{
    begin, indented, locked, millis, now, read_plan_file, run_reviewed, shown_version, test_pause,
    verify, write_plan_file, Files, OPERATOR,
};
use crate::adopt;
use crate::db::{first_line, Db};
use crate::fail::Failure;
use crate::out::{ms, took, Out};
use crate::{config, Target, TxMode};
use ebb_core::migrate::{self, reviewed, MigrationDir, Revision, RevisionKind};
use ebb_core::Dialect;
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
    locked(t, "migrate apply", Files::Required, async |db, out, dir| {
        apply_locked(db, out, dir, how, reviewed.as_ref()).await
    })
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
    let all_tx = tx_mode == TxMode::All && d.transactional_ddl();
    if all_tx {
        if let Some(f) = plan.files.iter().find(|f| f.no_transaction) {
            return Err(Failure::input(format!(
                "{} is marked `-- ebb:txmode none` and cannot run inside --tx-mode all",
                f.name
            )));
        }
        db.exec(begin(d)).await?;
    }
    let started = Instant::now();
    let mut count = 0usize;
    let total_files = plan.files.len();
    for (k, f) in plan.files.iter().enumerate() {
        let file_tx =
            !all_tx && tx_mode == TxMode::File && d.transactional_ddl() && !f.no_transaction;
        out.line(format!(
            "\n  -- migrating version {} ({})",
            f.version, f.name
        ));
        if total_files > 5 && out.text_mode() && std::io::stderr().is_terminal() {
            crate::tellln!("[{}/{}] {}", k + 1, total_files, f.name);
        }
        let f = resumed(db, out, f).await?;
        run_file(db, out, dir, &f, file_tx || all_tx, file_tx, &mut count).await?;
    }
    if all_tx {
        db.exec("COMMIT").await?;
    }
    out.line("  -------------------------");
    out.line(format!(
        "  -- {} file(s), {count} statement(s) in {}",
        plan.files.len(),
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

/// File `f`, or where it was killed between running a statement and recording it (MySQL
/// commits each DDL statement) and the database already has what the next statement makes,
/// `f` resuming after that statement.
async fn resumed<'f>(
    db: &mut Db,
    out: &mut Out,
    f: &'f migrate::ApplyFile,
) -> Result<std::borrow::Cow<'f, migrate::ApplyFile>, Failure> {
    let mut f = std::borrow::Cow::Borrowed(f);
    if let Some(res) = &f.resume {
        // Killed between running a statement and recording it (MySQL commits each DDL
        // statement): if the database already has what the next statement makes, it ran.
        if verify(db, &res.after).await?.is_empty() && !verify(db, &res.before).await?.is_empty() {
            out.line(format!(
                "  -- statement {} of {} already took effect before the interruption: recorded, not run again",
                f.start_at + 1,
                f.statements.len()
            ));
            let g = f.to_mut();
            g.start_at += 1;
            g.resume = None;
        }
    }
    Ok(f)
}

/// Run file `f` statement by statement, recording its revision row: inside a transaction
/// (`in_tx`, begun here when `file_tx`), or row by row so that a re-run continues where it
/// stopped.
async fn run_file(
    db: &mut Db,
    out: &mut Out,
    dir: &MigrationDir,
    f: &migrate::ApplyFile,
    in_tx: bool,
    file_tx: bool,
    count: &mut usize,
) -> Result<(), Failure> {
    let d = db.dialect;
    let sql = dir.file(&f.version).map(|x| x.sql.clone());
    let mut rev = Revision {
        version: f.version.clone(),
        description: f.description.clone(),
        kind: RevisionKind::Applied,
        applied: f.start_at,
        total: f.statements.len(),
        executed_at: now(),
        execution_time_ms: 0,
        error: None,
        error_stmt: None,
        hash: f.hash.clone(),
        partial_hashes: f.partial_hashes.clone(),
        operator_version: OPERATOR.into(),
        sql,
        schema_hash: Some(f.schema_hash.clone()),
    };
    if f.start_at > 0 {
        out.line(format!(
            "  -- resuming after statement {} of {}",
            f.start_at,
            f.statements.len()
        ));
    }
    if file_tx {
        db.exec(begin(d)).await?;
    } else if !in_tx {
        // Progress is recorded statement by statement: a row must exist first.
        db.save_revision(&rev).await?;
    }
    let t0 = Instant::now();
    let mut stmts = Vec::new();
    for (i, s) in f.statements.iter().enumerate().skip(f.start_at) {
        let ts = Instant::now();
        let r = db.try_exec(s).await;
        let dt = ts.elapsed();
        match r {
            Ok(()) => {
                out.line(format!("  -> {} ... ok ({})", first_line(s), took(dt)));
                stmts.push(json!({"sql": s, "ms": ms(dt)}));
                *count += 1;
                test_pause(*count, false);
                if !in_tx {
                    rev.applied = i + 1;
                    rev.execution_time_ms = millis(t0);
                    db.save_revision(&rev).await?;
                }
                test_pause(*count, true);
            }
            Err(e) => {
                out.line(format!("  -> {} ... error", first_line(s)));
                stmts.push(json!({"sql": s, "ms": ms(dt), "error": e}));
                out.push(
                    "files",
                    json!({"version": f.version, "name": f.name, "statements": stmts}),
                );
                if in_tx {
                    let _ = db.try_exec("ROLLBACK").await;
                }
                // A file rolled back left nothing: no row says it was (partly) applied,
                // and a fixed file applies as a new one. Where statements ran outside a
                // transaction (MySQL, `-- ebb:txmode none`), the row keeps how far it got
                // and why it stopped: `ebb migrate apply` continues from there.
                if !in_tx {
                    rev.error = Some(e.clone());
                    rev.error_stmt = Some(s.clone());
                    rev.execution_time_ms = millis(t0);
                    rev.applied = i;
                    db.ensure_revisions().await?;
                    db.save_revision(&rev).await?;
                }
                let rolled = if in_tx { " (rolled back)" } else { "" };
                let next = if rolled.is_empty() {
                    format!(
                        "\n  {i} statement(s) of it ran and stay (no transaction): fix statement {} \
                         (not the ones before it) and run `ebb migrate apply`, which continues there",
                        i + 1
                    )
                } else {
                    String::new()
                };
                return Err(Failure::run(format!(
                    "{} statement {} of {} failed{rolled}: {e}\n  in: {}{next}",
                    f.name,
                    i + 1,
                    f.statements.len(),
                    first_line(s)
                )));
            }
        }
    }
    for s in &f.session_end {
        // Replay starts every file without the temporary tables of the one before.
        db.exec(s).await?;
    }
    rev.applied = f.statements.len();
    rev.execution_time_ms = millis(t0);
    db.save_revision(&rev).await?;
    if file_tx {
        db.exec("COMMIT").await?;
    }
    out.line(format!("  -- ok ({})", took(t0.elapsed())));
    out.push(
        "files",
        json!({"version": f.version, "name": f.name, "statements": stmts, "ms": ms(t0.elapsed())}),
    );
    Ok(())
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
