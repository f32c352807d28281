//! Fuzzing replay, diff and plan with SQL-shaped input: no input may panic.
//!
//! Inputs are migration files built from a grammar of the statements ebb models (tables,
//! columns, constraints, indexes, views, enums, renames, drops, data changes) over a small
//! pool of hostile identifiers, so that statements collide with each other, and then mangled
//! (a token dropped, doubled or cut off, a quote, `$$`, a backtick or a semicolon inserted).
//! Each input is split into files and replayed file by file; every pair of states reached is
//! diffed, planned, rendered, and the plan replayed onto its start.
//!
//! The run is bounded by time: `EBB_FUZZ_SECONDS` (default 3 per dialect), seeded by
//! `EBB_FUZZ_SEED` (default fixed, so a failure reproduces). The figures go to stderr; the
//! test command runs it with a larger budget and prints them.

use ebb_core::diff::diff;
use ebb_core::plan::plan;
use ebb_core::replay::Session;
use ebb_core::{Dialect, Schema};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

const IDENTS: [&str; 12] = [
    "a",
    "b",
    "users",
    "t1",
    "\"Mixed Case\"",
    "\"semi;colon\"",
    "\"quo\"\"te\"",
    "\"naïve ☃\"",
    "`back`",
    "\"select\"",
    "x_very_long_identifier_name_that_goes_on_and_on_past_sixty_three_bytes_total",
    "b2",
];
const TYPES: [&str; 14] = [
    "int",
    "integer",
    "bigint",
    "smallint",
    "text",
    "varchar(20)",
    "varchar(200)",
    "numeric(10, 2)",
    "boolean",
    "timestamp",
    "date",
    "char(3)",
    "real",
    "mood",
];
const EXPRS: [&str; 10] = [
    "0",
    "'x'",
    "a > 0",
    "length(b) < 10",
    "a IN (1, 2, 3)",
    "NULL",
    "CURRENT_TIMESTAMP",
    "(a + 1) * 2",
    "lower(b)",
    "a BETWEEN 1 AND 5",
];
const NOISE: [&str; 9] = ["'", "\"", "$$", "`", ";", "(", ")", ",", "/*"];

fn pick<T: Copy + std::fmt::Debug>(xs: &'static [T]) -> impl Strategy<Value = T> {
    (0..xs.len()).prop_map(move |i| xs[i])
}

fn column() -> impl Strategy<Value = String> {
    (
        pick(&IDENTS),
        pick(&TYPES),
        any::<bool>(),
        prop::option::of(pick(&EXPRS)),
        0..6u8,
    )
        .prop_map(|(n, ty, not_null, default, extra)| {
            let mut s = format!("{n} {ty}");
            if not_null {
                s.push_str(" NOT NULL");
            }
            if let Some(d) = default {
                s.push_str(&format!(" DEFAULT {d}"));
            }
            match extra {
                0 => s.push_str(" PRIMARY KEY"),
                1 => s.push_str(" UNIQUE"),
                2 => s.push_str(" REFERENCES users (a)"),
                3 => s.push_str(" CHECK (a > 0)"),
                _ => {}
            }
            s
        })
}

fn statement() -> impl Strategy<Value = String> {
    let id = || pick(&IDENTS);
    prop_oneof![
        (id(), prop::collection::vec(column(), 1..5), 0..4u8).prop_map(|(t, cols, k)| {
            let mut body = cols.join(", ");
            match k {
                0 => body.push_str(", PRIMARY KEY (a)"),
                1 => body.push_str(", UNIQUE (a, b)"),
                2 => body.push_str(", CONSTRAINT c1 CHECK (a <> 0)"),
                _ => {}
            }
            format!("CREATE TABLE {t} ({body})")
        }),
        (id(), column()).prop_map(|(t, c)| format!("ALTER TABLE {t} ADD COLUMN {c}")),
        (id(), id()).prop_map(|(t, c)| format!("ALTER TABLE {t} DROP COLUMN {c}")),
        (id(), id(), id())
            .prop_map(|(t, a, b)| format!("ALTER TABLE {t} RENAME COLUMN {a} TO {b}")),
        (id(), id()).prop_map(|(t, u)| format!("ALTER TABLE {t} RENAME TO {u}")),
        (id(), id(), pick(&TYPES))
            .prop_map(|(t, c, ty)| format!("ALTER TABLE {t} ALTER COLUMN {c} TYPE {ty}")),
        (id(), id()).prop_map(|(t, c)| format!("ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL")),
        (id(), id(), pick(&EXPRS))
            .prop_map(|(t, c, e)| format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {e}")),
        (id(), id(), pick(&EXPRS))
            .prop_map(|(t, n, e)| format!("ALTER TABLE {t} ADD CONSTRAINT {n} CHECK ({e})")),
        (id(), id(), id()).prop_map(|(t, n, u)| format!(
            "ALTER TABLE {t} ADD CONSTRAINT {n} FOREIGN KEY (a) REFERENCES {u} (a)"
        )),
        (id(), id()).prop_map(|(t, n)| format!("ALTER TABLE {t} DROP CONSTRAINT {n}")),
        (
            any::<bool>(),
            id(),
            id(),
            id(),
            prop::option::of(pick(&EXPRS))
        )
            .prop_map(|(u, n, t, c, w)| {
                let mut s = format!(
                    "CREATE {}INDEX {n} ON {t} ({c})",
                    if u { "UNIQUE " } else { "" }
                );
                if let Some(w) = w {
                    s.push_str(&format!(" WHERE {w}"));
                }
                s
            }),
        (id(), any::<bool>())
            .prop_map(|(n, ie)| format!("DROP INDEX {}{n}", if ie { "IF EXISTS " } else { "" })),
        (id(), any::<bool>(), any::<bool>()).prop_map(|(t, ie, c)| format!(
            "DROP TABLE {}{t}{}",
            if ie { "IF EXISTS " } else { "" },
            if c { " CASCADE" } else { "" }
        )),
        (id(), id(), id()).prop_map(|(v, t, c)| format!(
            "CREATE VIEW {v} AS SELECT {c} FROM {t} WHERE {c} IS NOT NULL"
        )),
        (id(), id()).prop_map(|(v, t)| format!("CREATE OR REPLACE VIEW {v} AS SELECT * FROM {t}")),
        id().prop_map(|v| format!("DROP VIEW {v}")),
        Just("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')".to_string()),
        Just("ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'".to_string()),
        Just("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'".to_string()),
        Just("DROP TYPE mood".to_string()),
        (id(), pick(&EXPRS)).prop_map(|(t, e)| format!("INSERT INTO {t} (a) VALUES ({e})")),
        (id(), pick(&EXPRS)).prop_map(|(t, e)| format!("UPDATE {t} SET a = {e}")),
    ]
}

/// A mangled statement: most stay whole, some lose or gain a token.
fn mangled() -> impl Strategy<Value = String> {
    (
        statement(),
        0..10u8,
        any::<prop::sample::Index>(),
        pick(&NOISE),
    )
        .prop_map(|(s, how, at, noise)| {
            let words: Vec<&str> = s.split(' ').collect();
            let i = at.index(words.len());
            match how {
                0 => words
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, w)| *w)
                    .collect::<Vec<_>>()
                    .join(" "),
                1 => {
                    let mut w = words.clone();
                    w.insert(i, words[i]);
                    w.join(" ")
                }
                2 => {
                    let mut w = words.clone();
                    w.insert(i, noise);
                    w.join(" ")
                }
                3 => words[..i].join(" "),
                _ => s,
            }
        })
}

