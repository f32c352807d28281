//! `ebb schema …`: inspect a database, diff two schemas.

use crate::db::Db;
use crate::dir;
use crate::fail::Failure;
use crate::url::DbUrl;
use crate::SchemaFormat;
use ebb_core::{Dialect, Schema};

/// `ebb schema inspect`.
pub async fn inspect(url: Option<&str>, format: SchemaFormat) -> Result<(), Failure> {
    let url = DbUrl::resolve(url)?;
    let mut db = Db::connect_existing(&url).await?;
    let s = db.inspect().await?;
    match format {
        SchemaFormat::Json => crate::sayln!(
            "{}",
            serde_json::to_string_pretty(&s).map_err(|e| Failure::run(e.to_string()))?
        ),
        SchemaFormat::Sql => crate::out::say(&as_sql(&s)),
    }
    Ok(())
}

/// A schema as the statements that create it.
fn as_sql(s: &Schema) -> String {
    let p = ebb_core::plan::plan(&Schema::new(s.dialect), s);
    let mut out = String::new();
    for st in &p.statements {
        out.push_str(st);
        out.push_str(";\n");
    }
    out
}

/// One side of `schema diff`.
pub enum Source {
    Url(DbUrl),
    File(std::path::PathBuf),
    Dir(String, Option<String>),
}

pub fn source(arg: &str) -> Result<Source, Failure> {
    if let Some(rest) = arg.strip_prefix("file://") {
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let version = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("version="))
            .map(str::to_string);
        let p = std::path::PathBuf::from(path);
        if p.is_dir() {
            return Ok(Source::Dir(arg.to_string(), version));
        }
        return Ok(Source::File(p));
    }
    #[allow(clippy::case_sensitive_file_extension_comparisons)]
    if arg.ends_with(".sql") {
        return Ok(Source::File(arg.into()));
    }
    if std::path::Path::new(arg).is_dir() {
        return Ok(Source::Dir(arg.to_string(), None));
    }
    Ok(Source::Url(DbUrl::parse(arg)?))
}

pub async fn load(src: &Source, d: Option<Dialect>) -> Result<Schema, Failure> {
    let need = || {
        d.ok_or_else(|| {
            Failure::input("say which dialect the SQL is written for with --dialect (or compare against a database URL)")
        })
    };
    match src {
        Source::Url(u) => Db::connect_existing(u).await?.inspect().await,
        Source::File(p) => {
            let sql = std::fs::read_to_string(p).map_err(|e| {
                Failure::input(format!(
                    "cannot read {}: {}",
                    p.display(),
                    dir::io_reason(&e)
                ))
            })?;
            Ok(ebb_core::replay::replay_sql(
                need()?,
                &p.display().to_string(),
                &sql,
            )?)
        }
        Source::Dir(arg, version) => {
            let md = dir::load(&dir::DirSpec {
                arg: arg.clone(),
                layout: ebb_core::migrate::Layout::Ebb,
            })?;
            if let Some(v) = version {
                if !v.trim_start_matches('0').is_empty() && md.file(v).is_none() {
                    return Err(Failure::input(format!(
                        "unknown version {v}: it is not a file of {arg}"
                    )));
                }
            }
            Ok(md.schema_at(need()?, version.as_deref())?)
        }
    }
}

/// `ebb schema diff`.
pub async fn diff(from: &str, to: &str, dialect: Option<Dialect>) -> Result<(), Failure> {
    let (a, b) = (source(from)?, source(to)?);
    let url_dialect = [&a, &b].iter().find_map(|s| match s {
        Source::Url(u) => Some(u.dialect),
        _ => None,
    });
    let d = dialect.or(url_dialect);
    if let (Some(x), Some(y)) = (dialect, url_dialect) {
        if x != y {
            return Err(Failure::input(format!(
                "--dialect {x} does not match the database URL's dialect {y}"
            )));
        }
    }
    let sa = load(&a, d).await?;
    let sb = load(&b, d).await?;
    if sa.dialect != sb.dialect {
        return Err(Failure::input(format!(
            "cannot compare a {} schema with a {} schema",
            sa.dialect, sb.dialect
        )));
    }
    let p = ebb_core::plan::compare(&sa, &sb);
    if p.is_empty() {
        crate::sayln!("-- the schemas are equal");
    } else {
        crate::out::say(&p.to_sql());
    }
    Ok(())
}
