//! `ebb`: schema migrations whose down migrations are computed. To revert, ebb inspects the
//! live database, replays the migration directory up to the target version in memory, and runs
//! the statements between the two, after checks that refuse to delete data.
//!
//! This binary is a thin surface over `ebb-core`: it reads files, talks to the database through
//! sqlx, and prints. Every decision (what to run, in which order, what to check) is the core's.

// A command-line tool's output is its interface.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod adopt;
mod cmd;
mod config;
mod db;
mod dir;
mod fail;
mod out;
mod url;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ebb_core::migrate::DownMode;
use fail::Failure;
use std::process::ExitCode;
use std::time::Duration;

// mimalloc rather than glibc's malloc: a revert replays and compares whole schemas, millions of
// small strings and vectors; glibc's malloc (with its free-list consolidation) was a third of
// `plan_down`'s time at 5,000 tables; with mimalloc and ordinary pages (`ordinary_pages`) a
// fresh one takes 293–349 ms instead of 435–492 ms (docs/benchmarks.md, "third round").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "ebb",
    version,
    about = "Schema migrations with computed, data-safe down migrations (PostgreSQL, MySQL/MariaDB, SQLite)",
    long_about = "Schema migrations with computed, data-safe down migrations.\n\n\
        You write up migrations only: plain SQL files named <version>_<description>.sql. To \
        revert, `ebb migrate down` inspects the live database, replays the directory up to the \
        target version in memory, and runs the statements between the two, after checks that \
        refuse to delete data.\n\n\
        Quick start (SQLite, nothing to install):\n  \
        ebb migrate new create_users          # writes migrations/<timestamp>_create_users.sql\n  \
        $EDITOR migrations/*_create_users.sql # the up migration: CREATE TABLE users (...);\n  \
        ebb migrate hash                      # records the edit in migrations/ebb.sum\n  \
        ebb migrate apply                     # applies it to sqlite://ebb.db\n  \
        ebb migrate down --dry-run            # shows how it would be reverted\n\n\
        Exit codes: 0 success, 1 a check, statement, lock or verification failed, 2 bad usage or input.",
    after_help = "The database URL comes from --url, else DATABASE_URL (the environment, else a .env file in the working directory), else sqlite://ebb.db.\n\
        Passwords in URLs are never printed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply, revert and track migration files.
    #[command(subcommand)]
    Migrate(Box<MigrateCmd>),
    /// Inspect a database or compare two schemas.
    #[command(subcommand)]
    Schema(SchemaCmd),
}

/// Where the migration directory is.
#[derive(Args, Clone)]
pub struct DirArgs {
    /// Migration directory [default: file://migrations, or the --env environment's dir].
    #[arg(long)]
    pub dir: Option<String>,
    /// Read a directory written for another tool; only its up migrations are used:
    /// ebb, atlas, golang-migrate (.up.sql files), goose (-- +goose Up sections), dbmate
    /// (-- migrate:up sections), flyway (V<version>__<name>.sql).
    #[arg(long, value_name = "FORMAT", value_parser = parse_layout)]
    pub dir_format: Option<ebb_core::migrate::Layout>,
    /// Take url, dir and dir_format from this environment of the configuration file.
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
    /// Configuration file holding [env.NAME] tables.
    #[arg(long, default_value = "ebb.toml")]
    pub config: std::path::PathBuf,
}

/// Where the database and the directory are.
#[derive(Args, Clone)]
pub struct Target {
    /// Database URL: postgres://user:pass@host/db, mysql://… (MariaDB too), sqlite://file.db.
    /// Falls back to the --env environment's url, then DATABASE_URL, then sqlite://ebb.db.
    #[arg(long, short = 'u')]
    pub url: Option<String>,
    #[command(flatten)]
    pub dirs: DirArgs,
    /// How long to wait for another run's migration lock before giving up (e.g. 10s, 2m).
    #[arg(long, default_value = "10s", value_parser = humantime::parse_duration)]
    pub lock_timeout: Duration,
    /// Output: human-readable text, or one JSON document for CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn parse_layout(s: &str) -> Result<ebb_core::migrate::Layout, String> {
    s.parse().map_err(|e: ebb_core::Error| e.to_string())
}

/// Output format.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Lines for people.
    Text,
    /// One stable JSON document on stdout.
    Json,
}

/// Transaction mode of `migrate apply`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TxMode {
    /// One transaction per file (files marked `-- ebb:txmode none` run without).
    File,
    /// One transaction around every pending file.
    All,
    /// No transaction; progress is recorded after every statement.
    None,
}

