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
                if (c == ')' || c == ',') && out.ends_with(' ') {
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
        "timestamp" | "timestamp without time zone" => ts("timestamp", params.as_deref(), false),
        "timestamptz" | "timestamp with time zone" => ts("timestamp", params.as_deref(), true),
        "time" | "time without time zone" => ts("time", params.as_deref(), false),
        "timetz" | "time with time zone" => ts("time", params.as_deref(), true),
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

/// What an explicit `DEFAULT NULL` leaves on a column, given its canonical type: PostgreSQL
/// keeps it (as `NULL::<type>`) only when the type has a modifier (`varchar(20)`,
/// `timestamp(3)`, `numeric(10,2)`): the cast to the modifier is not a plain constant. Other
/// dialects and types: no default (`None`).
#[must_use]
pub fn null_default(d: Dialect, ty: &str) -> Option<String> {
    if d != Dialect::Postgres || !ty.contains('(') {
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
    let name = match squash(&unmodified) {
        x if x == "character" => "bpchar".to_string(),
        x => x,
    };
    Some(format!("null::{name}{}", if array { "[]" } else { "" }))
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
        // PostgreSQL keeps `now()` and `CURRENT_TIMESTAMP` apart in its catalog (and in
        // pg_dump), so the model does too; `normalize::loose` still sees them as one.
        Dialect::Postgres => match s.as_str() {
            "current_timestamp()" => "current_timestamp".into(),
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

/// A key under which two spellings of one expression compare equal, whichever wrote it: the
/// migration author or the database's catalog (`pg_get_expr`, MariaDB's `CHECK_CLAUSE`).
///
/// The expression is parsed and rewritten: parentheses and `::`/`CAST` casts are dropped (the
/// catalogs add both), `x = ANY (ARRAY[…])` becomes `x IN (…)`, `BETWEEN` becomes its two
/// comparisons, `~~` becomes `LIKE`, numeric strings and `-n` become numbers (`'-1'::integer`),
/// identifiers lose their quotes and qualifiers. The result is printed fully parenthesised, so
/// `(a + b) * c` and `a + b * c` keep different keys. Text that does not parse is squashed.
///
/// This key is only for deciding equivalence (inspected vs. replayed); it is never executed.
#[must_use]
pub fn loose(d: Dialect, text: &str) -> String {
    use sqlparser::ast::visit_expressions_mut;
    use std::ops::ControlFlow;
    let pre = expr(d, text);
    let dialect = d.parser();
    let parsed = sqlparser::parser::Parser::new(&*dialect)
        .try_with_sql(&pre)
        .and_then(|mut p| {
            let e = p.parse_expr()?;
            // The whole text must be one expression.
            p.expect_token(&sqlparser::tokenizer::Token::EOF)?;
            Ok(e)
        });
    let Ok(mut e) = parsed else {
        return pre;
    };
    let _ = visit_expressions_mut(&mut e, |x| {
        loosen(d, x);
        ControlFlow::<()>::Continue(())
    });
    let out = expr(d, &e.to_string());
    if d == Dialect::Postgres && out == "now()" {
        return "current_timestamp".into();
    }
    out
}

fn canonical_number(n: &str) -> Option<String> {
    let (neg, digits) = match n.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, n.strip_prefix('+').unwrap_or(n)),
    };
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || digits.bytes().filter(|b| *b == b'.').count() > 1
    {
        return None;
    }
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let body = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    Some(if neg && body != "0" {
        format!("-{body}")
    } else {
        body
    })
}

fn number_expr(n: String) -> sqlparser::ast::Expr {
    sqlparser::ast::Expr::value(sqlparser::ast::Value::Number(n, false))
}

/// One post-order rewrite step of [`loose`].
fn loosen(d: Dialect, x: &mut sqlparser::ast::Expr) {
    use sqlparser::ast::{BinaryOperator as B, Expr, Ident, UnaryOperator, Value};
    let taken = std::mem::replace(x, Expr::value(Value::Null));
    let plain = |i: &Ident| Ident::new(d.ident_value(i));
    *x = match taken {
        Expr::Nested(inner) | Expr::Cast { expr: inner, .. } => *inner,
        Expr::Identifier(i) => Expr::Identifier(plain(&i)),
        Expr::CompoundIdentifier(parts) => match parts.last() {
            Some(i) => Expr::Identifier(plain(i)),
            None => Expr::CompoundIdentifier(parts),
        },
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => match canonical_number(s) {
                Some(n) => number_expr(n),
                None => Expr::Value(v),
            },
            Value::Number(n, _) => number_expr(canonical_number(n).unwrap_or_else(|| n.clone())),
            Value::Boolean(b) if d == Dialect::Mysql => number_expr(u8::from(*b).to_string()),
            _ => Expr::Value(v),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match &*expr {
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => {
                    number_expr(canonical_number(&format!("-{n}")).unwrap_or_else(|| n.clone()))
                }
                _ => Expr::UnaryOp {
                    op: UnaryOperator::Minus,
                    expr,
                },
            },
            _ => Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr: wrap(*expr),
            },
        },
        Expr::UnaryOp { op, expr } => Expr::UnaryOp {
            op,
            expr: wrap(*expr),
        },
        Expr::AnyOp {
            left,
            compare_op: B::Eq,
            right,
            ..
        } if matches!(&*right, Expr::Array(_)) => {
            let Expr::Array(a) = *right else {
                unreachable!("matched above")
            };
            Expr::InList {
                expr: left,
                list: a.elem,
                negated: false,
            }
        }
        Expr::Between {
            expr,
            negated,
            low,
            high,
        } => {
            let both = Expr::BinaryOp {
                left: wrap(Expr::BinaryOp {
                    left: expr.clone(),
                    op: B::GtEq,
                    right: low,
                }),
                op: B::And,
                right: wrap(Expr::BinaryOp {
                    left: expr,
                    op: B::LtEq,
                    right: high,
                }),
            };
            if negated {
                Expr::UnaryOp {
                    op: UnaryOperator::Not,
                    expr: Box::new(Expr::Nested(Box::new(both))),
                }
            } else {
                both
            }
        }
        Expr::BinaryOp { left, op, right } => {
            let (op, like) = match op {
                B::PGLikeMatch => (B::Eq, Some(false)),
                B::PGNotLikeMatch => (B::Eq, Some(true)),
                other => (other, None),
            };
            match like {
                Some(negated) => Expr::Like {
                    negated,
                    any: false,
                    expr: left,
                    pattern: right,
                    escape_char: None,
                },
                None => Expr::BinaryOp {
                    left: wrap(*left),
                    op,
                    right: wrap(*right),
                },
            }
        }
        Expr::IsNull(e) => Expr::IsNull(wrap(*e)),
        Expr::IsNotNull(e) => Expr::IsNotNull(wrap(*e)),
        Expr::Function(mut f) => {
            for part in &mut f.name.0 {
                if let sqlparser::ast::ObjectNamePart::Identifier(i) = part {
                    let lower = i.value.to_lowercase();
                    // MariaDB stores UPPER/LOWER as their synonyms UCASE/LCASE.
                    let name = match (d, lower.as_str()) {
                        (Dialect::Mysql, "ucase") => "upper".to_string(),
                        (Dialect::Mysql, "lcase") => "lower".to_string(),
                        _ => lower,
                    };
                    *i = Ident::new(name);
                }
            }
            if f.name.0.len() > 1 {
                f.name.0.drain(..f.name.0.len() - 1);
            }
            Expr::Function(f)
        }
        other => other,
    };
}

