//! One canonical form for everything two databases (or a database and a replay) may spell
//! differently: type aliases, spacing and case of expressions, default constraint names. A
//! replayed schema and an inspected one compare equal only because both go through here.

use crate::Dialect;

/// Lower-case SQL text outside quotes and collapse whitespace; `, ` inside parentheses becomes `,`.
#[must_use]
pub fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut last_space = false;
    for ch in text.chars() {
        if let Some(q) = quote {
            out.push(ch);
            if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '\'' | '"' | '`' => {
                quote = Some(ch);
                out.push(ch);
                last_space = false;
            }
            c if c.is_whitespace() => {
                if !last_space && !out.is_empty() {
                    out.push(' ');
                    last_space = true;
                }
            }
            c => {
                if (c == ')' || c == ',') && last_space {
                    out.pop();
                }
                out.extend(c.to_lowercase());
                last_space = false;
                if c == '(' || c == ',' {
                    last_space = true;
                }
            }
        }
    }
    out.trim_end().to_string()
}

struct TypeParts {
    base: String,
    params: Option<String>,
    rest: String,
    array: bool,
}

fn split_type(t: &str) -> TypeParts {
    let mut t = t.trim().to_string();
    let mut array = false;
    while let Some(stripped) = t.strip_suffix(']') {
        if let Some(open) = stripped.rfind('[') {
            t = stripped[..open].trim_end().to_string();
            array = true;
        } else {
            break;
        }
    }
    if let Some(stripped) = t.strip_suffix(" array") {
        t = stripped.to_string();
        array = true;
    }
    match (t.find('('), t.rfind(')')) {
        (Some(o), Some(c)) if c > o => TypeParts {
            base: t[..o].trim().to_string(),
            params: Some(t[o + 1..c].replace(' ', "")),
            rest: t[c + 1..].trim().to_string(),
            array,
        },
        _ => TypeParts {
            base: t,
            params: None,
            rest: String::new(),
            array,
        },
    }
}

/// Canonical spelling of a column type for a dialect, from any accepted spelling.
#[must_use]
pub fn column_type(d: Dialect, raw: &str) -> String {
    let t = squash(raw);
    match d {
        // Type names may be quoted (`"status"`); the quotes are not part of the name.
        Dialect::Postgres => pg_type(&t.replace('"', "")),
        Dialect::Mysql => mysql_type(&t),
        Dialect::Sqlite => t,
    }
}

fn pg_type(t: &str) -> String {
    let p = split_type(t);
    let full = if p.rest.is_empty() {
        p.base.clone()
    } else {
        format!("{} {}", p.base, p.rest)
    };
    let params = p.params.clone();
    let with = |name: &str, params: &Option<String>| match params {
        Some(x) => format!("{name}({x})"),
        None => name.to_string(),
    };
    let out = match full.as_str() {
        "int" | "int4" | "integer" | "serial" | "serial4" => "integer".into(),
        "int2" | "smallint" | "smallserial" | "serial2" => "smallint".into(),
        "int8" | "bigint" | "bigserial" | "serial8" => "bigint".into(),
        "varchar" | "character varying" => with("character varying", &params),
        "char" | "character" | "bpchar" => {
            with("character", &Some(params.unwrap_or_else(|| "1".into())))
        }
        "bool" | "boolean" => "boolean".into(),
        "float8" | "double precision" | "double" => "double precision".into(),
        "float4" | "real" => "real".into(),
        "float" => match params.as_deref().and_then(|x| x.parse::<u32>().ok()) {
            Some(n) if n <= 24 => "real".into(),
            _ => "double precision".into(),
        },
        "decimal" | "numeric" => with("numeric", &params),
        "timestamp" | "timestamp without time zone" => ts("timestamp", &params, false),
        "timestamptz" | "timestamp with time zone" => ts("timestamp", &params, true),
        "time" | "time without time zone" => ts("time", &params, false),
        "timetz" | "time with time zone" => ts("time", &params, true),
        "varbit" | "bit varying" => with("bit varying", &params),
        "bit" => with("bit", &Some(params.unwrap_or_else(|| "1".into()))),
        "public.citext" => "citext".into(),
        other => with(other, &params),
    };
    if p.array {
        format!("{out}[]")
    } else {
        out
    }
}