#[derive(Subcommand)]
enum MigrateCmd {
    /// Apply pending migration files (all, or the next N).
    #[command(
        long_about = "Apply pending migration files (all, or the next N) and record each in \
        the ebb_schema_revisions table, with its SQL, so that it can be reverted later even by an \
        older release that lacks the file. A partially applied file is resumed after its last \
        applied statement when the statements before it are unchanged. The directory must match \
        its ebb.sum (`ebb migrate hash` rewrites it)."
    )]
    Apply {
        /// Apply at most N files.
        n: Option<usize>,
        #[command(flatten)]
        target: Target,
        /// Print what would run; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// On a database without revisions, mark every file up to V as applied (a baseline)
        /// instead of running them.
        #[arg(long, value_name = "V")]
        baseline: Option<String>,
        /// Transactions: one per file, one for all files, or none.
        #[arg(long, value_enum, default_value_t = TxMode::File)]
        tx_mode: TxMode,
        /// With --dry-run: write what would run to FILE for review, with a fingerprint of
        /// what it was computed from (the live schema, the revision rows, ebb.sum).
        #[arg(long, value_name = "FILE", requires = "dry_run")]
        plan_out: Option<std::path::PathBuf>,
        /// Apply exactly the files of a plan written by --plan-out; refused, naming what
        /// changed, when the database, its revision rows or the directory are no longer what
        /// it was computed from.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["n", "baseline", "dry_run"])]
        plan: Option<std::path::PathBuf>,
    },
    /// Revert applied migrations with a computed plan (the last file, the last N, or down to a version).
    #[command(
        long_about = "Revert applied migrations. ebb inspects the database, replays the \
        directory up to the target version in memory, and plans the statements between the two. \
        Before any change it runs checks that refuse to delete data (a dropped column that holds \
        values, a table with rows). PostgreSQL and SQLite revert in one transaction; MySQL/MariaDB \
        revert one version at a time, recording progress after every statement so that a re-run \
        continues where the database is.\n\nA down undoes only what the reverted files did: \
        what the database has that they never touched (an index or table made by hand, a \
        default changed in production) stays as it is and is reported as drift. Afterwards the \
        database is inspected again and must equal what it was with the reverted files' changes \
        undone. --exact makes it equal the target version's schema instead, drift included.\n\n\
        Without N or --to-version the last applied file is reverted; --to-version 0 reverts \
        everything."
    )]
    Down {
        /// Revert the last N applied files.
        #[arg(conflicts_with = "to_version")]
        n: Option<usize>,
        /// Revert every file after version V (0: everything).
        #[arg(long, value_name = "V")]
        to_version: Option<String>,
        #[command(flatten)]
        target: Target,
        /// Print the plan and run its checks (read-only); change nothing. Exits 1 when the
        /// real run would be refused.
        #[arg(long)]
        dry_run: bool,
        /// Make the schema equal the target version exactly: also revert what the database
        /// has that the history never made (drift), e.g. drop a hand-made index. Checks still
        /// refuse to delete data.
        #[arg(long)]
        exact: bool,
        /// Let these tables (`tags`) and columns (`notes.archived`) lose their data, and
        /// nothing else: their checks (EB101, EB102) do not refuse. Before the first
        /// statement, what they hold is written to a backup file as SQL the database's client
        /// runs to put it back once the migrations are applied again (a column's values by
        /// primary key: a table without one is still refused).
        #[arg(long, value_name = "LIST", value_delimiter = ',')]
        allow_data_loss: Vec<String>,
        /// Where --allow-data-loss writes its backup (<UTC timestamp>_<version>.sql).
        #[arg(long, value_name = "DIR", default_value = "ebb-backups")]
        backup_dir: std::path::PathBuf,
        /// With --dry-run: write the plan to FILE for review, with a fingerprint of what it
        /// was computed from (the live schema, the revision rows, ebb.sum).
        #[arg(long, value_name = "FILE", requires = "dry_run")]
        plan_out: Option<std::path::PathBuf>,
        /// Run the plan of a file written by --plan-out, exactly as reviewed (its target,
        /// --exact and --allow-data-loss); refused, naming what changed, when the database,
        /// its revision rows or the directory are no longer what the plan was computed from.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["n", "to_version", "exact", "allow_data_loss", "dry_run"])]
        plan: Option<std::path::PathBuf>,
    },
    /// Show the current version, pending files and a partially applied file.
    Status {
        #[command(flatten)]
        target: Target,
    },
    /// Rewrite the directory's ebb.sum after files were added or edited on purpose.
    Hash {
        #[command(flatten)]
        dirs: DirArgs,
    },
    /// Check ebb.sum and replay every file in memory; errors carry file:line:col.
    Validate {
        #[command(flatten)]
        dirs: DirArgs,
        /// Dialect the files are written for [default: the dialect of the --env or
        /// DATABASE_URL database].
        #[arg(long, value_enum)]
        dialect: Option<DialectArg>,
    },
    /// Remove the file of VERSION from the directory and update ebb.sum (a file written by
    /// mistake, before it was applied anywhere: a file a database applied is reverted with
    /// `migrate down` first, or its revision row keeps the SQL that ran).
    Rm {
        /// The version, e.g. 20240301120000.
        version: String,
        #[command(flatten)]
        dirs: DirArgs,
    },
    /// Create an empty migration file named <UTC timestamp>_<NAME>.sql and update ebb.sum.
    New {
        /// Description, e.g. add_users_email.
        name: String,
        #[command(flatten)]
        dirs: DirArgs,
    },
    /// Write a new migration file that takes the directory's last version to a desired schema.
    #[command(
        long_about = "Write a new migration file, <UTC timestamp>_<NAME>.sql, holding the \
        statements that take the schema of the directory's last version to the schema of --to \
        (a .sql file of CREATE statements, or a database URL), and update ebb.sum. Statements \
        that could lose data are preceded by a comment naming the check `migrate apply` would \
        otherwise not make. A desired schema carries no history, so a renamed column appears \
        as a drop and an add: edit the file into a RENAME where that is what you mean."
    )]
    Diff {
        /// Description of the new file, e.g. add_orders.
        name: String,
        /// The desired schema: file://schema.sql or a database URL.
        #[arg(long)]
        to: String,
        #[command(flatten)]
        dirs: DirArgs,
        /// Dialect of the files [default: the dialect of the --env or DATABASE_URL database].
        #[arg(long, value_enum)]
        dialect: Option<DialectArg>,
    },
    /// Before merging: what new files destroy, lock or cannot undo, and what their rollback does.
    #[command(
        long_about = "Lint the newest migration file (--latest N for more) or the files added \
        since a git revision (--base origin/main), without a database. For each file: what it \
        destroys (a dropped table or column, a narrowed type: errors, exit 1), what can fail on \
        existing rows or lock a busy table (PostgreSQL index builds, rewrites and scans; MySQL \
        table copies), data changes a rollback does not undo, and the rollback itself — \
        planned in memory as `ebb migrate down` would — with what it would refuse on. \
        Silence a code for one file with `-- ebb:lint ignore CODE`, or for the directory \
        with `[lint] ignore = [\"CODE\"]` in ebb.toml; `--explain CODE` says what a code means.",
        after_help = "Examples:\n  ebb migrate lint --dialect postgres\n  ebb migrate lint --base origin/main --format github   # in a pull request's CI\n  ebb migrate lint --explain EL401"
    )]
    Lint {
        #[command(flatten)]
        dirs: DirArgs,
        /// Dialect the files are written for [default: the dialect of the --env or
        /// DATABASE_URL database].
        #[arg(long, value_enum)]
        dialect: Option<DialectArg>,
        /// Lint the newest N files.
        #[arg(long, value_name = "N", default_value_t = 1, conflicts_with = "base")]
        latest: usize,
        /// Lint the files added since this git revision (e.g. origin/main), committed or not.
        #[arg(long, value_name = "REF")]
        base: Option<String>,
        /// Output: text, json, or github (workflow annotations on the files' lines).
        #[arg(long, value_enum, default_value_t = cmd::lint::LintFormat::Text)]
        format: cmd::lint::LintFormat,
        /// Print what a code means and how to avoid it, and lint nothing.
        #[arg(long, value_name = "CODE")]
        explain: Option<String>,
    },
    /// Mark the revision table as being at version V without running anything.
    Set {
        /// The version the database is at (0: nothing applied).
        version: String,
        #[command(flatten)]
        target: Target,
    },
}

