//! Real databases for the CLI's tests: a fresh database per test on each server whose
//! `EBB_TEST_*_URL` is set (a set variable with an unreachable server fails the test), and a
//! fresh SQLite file always. The binary under test is the one cargo built.

#![allow(dead_code)]

use sqlx::mysql::MySqlConnection;
use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;
use sqlx::{AssertSqlSafe, Connection, Row};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Which server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Postgres,
    Mysql,
    Sqlite,
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

fn unique(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "ebb_{}_{}_{}_{nanos}",
        tag.chars().take(20).collect::<String>(),
        std::process::id(),
        SEQ.fetch_add(1, Ordering::SeqCst)
    )
}

pub fn block<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(f)
}

/// A fresh database, dropped at the end of the test.
pub struct TestDb {
    pub kind: Kind,
    pub url: String,
    admin: Option<(String, String)>,
    _dir: Option<TempDir>,
}

/// A directory removed at the end of the test.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(unique(tag));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn with_db(admin: &str, name: &str) -> String {
    let (base, query) = admin.split_once('?').unwrap_or((admin, ""));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let q = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{}/{name}{q}", &base[..path_start])
}

/// The databases a test runs on: SQLite always, the servers whose variable is set.
pub fn databases(tag: &str) -> Vec<TestDb> {
    let mut out = Vec::new();
    for (var, kind) in [
        ("EBB_TEST_POSTGRES_URL", Kind::Postgres),
        ("EBB_TEST_MYSQL_URL", Kind::Mysql),
    ] {
        match std::env::var(var) {
            Ok(admin) if !admin.is_empty() => out.push(TestDb::create(kind, &admin, tag)),
            _ => eprintln!("{var} is not set: {kind:?} part of this test not run"),
        }
    }
    out.push(TestDb::sqlite(tag));
    out
}

/// Only the servers (the lock and MySQL resume tests).
pub fn server(kind: Kind, tag: &str) -> Option<TestDb> {
    let var = match kind {
        Kind::Postgres => "EBB_TEST_POSTGRES_URL",
        Kind::Mysql => "EBB_TEST_MYSQL_URL",
        Kind::Sqlite => return Some(TestDb::sqlite(tag)),
    };
    match std::env::var(var) {
        Ok(admin) if !admin.is_empty() => Some(TestDb::create(kind, &admin, tag)),
        _ => {
            eprintln!("{var} is not set: test not run on {kind:?}");
            None
        }
    }
}

impl TestDb {
    fn create(kind: Kind, admin: &str, tag: &str) -> TestDb {
        let name = unique(tag);
        let r = block(exec_on(kind, admin, &format!("CREATE DATABASE {name}")));
        if let Err(e) = r {
            panic!("{kind:?} test server from the environment is unreachable ({admin}): {e}");
        }
        TestDb {
            kind,
            url: with_db(admin, &name),
            admin: Some((admin.to_string(), name)),
            _dir: None,
        }
    }

    fn sqlite(tag: &str) -> TestDb {
        let dir = TempDir::new(tag);
        let url = format!("sqlite://{}?mode=rwc", dir.0.join("test.db").display());
        TestDb {
            kind: Kind::Sqlite,
            url,
            admin: None,
            _dir: Some(dir),
        }
    }

    /// Run SQL (one or more statements) on the test database.
    pub fn sql(&self, sql: &str) {
        block(exec_on(self.kind, &self.url, sql))
            .unwrap_or_else(|e| panic!("{:?}: {sql}: {e}", self.kind));
    }

    /// The rows of a query, as text.
    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        block(rows_on(self.kind, &self.url, sql))
            .unwrap_or_else(|e| panic!("{:?}: {sql}: {e}", self.kind))
    }

    /// Number of rows in the revision table.
    pub fn revision_count(&self) -> usize {
        let r = self.rows("SELECT COUNT(*) FROM ebb_schema_revisions");
        r[0][0].as_deref().unwrap().parse().unwrap()
    }

    /// A live connection of this database's driver (to hold locks across an `ebb` run); it
    /// keeps its own runtime, which its socket belongs to.
    pub fn connect(&self) -> Held {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let conn = rt.block_on(async {
            match self.kind {
                Kind::Postgres => Conn::Pg(PgConnection::connect(&self.url).await.unwrap()),
                Kind::Mysql => Conn::My(MySqlConnection::connect(&self.url).await.unwrap()),
                Kind::Sqlite => Conn::Lite(SqliteConnection::connect(&self.url).await.unwrap()),
            }
        });
        Held { rt, conn }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.admin {
            let _ = block(exec_on(
                self.kind,
                admin,
                &format!("DROP DATABASE IF EXISTS {name}"),
            ));
        }
    }
}

/// A connection a test keeps open.
pub struct Held {
    rt: tokio::runtime::Runtime,
    conn: Conn,
}

enum Conn {
    Pg(PgConnection),
    My(MySqlConnection),
    Lite(SqliteConnection),
}