/// Parenthesise compound operands so that the printed key keeps the tree's shape.
fn wrap(e: sqlparser::ast::Expr) -> Box<sqlparser::ast::Expr> {
    use sqlparser::ast::Expr;
    Box::new(match e {
        Expr::BinaryOp { .. }
        | Expr::UnaryOp { .. }
        | Expr::Like { .. }
        | Expr::InList { .. }
        | Expr::IsNull(_)
        | Expr::IsNotNull(_) => Expr::Nested(Box::new(e)),
        other => other,
    })
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
    let mut out = truncate_identifier(name1, n1);
    if let Some(n) = name2 {
        out.push('_');
        out.push_str(&truncate_identifier(n, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// The name PostgreSQL or MySQL gives an unnamed constraint; `None` where the database keeps
/// it unnamed (SQLite). PostgreSQL fits generated names into 63 bytes (`pg_object_name`).
#[must_use]
pub fn auto_name(d: Dialect, table: &str, columns: &[String], kind: AutoName) -> Option<String> {
    let bare_table = table.rsplit('.').next().unwrap_or(table);
    match d {
        Dialect::Postgres => {
            let (n1, n2, label) = pg_name_parts(table, columns, kind);
            Some(pg_object_name(&n1, n2.as_deref(), label))
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

pub(crate) fn truncate_identifier(s: &str, max: usize) -> String {
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
    fn postgres_cuts_long_names_as_make_object_name_does() {
        let long = "a".repeat(60);
        // The longer part is cut first; the label stays whole.
        assert_eq!(
            pg_object_name(&long, Some("email"), "key"),
            format!("{}_email_key", "a".repeat(53))
        );
        assert_eq!(
            pg_object_name(&long, Some(&"b".repeat(40)), "fkey"),
            format!("{}_{}_fkey", "a".repeat(29), "b".repeat(28))
        );
        assert_eq!(pg_object_name("t", None, "pkey"), "t_pkey");
        assert_eq!(pg_object_name(&long, None, "pkey1").len(), 63);
    }

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
    fn catalog_spellings_share_a_loose_key_with_the_source() {
        let pg = Dialect::Postgres;
        // Left: as written in a migration. Right: as pg_get_expr / pg_get_constraintdef print it
        // (captured from PostgreSQL 15).
        for (src, catalog) in [
            ("price > 0", "(price > (0)::numeric)"),
            ("score >= -1 AND score < 100", "((score >= '-1'::integer) AND (score < 100))"),
            (
                "status IN ('a','b')",
                "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
            ),
            (
                "amount BETWEEN 0 AND 1000",
                "((amount >= (0)::numeric) AND (amount <= (1000)::numeric))",
            ),
            ("'anon'", "'anon'::text"),
            ("-1", "'-1'::integer"),
            ("'{}'", "'{}'::text[]"),
            ("name || ' ' || email", "((name || ' '::text) || (email)::text)"),
            ("lower(email)", "lower(email::text)"),
            ("now()", "now()"),
            ("email LIKE '%@x'", "((email)::text ~~ '%@x'::text)"),
        ] {
            assert_eq!(loose(pg, src), loose(pg, catalog), "{src} vs {catalog}");
        }
        let my = Dialect::Mysql;
        // As MariaDB 10.11 reports them in information_schema.
        for (src, catalog) in [
            ("score BETWEEN -1 AND 100", "`score` between -1 and 100"),
            ("(price >= 0)", "`price` >= 0"),
            ("score * 2", "`score` * 2"),
            ("0", "0.00"),
            ("true", "1"),
            ("CURRENT_TIMESTAMP", "current_timestamp()"),
        ] {
            assert_eq!(loose(my, src), loose(my, catalog), "{src} vs {catalog}");
        }
    }

    #[test]
    fn loose_keys_keep_different_expressions_apart() {
        let pg = Dialect::Postgres;
        for (a, b) in [
            ("(a + b) * c", "a + b * c"),
            ("a > 0", "a >= 0"),
            ("'a'", "'b'"),
            ("x IN (1, 2)", "x IN (1, 3)"),
            ("lower(email)", "upper(email)"),
            ("-1", "1"),
        ] {
            assert_ne!(loose(pg, a), loose(pg, b), "{a} vs {b}");
        }
    }

    #[test]
    fn squash_keeps_empty_argument_lists() {
        assert_eq!(squash("NOW()"), "now()");
        assert_eq!(squash("f( a ,  b )"), "f(a,b)");
        assert_eq!(expr(Dialect::Postgres, "now()"), "now()");
        assert_eq!(
            expr(Dialect::Postgres, "CURRENT_TIMESTAMP"),
            "current_timestamp"
        );
    }

    #[test]
    fn outer_parens_are_dropped_only_when_they_wrap_everything() {
        assert_eq!(strip_outer_parens("((a > 0))"), "a > 0");
        assert_eq!(strip_outer_parens("(a) + (b)"), "(a) + (b)");
    }
}
