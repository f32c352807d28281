//! PostgreSQL's spellings: type aliases (`int4`, `timestamp without time zone`), `nextval`
//! defaults, and the names it gives unnamed constraints, indexes and sequences (63 bytes).

use super::{canonical_text, cut_identifier, split_type, AutoName};
use std::borrow::Cow;

pub(super) fn pg_type(t: &str) -> String {
    let p = split_type(t);
    let full = if p.rest.is_empty() {
        Cow::Borrowed(p.base)
    } else {
        Cow::Owned(format!("{} {}", p.base, p.rest))
    };
    let params = p.params.as_deref();
    let with = |name: &str, params: Option<&str>| match params {
        Some(x) => format!("{name}({x})"),
        None => name.to_string(),
    };
    let out = match &*full {
        "int" | "int4" | "integer" | "serial" | "serial4" => "integer".into(),
        "int2" | "smallint" | "smallserial" | "serial2" => "smallint".into(),
        "int8" | "bigint" | "bigserial" | "serial8" => "bigint".into(),
        "varchar" | "character varying" => with("character varying", params),
        "char" | "character" | "bpchar" => with("character", Some(params.unwrap_or("1"))),
        "bool" | "boolean" => "boolean".into(),
        "float8" | "double precision" | "double" => "double precision".into(),
        "float4" | "real" => "real".into(),
        "float" => match params.and_then(|x| x.parse::<u32>().ok()) {
            Some(n) if n <= 24 => "real".into(),
            _ => "double precision".into(),
        },
        "decimal" | "numeric" => with("numeric", params),
        "timestamp" | "timestamp without time zone" => ts("timestamp", params, false),
        "timestamptz" | "timestamp with time zone" => ts("timestamp", params, true),
        "time" | "time without time zone" => ts("time", params, false),
        "timetz" | "time with time zone" => ts("time", params, true),
        "varbit" | "bit varying" => with("bit varying", params),
        "bit" => with("bit", Some(params.unwrap_or("1"))),
        "public.citext" => "citext".into(),
        other => with(other, params),
    };
    if p.array {
        format!("{out}[]")
    } else {
        out
    }
}

fn ts(name: &str, params: Option<&str>, tz: bool) -> String {
    let zone = if tz {
        "with time zone"
    } else {
        "without time zone"
    };
    match params {
        Some(x) => format!("{name}({x}) {zone}"),
        None => format!("{name} {zone}"),
    }
}

/// `nextval('public.s')`, `nextval('s')` and `nextval('s'::regclass)` are one default.
pub(super) fn pg_nextval(s: &str) -> String {
    let Some(rest) = s.strip_prefix("nextval('") else {
        return s.to_string();
    };
    let Some(end) = rest.find('\'') else {
        return s.to_string();
    };
    let name = rest[..end].strip_prefix("public.").unwrap_or(&rest[..end]);
    let tail = &rest[end + 1..];
    if tail == ")" || tail == "::regclass)" {
        format!("nextval('{name}'::regclass)")
    } else {
        s.to_string()
    }
}

/// The parts PostgreSQL builds an unnamed object's name from: the table, the columns joined
/// by `_` (`None` for a primary key or a check over several columns), and the label.
#[must_use]
pub fn pg_name_parts(
    table: &str,
    columns: &[String],
    kind: AutoName,
) -> (String, Option<String>, &'static str) {
    let bare_table = table.rsplit('.').next().unwrap_or(table).to_string();
    let (label, with_cols) = match kind {
        AutoName::PrimaryKey => ("pkey", false),
        AutoName::Unique => ("key", true),
        AutoName::ForeignKey(_) => ("fkey", true),
        AutoName::Check(_) => ("check", true),
        AutoName::Index => ("idx", true),
    };
    // Column names are joined until the text reaches NAMEDATALEN (64) bytes.
    let mut cols = String::new();
    for c in columns {
        if cols.len() >= 64 {
            break;
        }
        if !cols.is_empty() {
            cols.push('_');
        }
        cols.push_str(c);
    }
    let name2 = (with_cols && !cols.is_empty()).then_some(cols);
    (bare_table, name2, label)
}

/// The name PostgreSQL makes from `name1`, `name2` and a label (its `makeObjectName`):
/// `name1_name2_label`, fitted into 63 bytes by cutting `name1` and `name2`, the longer one
/// first, never the label (`users_email_key`, `t_id_seq`, with a collision number `key1`).
#[must_use]
pub fn pg_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = usize::from(name2.is_some()) + label.len() + 1;
    let avail = 63usize.saturating_sub(overhead);
    let (mut n1, mut n2) = (name1.len(), name2.map_or(0, str::len));
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = String::with_capacity(64);
    out.push_str(cut_identifier(name1, n1));
    if let Some(n) = name2 {
        out.push('_');
        out.push_str(cut_identifier(n, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// `DEFAULT NULL` on a type with a modifier stays, as `NULL::<type>` (see
/// [`super::null_default`]).
pub(super) fn null_default(ty: &str) -> Option<String> {
    if !ty.contains('(') {
        return None;
    }
    let array = ty.ends_with("[]");
    let base = ty.trim_end_matches("[]");
    let mut unmodified = String::new();
    let mut depth = 0;
    for ch in base.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => unmodified.push(ch),
            _ => {}
        }
    }
    let name = match canonical_text(&unmodified) {
        x if x == "character" => "bpchar".to_string(),
        x => x,
    };
    Some(format!("null::{name}{}", if array { "[]" } else { "" }))
}

/// PostgreSQL keeps `now()` and `CURRENT_TIMESTAMP` apart in its catalog (and in pg_dump), so
/// the model does too; `normalize::equivalence_key` still sees them as one.
pub(super) fn expr(s: &str) -> String {
    match s {
        "current_timestamp()" => "current_timestamp".into(),
        _ => pg_nextval(s),
    }
}
