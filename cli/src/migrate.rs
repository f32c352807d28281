//! `ebb migrate …`: apply, down, status, hash, validate, new, set.

use crate::adopt;
use crate::db::{first_line, Db};
use crate::dir;
use crate::fail::Failure;
use crate::out::{ms, took, Out};
use crate::url::DbUrl;
use crate::{config, DirArgs, Target, TxMode};
use ebb_core::checks;
use ebb_core::migrate::run::{self, DownRun, Op, Reply, RunOptions, REVERT_IN_PROGRESS};
use ebb_core::migrate::{
    self, cmp_versions, reviewed, DownMode, DownPlan, DownStep, MigrationDir, Revision,
    RevisionKind,
};
use ebb_core::{Dialect, Schema};
use serde_json::json;
use std::cmp::Ordering;
use std::io::IsTerminal;
use std::time::{Instant, SystemTime};

const OPERATOR: &str = env!("CARGO_PKG_VERSION");

/// Test hook of the fault suite (`cli/tests/faults.rs`): `EBB_TEST_PAUSE=N:executed` stops
/// the run for good right after its N-th statement, before its progress is recorded;
/// `N:recorded` right after. The run says so on stderr and waits to be killed (SIGKILL).
/// Without the variable this is one lookup per statement.
fn test_pause(count: usize, recorded: bool) {
    static POINT: std::sync::OnceLock<Option<(usize, bool)>> = std::sync::OnceLock::new();
    let point = POINT.get_or_init(|| {
        let v = std::env::var("EBB_TEST_PAUSE").ok()?;
        let (n, when) = v.split_once(':')?;
        Some((n.parse().ok()?, when == "recorded"))
    });
    if *point == Some((count, recorded)) {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "ebb-test: paused after statement {count}"
        );
        let _ = std::io::stderr().flush();
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// What a command needs of the migration directory.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Files {
    /// Files to run: an empty directory is refused (almost always a wrong `--dir`, and
    /// "nothing to do" would hide that).
    Required,
    /// Read if there are any (status).
    Optional,
    /// A revert: every applied file's SQL is in the revision table, so the directory of a
    /// release older than the first migration (empty, or not there at all) will do.
    Recorded,
}

/// The directory (checked against its ebb.sum) and the database URL of a command.
fn setup(t: &Target, files: Files) -> Result<(MigrationDir, DbUrl), Failure> {
    let (spec, url) = config::resolve(&t.dirs, t.url.as_deref())?;
    let dir = if files == Files::Recorded && !spec.path().exists() {
        MigrationDir::from_files(Vec::new())?
    } else {
        dir::load(&spec)?
    };
    if files == Files::Required && dir.files.is_empty() {
        return Err(Failure::input(format!(
            "{} holds no migration files: ebb reads files named like 001_create_users.sql (is --dir right?)",
            spec.arg
        )));
    }
    Ok((dir, DbUrl::resolve(url.as_deref())?))
}

/// Run `work` with the directory (checked against its ebb.sum), a connection holding the
/// migration lock, and the command's output; the lock is released whatever happens, and in JSON
/// mode the document is printed, failure included.
async fn locked(
    t: &Target,
    command: &str,
    files: Files,
    work: impl AsyncFnOnce(&mut Db, &mut Out, &MigrationDir) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut out = Out::new(t.format, command);
    let res = async {
        let (dir, url) = setup(t, files)?;
        let mut db = open(t, &url, files == Files::Recorded).await?;
        let r = work(&mut db, &mut out, &dir).await;
        db.unlock().await;
        r
    }
    .await;
    out.finish(res)
}

/// Connect (to a database that must exist: a revert), take the lock; the caller releases it
/// with [`Db::unlock`].
async fn open(t: &Target, url: &DbUrl, existing: bool) -> Result<Db, Failure> {
    let mut db = if existing {
        Db::connect_existing(url).await?
    } else {
        Db::connect(url).await?
    };
    db.lock(t.lock_timeout).await?;
    Ok(db)
}

// ---------------------------------------------------------------------------------------------
// apply

/// `ebb migrate apply`.
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

/// Read a reviewed plan file of `command`.
fn read_plan_file(path: &std::path::Path, command: &str) -> Result<reviewed::PlanFile, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::input(format!(
            "cannot read {}: {}",
            path.display(),
            dir::io_reason(&e)
        ))
    })?;
    Ok(reviewed::PlanFile::parse(&text, command)?)
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

