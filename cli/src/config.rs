//! `ebb.toml`: named environments holding a URL and a directory, chosen with `--env NAME`.
//!
//! ```toml
//! [env.dev]
//! url = "postgres://app@localhost:5432/app_dev"
//! dir = "file://migrations"
//!
//! [env.prod]
//! url = "${PROD_DATABASE_URL}"   # taken from the environment at run time
//! dir = "file://migrations"
//! dir_format = "goose"           # optional: atlas, golang-migrate, goose, dbmate, flyway
//!
//! [lint]
//! ignore = ["EL401"]             # codes `ebb migrate lint` never reports here
//! ```

use crate::dir::DirSpec;
use crate::fail::Failure;
use crate::DirArgs;
use ebb_core::migrate::Layout;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    env: BTreeMap<String, Env>,
    #[serde(default)]
    lint: Lint,
}

/// `[lint]`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Lint {
    #[serde(default)]
    ignore: Vec<String>,
}

/// The codes `[lint] ignore` silences; none when the configuration file does not exist.
pub fn lint_ignore(path: &std::path::Path) -> Result<Vec<String>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Failure::input(format!(
                "cannot read {}: {}",
                path.display(),
                crate::dir::io_reason(&e)
            )))
        }
    };
    let file: File = toml::from_str(&text)
        .map_err(|e| Failure::input(format!("{}: {}", path.display(), e.message())))?;
    Ok(file.lint.ignore)
}

/// One environment.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct Env {
    url: Option<String>,
    dir: Option<String>,
    dir_format: Option<String>,
}

/// The environment `--env` names, or an empty one.
fn env(args: &DirArgs) -> Result<Env, Failure> {
    let Some(name) = &args.env else {
        return Ok(Env::default());
    };
    let path = &args.config;
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::input(format!(
            "--env {name}: cannot read {}: {}",
            path.display(),
            crate::dir::io_reason(&e)
        ))
    })?;
    let file: File = toml::from_str(&text)
        .map_err(|e| Failure::input(format!("{}: {}", path.display(), e.message())))?;
    file.env.get(name).cloned().ok_or_else(|| {
        let known: Vec<&str> = file.env.keys().map(String::as_str).collect();
        Failure::input(format!(
            "{} has no environment {name:?} (it has: {})",
            path.display(),
            if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            }
        ))
    })
}

/// `${VAR}` in a configured value, from the process environment.
fn expand(v: &str) -> Result<String, Failure> {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else {
            return Err(Failure::input(format!("unclosed ${{ in {v:?}")));
        };
        let var = &rest[i + 2..i + j];
        let val = std::env::var(var).map_err(|_| {
            Failure::input(format!(
                "environment variable {var} (used in ebb.toml) is not set"
            ))
        })?;
        out.push_str(&val);
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The directory and the URL flag a command works with: flags first, then the environment
/// of `ebb.toml`, then the defaults. (`None` for the URL lets [`crate::url::DbUrl::resolve`]
/// fall back to `DATABASE_URL`, then SQLite.)
pub fn resolve(
    args: &DirArgs,
    url_flag: Option<&str>,
) -> Result<(DirSpec, Option<String>), Failure> {
    let e = env(args)?;
    let layout = match (&args.dir_format, &e.dir_format) {
        (Some(f), _) => *f,
        (None, Some(s)) => s.parse::<Layout>()?,
        (None, None) => Layout::Ebb,
    };
    let dir = match (&args.dir, &e.dir) {
        (Some(d), _) => d.clone(),
        (None, Some(d)) => expand(d)?,
        (None, None) => "file://migrations".to_string(),
    };
    let url = match (url_flag, &e.url) {
        (Some(u), _) => Some(u.to_string()),
        (None, Some(u)) => Some(expand(u)?),
        (None, None) => None,
    };
    Ok((DirSpec { arg: dir, layout }, url))
}