/// A dialect named on the command line (for inputs that are not a database).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    /// PostgreSQL.
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
    /// SQLite.
    Sqlite,
}

impl From<DialectArg> for ebb_core::Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Postgres => ebb_core::Dialect::Postgres,
            DialectArg::Mysql => ebb_core::Dialect::Mysql,
            DialectArg::Sqlite => ebb_core::Dialect::Sqlite,
        }
    }
}

/// Output of `schema inspect`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    /// CREATE statements.
    Sql,
    /// The schema model as JSON.
    Json,
}

#[derive(Subcommand)]
enum SchemaCmd {
    /// Print the live schema as SQL or JSON (a fixed number of catalog queries).
    Inspect {
        /// Database URL (falls back to DATABASE_URL, then sqlite://ebb.db).
        #[arg(long, short = 'u')]
        url: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SchemaFormat::Sql)]
        format: SchemaFormat,
    },
    /// Print the statements that take schema FROM to schema TO.
    #[command(
        long_about = "Print the statements that take schema FROM to schema TO. Each side \
        is a database URL, a .sql file (file://schema.sql) or a migration directory \
        (file://migrations, optionally file://migrations?version=V for the schema at V)."
    )]
    Diff {
        /// Schema to start from.
        #[arg(long)]
        from: String,
        /// Schema to reach.
        #[arg(long)]
        to: String,
        /// Dialect of .sql files and directories when neither side is a database URL.
        #[arg(long, value_enum)]
        dialect: Option<DialectArg>,
    },
}

