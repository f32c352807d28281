//! One live connection and what ebb does with it: run the core's statements, read rows as
//! text, inspect, keep the revision table, hold the lock.
//!
//! sqlx's `Any` driver is not used: it refuses column types it has no mapping for (PostgreSQL's
//! `name`, MySQL's `TINYINT`), while the plain-text protocol every driver speaks for unprepared
//! statements already gives ebb what the core wants, text.

use crate::fail::Failure;
use crate::url::DbUrl;
use ebb_core::inspect::{self, ResultSet};
use ebb_core::migrate::revisions::{self, Revision, Value};
use ebb_core::{Dialect, Schema};
use sqlx::mysql::MySqlConnection;
use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;
use sqlx::{AssertSqlSafe, Connection, Row};
use std::time::{Duration, Instant};

/// A connection to the database a command works on.
pub struct Db {
    conn: Conn,
    /// Dialect of the database.
    pub dialect: Dialect,
    /// URL as printed.
    pub url: DbUrl,
    /// SQLite: the held lock file.
    lock_file: Option<std::fs::File>,
}

/// Rows as text: every value of a row, SQL NULL as `None`.
pub type Rows = Vec<Vec<Option<String>>>;

enum Conn {
    Pg(PgConnection),
    My(MySqlConnection),
    Lite(SqliteConnection),
}

/// Run the same code on whichever driver the connection has.
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            Conn::Pg($c) => $body,
            Conn::My($c) => $body,
            Conn::Lite($c) => $body,
        }
    };
}

/// Every value of a row as text. Unprepared statements come back in the text protocol on
/// PostgreSQL and MySQL, so any column type reads as its text form; SQLite converts on request.
macro_rules! text_row {
    ($r:expr) => {
        (0..$r.len())
            .map(|i| $r.try_get_unchecked::<Option<String>, _>(i).ok().flatten())
            .collect::<Vec<Option<String>>>()
    };
}

impl Db {
    /// Connect, or say in one sentence why not.
    pub async fn connect(url: &DbUrl) -> Result<Db, Failure> {
        let why = |e: sqlx::Error| {
            Failure::run(format!(
                "cannot connect to {}: {}",
                url.shown,
                url.scrub(&e.to_string())
            ))
        };
        let conn = match url.dialect {
            Dialect::Postgres => Conn::Pg(PgConnection::connect(&url.connect).await.map_err(why)?),
            Dialect::Mysql => Conn::My(MySqlConnection::connect(&url.connect).await.map_err(why)?),
            Dialect::Sqlite => {
                Conn::Lite(SqliteConnection::connect(&url.connect).await.map_err(why)?)
            }
        };
        let mut db = Db {
            conn,
            dialect: url.dialect,
            url: url.clone(),
            lock_file: None,
        };
        if db.dialect == Dialect::Sqlite {
            // Foreign keys are off by default per connection; migrations expect them on. Other
            // writers (an application) may hold SQLite's write lock for a while: wait for it.
            db.exec("PRAGMA foreign_keys = ON").await?;
            db.exec("PRAGMA busy_timeout = 60000").await?;
        }
        Ok(db)
    }

    /// Connect to a database that must exist already: a command that only reads (status,
    /// inspect, a revert) creates no SQLite file where a typo in `--url` points.
    pub async fn connect_existing(url: &DbUrl) -> Result<Db, Failure> {
        // `?mode=rwc` written by the user asks for the file: then it is created.
        if let Some(f) = url.file.as_ref().filter(|_| !url.given_mode()) {
            if !f.exists() {
                return Err(Failure::input(format!(
                    "no SQLite database at {}: this command reads a database and creates none (is --url right?)",
                    f.display()
                )));
            }
        }
        Db::connect(url).await
    }

    /// A driver error as one line, password scrubbed.
    pub fn describe(&self, e: &sqlx::Error) -> String {
        let msg = match e {
            sqlx::Error::Database(d) => d.message().to_string(),
            other => other.to_string(),
        };
        self.url.scrub(&msg)
    }

    /// Run one statement (no parameters, not prepared: DDL and scripts).
    pub async fn exec(&mut self, sql: &str) -> Result<(), Failure> {
        self.try_exec(sql)
            .await
            .map_err(|e| Failure::run(format!("{}\n  in: {}", e, first_line(sql))))
    }

