//! Drift scenarios: every directory under `tests/drift/<dialect>/` is a migration history plus
//! `drift.sql`, what the live database has on top of it that no migration made. For every
//! target version the down plan is snapshotted twice — undoing only the reverted files (the
//! default) and `--exact` — and proven by replaying its SQL onto the live schema:
//! - the default plan lands on the target version with the drift still in it: the replay of
//!   the files up to the target followed by `drift.sql` where `drift.sql` still applies there
//!   (elsewhere: as many differences from the target version as there were from the head,
//!   less those an EW011 warning names as unable to survive);
//! - the exact plan lands on the target version's schema, drift gone.

mod common;

use ebb_core::migrate::{plan_down, revisions_up_to, DownMode, MigrationDir};
use ebb_core::replay::Session;
use ebb_core::{Dialect, Schema};
use std::fmt::Write as _;
use std::path::Path;

fn load(dir: &Path) -> (MigrationDir, String) {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name != "drift.sql" {
            files.push((name, std::fs::read(&p).unwrap()));
        }
    }
    let drift = std::fs::read_to_string(dir.join("drift.sql")).unwrap();
    (MigrationDir::from_files(files).unwrap(), drift)
}

/// The files up to `version` replayed, then `extra`.
fn at(d: Dialect, md: &MigrationDir, version: &str, extra: Option<&str>) -> Result<Schema, String> {
    let mut s = Session::new(Schema::new(d));
    for f in md
        .files
        .iter()
        .filter(|f| version != "0" && ebb_core::migrate::cmp_versions(&f.version, version).is_le())
    {
        s.file(&f.name, &f.sql).map_err(|e| e.to_string())?;
    }
    if let Some(sql) = extra {
        s.file("drift.sql", sql).map_err(|e| e.to_string())?;
    }
    Ok(s.into_schema())
}

/// What `live` has that `history` does not, one line per change with the table it is on,
/// matched by name.
fn drift_of(history: &Schema, live: &Schema) -> Vec<(Option<String>, String)> {
    ebb_core::diff::diff(&history.without_ids(), &live.without_ids())
        .changes
        .iter()
        .map(|c| {
            let v = serde_json::to_value(c).unwrap();
            let table = v["table"].as_str().map(str::to_string);
            (table, c.to_string())
        })
        .collect()
}

/// Table `t` of `before` is gone from `after` (neither its name nor a rename of it is there:
/// compared by column names).
fn dropped(before: &Schema, after: &Schema, t: &str) -> bool {
    let Some(b) = before.table(t) else {
        return false;
    };
    let cols = |x: &ebb_core::schema::Table| -> Vec<String> {
        let mut c: Vec<String> = x.columns.iter().map(|c| c.name.clone()).collect();
        c.sort();
        c
    };
    after.table(t).is_none()
        && !after.tables.iter().any(|a| {
            !a.columns.is_empty()
                && cols(a).iter().all(|c| cols(b).contains(c))
                && before.table(&a.name).is_none()
        })
}

fn json(s: &Schema) -> String {
    serde_json::to_string_pretty(&s.canonical()).unwrap()
}

