//! `ebb migrate …`: apply, down, status, hash, validate, new, set.

use crate::db::{first_line, Db};
use crate::dir;
use crate::fail::Failure;
use crate::out::{ms, took, Out};
use crate::url::DbUrl;
use crate::{config, DirArgs, Target, TxMode};
use ebb_core::checks;
use ebb_core::migrate::{
    self, cmp_versions, DownMode, DownPlan, DownStep, MigrationDir, Revision, RevisionKind,
};
use ebb_core::plan::Plan;
use ebb_core::{Dialect, Schema};
use serde_json::json;
use std::cmp::Ordering;
use std::time::{Instant, SystemTime};

const OPERATOR: &str = env!("CARGO_PKG_VERSION");

/// How a MySQL revert records its progress in the revision row (`error_stmt`).
const REVERT_IN_PROGRESS: &str = "revert in progress";

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
        let mut db = open(t, &url).await?;
        let r = work(&mut db, &mut out, &dir).await;
        db.unlock().await;
        r
    }
    .await;
    out.finish(res)
}

/// Connect, take the lock; the caller releases it with [`Db::unlock`].
async fn open(t: &Target, url: &DbUrl) -> Result<Db, Failure> {
    let mut db = Db::connect(url).await?;
    db.lock(t.lock_timeout).await?;
    Ok(db)
}

// ---------------------------------------------------------------------------------------------
// apply

/// `ebb migrate apply`.
pub async fn apply(
    t: &Target,
    n: Option<usize>,
    dry_run: bool,
    baseline: Option<&str>,
    tx_mode: TxMode,
) -> Result<(), Failure> {
    locked(t, "migrate apply", Files::Required, async |db, out, dir| {
        apply_locked(db, out, dir, n, dry_run, baseline, tx_mode).await
    })
    .await
}