/// Files of statements.
fn input() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(mangled(), 1..3), 1..8)
}

struct Tally {
    inputs: u64,
    files_ok: u64,
    files_err: u64,
    plans: u64,
}

/// A first file every input starts from, so that most statements meet something to change.
fn base(d: Dialect) -> String {
    let mut sql = String::from(
        "CREATE TABLE users (a int PRIMARY KEY, b varchar(20));\n\
         CREATE TABLE a (a int NOT NULL, b text, UNIQUE (a));\n\
         CREATE TABLE b (a int REFERENCES users (a), b varchar(20) DEFAULT 'x');\n",
    );
    if d == Dialect::Postgres {
        sql.push_str("CREATE TYPE mood AS ENUM ('sad', 'ok');\n");
    }
    sql
}

fn exercise(d: Dialect, files: &[Vec<String>], t: &mut Tally) {
    let mut s = Session::new(Schema::new(d));
    s.file("000_base.sql", &base(d))
        .expect("the base file replays");
    let mut states = vec![s.schema().clone()];
    for (k, f) in files.iter().enumerate() {
        let sql: String = f.iter().flat_map(|x| [x.as_str(), ";\n"]).collect();
        if s.file(&format!("{:03}_f.sql", k + 1), &sql).is_ok() {
            t.files_ok += 1;
            states.push(s.schema().clone());
        } else {
            t.files_err += 1;
            // A failed file may leave the session half-way: start again from the last
            // good state, as a migration tool would refuse the file.
            s = Session::new(states.last().unwrap().clone());
        }
    }
    for a in &states {
        for b in &states {
            let _ = diff(a, b);
            let p = plan(a, b);
            let sql = p.to_sql();
            // The plan replayed onto its start: errors are allowed, panics are not.
            let mut r = Session::new(a.clone());
            let _ = r.file("plan.sql", &sql);
            t.plans += 1;
        }
    }
}

#[test]
fn no_sql_shaped_input_panics_replay_diff_or_plan() {
    let secs: u64 = std::env::var("EBB_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("EBB_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x00eb_b0fa_5e5e_ed00);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let strategy = input();
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        let mut runner = TestRunner::new_with_rng(
            Config::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
        );
        let mut t = Tally {
            inputs: 0,
            files_ok: 0,
            files_err: 0,
            plans: 0,
        };
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(secs) {
            let files = strategy.new_tree(&mut runner).unwrap().current();
            t.inputs += 1;
            let r = catch_unwind(AssertUnwindSafe(|| exercise(d, &files, &mut t)));
            if r.is_err() {
                let shown: Vec<String> = files.iter().map(|f| f.join(";\n")).collect();
                panic!(
                    "{d}: input {} panicked (seed {seed}):\n-- file\n{}",
                    t.inputs,
                    shown.join("\n-- file\n")
                );
            }
        }
        eprintln!(
            "fuzz {d}: {} inputs, {} files replayed ({} refused with an error), {} plans built and replayed, 0 panics, {:.0} s",
            t.inputs,
            t.files_ok + t.files_err,
            t.files_err,
            t.plans,
            t0.elapsed().as_secs_f64()
        );
    }
}