fn run_dialect(d: Dialect) -> usize {
    let (root, dirs) = common::case_dirs("drift", d);
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let (md, drift) = load(dir);
        let last = md.files.last().unwrap().version.clone();
        let revs = revisions_up_to(d, &md, &last, None);
        // The live database: inspected schemas carry no lineage.
        let live = at(d, &md, &last, Some(&drift)).unwrap().without_ids();
        let mut targets = vec!["0".to_string()];
        targets.extend(
            md.files[..md.files.len() - 1]
                .iter()
                .map(|f| f.version.clone()),
        );
        let mut snap = String::new();
        for target in &targets {
            for mode in [DownMode::UndoFiles, DownMode::Exact] {
                let label = if mode == DownMode::Exact {
                    " --exact"
                } else {
                    ""
                };
                let case = format!("{name} → {target}{label}");
                let plan = match plan_down(d, &md, &revs, Some(&live), target, mode) {
                    Ok(p) => p,
                    Err(e) => {
                        failures.push(format!("{case}: {e}"));
                        continue;
                    }
                };
                writeln!(snap, "==== down to {target}{label} ====").unwrap();
                snap.push_str(&plan.preview());
                let after = match common::replay_all(live.clone(), "plan", &plan.statements()) {
                    Ok(s) => s,
                    Err(e) => {
                        failures.push(format!("{case}: the plan does not replay: {e}"));
                        continue;
                    }
                };
                if !after.same_as(&plan.target_schema) {
                    failures.push(format!(
                        "{case}: the plan does not reach its own target\n--- got\n{}\n--- want\n{}",
                        json(&after),
                        json(&plan.target_schema)
                    ));
                }
                let casualties = plan.warnings.iter().filter(|w| w.code == "EW011").count();
                let promise = match mode {
                    DownMode::Exact => at(d, &md, target, None).ok(),
                    // Where drift.sql no longer applies at the target, EW011 must say what went.
                    DownMode::UndoFiles => at(d, &md, target, Some(&drift)).ok(),
                };
                match promise {
                    Some(want) if !after.same_as(&want) => failures.push(format!(
                        "{case}: not the target with {}\n--- got\n{}\n--- want\n{}",
                        if mode == DownMode::Exact {
                            "no drift"
                        } else {
                            "the drift kept"
                        },
                        json(&after),
                        json(&want)
                    )),
                    // drift.sql names what the revert renames or removes: count instead. The
                    // drift after the revert is the drift before it, less what EW011 names.
                    None if mode == DownMode::UndoFiles => {
                        // Drift on a table the revert drops goes with it (EB101 guards rows).
                        let before: Vec<String> =
                            drift_of(&at(d, &md, &last, None).unwrap(), &live)
                                .into_iter()
                                .filter(|(t, _)| {
                                    t.as_ref().is_none_or(|t| !dropped(&live, &after, t))
                                })
                                .map(|(_, line)| line)
                                .collect();
                        let now: Vec<String> = drift_of(&at(d, &md, target, None).unwrap(), &after)
                            .into_iter()
                            .map(|(_, line)| line)
                            .collect();
                        // An EW011 line "index i on t" stands for the drift line "add index t.i"
                        // (a SQLite foreign key is part of its table's line instead).
                        let named = plan
                            .warnings
                            .iter()
                            .filter(|w| w.code == "EW011")
                            .filter_map(|w| {
                                let what = w.message.split(" is not from").next()?;
                                let (kind_name, table) = what.rsplit_once(" on ")?;
                                let (kind, name) = kind_name.rsplit_once(' ')?;
                                Some(format!("add {kind} {table}.{name}"))
                            })
                            .filter(|line| before.contains(line))
                            .count();
                        if now.len() + named != before.len() {
                            failures.push(format!(
                                "{case}: {} drift change(s) before, {} after, {casualties} named by EW011\n--- before\n{}\n--- after\n{}",
                                before.len(),
                                now.len(),
                                before.join("\n"),
                                now.join("\n")
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
        insta::with_settings!({snapshot_path => root.join("../../snapshots/drift").join(d.name()), prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(name.clone(), snap);
        });
    }
    assert!(
        failures.is_empty(),
        "{} drift scenario failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    dirs.len()
}

#[test]
fn postgres_reverts_leave_drift_alone_unless_exact() {
    assert!(run_dialect(Dialect::Postgres) > 0);
}

#[test]
fn mysql_reverts_leave_drift_alone_unless_exact() {
    assert!(run_dialect(Dialect::Mysql) > 0);
}

#[test]
fn sqlite_reverts_leave_drift_alone_unless_exact() {
    assert!(run_dialect(Dialect::Sqlite) > 0);
}
