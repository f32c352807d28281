//! ebb-core for JavaScript. Every export takes and returns JSON text; errors are thrown as JS
//! `Error`s whose `file`, `line` and `column` properties point into the SQL (when the error
//! has a position) and whose `kind` says which error it is.
//!
//! The functions behind the exports (`*_json`) are plain Rust, so the native test suite checks
//! them against the core without a JavaScript engine.

use ebb_core::migrate::{self, MigrationDir, Revision};
use ebb_core::replay::Session;
use ebb_core::{Dialect, Error, Schema};
use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// A migration file as JavaScript hands it over.
#[derive(Deserialize)]
struct File {
    name: String,
    sql: String,
}

/// Options of [`plan_down_json`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DownOptions {
    dialect: String,
    files: Vec<File>,
    /// Version to revert to ("0": everything).
    target: String,
    /// SQL of the database as it is (drifted, partially applied); none: as the history says.
    #[serde(default)]
    actual: Option<String>,
    /// Statements of the last file that ran (a partially applied file); none: all of them.
    #[serde(default)]
    applied_statements: Option<usize>,
    /// Make `actual` equal the target exactly, drift included (`ebb migrate down --exact`);
    /// otherwise only what the reverted files did is undone.
    #[serde(default)]
    exact: bool,
}

/// Options of [`plan_apply_json`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApplyOptions {
    dialect: String,
    files: Vec<File>,
    /// Version the database is at ("0" or absent: nothing applied).
    #[serde(default)]
    current: Option<String>,
}

/// An error of the core or of the input, before it becomes a JS error.
#[derive(Debug)]
pub struct Failure {
    /// The core error's kind (`parse`, `semantic`, …) or `input`.
    pub kind: String,
    /// Message.
    pub message: String,
    /// Position in the SQL, when there is one.
    pub at: Option<(String, usize, usize)>,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let at = e
            .position()
            .map(|(file, line, col)| (file.to_string(), line, col));
        let kind = serde_json::to_value(&e)
            .ok()
            .and_then(|v| v.get("kind").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| "input".into());
        Failure {
            kind,
            message: e.to_string(),
            at,
        }
    }
}

fn input(message: String) -> Failure {
    Failure {
        kind: "input".into(),
        message,
        at: None,
    }
}

fn dialect(name: &str) -> Result<Dialect, Failure> {
    name.parse().map_err(|_| {
        input(format!(
            "unknown dialect {name:?}: use postgres, mysql or sqlite"
        ))
    })
}

fn parse<'a, T: Deserialize<'a>>(what: &str, text: &'a str) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|e| input(format!("{what}: {e}")))
}

fn directory(files: Vec<File>) -> Result<MigrationDir, Failure> {
    Ok(MigrationDir::from_files(
        files
            .into_iter()
            .map(|f| (f.name, f.sql.into_bytes()))
            .collect(),
    )?)
}

/// The schema that `files` (`[{name, sql}]`, in order) produce.
///
/// # Errors
/// SQL errors with their position; malformed input.
pub fn replay_json(dialect_name: &str, files_json: &str) -> Result<String, Failure> {
    let d = dialect(dialect_name)?;
    let files: Vec<File> = parse("files", files_json)?;
    let mut s = Session::new(Schema::new(d));
    let mut warnings = Vec::new();
    for f in &files {
        warnings.extend(s.file(&f.name, &f.sql)?.warnings);
    }
    Ok(json!({"schema": s.into_schema(), "warnings": warnings}).to_string())
}

/// The changes from schema `a` to schema `b` (JSON of `replay`'s `schema`), with a
/// description each, and the plan between them.
///
/// # Errors
/// Malformed input.
pub fn diff_json(a_json: &str, b_json: &str) -> Result<String, Failure> {
    let a: Schema = parse("a", a_json)?;
    let b: Schema = parse("b", b_json)?;
    if a.dialect != b.dialect {
        return Err(input("the two schemas are of different dialects".into()));
    }
    let changes: Vec<Value> = ebb_core::diff::compare(&a, &b)
        .changes
        .iter()
        .map(|c| json!({"description": c.to_string(), "change": c}))
        .collect();
    let plan = ebb_core::plan::compare(&a, &b);
    Ok(json!({"changes": changes, "plan": plan, "sql": plan.to_sql()}).to_string())
}