async fn apply_locked(
    db: &mut Db,
    out: &mut Out,
    dir: &MigrationDir,
    how: &ApplyHow,
    reviewed: Option<&reviewed::PlanFile>,
) -> Result<(), Failure> {
    let (n, dry_run, baseline, tx_mode) =
        (how.n, how.dry_run, how.baseline.as_deref(), how.tx_mode);
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
            revs = marked;
        }
    }
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
        return Ok(());
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
        let mut f = std::borrow::Cow::Borrowed(f);
        if let Some(res) = &f.resume {
            // Killed between running a statement and recording it (MySQL commits each DDL
            // statement): if the database already has what the next statement makes, it ran.
            if verify(db, &res.after).await?.is_empty()
                && !verify(db, &res.before).await?.is_empty()
            {
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
        let f = f.as_ref();
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
        } else if !all_tx {
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
                    count += 1;
                    test_pause(count, false);
                    if !file_tx && !all_tx {
                        rev.applied = i + 1;
                        rev.execution_time_ms = millis(t0);
                        db.save_revision(&rev).await?;
                    }
                    test_pause(count, true);
                }
                Err(e) => {
                    out.line(format!("  -> {} ... error", first_line(s)));
                    stmts.push(json!({"sql": s, "ms": ms(dt), "error": e}));
                    out.push(
                        "files",
                        json!({"version": f.version, "name": f.name, "statements": stmts}),
                    );
                    if file_tx || all_tx {
                        let _ = db.try_exec("ROLLBACK").await;
                    }
                    // A file rolled back left nothing: no row says it was (partly) applied,
                    // and a fixed file applies as a new one. Where statements ran outside a
                    // transaction (MySQL, `-- ebb:txmode none`), the row keeps how far it got
                    // and why it stopped: `ebb migrate apply` continues from there.
                    if !file_tx && !all_tx {
                        rev.error = Some(e.clone());
                        rev.error_stmt = Some(s.clone());
                        rev.execution_time_ms = millis(t0);
                        rev.applied = i;
                        db.ensure_revisions().await?;
                        db.save_revision(&rev).await?;
                    }
                    let rolled = if file_tx || all_tx {
                        " (rolled back)"
                    } else {
                        ""
                    };
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

fn begin(d: Dialect) -> &'static str {
    match d {
        // Writers serialise on SQLite: take the write lock now rather than fail mid-way.
        Dialect::Sqlite => "BEGIN IMMEDIATE",
        _ => "BEGIN",
    }
}

fn millis(t0: Instant) -> i64 {
    i64::try_from(t0.elapsed().as_millis()).unwrap_or(i64::MAX)
}

fn shown_version(v: &str) -> &str {
    if v.is_empty() {
        "0 (empty)"
    } else {
        v
    }
}

// ---------------------------------------------------------------------------------------------
// down

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
    locked(t, "migrate down", Files::Recorded, async |db, out, dir| {
        if reviewed.is_some() {
            out.set("plan_file", json!(how.plan));
        }
        down_locked(db, out, dir, how, reviewed.as_ref()).await
    })
    .await
}

