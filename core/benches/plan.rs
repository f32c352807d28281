//! How fast the core plans a revert of a large migration directory.
//!
//! Generated PostgreSQL directories of 100, 1,000 and 5,000 tables (5 tables per file, so 20,
//! 200 and 1,000 files; every file after the first also alters a table of the file before).
//! Measured: `replay` of the whole directory, `diff` and `plan` between the full schema and
//! the schema halfway, and `plan_down` end to end (hash checks, replay of the history, diff,
//! plan, checks) reverting half the files, given the revision table's rows as `migrate down`
//! reads them. Reference, in the same run: parsing the same files with sqlparser alone, the
//! floor any SQL-reading tool pays; the summary prints replay's and plan_down's ratios to it.
//! Peak memory of one `plan_down` per size is read from a child process (Linux, `VmHWM`).
//! `restore`: the same directory plus a clean-up file that drops every other table, reverted
//! (the plan re-creates half the schema), against the parse of its files. SQLite: a history of
//! Django-style table rebuilds (five per table, up to 1,000 tables), replayed, against its parse.
//! `EBB_BENCH_ONCE=parse|replay|diff|plan_down|restore|sqlite_parse|sqlite_replay:TABLES` runs one
//! operation once (profilers, callgrind's instruction counts).
//! Both the reference and ebb run on mimalloc with transparent huge pages off, as the `ebb`
//! binary does (glibc's malloc made plan_down 2.5× the parse in a fresh process).
//!
//! `cargo bench -p ebb-core --bench plan` (sizes: `EBB_BENCH_SIZES=100,1000`). Figures go to
//! docs/benchmarks.md.

use criterion::{BenchmarkId, Criterion};
use ebb_core::diff::diff;
use ebb_core::migrate::{plan_down, revisions_up_to, DownMode, MigrationDir, Revision};
use ebb_core::plan::plan;
use ebb_core::replay::Session;
use ebb_core::{Dialect, Schema};
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write as _;
use std::time::{Duration, Instant};

// The allocator the `ebb` binary and the Python module use, for the parse and the plan alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const D: Dialect = Dialect::Postgres;
const PER_FILE: usize = 5;

/// Files of a directory with `tables` tables.
fn generate(tables: usize) -> Vec<(String, String)> {
    let files = tables.div_ceil(PER_FILE);
    let mut out = Vec::with_capacity(files);
    for f in 0..files {
        let mut sql = String::new();
        for k in 0..PER_FILE {
            let n = f * PER_FILE + k;
            if n >= tables {
                break;
            }
            let parent = if n == 0 {
                String::new()
            } else {
                format!(
                    ",\n  parent_id bigint REFERENCES t{} (id) ON DELETE SET NULL",
                    n - 1
                )
            };
            let _ = write!(
                sql,
                "CREATE TABLE t{n} (\n  id bigserial PRIMARY KEY,\n  name text NOT NULL,\n  \
                 email varchar(255) NOT NULL UNIQUE,\n  created_at timestamptz NOT NULL DEFAULT now(),\n  \
                 amount numeric(10,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),\n  \
                 status text NOT NULL DEFAULT 'new'{parent}\n);\n\
                 CREATE INDEX t{n}_status_created ON t{n} (status, created_at DESC);\n"
            );
        }
        if f > 0 {
            let old = (f - 1) * PER_FILE;
            let _ = write!(
                sql,
                "ALTER TABLE t{old} ADD COLUMN note text;\n\
                 ALTER TABLE t{old} RENAME COLUMN status TO state;\n\
                 ALTER TABLE t{old} ALTER COLUMN name TYPE varchar(200);\n"
            );
        }
        out.push((format!("{:06}_file_{f}.sql", f + 1), sql));
    }
    out
}

/// [`generate`]'s files and one more that drops every other table (`CASCADE`: the next table
/// has a foreign key to it), the shape of a clean-up migration: reverting it re-creates half
/// the schema and the keys that pointed into it.
fn generate_dropping(tables: usize) -> Vec<(String, String)> {
    let mut files = generate(tables);
    let mut sql = String::new();
    for n in (0..tables).step_by(2) {
        let _ = writeln!(sql, "DROP TABLE t{n} CASCADE;");
    }
    files.push((format!("{:06}_clean_up.sql", files.len() + 1), sql));
    files
}