/// The down plan of `{dialect, files, target, actual?, appliedStatements?}`: every file is
/// applied (the last one partly when `appliedStatements` is given), the database is as the
/// history says unless `actual` gives its SQL.
///
/// # Errors
/// SQL errors with their position, unknown or not-lower targets, malformed input.
pub fn plan_down_json(options_json: &str) -> Result<String, Failure> {
    let o: DownOptions = parse("options", options_json)?;
    let d = dialect(&o.dialect)?;
    let md = directory(o.files)?;
    let Some(last) = md.files.last().map(|f| f.version.clone()) else {
        return Err(input("no migration files".into()));
    };
    let revs: Vec<Revision> = migrate::revisions_up_to(d, &md, &last, o.applied_statements);
    let actual = match &o.actual {
        Some(sql) if !sql.trim().is_empty() => {
            Some(ebb_core::replay::replay_sql(d, "actual.sql", sql)?)
        }
        _ => None,
    };
    let mode = if o.exact {
        migrate::DownMode::Exact
    } else {
        migrate::DownMode::UndoFiles
    };
    let p = migrate::plan_down(d, &md, &revs, actual.as_ref(), o.target.trim(), mode)?;
    Ok(json!({
        "dialect": d.name(),
        "current": p.current,
        "target": p.target,
        "steps": p.steps,
        "warnings": p.warnings,
        "targetSchema": p.target_schema,
        "sql": p.preview(),
    })
    .to_string())
}

/// The apply plan of `{dialect, files, current?}`: what `ebb migrate apply` would run.
///
/// # Errors
/// SQL errors with their position, malformed input.
pub fn plan_apply_json(options_json: &str) -> Result<String, Failure> {
    let o: ApplyOptions = parse("options", options_json)?;
    let d = dialect(&o.dialect)?;
    let md = directory(o.files)?;
    let revs = match o.current.as_deref().map(str::trim) {
        None | Some("" | "0") => Vec::new(),
        Some(v) => migrate::revisions_up_to(d, &md, v, None),
    };
    let p = migrate::plan_apply(d, &md, &revs, None)?;
    let files: Vec<Value> = p
        .files
        .iter()
        .map(|f| json!({"version": f.version, "name": f.name, "statements": f.statements, "transactional": !f.no_transaction}))
        .collect();
    Ok(json!({"current": p.current, "files": files, "warnings": p.warnings}).to_string())
}

/// Options of [`lint_json`].
#[derive(Deserialize)]
struct LintOptions {
    dialect: String,
    files: Vec<File>,
    /// How many of the newest files (default 1).
    #[serde(default)]
    latest: Option<usize>,
}

/// `ebb migrate lint` of the newest files of `{dialect, files, latest?}`: `{files, text,
/// errors}` (the core's `FileLint` list, its text, and whether any finding is an error).
///
/// # Errors
/// SQL errors with their position, malformed input.
pub fn lint_json(options_json: &str) -> Result<String, Failure> {
    let o: LintOptions = parse("options", options_json)?;
    let d = dialect(&o.dialect)?;
    let md = directory(o.files)?;
    let versions: Vec<String> = md
        .files
        .iter()
        .rev()
        .take(o.latest.unwrap_or(1))
        .map(|f| f.version.clone())
        .collect();
    let files = ebb_core::lint::lint(d, &md, &versions, &ebb_core::lint::LintOptions::default())?;
    Ok(json!({
        "files": files,
        "text": ebb_core::lint::to_text(&files),
        "errors": ebb_core::lint::has_errors(&files),
    })
    .to_string())
}

fn throw(f: Failure) -> JsValue {
    let e = js_sys::Error::new(&f.message);
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&e, &JsValue::from_str(k), &v);
    };
    set("kind", JsValue::from_str(&f.kind));
    if let Some((file, line, col)) = f.at {
        set("file", JsValue::from_str(&file));
        #[allow(clippy::cast_precision_loss)] // lines and columns are far below 2^52
        {
            set("line", JsValue::from_f64(line as f64));
            set("column", JsValue::from_f64(col as f64));
        }
    }
    e.into()
}

/// `replay(dialect, filesJson)` → `{schema, warnings}` as JSON.
///
/// # Errors
/// Thrown JS error (see the module).
#[wasm_bindgen]
pub fn replay(dialect: &str, files_json: &str) -> Result<String, JsValue> {
    replay_json(dialect, files_json).map_err(throw)
}

/// `diff(aJson, bJson)` → `{changes, plan, sql}` as JSON.
///
/// # Errors
/// Thrown JS error.
#[wasm_bindgen]
pub fn diff(a_json: &str, b_json: &str) -> Result<String, JsValue> {
    diff_json(a_json, b_json).map_err(throw)
}

/// `planDown(optionsJson)` → `{current, target, steps, warnings, targetSchema, sql}` as JSON.
///
/// # Errors
/// Thrown JS error.
#[wasm_bindgen(js_name = planDown)]
pub fn plan_down(options_json: &str) -> Result<String, JsValue> {
    plan_down_json(options_json).map_err(throw)
}

/// `planApply(optionsJson)` → `{current, files, warnings}` as JSON.
///
/// # Errors
/// Thrown JS error.
#[wasm_bindgen(js_name = planApply)]
pub fn plan_apply(options_json: &str) -> Result<String, JsValue> {
    plan_apply_json(options_json).map_err(throw)
}

/// `lint(optionsJson)` → `{files, text, errors}` as JSON.
///
/// # Errors
/// Thrown JS error.
#[wasm_bindgen]
pub fn lint(options_json: &str) -> Result<String, JsValue> {
    lint_json(options_json).map_err(throw)
}

/// The version of ebb.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
