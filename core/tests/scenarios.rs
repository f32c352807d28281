//! Scenario catalogue: every directory under `tests/scenarios/<dialect>/` is a small migration
//! history. For every target version below the last, the down plan is snapshotted, and the
//! plan is proven by replaying its own SQL onto the current schema: the result must equal the
//! schema of the target version.

mod common;

use ebb_core::migrate::{plan_down, revisions_up_to, DownMode, MigrationDir};
use ebb_core::replay::Session;
use ebb_core::{Dialect, Schema};
use std::fmt::Write as _;
use std::path::Path;

fn load(dir: &Path) -> MigrationDir {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        files.push((
            p.file_name().unwrap().to_string_lossy().to_string(),
            std::fs::read(&p).unwrap(),
        ));
    }
    MigrationDir::from_files(files).unwrap()
}

fn run_dialect(d: Dialect) -> usize {
    let (root, dirs) = common::case_dirs("scenarios", d);
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let md = load(dir);
        let last = md.files.last().unwrap().version.clone();
        // A scenario may declare a partially applied last file: `-- ebb-test:applied N`.
        let partial = md
            .files
            .last()
            .unwrap()
            .sql
            .lines()
            .find_map(|l| l.strip_prefix("-- ebb-test:applied "))
            .map(|n| n.trim().parse::<usize>().unwrap());
        let revs = revisions_up_to(d, &md, &last, partial);
        let mut snap = String::new();
        let mut targets: Vec<String> = vec!["0".into()];
        targets.extend(
            md.files
                .iter()
                .rev()
                .skip(1)
                .rev()
                .map(|f| f.version.clone()),
        );
        for target in targets {
            let plan = match plan_down(d, &md, &revs, None, &target, DownMode::UndoFiles) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{name} → {target}: {e}"));
                    continue;
                }
            };
            writeln!(snap, "==== down to {target} ====").unwrap();
            snap.push_str(&plan.preview());
            // Prove the plan: its statements, replayed step by step, land on the target.
            let current = current_schema(d, &md, &revs);
            match common::replay_all(
                current,
                "plan",
                &plan
                    .statements()
                    .iter()
                    .map(|x| (*x).to_string())
                    .collect::<Vec<_>>(),
            ) {
                Ok(after) => {
                    if !after.same_as(&plan.target_schema) {
                        failures.push(format!(
                            "{name} → {target}: plan does not reach the target\n--- got\n{}\n--- want\n{}",
                            serde_json::to_string_pretty(&after.canonical()).unwrap(),
                            serde_json::to_string_pretty(&plan.target_schema.canonical()).unwrap()
                        ));
                    }
                }
                Err(e) => failures.push(format!("{name} → {target}: plan does not replay: {e}")),
            }
        }
        insta::with_settings!({snapshot_path => root.join("../../snapshots").join(d.name()), prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(name.clone(), snap);
        });
    }
    assert!(
        failures.is_empty(),
        "{} scenario failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    dirs.len()
}

fn current_schema(d: Dialect, md: &MigrationDir, revs: &[ebb_core::migrate::Revision]) -> Schema {
    let mut s = Session::new(Schema::new(d));
    for r in revs {
        let f = md.file(&r.version).unwrap();
        let parts = ebb_core::sql::split::split(&f.name, &f.sql, d).unwrap();
        for st in &parts.statements[..r.applied] {
            s.statement(&f.name, st).unwrap();
        }
    }
    s.into_schema()
}

#[test]
fn postgres_scenarios_revert_exactly() {
    assert!(run_dialect(Dialect::Postgres) > 0);
}

#[test]
fn mysql_scenarios_revert_exactly() {
    assert!(run_dialect(Dialect::Mysql) > 0);
}

#[test]
fn sqlite_scenarios_revert_exactly() {
    assert!(run_dialect(Dialect::Sqlite) > 0);
}