fn ts(name: &str, params: &Option<String>, tz: bool) -> String {
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

fn mysql_type(t: &str) -> String {
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
    let params = p.params;
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

/// Canonical text of an expression (defaults, checks, index expressions, predicates).
#[must_use]
pub fn expr(d: Dialect, raw: &str) -> String {
    let s = squash(raw);
    let s = strip_outer_parens(&s);
    if s == "null" {
        return s;
    }
    match d {
        Dialect::Mysql => match s.as_str() {
            "now()" | "current_timestamp" | "localtimestamp" | "localtimestamp()" => {
                "current_timestamp()".into()
            }
            _ => s,
        },
        Dialect::Postgres => match s.as_str() {
            "now()" | "current_timestamp()" => "current_timestamp".into(),
            _ => pg_nextval(&s),
        },
        Dialect::Sqlite => s,
    }
}

/// `nextval('public.s')`, `nextval('s')` and `nextval('s'::regclass)` are one default.
fn pg_nextval(s: &str) -> String {
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

/// Remove parentheses that wrap the whole expression.
#[must_use]
pub fn strip_outer_parens(s: &str) -> String {
    let mut s = s.trim();
    loop {
        if !(s.starts_with('(') && s.ends_with(')')) {
            return s.to_string();
        }
        // The opening parenthesis must close at the very end.
        let mut depth = 0i32;
        let mut quote: Option<char> = None;
        let mut closes_at_end = true;
        for (i, ch) in s.char_indices() {
            if let Some(q) = quote {
                if ch == q {
                    quote = None;
                }
                continue;
            }
            match ch {
                '\'' | '"' | '`' => quote = Some(ch),
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 && i != s.len() - 1 {
                        closes_at_end = false;
                        break;
                    }
                }
                _ => {}
            }
        }
        if !closes_at_end {
            return s.to_string();
        }
        s = s[1..s.len() - 1].trim();
    }
}

/// Name the database gives an unnamed constraint or index.
#[derive(Debug, Clone, Copy)]
pub enum AutoName {
    /// Primary key.
    PrimaryKey,
    /// Unique constraint.
    Unique,
    /// Foreign key; the number is MySQL's `_ibfk_N` counter.
    ForeignKey(usize),
    /// Check constraint; the number is MariaDB's `CONSTRAINT_N` counter.
    Check(usize),
    /// `CREATE INDEX` without a name (PostgreSQL).
    Index,
}

/// The name PostgreSQL or MySQL gives an unnamed constraint; `None` where the database keeps
/// it unnamed (SQLite). PostgreSQL truncates generated names to 63 bytes.
#[must_use]
pub fn auto_name(d: Dialect, table: &str, columns: &[String], kind: AutoName) -> Option<String> {
    let bare_table = table.rsplit('.').next().unwrap_or(table);
    match d {
        Dialect::Postgres => {
            let cols = columns.join("_");
            let (label, with_cols) = match kind {
                AutoName::PrimaryKey => ("pkey", false),
                AutoName::Unique => ("key", true),
                AutoName::ForeignKey(_) => ("fkey", true),
                AutoName::Check(_) => ("check", true),
                AutoName::Index => ("idx", true),
            };
            let name = if with_cols && !cols.is_empty() {
                format!("{bare_table}_{cols}_{label}")
            } else {
                format!("{bare_table}_{label}")
            };
            Some(truncate_identifier(&name, 63))
        }
        Dialect::Mysql => Some(match kind {
            AutoName::PrimaryKey => "PRIMARY".to_string(),
            AutoName::Unique | AutoName::Index => columns.first().cloned().unwrap_or_default(),
            AutoName::ForeignKey(n) => format!("{bare_table}_ibfk_{n}"),
            AutoName::Check(n) => columns
                .first()
                .cloned()
                .unwrap_or_else(|| format!("CONSTRAINT_{n}")),
        }),
        Dialect::Sqlite => None,
    }
}

fn truncate_identifier(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_type_aliases_share_one_spelling() {
        let d = Dialect::Postgres;
        for (a, b) in [
            ("INT", "integer"),
            ("int4", "integer"),
            ("VARCHAR(20)", "character varying(20)"),
            ("character varying (20)", "character varying(20)"),
            ("timestamptz", "timestamp with time zone"),
            ("TIMESTAMP(3)", "timestamp(3) without time zone"),
            ("numeric(10, 2)", "numeric(10,2)"),
            ("int[]", "integer[]"),
            ("text ARRAY", "text[]"),
            ("float", "double precision"),
            ("bool", "boolean"),
            ("char", "character(1)"),
        ] {
            assert_eq!(column_type(d, a), b, "{a}");
        }
    }

    #[test]
    fn mysql_type_aliases_share_one_spelling() {
        let d = Dialect::Mysql;
        for (a, b) in [
            ("INT(11)", "int"),
            ("integer unsigned", "int unsigned"),
            ("INT(10) UNSIGNED", "int unsigned"),
            ("BOOLEAN", "tinyint(1)"),
            ("DECIMAL", "decimal(10,0)"),
            ("numeric(8)", "decimal(8,0)"),
            ("ENUM('a', 'B')", "enum('a','B')"),
            ("VARCHAR(255)", "varchar(255)"),
            ("double precision", "double"),
        ] {
            assert_eq!(column_type(d, a), b, "{a}");
        }
    }

    #[test]
    fn generated_names_follow_each_database() {
        let cols = vec!["email".to_string()];
        assert_eq!(
            auto_name(Dialect::Postgres, "users", &cols, AutoName::Unique).as_deref(),
            Some("users_email_key")
        );
        assert_eq!(
            auto_name(Dialect::Postgres, "users", &cols, AutoName::PrimaryKey).as_deref(),
            Some("users_pkey")
        );
        assert_eq!(
            auto_name(Dialect::Mysql, "users", &cols, AutoName::ForeignKey(2)).as_deref(),
            Some("users_ibfk_2")
        );
        assert_eq!(
            auto_name(Dialect::Sqlite, "users", &cols, AutoName::Unique),
            None
        );
        let long = "a".repeat(70);
        assert_eq!(
            auto_name(Dialect::Postgres, &long, &cols, AutoName::Unique)
                .unwrap()
                .len(),
            63
        );
    }

    #[test]
    fn outer_parens_are_dropped_only_when_they_wrap_everything() {
        assert_eq!(strip_outer_parens("((a > 0))"), "a > 0");
        assert_eq!(strip_outer_parens("(a) + (b)"), "(a) + (b)");
    }
}
