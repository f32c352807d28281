//! Database URLs: which dialect, what sqlx gets, and what may be printed (never a password).

use crate::fail::Failure;
use ebb_core::Dialect;

/// Where `--url` falls back to when neither the flag nor `DATABASE_URL` is set: a SQLite file
/// in the current directory, so a new user needs no server.
pub const DEFAULT_URL: &str = "sqlite://ebb.db";

/// A parsed database URL.
#[derive(Debug, Clone)]
pub struct DbUrl {
    /// Dialect the URL's scheme names.
    pub dialect: Dialect,
    /// The URL handed to sqlx.
    pub connect: String,
    /// The URL as it may be printed: password replaced by `****`.
    pub shown: String,
    /// The password, to scrub from driver messages.
    secret: Option<String>,
    /// SQLite: the database file (`None` in memory).
    pub file: Option<std::path::PathBuf>,
}

impl DbUrl {
    /// Parse `postgres://`, `postgresql://`, `mysql://`, `mariadb://`, `sqlite://path`,
    /// `sqlite:path` and `sqlite::memory:`.
    pub fn parse(raw: &str) -> Result<DbUrl, Failure> {
        let raw = raw.trim();
        let (scheme, rest) = raw.split_once(':').ok_or_else(|| {
            Failure::input(format!(
                "{:?} is not a database URL: expected postgres://, mysql:// or sqlite://",
                redact(raw).0
            ))
        })?;
        let (shown, secret) = redact(raw);
        let (dialect, connect) = match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => (Dialect::Postgres, raw.to_string()),
            "mysql" => (Dialect::Mysql, raw.to_string()),
            "mariadb" => (Dialect::Mysql, format!("mysql:{rest}")),
            "sqlite" => (Dialect::Sqlite, sqlite_url(rest)),
            other => {
                return Err(Failure::input(format!(
                    "unknown database URL scheme {other:?} in {shown}: use postgres://, mysql:// (MariaDB too) or sqlite://"
                )))
            }
        };
        let file = (dialect == Dialect::Sqlite)
            .then(|| {
                rest.trim_start_matches("//")
                    .split('?')
                    .next()
                    .unwrap_or("")
            })
            .filter(|p| !p.is_empty() && !p.starts_with(":memory:"))
            .map(std::path::PathBuf::from);
        Ok(DbUrl {
            dialect,
            connect,
            shown,
            secret,
            file,
        })
    }

    /// Resolve `--url`, then `DATABASE_URL`, then [`DEFAULT_URL`].
    pub fn resolve(flag: Option<&str>) -> Result<DbUrl, Failure> {
        match flag {
            Some(u) => DbUrl::parse(u),
            None => match std::env::var("DATABASE_URL") {
                Ok(u) if !u.trim().is_empty() => DbUrl::parse(&u),
                _ => DbUrl::parse(DEFAULT_URL),
            },
        }
    }

    /// SQLite: the URL says how to open the file (`?mode=rwc` creates it, `?mode=ro` reads).
    pub fn given_mode(&self) -> bool {
        self.dialect == Dialect::Sqlite && self.shown.contains("mode=")
    }

    /// Whether connecting would create the database: a SQLite file that does not exist yet.
    pub fn creates_file(&self) -> bool {
        self.file.as_ref().is_some_and(|f| !f.exists())
    }

    /// An empty SQLite database in memory standing in for this one (printed as this one): what
    /// a dry run reads where the file does not exist yet.
    pub fn in_memory(&self) -> DbUrl {
        DbUrl {
            connect: "sqlite::memory:".to_string(),
            file: None,
            ..self.clone()
        }
    }

    /// A driver message with the password taken out.
    pub fn scrub(&self, msg: &str) -> String {
        let mut m = msg.replace(&self.connect, &self.shown);
        if let Some(s) = self.secret.as_deref().filter(|s| !s.is_empty()) {
            m = m.replace(s, "****");
        }
        m
    }
}

/// SQLite: create the file when it does not exist (sqlx would refuse), keep `:memory:`.
fn sqlite_url(rest: &str) -> String {
    let path = rest.trim_start_matches("//");
    if path.is_empty() || path.starts_with(":memory:") || path.contains("mode=") {
        return format!("sqlite:{path}");
    }
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("sqlite://{path}{sep}mode=rwc")
}

/// The URL with its password replaced, and the password.
fn redact(raw: &str) -> (String, Option<String>) {
    let Some(start) = raw.find("://").map(|i| i + 3) else {
        return (raw.to_string(), None);
    };
    let authority_end = raw[start..]
        .find(['/', '?'])
        .map_or(raw.len(), |i| start + i);
    let Some(at) = raw[start..authority_end].rfind('@').map(|i| start + i) else {
        return (raw.to_string(), None);
    };
    let Some(colon) = raw[start..at].find(':').map(|i| start + i) else {
        return (raw.to_string(), None);
    };
    let secret = raw[colon + 1..at].to_string();
    (
        format!("{}****{}", &raw[..=colon], &raw[at..]),
        Some(secret),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_never_shown() {
        let u =
            DbUrl::parse("postgres://alice:s3cr%40t@db.example:5432/app?sslmode=require").unwrap();
        assert_eq!(u.dialect, Dialect::Postgres);
        assert_eq!(
            u.shown,
            "postgres://alice:****@db.example:5432/app?sslmode=require"
        );
        assert_eq!(
            u.scrub("password authentication failed (s3cr%40t)"),
            "password authentication failed (****)"
        );
        let m = DbUrl::parse("mariadb://root@127.0.0.1/test").unwrap();
        assert_eq!(
            (m.dialect, m.connect.as_str()),
            (Dialect::Mysql, "mysql://root@127.0.0.1/test")
        );
        assert_eq!(m.shown, "mariadb://root@127.0.0.1/test");
    }

    #[test]
    fn sqlite_files_are_created_on_first_use() {
        assert_eq!(
            DbUrl::parse("sqlite://ebb.db").unwrap().connect,
            "sqlite://ebb.db?mode=rwc"
        );
        assert_eq!(
            DbUrl::parse("sqlite::memory:").unwrap().connect,
            "sqlite::memory:"
        );
        let e = DbUrl::parse("oracle://x").unwrap_err();
        assert!(
            e.message.contains("unknown database URL scheme \"oracle\""),
            "{}",
            e.message
        );
    }
}