impl Held {
    pub fn sql(&mut self, sql: &str) {
        let q = sqlx::raw_sql(AssertSqlSafe(sql.to_string()));
        let conn = &mut self.conn;
        self.rt
            .block_on(async {
                match conn {
                    Conn::Pg(c) => q.execute(c).await.map(|_| ()),
                    Conn::My(c) => q.execute(c).await.map(|_| ()),
                    Conn::Lite(c) => q.execute(c).await.map(|_| ()),
                }
            })
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

async fn exec_on(kind: Kind, url: &str, sql: &str) -> Result<(), sqlx::Error> {
    let q = sqlx::raw_sql(AssertSqlSafe(sql.to_string()));
    match kind {
        Kind::Postgres => q
            .execute(&mut PgConnection::connect(url).await?)
            .await
            .map(|_| ()),
        Kind::Mysql => q
            .execute(&mut MySqlConnection::connect(url).await?)
            .await
            .map(|_| ()),
        Kind::Sqlite => q
            .execute(&mut SqliteConnection::connect(url).await?)
            .await
            .map(|_| ()),
    }
}

macro_rules! text_rows {
    ($rows:expr) => {
        $rows
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.try_get_unchecked::<Option<String>, _>(i).ok().flatten())
                    .collect()
            })
            .collect()
    };
}

async fn rows_on(
    kind: Kind,
    url: &str,
    sql: &str,
) -> Result<Vec<Vec<Option<String>>>, sqlx::Error> {
    let q = sqlx::raw_sql(AssertSqlSafe(sql.to_string()));
    Ok(match kind {
        Kind::Postgres => text_rows!(q.fetch_all(&mut PgConnection::connect(url).await?).await?),
        Kind::Mysql => text_rows!(
            q.fetch_all(&mut MySqlConnection::connect(url).await?)
                .await?
        ),
        Kind::Sqlite => text_rows!(
            q.fetch_all(&mut SqliteConnection::connect(url).await?)
                .await?
        ),
    })
}

/// Run `ebb` with `args` in `cwd`.
pub fn ebb(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ebb"))
        .args(args)
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .output()
        .expect("ebb runs")
}

/// Run `ebb` and require success; returns stdout.
pub fn ok(cwd: &Path, args: &[&str]) -> String {
    let o = ebb(cwd, args);
    assert!(
        o.status.success(),
        "ebb {} failed ({:?}):\n{}\n{}",
        args.join(" "),
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Write a migration directory (`files`: name, SQL) without an `ebb.sum`; returns its
/// `file://` argument.
pub fn write_files(root: &Path, name: &str, files: &[(&str, &str)]) -> String {
    let p = root.join(name);
    std::fs::create_dir_all(&p).unwrap();
    for (n, sql) in files {
        std::fs::write(p.join(n), sql).unwrap();
    }
    format!("file://{}", p.display())
}

/// Write a migration directory with its `ebb.sum`.
pub fn write_dir(root: &Path, name: &str, files: &[(&str, &str)]) -> String {
    let dir = write_files(root, name, files);
    ok(root, &["migrate", "hash", "--dir", &dir]);
    dir
}

/// A three-file history most suites use: two tables with a foreign key; a column and an
/// index; a column rename.
pub const F1: (&str, &str) = (
    "001_authors.sql",
    "CREATE TABLE authors (id integer PRIMARY KEY, name varchar(100) NOT NULL);\n\
     CREATE TABLE books (id integer PRIMARY KEY, author_id integer, title varchar(200) NOT NULL,\n\
       FOREIGN KEY (author_id) REFERENCES authors (id));\n",
);
/// See [`F1`].
pub const F2: (&str, &str) = (
    "002_isbn.sql",
    "ALTER TABLE books ADD COLUMN isbn varchar(20);\nCREATE INDEX books_title ON books (title);\n",
);
/// See [`F1`].
pub const F3: (&str, &str) = (
    "003_rename.sql",
    "ALTER TABLE authors RENAME COLUMN name TO full_name;\n",
);

/// `rest` followed by `--url` of the database and `--dir`.
pub fn args<'a>(db: &'a TestDb, dir: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = rest.to_vec();
    v.extend(["--url", db.url.as_str(), "--dir", dir]);
    v
}

/// `ebb schema diff` between two live databases says they are equal.
pub fn assert_same_schema(root: &Path, a: &TestDb, b: &TestDb) {
    let out = ok(root, &["schema", "diff", "--from", &a.url, "--to", &b.url]);
    assert_eq!(
        out.trim(),
        "-- the schemas are equal",
        "{:?}: schemas differ",
        a.kind
    );
}

/// A fresh database of `kind` with the first `k` files of `dir` applied, to compare with.
pub fn reference(root: &Path, kind: Kind, dir: &str, k: usize, tag: &str) -> TestDb {
    let r = server(kind, tag).expect("server available: the test runs on it");
    if k > 0 {
        ok(root, &args(&r, dir, &["migrate", "apply", &k.to_string()]));
    }
    r
}