/// The version a down run goes to: `N` versions back (default 1), or `--to-version`. Asking
/// for more versions than are applied is an error, not "everything": `--to-version 0` says
/// that.
fn down_target(revs: &[Revision], n: Option<usize>, to: Option<&str>) -> Result<String, Failure> {
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

async fn down_locked(
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
async fn stale_other_tool(
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

fn print_step_plan(out: &mut Out, s: &DownStep) {
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

/// The differences between the database and the schema it should have, one line each.
async fn verify(db: &mut Db, target: &Schema) -> Result<Vec<String>, Failure> {
    let live = db.inspect().await?;
    Ok(run::differences(target, &live))
}

/// What a down run reports of one step: its checks and statements as they ran.
#[derive(Default)]
struct StepReport {
    reached: bool,
    checks: Vec<serde_json::Value>,
    statements: Vec<serde_json::Value>,
}

/// Run a down plan in the order the core's [`DownRun`] gives (the same for every surface):
/// this only talks to the database and prints what happened.
async fn run_down(
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
    let mut report: Vec<StepReport> = plan.steps.iter().map(|_| StepReport::default()).collect();
    // Statements that ran so far (the fault suite's pause points count them).
    let mut ran = 0usize;
    let step_by_step = !db.dialect.transactional_ddl();
    let mut reply = Reply::Ok;
    while let Some(op) = run.next(reply) {
        let t0 = Instant::now();
        reply = match &op {
            Op::Session { sql } | Op::Begin { sql } => result(db.try_exec(sql).await),
            Op::Commit => result(db.try_exec("COMMIT").await),
            Op::Rollback => result(db.try_exec("ROLLBACK").await),
            Op::Step { step } => {
                report[*step].reached = true;
                let s = &plan.steps[*step];
                if step_by_step && !dry_run {
                    let vs: Vec<&str> = s.versions.iter().map(|v| v.version.as_str()).collect();
                    if plan.steps.len() > 5 && out.text_mode() && std::io::stderr().is_terminal() {
                        crate::tellln!(
                            "[{}/{}] reverting {}",
                            step + 1,
                            plan.steps.len(),
                            vs.join(", ")
                        );
                    }
                    out.line(format!(
                        "\n  -- reverting {} (to version {})",
                        vs.join(", "),
                        s.to_version
                    ));
                }
                Reply::Ok
            }
            Op::Check { step, check, early } => {
                let r = db.rows(&check.sql).await;
                let place = check.place();
                let before = if *early && *step > 0 {
                    " (before any change)"
                } else {
                    ""
                };
                let entry = match &r {
                    Ok(rows) => {
                        let v = rows.first().and_then(|r| r.first().cloned().flatten());
                        let ok = run::holds(v.as_deref());
                        let let_go = !ok
                            && !dry_run
                            && run::allows(&how.allow_data_loss, check)
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
                        out.line(format!(
                            "  -> check {} on {place}{before} ... {shown}",
                            check.code
                        ));
                        json!({"check": check, "ok": ok, "allowed": let_go, "ms": ms(t0.elapsed())})
                    }
                    Err(e) => json!({"check": check, "ok": false, "error": e}),
                };
                // A check that cannot run yet (what an earlier step re-creates) runs again
                // before its own step: only that run is reported.
                if !(*early && r.is_err()) {
                    report[*step].checks.push(entry);
                }
                match r {
                    Ok(rows) => {
                        Reply::Value(rows.first().and_then(|r| r.first().cloned().flatten()))
                    }
                    Err(e) => Reply::Failed(e),
                }
            }
            Op::Statement { step, sql, .. } => {
                let r = db.try_exec(sql).await;
                let stmts = &mut report[*step].statements;
                match &r {
                    Ok(()) => {
                        out.line(format!(
                            "  -> {} ... ok ({})",
                            run::first_line(sql),
                            took(t0.elapsed())
                        ));
                        stmts.push(json!({"sql": sql, "ms": ms(t0.elapsed())}));
                        ran += 1;
                        test_pause(ran, false);
                    }
                    Err(e) => {
                        out.line(format!("  -> {} ... error", run::first_line(sql)));
                        stmts.push(json!({"sql": sql, "error": e}));
                    }
                }
                result(r)
            }
            Op::Verify { sql, .. } | Op::Backup { sql, .. } => match db.rows(sql).await {
                Ok(rows) => Reply::Rows(rows),
                Err(e) => Reply::Failed(e),
            },
            Op::SaveRevision { revision } => {
                let r = db.save_revision(revision).await.map_err(|f| f.message);
                if r.is_ok() && revision.error.is_none() {
                    // Progress recorded after a statement: the fault suite's second pause point.
                    if ran > 0 {
                        test_pause(ran, true);
                    }
                }
                result(r)
            }
            Op::Unapplied { version, .. } => {
                result(db.delete_revision(version).await.map_err(|f| f.message))
            }
            Op::Inspect => match db.inspect().await {
                Ok(s) => Reply::Schema(Box::new(s)),
                Err(f) => Reply::Failed(f.message),
            },
            Op::SaveBackup { sql, rows, places } => {
                match write_backup(&how.backup_dir, &plan.current, sql) {
                    Ok(path) => {
                        out.line(format!(
                            "  -- {} (--allow-data-loss): {rows} row(s) saved to {}",
                            places.join(", "),
                            path.display()
                        ));
                        out.set("backup", json!({"file": path, "rows": rows, "of": places}));
                        Reply::Ok
                    }
                    Err(e) => Reply::Failed(e),
                }
            }
        };
    }
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

fn result(r: Result<(), String>) -> Reply {
    match r {
        Ok(()) => Reply::Ok,
        Err(e) => Reply::Failed(e),
    }
}

/// A statement of a printed plan: every line indented like the plan's others.
fn indented(sql: &str) -> String {
    sql.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Write a plan file for review, and say how to run it.
fn write_plan_file(
    out: &mut Out,
    path: &std::path::Path,
    f: &reviewed::PlanFile,
) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(f).map_err(|e| Failure::run(e.to_string()))?;
    std::fs::write(path, text + "\n").map_err(|e| {
        Failure::input(format!(
            "cannot write {}: {}",
            path.display(),
            dir::io_reason(&e)
        ))
    })?;
    out.line(format!(
        "\nPlan written to {}: review it, then `ebb {} --plan {}` runs exactly it",
        path.display(),
        f.command,
        path.display()
    ));
    out.set("plan_file", json!(path));
    Ok(())
}

/// A reviewed plan runs only on the basis it was computed from, with the same statements.
fn run_reviewed(
    out: &mut Out,
    f: &reviewed::PlanFile,
    now: &reviewed::Basis,
    statements: &[String],
    path: Option<&std::path::Path>,
) -> Result<(), Failure> {
    if let Some(why) = f.refusal(now, statements) {
        return Err(Failure::run(why));
    }
    out.line(format!(
        "Running the reviewed plan {} (the database is as it was computed from)",
        path.unwrap_or(std::path::Path::new("")).display()
    ));
    Ok(())
}

/// Rows marking every file up to `version` as applied by other means (a baseline).
fn marked_as_baseline(d: Dialect, dir: &MigrationDir, version: &str) -> Vec<Revision> {
    let mut marked = migrate::revisions_up_to(d, dir, version, None);
    for r in &mut marked {
        r.kind = RevisionKind::Baseline;
        r.executed_at = now();
    }
    marked
}

/// Write a backup file into `dir` (created if missing): `<UTC timestamp>_<version>.sql`,
/// never over an existing file.
fn write_backup(
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

/// `ebb migrate status`.
pub async fn status(t: &Target) -> Result<(), Failure> {
    let mut out = Out::new(t.format, "migrate status");
    let res = async {
        let (dir, url) = setup(t, Files::Optional)?;
        let mut db = Db::connect_existing(&url).await?;
        out.set("url", json!(db.url.shown));
        let revs = db.revisions().await?;
        let current = revs
            .iter()
            .rev()
            .find(|r| !r.is_partial())
            .map_or("0", |r| r.version.as_str());
        let last = revs.last().map(|r| r.version.as_str());
        let pending: Vec<&str> = dir
            .files
            .iter()
            .filter(|f| last.is_none_or(|l| cmp_versions(&f.version, l) == Ordering::Greater))
            .map(|f| f.disk_name.as_str())
            .collect();
        out.line(format!("Database: {}", db.url.shown));
        out.line(format!("Current version: {current} ({} applied)", revs.len()));
        if revs.is_empty() {
            let layout = config::resolve(&t.dirs, None)?.0.layout;
            if let Some((v, table)) = adopt::version_of_other_tool(&mut db, layout, &dir).await? {
                out.line(format!(
                    "Managed by another tool until now: {table} says version {v}; `ebb migrate apply` or `ebb migrate down` adopts it"
                ));
                out.set("adoptable", json!({"from": table, "version": v}));
            }
        }
        out.set("current", json!(current));
        out.set("applied", json!(revs.len()));
        if let Some(p) = revs.iter().find(|r| {
            r.error.is_none()
                && r.error_stmt
                    .as_deref()
                    .is_some_and(|s| s.starts_with(REVERT_IN_PROGRESS))
        }) {
            // A MySQL revert that stopped between two statements (killed): a re-run of
            // `migrate down` continues from the database as it is.
            out.line(format!(
                "Revert interrupted in version {}: {}; run `ebb migrate down` again to finish it",
                p.version,
                p.error_stmt.as_deref().unwrap_or_default()
            ));
            out.set(
                "interrupted_revert",
                json!({"version": p.version, "progress": p.error_stmt}),
            );
        }
        if let Some(p) = revs.iter().find(|r| r.is_partial() || r.error.is_some()) {
            out.line(format!(
                "Partially applied: {} ({} of {} statements){}",
                p.version,
                p.applied,
                p.total,
                p.error.as_deref().map(|e| format!(": {e}")).unwrap_or_default()
            ));
            out.set(
                "partial",
                json!({"version": p.version, "applied": p.applied, "total": p.total, "error": p.error, "statement": p.error_stmt}),
            );
        }
        let missing: Vec<&str> = revs
            .iter()
            .filter(|r| dir.file(&r.version).is_none())
            .map(|r| r.version.as_str())
            .collect();
        if !missing.is_empty() {
            out.line(format!(
                "Applied but not in the directory (reverts use the stored SQL): {}",
                missing.join(", ")
            ));
        }
        out.set("not_on_disk", json!(missing));
        if pending.is_empty() {
            out.line("Pending: none");
        } else {
            out.line(format!("Pending: {} file(s)", pending.len()));
            for p in &pending {
                out.line(format!("  {p}"));
            }
        }
        out.set("pending", json!(pending));
        Ok(())
    }
    .await;
    out.finish(res)
}

/// `ebb migrate set V`.
pub async fn set(t: &Target, version: &str) -> Result<(), Failure> {
    locked(t, "migrate set", Files::Required, async |db, out, dir| {
        let is_zero = version.trim_start_matches('0').is_empty();
        if !is_zero && dir.file(version).is_none() {
            return Err(Failure::input(format!(
                "unknown version {version}: it is not a file of the migration directory"
            )));
        }
        db.ensure_revisions().await?;
        let revs = db.revisions().await?;
        for r in &revs {
            if is_zero || cmp_versions(&r.version, version) == Ordering::Greater {
                db.delete_revision(&r.version).await?;
            }
        }
        let mut marked = 0;
        if !is_zero {
            for mut r in migrate::revisions_up_to(db.dialect, dir, version, None) {
                if revs.iter().any(|x| x.version == r.version && !x.is_partial()) {
                    continue;
                }
                r.kind = RevisionKind::Manual;
                r.executed_at = now();
                db.save_revision(&r).await?;
                marked += 1;
            }
        }
        out.line(format!(
            "Revision table set to version {version} ({marked} file(s) marked as applied, nothing executed)"
        ));
        out.set("version", json!(version));
        Ok(())
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// directory commands

/// `ebb migrate hash`.
pub fn hash(args: &DirArgs) -> Result<(), Failure> {
    let (spec, _) = config::resolve(args, None)?;
    let d = dir::read(&spec)?;
    let path = spec.path();
    dir::write_sum(&path, &d)?;
    crate::sayln!(
        "{} written for {} file(s)",
        path.join(dir::SUM_FILE).display(),
        d.files.len()
    );
    Ok(())
}

/// The dialect a directory is written for: the flag, else that of the database the command
/// would use (--env, DATABASE_URL, the SQLite default).
fn dialect_for(args: &DirArgs, flag: Option<Dialect>) -> Result<Dialect, Failure> {
    if let Some(d) = flag {
        return Ok(d);
    }
    let (_, url) = config::resolve(args, None)?;
    Ok(DbUrl::resolve(url.as_deref())?.dialect)
}

/// `ebb migrate validate`.
pub fn validate(args: &DirArgs, flag: Option<Dialect>) -> Result<(), Failure> {
    let d = dialect_for(args, flag)?;
    let (spec, _) = config::resolve(args, None)?;
    let dir = dir::load(&spec)?;
    let mut s = ebb_core::replay::Session::new(Schema::new(d));
    let mut out = Out::new(crate::Format::Text, "migrate validate");
    let mut warnings = 0;
    for f in &dir.files {
        let r = s.file(&f.name, &f.sql)?;
        out.warnings(&r.warnings);
        warnings += r.warnings.len();
    }
    crate::sayln!(
        "{} file(s) valid for {d}: ebb.sum matches and every statement replays ({} table(s) at the last version, {warnings} warning(s))",
        dir.files.len(),
        s.schema().tables.len()
    );
    Ok(())
}

/// `ebb migrate diff NAME --to X`.
pub async fn diff(
    args: &DirArgs,
    name: &str,
    to: &str,
    flag: Option<Dialect>,
) -> Result<(), Failure> {
    let (spec, _) = config::resolve(args, None)?;
    let src = crate::schema::source(to)?;
    let d = match (&src, flag) {
        (crate::schema::Source::Url(u), _) => u.dialect,
        (_, f) => dialect_for(args, f)?,
    };
    let dir = dir::load(&spec)?;
    let mut s = ebb_core::replay::Session::new(Schema::new(d));
    for f in &dir.files {
        s.file(&f.name, &f.sql)?;
    }
    let current = s.into_schema();
    let desired = crate::schema::load(&src, Some(d)).await?;
    // The desired schema takes the replay's identities and spellings (not the other way round:
    // the plan starts from the directory's last version).
    let desired = ebb_core::diff::reconcile(&desired, &current);
    let p = ebb_core::plan::plan(&current, &desired);
    if p.is_empty() {
        crate::sayln!("no changes: the directory's last version already has the desired schema");
        return Ok(());
    }
    let mut body = String::new();
    for c in &p.checks {
        body.push_str(&format!("-- ebb: {} ({}): {}\n", c.reason, c.code, c.sql));
    }
    for st in p.pre.iter().chain(&p.statements).chain(&p.post) {
        if d == Dialect::Mysql && st.contains(';') {
            body.push_str(&format!(
                "-- ebb:delimiter //\n{st}\n//\n-- ebb:delimiter default\n"
            ));
        } else {
            body.push_str(st);
            body.push_str(";\n");
        }
    }
    let file = write_new(&spec, name, &body)?;
    crate::sayln!("{}", file.display());
    Ok(())
}

/// `ebb migrate rm VERSION`.
pub fn rm(args: &DirArgs, version: &str) -> Result<(), Failure> {
    let (spec, _) = config::resolve(args, None)?;
    if spec.layout != ebb_core::migrate::Layout::Ebb {
        return Err(Failure::input(
            "migrate rm works on ebb's own layout; remove the files of another tool's layout with that tool",
        ));
    }
    // The directory must match its sum first: rm records one removal, not other edits.
    let d = dir::load(&spec)?;
    let Some(f) = d.file(version.trim()) else {
        return Err(Failure::input(format!(
            "version {version} is not a file of {}",
            spec.arg
        )));
    };
    let path = spec.path();
    let file = path.join(&f.name);
    std::fs::remove_file(&file).map_err(|e| {
        Failure::input(format!(
            "cannot remove {}: {}",
            file.display(),
            dir::io_reason(&e)
        ))
    })?;
    let d = dir::read(&spec)?;
    dir::write_sum(&path, &d)?;
    crate::sayln!("{} removed; ebb.sum updated", file.display());
    Ok(())
}

/// `ebb migrate new NAME`.
pub fn new(args: &DirArgs, name: &str) -> Result<(), Failure> {
    let (spec, _) = config::resolve(args, None)?;
    let file = write_new(&spec, name, "")?;
    crate::sayln!("{}", file.display());
    Ok(())
}

/// Write `<UTC timestamp>_<name>.sql` into the directory (created if missing) and update its
/// ebb.sum; the directory must match its sum first.
fn write_new(spec: &dir::DirSpec, name: &str, body: &str) -> Result<std::path::PathBuf, Failure> {
    if spec.layout != ebb_core::migrate::Layout::Ebb {
        return Err(Failure::input(
            "new files are written in ebb's own layout only; drop --dir-format to create one",
        ));
    }
    let path = spec.path();
    let clean: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if clean.trim_matches('_').is_empty() {
        return Err(Failure::input(
            "NAME must contain letters or digits, e.g. add_users",
        ));
    }
    std::fs::create_dir_all(&path).map_err(|e| {
        Failure::input(format!(
            "cannot create {}: {}",
            path.display(),
            dir::io_reason(&e)
        ))
    })?;
    let existing = dir::load(spec)?;
    // Two files in the same second get consecutive versions.
    let mut version: u64 = utc_stamp();
    if let Some(last) = existing
        .files
        .last()
        .and_then(|f| f.version.parse::<u64>().ok())
    {
        version = version.max(last + 1);
    }
    let file = path.join(format!("{version}_{clean}.sql"));
    let content = if body.is_empty() {
        format!("-- {clean}\n")
    } else {
        body.to_string()
    };
    std::fs::write(&file, content).map_err(|e| {
        Failure::input(format!(
            "cannot write {}: {}",
            file.display(),
            dir::io_reason(&e)
        ))
    })?;
    let d = dir::read(spec)?;
    dir::write_sum(&path, &d)?;
    Ok(file)
}

/// The current UTC time as `YYYYMMDDhhmmss`.
fn utc_stamp() -> u64 {
    let s = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    s.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

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