/// A SQLite history in the shape Django writes one: `tables` tables (each with an index and a
/// key to the one before), then `5 × tables` files that each rebuild a table to change it
/// (create `new__t`, copy, drop, rename back, re-create the index), every fifth also renaming
/// a column there and back. SQLite keeps each object's text, and every rename edits the texts
/// that name what it renames.
fn generate_sqlite_rebuilds(tables: usize) -> Vec<(String, String)> {
    let create = |name: &str, n: usize, extra: usize| {
        let mut cols = String::new();
        for k in 0..extra {
            let _ = write!(cols, ", \"f{k}\" varchar(40) NULL");
        }
        if n > 0 {
            let _ = write!(
                cols,
                ", \"parent_id\" integer NULL REFERENCES \"t{}\" (\"id\") DEFERRABLE INITIALLY DEFERRED",
                n - 1
            );
        }
        format!(
            "CREATE TABLE \"{name}\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \
             \"name\" varchar(100) NOT NULL, \"created\" datetime NOT NULL{cols});\n"
        )
    };
    let mut first = String::new();
    for n in 0..tables {
        first.push_str(&create(&format!("t{n}"), n, 0));
        let _ = writeln!(first, "CREATE INDEX \"t{n}_name\" ON \"t{n}\" (\"name\");");
    }
    let mut files = vec![("0001_initial.sql".to_string(), first)];
    let mut extra = vec![0; tables];
    for r in 0..tables * 5 {
        let n = (r * 7) % tables;
        extra[n] += 1;
        let mut sql = create(&format!("new__t{n}"), n, extra[n]);
        let _ = write!(
            sql,
            "INSERT INTO \"new__t{n}\" (\"id\", \"name\", \"created\") \
             SELECT \"id\", \"name\", \"created\" FROM \"t{n}\";\n\
             DROP TABLE \"t{n}\";\n\
             ALTER TABLE \"new__t{n}\" RENAME TO \"t{n}\";\n\
             CREATE INDEX \"t{n}_name\" ON \"t{n}\" (\"name\");\n"
        );
        if r % 5 == 0 {
            let _ = write!(
                sql,
                "ALTER TABLE \"t{n}\" RENAME COLUMN \"created\" TO \"made\";\n\
                 ALTER TABLE \"t{n}\" RENAME COLUMN \"made\" TO \"created\";\n"
            );
        }
        files.push((format!("{:04}_alter_t{n}.sql", r + 2), sql));
    }
    files
}

fn dir_of(files: &[(String, String)]) -> MigrationDir {
    MigrationDir::from_files(
        files
            .iter()
            .map(|(n, s)| (n.clone(), s.as_bytes().to_vec()))
            .collect(),
    )
    .expect("generated directory is valid")
}

fn replay_all(files: &[(String, String)]) -> Schema {
    replay_in(D, files)
}

fn parse_only(files: &[(String, String)]) -> usize {
    parse_in(D, files)
}

fn replay_sqlite(files: &[(String, String)]) -> Schema {
    replay_in(Dialect::Sqlite, files)
}

fn parse_sqlite(files: &[(String, String)]) -> usize {
    parse_in(Dialect::Sqlite, files)
}

fn replay_in(d: Dialect, files: &[(String, String)]) -> Schema {
    let mut s = Session::new(Schema::new(d));
    for (name, sql) in files {
        s.file(name, sql).expect("generated SQL replays");
    }
    s.into_schema()
}

fn parse_in(d: Dialect, files: &[(String, String)]) -> usize {
    let dialect = d.parser();
    files
        .iter()
        .map(|(_, sql)| {
            sqlparser::parser::Parser::parse_sql(&*dialect, sql)
                .expect("generated SQL parses")
                .len()
        })
        .sum()
}

/// The revision table's rows of a database at the directory's last version: `migrate down`
/// reads them from the database, so they are built once, outside what is timed.
fn revisions(dir: &MigrationDir) -> Vec<Revision> {
    let last = dir.files.last().expect("files").version.clone();
    revisions_up_to(D, dir, &last, None)
}

/// Everything one `migrate down` computes once it has read the revision table: revert half
/// of the applied files.
fn down_half(dir: &MigrationDir, revs: &[Revision]) -> usize {
    let target = dir.files[dir.files.len() / 2 - 1].version.clone();
    let p = plan_down(D, dir, revs, None, &target, DownMode::UndoFiles).expect("plan_down");
    p.statements().len()
}

