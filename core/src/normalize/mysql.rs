//! MySQL's and MariaDB's spellings: types (`int(11)`, `bool`, `integer`, display widths),
//! `CURRENT_TIMESTAMP` and its synonyms, the names given unnamed keys and constraints.

use super::{split_type, AutoName};
use std::borrow::Cow;

pub(super) fn mysql_type(t: &str) -> String {
    let p = split_type(t);
    let mut rest: Vec<&str> = p
        .rest
        .split_whitespace()
        .filter(|w| *w != "signed")
        .collect();
    // `int unsigned` has no params, so its modifiers sit in `base`.
    let mut words: Vec<&str> = p.base.split_whitespace().collect();
    while words.len() > 1 && matches!(words.last(), Some(&("unsigned" | "zerofill" | "signed"))) {
        let w = words.pop().unwrap_or_default();
        if w != "signed" {
            rest.insert(0, w);
        }
    }
    let base = words.join(" ");
    let params = p.params.map(Cow::into_owned);
    let int_like = |name: &str| name.to_string();
    let core = match base.as_str() {
        "bool" | "boolean" => "tinyint(1)".to_string(),
        "tinyint" if params.as_deref() == Some("1") && rest.is_empty() => "tinyint(1)".to_string(),
        "int" | "integer" | "int4" => int_like("int"),
        "tinyint" | "int1" => int_like("tinyint"),
        "smallint" | "int2" => int_like("smallint"),
        "mediumint" | "int3" | "middleint" => int_like("mediumint"),
        "bigint" | "int8" => int_like("bigint"),
        "serial" => {
            rest = vec!["unsigned"];
            "bigint".to_string()
        }
        "dec" | "decimal" | "numeric" | "fixed" => match params.as_deref() {
            None => "decimal(10,0)".to_string(),
            Some(x) if !x.contains(',') => format!("decimal({x},0)"),
            Some(x) => format!("decimal({x})"),
        },
        "double precision" | "real" | "double" | "float8" => match params {
            Some(x) => format!("double({x})"),
            None => "double".to_string(),
        },
        "float4" => "float".to_string(),
        "character varying" | "varchar" => format!("varchar({})", params.unwrap_or_default()),
        "character" | "char" => format!("char({})", params.unwrap_or_else(|| "1".into())),
        "binary" => format!("binary({})", params.unwrap_or_else(|| "1".into())),
        other => match params {
            Some(x) => format!("{other}({x})"),
            None => other.to_string(),
        },
    };
    let mut out = core;
    for w in rest {
        out.push(' ');
        out.push_str(w);
    }
    out
}

/// MySQL reads `now()`, `CURRENT_TIMESTAMP` and `LOCALTIMESTAMP` as one function and reports
/// it as `current_timestamp()`.
pub(super) fn expr(s: String) -> String {
    match s.as_str() {
        "now()" | "current_timestamp" | "localtimestamp" | "localtimestamp()" => {
            "current_timestamp()".into()
        }
        _ => s,
    }
}

/// The name MySQL (InnoDB) or MariaDB gives an unnamed key or constraint: `PRIMARY`, the
/// first column for a key, `t_ibfk_N` for a foreign key, `CONSTRAINT_N` for a check on no
/// single column.
pub(super) fn auto_name(table: &str, columns: &[String], kind: AutoName) -> String {
    let bare_table = table.rsplit('.').next().unwrap_or(table);
    match kind {
        AutoName::PrimaryKey => "PRIMARY".to_string(),
        AutoName::Unique | AutoName::Index => columns.first().cloned().unwrap_or_default(),
        AutoName::ForeignKey(n) => format!("{bare_table}_ibfk_{n}"),
        AutoName::Check(n) => columns
            .first()
            .cloned()
            .unwrap_or_else(|| format!("CONSTRAINT_{n}")),
    }
}