    /// Run one statement; the error as text.
    pub async fn try_exec(&mut self, sql: &str) -> Result<(), String> {
        let r = on_conn!(&mut self.conn, c => sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
            .execute(c)
            .await
            .map(|_| ()));
        r.map_err(|e| self.describe(&e))
    }

    /// Rows of a query, every value as text.
    pub async fn rows(&mut self, sql: &str) -> Result<Rows, String> {
        let r = on_conn!(&mut self.conn, c => sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
            .fetch_all(c)
            .await
            .map(|rows| rows.iter().map(|r| text_row!(r)).collect::<Rows>()));
        r.map_err(|e| self.describe(&e))
    }

    /// The first value of the first row, read as a truth value ([`ebb_core::migrate::run::is_true`]).
    pub async fn query_is_true(&mut self, sql: &str) -> Result<bool, String> {
        let rows = self.rows(sql).await?;
        let v = rows.first().and_then(|r| r.first().cloned().flatten());
        Ok(ebb_core::migrate::run::is_true(v.as_deref()))
    }

    /// Run a statement with bound values (the revision table's statements).
    async fn bound(&mut self, sql: String, values: Vec<Value>) -> Result<(), Failure> {
        let r = on_conn!(&mut self.conn, c => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for v in values {
                q = match v {
                    Value::Text(s) => q.bind(s),
                    Value::Int(n) => q.bind(n),
                    Value::Null => q.bind(None::<String>),
                };
            }
            q.execute(c).await.map(|_| ())
        });
        r.map_err(|e| {
            Failure::run(format!(
                "cannot update the revision table: {}",
                self.describe(&e)
            ))
        })
    }

    /// Read the live schema with the core's catalog queries (a fixed number, whatever the
    /// number of tables).
    pub async fn inspect(&mut self) -> Result<Schema, Failure> {
        let d = self.dialect;
        let failed = |what: &str, e: String| Failure::run(format!("inspection {what} failed: {e}"));
        // The session takes the core's settings for the queries, and its own back after.
        let mut previous = Vec::new();
        for (name, value) in inspect::session_settings(d) {
            let now = self
                .rows(&format!("SELECT current_setting('{name}')"))
                .await;
            let now = now.map_err(|e| failed("setting", e))?;
            previous.push((name, now.first().and_then(|r| r.first().cloned().flatten())));
            self.set_config(name, value)
                .await
                .map_err(|e| failed("setting", e))?;
        }
        let mut results = Vec::new();
        for q in inspect::queries(d) {
            let rows = self.rows(q.sql).await;
            let rows = rows.map_err(|e| failed(&format!("query {}", q.id), e))?;
            results.push(ResultSet {
                id: q.id.to_string(),
                rows,
            });
        }
        for (name, value) in previous {
            if let Some(v) = value {
                self.set_config(name, &v)
                    .await
                    .map_err(|e| failed("setting", e))?;
            }
        }
        Ok(inspect::build(d, &results)?)
    }

    /// `set_config(name, value, false)`: a setting for the rest of the session (PostgreSQL).
    async fn set_config(&mut self, name: &str, value: &str) -> Result<(), String> {
        let d = self.dialect;
        let sql = format!(
            "SELECT set_config({}, {}, false)",
            d.string_literal(name),
            d.string_literal(value)
        );
        self.rows(&sql).await.map(drop)
    }

    /// Create the revision table when it is missing.
    pub async fn ensure_revisions(&mut self) -> Result<(), Failure> {
        let sql = revisions::create_table(self.dialect);
        self.exec(&sql).await
    }

    /// Every revision, oldest first; none when the table does not exist (nothing is created).
    pub async fn revisions(&mut self) -> Result<Vec<Revision>, Failure> {
        let d = self.dialect;
        let exists = self
            .query_is_true(&revisions::exists(d))
            .await
            .map_err(|e| Failure::run(format!("cannot read the revision table: {e}")))?;
        if !exists {
            return Ok(Vec::new());
        }
        let rows = self
            .rows(&revisions::select_all(d))
            .await
            .map_err(|e| Failure::run(format!("cannot read the revision table: {e}")))?;
        let mut out = rows
            .iter()
            .map(|r| Revision::from_row(r))
            .collect::<Result<Vec<_>, _>>()?;
        out.sort_by(|a, b| ebb_core::migrate::cmp_versions(&a.version, &b.version));
        Ok(out)
    }

    /// Insert or replace a revision row.
    pub async fn save_revision(&mut self, r: &Revision) -> Result<(), Failure> {
        self.bound(revisions::upsert(self.dialect), r.values())
            .await
    }

    /// Remove a revision row.
    pub async fn delete_revision(&mut self, version: &str) -> Result<(), Failure> {
        self.bound(
            revisions::delete(self.dialect),
            vec![Value::Text(version.to_string())],
        )
        .await
    }

    /// Take the per-database migration lock, waiting up to `timeout`: an advisory lock on
    /// PostgreSQL, `GET_LOCK` on MySQL, and on SQLite an OS lock on a file of the system's
    /// temporary directory named after the database file ([`lock_file_for`]; released by the
    /// OS if the process dies; an in-memory database needs none).
    pub async fn lock(&mut self, timeout: Duration) -> Result<(), Failure> {
        let started = Instant::now();
        let sql = match self.dialect {
            Dialect::Postgres => format!("SELECT pg_try_advisory_lock({LOCK_KEY})"),
            Dialect::Mysql => "SELECT GET_LOCK(CONCAT('ebb:', DATABASE()), 0)".to_string(),
            Dialect::Sqlite => String::new(),
        };
        let lock_path = self.url.file.as_deref().map(lock_file_for);
        if self.dialect == Dialect::Sqlite && lock_path.is_none() {
            return Ok(());
        }
        loop {
            let taken = match &lock_path {
                Some(p) => self.try_lock_file(p)?,
                None => self
                    .query_is_true(&sql)
                    .await
                    .map_err(|e| Failure::run(format!("cannot take the migration lock: {e}")))?,
            };
            if taken {
                return Ok(());
            }
            if started.elapsed() >= timeout {
                return Err(Failure::run(format!(
                    "another ebb run holds the migration lock on {}; waited {} (--lock-timeout)",
                    self.url.shown,
                    humantime::format_duration(timeout)
                )));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn try_lock_file(&mut self, p: &std::path::Path) -> Result<bool, Failure> {
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(p)
            .map_err(|e| {
                Failure::run(format!(
                    "cannot open the lock file {}: {}",
                    p.display(),
                    crate::dir::io_reason(&e)
                ))
            })?;
        match f.try_lock() {
            Ok(()) => {
                self.lock_file = Some(f);
                Ok(true)
            }
            Err(std::fs::TryLockError::WouldBlock) => Ok(false),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(Failure::run(format!("cannot lock {}: {e}", p.display())))
            }
        }
    }

    /// Release the lock (closing the connection or ending the process would too).
    pub async fn unlock(&mut self) {
        if let Some(f) = self.lock_file.take() {
            let _ = f.unlock();
        }
        let sql = match self.dialect {
            Dialect::Postgres => format!("SELECT pg_advisory_unlock({LOCK_KEY})"),
            Dialect::Mysql => "SELECT RELEASE_LOCK(CONCAT('ebb:', DATABASE()))".to_string(),
            Dialect::Sqlite => return,
        };
        let _ = self.rows(&sql).await;
    }
}

/// The lock file of a SQLite database: `<temp>/ebb-locks/<hash of its canonical path>.lock`.
/// Not beside the database (nothing left in the user's directory), and never deleted: a
/// process waiting on a deleted lock file would lock a file nobody else sees.
fn lock_file_for(db: &std::path::Path) -> std::path::PathBuf {
    let path = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let hash = ebb_core::migrate::hash_text(&path.to_string_lossy());
    let name: String = hash
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(24)
        .collect();
    let dir = std::env::temp_dir().join("ebb-locks");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(format!("{name}.lock"))
}

/// Advisory lock key of ebb on PostgreSQL (advisory locks are per database).
const LOCK_KEY: i64 = 0x00eb_b5c4_e3a0;

pub use ebb_core::migrate::run::first_line;