async fn apply_locked(
    db: &mut Db,
    out: &mut Out,
    dir: &MigrationDir,
    n: Option<usize>,
    dry_run: bool,
    baseline: Option<&str>,
    tx_mode: TxMode,
) -> Result<(), Failure> {
    let d = db.dialect;
    out.set("url", json!(db.url.shown));
    out.set("dry_run", json!(dry_run));
    let mut revs = db.revisions().await?;
    let mut baseline_rows = Vec::new();
    if let Some(v) = baseline {
        if revs.is_empty() {
            if dir.file(v).is_none() {
                return Err(Failure::input(format!(
                    "baseline version {v} is not a file of the migration directory"
                )));
            }
            let mut marked = migrate::revisions_up_to(d, dir, v, None);
            for r in &mut marked {
                r.kind = RevisionKind::Baseline;
                r.executed_at = now();
            }
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
                out.line(format!("  {s};"));
            }
            out.push(
                "files",
                json!({"version": f.version, "name": f.name, "statements": &f.statements[f.start_at..]}),
            );
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
        if total_files > 20 && out.text_mode() && k % 10 == 0 {
            eprintln!("[{}/{}] {}", k + 1, total_files, f.name);
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
                    // Record the failure outside any transaction. Under --tx-mode all the
                    // files before it were rolled back too: nothing else is recorded.
                    rev.error = Some(e.clone());
                    rev.error_stmt = Some(s.clone());
                    rev.execution_time_ms = millis(t0);
                    if !file_tx && !all_tx {
                        rev.applied = i;
                    }
                    if !all_tx {
                        db.ensure_revisions().await?;
                        db.save_revision(&rev).await?;
                    }
                    let rolled = if file_tx || all_tx {
                        " (rolled back)"
                    } else {
                        ""
                    };
                    return Err(Failure::run(format!(
                        "{} statement {} of {} failed{rolled}: {e}\n  in: {}",
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

/// `ebb migrate down`.
pub async fn down(
    t: &Target,
    n: Option<usize>,
    to_version: Option<&str>,
    dry_run: bool,
    mode: DownMode,
) -> Result<(), Failure> {
    locked(t, "migrate down", Files::Recorded, async |db, out, dir| {
        down_locked(db, out, dir, n, to_version, dry_run, mode).await
    })
    .await
}

/// The version a down run goes to.
fn down_target(revs: &[Revision], n: Option<usize>, to: Option<&str>) -> String {
    if let Some(v) = to {
        return v.trim().to_string();
    }
    let n = n.unwrap_or(1);
    if n >= revs.len() {
        "0".to_string()
    } else {
        revs[revs.len() - 1 - n].version.clone()
    }
}

async fn down_locked(
    db: &mut Db,
    out: &mut Out,
    dir: &MigrationDir,
    n: Option<usize>,
    to: Option<&str>,
    dry_run: bool,
    mode: DownMode,
) -> Result<(), Failure> {
    let d = db.dialect;
    out.set("url", json!(db.url.shown));
    out.set("dry_run", json!(dry_run));
    if n == Some(0) {
        return Err(Failure::input("N must be at least 1"));
    }
    let revs = db.revisions().await?;
    if revs.is_empty() {
        out.line("Nothing to revert: no migration is applied");
        out.set("steps", json!([]));
        return Ok(());
    }
    let target = down_target(&revs, n, to);
    if dir.files.is_empty() {
        out.line(
            "The migration directory holds no files: the SQL recorded in ebb_schema_revisions is used",
        );
    }
    let actual = db.inspect().await?;
    let plan = migrate::plan_down(d, dir, &revs, Some(&actual), &target, mode)?;
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
        return Ok(());
    }
    let started = Instant::now();
    let done = if d.transactional_ddl() {
        down_in_one_transaction(db, out, &plan).await?
    } else {
        down_step_by_step(db, out, &plan).await?
    };
    out.line("  -------------------------");
    out.line(format!(
        "  -- {} version(s) reverted, {done} statement(s) in {}; the database is at version {}",
        versions.len(),
        took(started.elapsed()),
        plan.target
    ));
    out.set("ms", json!(ms(started.elapsed())));
    Ok(())
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
        out.line(format!("  {st};"));
    }
    out.push(
        "steps",
        json!({"versions": s.versions, "to_version": s.to_version, "checks": s.plan.checks,
               "statements": s.plan.statements, "pre": s.plan.pre, "post": s.plan.post,
               "transactional": s.plan.transactional}),
    );
}

/// Run a plan's checks; the first that fails stops everything before any change.
async fn run_checks(
    db: &mut Db,
    out: &mut Out,
    p: &Plan,
    report: &mut Vec<serde_json::Value>,
) -> Result<(), Failure> {
    // Every check runs, so that one refusal names all the data to fix, not the first of it.
    let mut refused = Vec::new();
    for c in &p.checks {
        let t0 = Instant::now();
        let held = db.holds(&c.sql).await;
        let where_ = c.place();
        match held {
            Ok(true) => {
                out.line(format!(
                    "  -> check {} on {where_} ... ok ({})",
                    c.code,
                    took(t0.elapsed())
                ));
                report.push(json!({"check": c, "ok": true, "ms": ms(t0.elapsed())}));
            }
            Ok(false) => {
                out.line(format!("  -> check {} on {where_} ... failed", c.code));
                report.push(json!({"check": c, "ok": false}));
                refused.push(c);
            }
            Err(e) => {
                report.push(json!({"check": c, "ok": false, "error": e}));
                return Err(Failure::run(format!(
                    "check {} on {where_} could not run: {e}; nothing was changed",
                    c.code
                )));
            }
        }
    }
    match checks::refused(&refused) {
        Some(m) => Err(Failure::run(m)),
        None => Ok(()),
    }
}

/// The differences between the database and the schema it should have, one line each.
async fn verify(db: &mut Db, target: &Schema) -> Result<Vec<String>, Failure> {
    let live = db.inspect().await?;
    let live = ebb_core::inspect::reconcile(&live, target);
    Ok(ebb_core::diff::diff(target, &live)
        .changes
        .iter()
        .map(migrate::describe)
        .collect())
}

/// PostgreSQL and SQLite: checks, statements, revision rows and the verification in one
/// transaction.
async fn down_in_one_transaction(
    db: &mut Db,
    out: &mut Out,
    plan: &DownPlan,
) -> Result<usize, Failure> {
    let mut done = 0;
    for s in &plan.steps {
        let mut checks = Vec::new();
        let mut stmts = Vec::new();
        for p in &s.plan.pre {
            db.exec(p).await?;
        }
        db.exec(begin(db.dialect)).await?;
        let r: Result<(), Failure> = async {
            run_checks(db, out, &s.plan, &mut checks).await?;
            for st in &s.plan.statements {
                let t0 = Instant::now();
                match db.try_exec(st).await {
                    Ok(()) => {
                        out.line(format!("  -> {} ... ok ({})", first_line(st), took(t0.elapsed())));
                        stmts.push(json!({"sql": st, "ms": ms(t0.elapsed())}));
                        done += 1;
                    }
                    Err(e) => {
                        out.line(format!("  -> {} ... error", first_line(st)));
                        stmts.push(json!({"sql": st, "error": e}));
                        return Err(Failure::run(format!(
                            "statement failed, everything was rolled back: {e}\n  in: {}",
                            first_line(st)
                        )));
                    }
                }
            }
            for q in &s.plan.verify {
                let rows = db.rows(q).await.map_err(Failure::run)?;
                if !rows.is_empty() {
                    return Err(Failure::run(format!(
                        "{q} found {} problem row(s) (e.g. {:?}); everything was rolled back",
                        rows.len(),
                        rows[0]
                    )));
                }
            }
            for v in &s.versions {
                db.delete_revision(&v.version).await?;
            }
            let diffs = verify(db, &plan.target_schema).await?;
            if !diffs.is_empty() {
                return Err(Failure::run(format!(
                    "after the revert the database does not match version {}; everything was rolled back:\n  - {}",
                    plan.target,
                    diffs.join("\n  - ")
                )));
            }
            Ok(())
        }
        .await;
        out.push("steps", json!({"versions": s.versions, "to_version": s.to_version, "checks": checks, "statements": stmts}));
        match r {
            Ok(()) => db.exec("COMMIT").await?,
            Err(f) => {
                let _ = db.try_exec("ROLLBACK").await;
                for p in &s.plan.post {
                    let _ = db.try_exec(p).await;
                }
                return Err(f);
            }
        }
        for p in &s.plan.post {
            db.exec(p).await?;
        }
    }
    Ok(done)
}

/// MySQL/MariaDB: DDL commits by itself, so revert one version at a time and record progress
/// after every statement; a re-run plans from what the database then is.
async fn down_step_by_step(db: &mut Db, out: &mut Out, plan: &DownPlan) -> Result<usize, Failure> {
    // Every check of every step runs before the first change, worded for the database as it
    // is now (a table an earlier step renames back under its current name), so that a refusal
    // leaves the database as it was. Each step's checks run again before it: a check on what
    // an earlier step re-creates can only run then.
    let mut refused = Vec::new();
    for s in &plan.steps {
        let mut here = Vec::new();
        for c in &s.early_checks {
            if db.holds(&c.sql).await == Ok(false) {
                here.push(json!({"check": c, "ok": false}));
                refused.push(c);
            }
        }
        if !here.is_empty() {
            out.push(
                "steps",
                json!({"versions": s.versions, "to_version": s.to_version,
                       "checks": here, "statements": []}),
            );
        }
    }
    if let Some(m) = checks::refused(&refused) {
        return Err(Failure::run(m));
    }
    let mut done = 0;
    let recorded = db.revisions().await?;
    for s in &plan.steps {
        let mut checks = Vec::new();
        let mut stmts = Vec::new();
        let vs: Vec<&str> = s.versions.iter().map(|v| v.version.as_str()).collect();
        out.line(format!(
            "\n  -- reverting {} (to version {})",
            vs.join(", "),
            s.to_version
        ));
        let r = run_checks(db, out, &s.plan, &mut checks).await;
        let total = s.plan.statements.len();
        let mut rev = recorded
            .iter()
            .find(|r| vs.contains(&r.version.as_str()))
            .cloned();
        let mut failed = r.err();
        if failed.is_none() {
            if let Some(rev) = &mut rev {
                rev.error = None;
                rev.error_stmt = Some(format!(
                    "{REVERT_IN_PROGRESS}: 0 of {total} down statement(s) ran"
                ));
                db.save_revision(rev).await?;
            }
            for (i, st) in s.plan.statements.iter().enumerate() {
                let t0 = Instant::now();
                let outcome = db.try_exec(st).await;
                if outcome.is_ok() {
                    test_pause(done + 1, false);
                }
                if let Some(rev) = &mut rev {
                    match &outcome {
                        Ok(()) => {
                            rev.error = None;
                            rev.error_stmt = Some(format!(
                                "{REVERT_IN_PROGRESS}: {} of {total} down statement(s) ran",
                                i + 1
                            ));
                        }
                        Err(e) => {
                            rev.error = Some(format!("revert failed: {e}"));
                            rev.error_stmt = Some(st.clone());
                        }
                    }
                    db.save_revision(rev).await?;
                }
                match outcome {
                    Ok(()) => {
                        out.line(format!(
                            "  -> {} ... ok ({})",
                            first_line(st),
                            took(t0.elapsed())
                        ));
                        stmts.push(json!({"sql": st, "ms": ms(t0.elapsed())}));
                        done += 1;
                        test_pause(done, true);
                    }
                    Err(e) => {
                        out.line(format!("  -> {} ... error", first_line(st)));
                        stmts.push(json!({"sql": st, "error": e}));
                        failed = Some(Failure::run(format!(
                            "statement {} of {total} reverting {} failed: {e}\n  in: {}\n  \
                             MySQL cannot roll DDL back: {i} statement(s) of this step ran. Fix the cause and run \
                             `ebb migrate down` again; it continues from where the database is.",
                            i + 1,
                            vs.join(", "),
                            first_line(st)
                        )));
                        break;
                    }
                }
            }
        }
        out.push("steps", json!({"versions": s.versions, "to_version": s.to_version, "checks": checks, "statements": stmts}));
        if let Some(f) = failed {
            return Err(f);
        }
        for v in &vs {
            db.delete_revision(v).await?;
        }
    }
    let diffs = verify(db, &plan.target_schema).await?;
    if !diffs.is_empty() {
        return Err(Failure::run(format!(
            "after the revert the database does not match version {} (MySQL cannot roll DDL back):\n  - {}",
            plan.target,
            diffs.join("\n  - ")
        )));
    }
    Ok(done)
}

// ---------------------------------------------------------------------------------------------
// status, set

/// `ebb migrate status`.
pub async fn status(t: &Target) -> Result<(), Failure> {
    let mut out = Out::new(t.format, "migrate status");
    let res = async {
        let (dir, url) = setup(t, Files::Optional)?;
        let mut db = Db::connect(&url).await?;
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
            .map(|f| f.name.as_str())
            .collect();
        out.line(format!("Database: {}", db.url.shown));
        out.line(format!("Current version: {current} ({} applied)", revs.len()));
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
    println!(
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
    println!(
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
    let desired = ebb_core::inspect::reconcile(&desired, &current);
    let p = ebb_core::plan::plan(&current, &desired);
    if p.is_empty() {
        println!("no changes: the directory's last version already has the desired schema");
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
    println!("{}", file.display());
    Ok(())
}

/// `ebb migrate new NAME`.
pub fn new(args: &DirArgs, name: &str) -> Result<(), Failure> {
    let (spec, _) = config::resolve(args, None)?;
    let file = write_new(&spec, name, "")?;
    println!("{}", file.display());
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
        assert_eq!(down_target(&revs, None, None), "2");
        assert_eq!(down_target(&revs, Some(2), None), "1");
        assert_eq!(down_target(&revs, Some(3), None), "0");
        assert_eq!(down_target(&revs, Some(9), None), "0");
        assert_eq!(down_target(&revs, None, Some("1")), "1");
    }
}