/// Revert the clean-up file of [`generate_dropping`]'s directory.
fn restore(dir: &MigrationDir, revs: &[Revision]) -> usize {
    let target = dir.files[dir.files.len() - 2].version.clone();
    let p = plan_down(D, dir, revs, None, &target, DownMode::UndoFiles).expect("plan_down");
    p.statements().len()
}

fn sizes() -> Vec<usize> {
    std::env::var("EBB_BENCH_SIZES").ok().map_or_else(
        || vec![100, 1_000, 5_000],
        |v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
    )
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[t.len() / 2]
}

/// Runs of `reference` and `f` in turn, `runs` pairs: the medians of each and the median of
/// the pairs' ratios. A ratio taken from neighbouring runs moves little when the machine's
/// load changes during the benchmark; two medians taken seconds apart move with it.
fn paired(
    runs: usize,
    mut reference: impl FnMut(),
    mut f: impl FnMut(),
) -> (Duration, Duration, f64) {
    let time = |g: &mut dyn FnMut()| {
        let s = Instant::now();
        g();
        s.elapsed()
    };
    let mut pairs: Vec<(Duration, Duration)> = (0..runs)
        .map(|_| (time(&mut reference), time(&mut f)))
        .collect();
    let mut ratios: Vec<f64> = pairs
        .iter()
        .map(|(r, x)| x.as_secs_f64() / r.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    pairs.sort_by_key(|p| p.0);
    let r = pairs[runs / 2].0;
    pairs.sort_by_key(|p| p.1);
    (r, pairs[runs / 2].1, ratios[runs / 2])
}

/// Peak resident memory of a child that runs one `plan_down` of `tables` tables, in MiB.
fn peak_memory_mib(tables: usize) -> Option<f64> {
    let out = std::process::Command::new(std::env::current_exe().ok()?)
        .env("EBB_BENCH_MEMORY_CHILD", tables.to_string())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let kib: f64 = text.trim().strip_prefix("peak_kib=")?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Milliseconds of one `EBB_BENCH_ONCE=what:tables` run in a child process.
fn child_ms(what: &str, tables: usize) -> Option<f64> {
    let out = std::process::Command::new(std::env::current_exe().ok()?)
        .env("EBB_BENCH_ONCE", format!("{what}:{tables}"))
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim()
        .rsplit_once(" in ")?
        .1
        .strip_suffix(" ms")?
        .parse()
        .ok()
}

/// plan_down over the parse with each in a fresh process, as `ebb migrate down` runs once per
/// process: its memory is first touched there (page faults included), and the parse is not
/// slowed by a heap that a previous plan left behind. Median of `runs` pairs taken in turn.
fn fresh_ratio(tables: usize, runs: usize) -> Option<f64> {
    let mut ratios = Vec::with_capacity(runs);
    for _ in 0..runs {
        let parse = child_ms("parse", tables)?;
        ratios.push(child_ms("plan_down", tables)? / parse);
    }
    ratios.sort_by(f64::total_cmp);
    Some(ratios[runs / 2])
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn summary(sizes: &[usize]) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "\n{:>7} {:>6} {:>11} {:>11} {:>7} {:>9} {:>9} {:>11} {:>7} {:>7} {:>10}",
        "tables",
        "files",
        "parse (ref)",
        "replay",
        "ratio",
        "diff",
        "plan",
        "plan_down",
        "ratio",
        "fresh",
        "peak MiB"
    );
    for &n in sizes {
        let files = generate(n);
        let dir = dir_of(&files);
        let revs = revisions(&dir);
        let runs = if n >= 5_000 { 9 } else { 15 };
        let (parse, replay, replay_ratio) = paired(
            runs,
            || {
                black_box(parse_only(&files));
            },
            || {
                black_box(replay_all(&files));
            },
        );
        let full = replay_all(&files);
        let half = replay_all(&files[..files.len() / 2]);
        let d = median(runs, || {
            black_box(diff(&full, &half));
        });
        let p = median(runs, || {
            black_box(plan(&full, &half));
        });
        let (_, down, down_ratio) = paired(
            runs,
            || {
                black_box(parse_only(&files));
            },
            || {
                black_box(down_half(&dir, &revs));
            },
        );
        let peak = peak_memory_mib(n).map_or_else(|| "n/a".to_string(), |m| format!("{m:.1}"));
        let fresh = fresh_ratio(n, runs).map_or_else(|| "n/a".to_string(), |r| format!("{r:.2}x"));
        let _ = writeln!(
            out,
            "{n:>7} {:>6} {:>9.1}ms {:>9.1}ms {:>6.2}x {:>7.1}ms {:>7.1}ms {:>9.1}ms {:>6.2}x {fresh:>7} {peak:>10}",
            files.len(),
            parse.as_secs_f64() * 1e3,
            replay.as_secs_f64() * 1e3,
            replay_ratio,
            d.as_secs_f64() * 1e3,
            p.as_secs_f64() * 1e3,
            down.as_secs_f64() * 1e3,
            down_ratio,
        );
    }
    let _ = writeln!(
        out,
        "ratios = replay / sqlparser parse of the same files, plan_down / that parse (medians of \
         the ratios of runs taken in turn with the parse, in this process); fresh = plan_down / \
         parse with each in a new process, as the CLI runs; plan_down reverts half the files\n"
    );
    restore_summary(&mut out, sizes);
}

/// The revert that re-creates half the schema, against the parse of the same files.
fn restore_summary(out: &mut impl std::io::Write, sizes: &[usize]) {
    let _ = writeln!(
        out,
        "{:>7} {:>11} {:>11} {:>7}",
        "tables", "parse (ref)", "restore", "ratio"
    );
    for &n in sizes {
        let files = generate_dropping(n);
        let dir = dir_of(&files);
        let revs = revisions(&dir);
        let runs = if n >= 5_000 { 9 } else { 15 };
        let (parse, took, ratio) = paired(
            runs,
            || {
                black_box(parse_only(&files));
            },
            || {
                black_box(restore(&dir, &revs));
            },
        );
        let _ = writeln!(
            out,
            "{n:>7} {:>9.1}ms {:>9.1}ms {ratio:>6.2}x",
            parse.as_secs_f64() * 1e3,
            took.as_secs_f64() * 1e3,
        );
    }
    let _ = writeln!(
        out,
        "restore = revert of one file that dropped every other table (CASCADE): the plan \
         re-creates half the tables and the keys into them; ratio as above\n"
    );
    let _ = writeln!(
        out,
        "{:>7} {:>6} {:>11} {:>11} {:>7}",
        "tables", "files", "parse (ref)", "replay", "ratio"
    );
    // Five rebuilds per table: 5,000 tables would be 25,000 files; a Django project on SQLite
    // is a few hundred tables.
    let mut capped: Vec<usize> = sizes.iter().map(|&n| n.min(1_000)).collect();
    capped.dedup();
    for n in capped {
        let files = generate_sqlite_rebuilds(n);
        let runs = if n >= 1_000 { 5 } else { 15 };
        let (parse, took, ratio) = paired(
            runs,
            || {
                black_box(parse_sqlite(&files));
            },
            || {
                black_box(replay_sqlite(&files));
            },
        );
        let _ = writeln!(
            out,
            "{n:>7} {:>6} {:>9.1}ms {:>9.1}ms {ratio:>6.2}x",
            files.len(),
            parse.as_secs_f64() * 1e3,
            took.as_secs_f64() * 1e3,
        );
    }
    let _ = writeln!(
        out,
        "SQLite, Django's table rebuilds: replay of the history against the parse of its files\n"
    );
}

fn benches(c: &mut Criterion, sizes: &[usize]) {
    for &n in sizes {
        let files = generate(n);
        let dir = dir_of(&files);
        let revs = revisions(&dir);
        let full = replay_all(&files);
        let half = replay_all(&files[..files.len() / 2]);
        let mut g = c.benchmark_group(format!("{n}_tables"));
        if n >= 1_000 {
            g.sample_size(10);
        }
        g.bench_function(BenchmarkId::new("parse_reference", n), |b| {
            b.iter(|| parse_only(black_box(&files)));
        });
        g.bench_function(BenchmarkId::new("replay", n), |b| {
            b.iter(|| replay_all(black_box(&files)));
        });
        g.bench_function(BenchmarkId::new("diff", n), |b| {
            b.iter(|| diff(black_box(&full), black_box(&half)));
        });
        g.bench_function(BenchmarkId::new("plan", n), |b| {
            b.iter(|| plan(black_box(&full), black_box(&half)));
        });
        g.bench_function(BenchmarkId::new("plan_down", n), |b| {
            b.iter(|| down_half(black_box(&dir), black_box(&revs)));
        });
        g.finish();
    }
}

/// `EBB_BENCH_ONCE=parse|replay|diff|plan_down|restore|sqlite_parse|sqlite_replay:TABLES`: the
/// one operation, once, for a profiler or
/// an instruction counter (`valgrind --tool=callgrind --toggle-collect='plan::once_*'`, whose
/// counts do not move with a busy machine as timings do).
fn once(spec: &str) {
    let (what, n) = spec.split_once(':').expect("EBB_BENCH_ONCE=what:tables");
    let n = n.parse().expect("table count");
    let files = match what {
        "restore" => generate_dropping(n),
        "sqlite_parse" | "sqlite_replay" => generate_sqlite_rebuilds(n),
        _ => generate(n),
    };
    let dir = dir_of(&files);
    let revs = revisions(&dir);
    let (full, half) = if what == "diff" {
        (replay_all(&files), replay_all(&files[..files.len() / 2]))
    } else {
        (Schema::new(D), Schema::new(D))
    };
    // Timed without the set-up: a fresh process per operation, as `ebb migrate down` runs.
    let started = Instant::now();
    let out = match what {
        "parse" => once_parse(&files),
        "replay" => once_replay(&files),
        "plan_down" => once_plan_down(&dir, &revs),
        "restore" => once_restore(&dir, &revs),
        "sqlite_parse" => once_sqlite_parse(&files),
        "sqlite_replay" => once_sqlite_replay(&files),
        "diff" => once_diff(&full, &half),
        other => panic!("EBB_BENCH_ONCE: unknown operation {other}"),
    };
    let ms = started.elapsed().as_secs_f64() * 1e3;
    let _ = writeln!(std::io::stdout(), "{what}: {out} in {ms:.1} ms");
}

#[inline(never)]
fn once_parse(files: &[(String, String)]) -> usize {
    parse_only(files)
}

#[inline(never)]
fn once_replay(files: &[(String, String)]) -> usize {
    replay_all(files).tables.len()
}

#[inline(never)]
fn once_plan_down(dir: &MigrationDir, revs: &[Revision]) -> usize {
    down_half(dir, revs)
}

#[inline(never)]
fn once_sqlite_parse(files: &[(String, String)]) -> usize {
    parse_sqlite(files)
}

#[inline(never)]
fn once_sqlite_replay(files: &[(String, String)]) -> usize {
    replay_sqlite(files).tables.len()
}

#[inline(never)]
fn once_restore(dir: &MigrationDir, revs: &[Revision]) -> usize {
    restore(dir, revs)
}

#[inline(never)]
fn once_diff(full: &Schema, half: &Schema) -> usize {
    diff(full, half).changes.len()
}

fn main() {
    // As the `ebb` binary does (cli/src/main.rs `ordinary_pages`): no transparent huge pages.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    if let Ok(spec) = std::env::var("EBB_BENCH_ONCE") {
        once(&spec);
        return;
    }
    if let Ok(n) = std::env::var("EBB_BENCH_MEMORY_CHILD") {
        let n: usize = n.parse().expect("table count");
        let base = vm_hwm_kib().unwrap_or(0);
        let files = generate(n);
        let dir = dir_of(&files);
        black_box(down_half(&dir, &revisions(&dir)));
        let _ = writeln!(
            std::io::stdout(),
            "peak_kib={}",
            vm_hwm_kib().unwrap_or(0).saturating_sub(base)
        );
        return;
    }
    let sizes = sizes();
    // `cargo bench` passes `--bench`; under `cargo test` this is a smoke test: the generated
    // directories must plan, nothing is timed.
    let test_mode = !std::env::args().any(|a| a == "--bench");
    for &n in &sizes {
        let dir = dir_of(&generate(n));
        assert!(
            down_half(&dir, &revisions(&dir)) > 0,
            "revert of {n} tables plans nothing"
        );
        let dir = dir_of(&generate_dropping(n));
        assert!(
            restore(&dir, &revisions(&dir)) > n / 2,
            "the revert of a clean-up of {n} tables does not re-create them"
        );
        let rebuilt = replay_sqlite(&generate_sqlite_rebuilds(n.min(1_000)));
        assert_eq!(
            rebuilt.tables.len(),
            n.min(1_000),
            "rebuilds keep every table"
        );
    }
    if test_mode {
        return;
    }
    summary(&sizes);
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c, &sizes);
    c.final_summary();
}