/// Transparent huge pages off for this process (Linux). mimalloc hands out memory in aligned
/// 2 MiB regions, and where the kernel backs those with huge pages each first touch clears 2 MiB:
/// on the CI's virtual machines that was 4–44 % of a fresh 5,000-table `plan_down`, varying run
/// to run with what the host had ready, against 2 % with ordinary pages (docs/benchmarks.md,
/// "third round"). A run's heap is short-lived and at most a few hundred MiB, so huge pages save
/// it nothing. The setting is the process's and its children's (`git`, which `ebb lint` runs).
fn ordinary_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

fn main() -> ExitCode {
    ordinary_pages();
    // `.env` in the working directory supplies what the environment does not set
    // (DATABASE_URL), as sqlx-cli and most frameworks read it.
    match dotenvy::from_path(".env") {
        Err(e) if !e.not_found() => {
            crate::tellln!("error: cannot read .env in the working directory: {e}");
            return ExitCode::from(fail::INPUT);
        }
        _ => {}
    }
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            crate::tellln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(fail::RUN);
        }
    };
    match rt.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            crate::tellln!("error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

async fn run(c: Command) -> Result<(), Failure> {
    match c {
        Command::Migrate(m) => match *m {
            MigrateCmd::Apply {
                n,
                target,
                dry_run,
                baseline,
                tx_mode,
                plan_out,
                plan,
            } => {
                let how = cmd::apply::ApplyHow {
                    n,
                    dry_run,
                    baseline,
                    tx_mode,
                    plan_out,
                    plan,
                    layout: ebb_core::migrate::Layout::Ebb,
                };
                cmd::apply::apply(&target, how).await
            }
            MigrateCmd::Down {
                n,
                to_version,
                target,
                dry_run,
                exact,
                allow_data_loss,
                backup_dir,
                plan_out,
                plan,
            } => {
                let how = cmd::down::DownHow {
                    plan_out,
                    plan,
                    n,
                    to_version,
                    dry_run,
                    mode: if exact {
                        DownMode::Exact
                    } else {
                        DownMode::UndoFiles
                    },
                    allow_data_loss,
                    backup_dir,
                    layout: ebb_core::migrate::Layout::Ebb,
                };
                cmd::down::down(&target, how).await
            }
            MigrateCmd::Status { target } => cmd::status::status(&target).await,
            MigrateCmd::Hash { dirs } => cmd::status::hash(&dirs),
            MigrateCmd::Validate { dirs, dialect } => {
                cmd::status::validate(&dirs, dialect.map(Into::into))
            }
            MigrateCmd::New { name, dirs } => cmd::new::new(&dirs, &name),
            MigrateCmd::Rm { version, dirs } => cmd::status::rm(&dirs, &version),
            MigrateCmd::Diff {
                name,
                to,
                dirs,
                dialect,
            } => cmd::new::diff(&dirs, &name, &to, dialect.map(Into::into)).await,
            MigrateCmd::Lint {
                dirs,
                dialect,
                latest,
                base,
                format,
                explain,
            } => {
                if let Some(code) = explain {
                    return cmd::lint::explain(&code);
                }
                let which = match base {
                    Some(rev) => cmd::lint::Which::Base(rev),
                    None => cmd::lint::Which::Latest(latest),
                };
                cmd::lint::lint(&dirs, dialect.map(Into::into), &which, format)
            }
            MigrateCmd::Set { version, target } => cmd::status::set(&target, &version).await,
        },
        Command::Schema(s) => match s {
            SchemaCmd::Inspect { url, format } => {
                cmd::schema::inspect(url.as_deref(), format).await
            }
            SchemaCmd::Diff { from, to, dialect } => {
                cmd::schema::diff(&from, &to, dialect.map(Into::into)).await
            }
        },
    }
}
