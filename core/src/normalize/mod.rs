//! One canonical form for everything two databases (or a database and a replay) may spell
//! differently: type aliases, spacing and case of expressions, default constraint names. A
//! replayed schema and an inspected one compare equal only because both go through here.
//! PostgreSQL's and MySQL's type spellings and PostgreSQL's name rules are in their files;
//! the equivalence key of an expression (catalog spelling vs. migration spelling) in
//! `equivalence.rs`.

mod equivalence;
mod mysql;
mod postgres;

pub use equivalence::equivalence_key;
use mysql::mysql_type;
use postgres::pg_type;
pub use postgres::{pg_name_parts, pg_object_name};

use crate::Dialect;
use std::borrow::Cow;

/// Lower-case SQL text outside quotes and collapse whitespace; `, ` inside parentheses becomes `,`.
#[must_use]
pub fn canonical_text(text: &str) -> String {
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
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                last_space = false;
                if c == '(' || c == ',' {
                    last_space = true;
                }
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A type's spelling cut into its parts, borrowed from the canonical text: `numeric(10, 2)[]`
/// is base `numeric`, params `10,2`, no rest, an array.
struct TypeParts<'a> {
    base: &'a str,
    params: Option<Cow<'a, str>>,
    rest: &'a str,
    array: bool,
}

fn split_type(t: &str) -> TypeParts<'_> {
    let mut t = t.trim();
    let mut array = false;
    while let Some(stripped) = t.strip_suffix(']') {
        if let Some(open) = stripped.rfind('[') {
            t = stripped[..open].trim_end();
            array = true;
        } else {
            break;
        }
    }
    if let Some(stripped) = t.strip_suffix(" array") {
        t = stripped;
        array = true;
    }
    match (t.find('('), t.rfind(')')) {
        (Some(o), Some(c)) if c > o => {
            let inner = &t[o + 1..c];
            TypeParts {
                base: t[..o].trim(),
                params: Some(if inner.contains(' ') {
                    Cow::Owned(inner.replace(' ', ""))
                } else {
                    Cow::Borrowed(inner)
                }),
                rest: t[c + 1..].trim(),
                array,
            }
        }
        _ => TypeParts {
            base: t,
            params: None,
            rest: "",
            array,
        },
    }
}

/// Canonical spelling of a column type for a dialect, from any accepted spelling.
#[must_use]
pub fn column_type(d: Dialect, raw: &str) -> String {
    let t = canonical_text(raw);
    match d {
        // Type names may be quoted (`"status"`); the quotes are not part of the name.
        Dialect::Postgres if t.contains('"') => pg_type(&t.replace('"', "")),
        Dialect::Postgres => pg_type(&t),
        Dialect::Mysql => mysql_type(&t),
        Dialect::Sqlite => t,
    }
}

/// What an explicit `DEFAULT NULL` leaves on a column, given its canonical type: PostgreSQL
/// keeps it (as `NULL::<type>`) only when the type has a modifier (`varchar(20)`,
/// `timestamp(3)`, `numeric(10,2)`): the cast to the modifier is not a plain constant. Other
/// dialects and types: no default (`None`).
#[must_use]
pub fn null_default(d: Dialect, ty: &str) -> Option<String> {
    match d {
        Dialect::Postgres => postgres::null_default(ty),
        Dialect::Mysql | Dialect::Sqlite => None,
    }
}

/// Canonical text of an expression (defaults, checks, index expressions, predicates).
#[must_use]
pub fn expr(d: Dialect, raw: &str) -> String {
    let s = canonical_text(raw);
    let s = strip_outer_parens(&s);
    if s == "null" {
        return s;
    }
    match d {
        Dialect::Mysql => mysql::expr(s),
        Dialect::Postgres => postgres::expr(&s),
        Dialect::Sqlite => s,
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
/// it unnamed (SQLite). PostgreSQL fits generated names into 63 bytes (`pg_object_name`).
#[must_use]
pub fn auto_name(d: Dialect, table: &str, columns: &[String], kind: AutoName) -> Option<String> {
    match d {
        Dialect::Postgres => {
            let (n1, n2, label) = pg_name_parts(table, columns, kind);
            Some(pg_object_name(&n1, n2.as_deref(), label))
        }
        Dialect::Mysql => Some(mysql::auto_name(table, columns, kind)),
        Dialect::Sqlite => None,
    }
}

/// `s` cut to at most `max` bytes on a character boundary, in place.
pub(crate) fn truncated(mut s: String, max: usize) -> String {
    let end = cut_identifier(&s, max).len();
    s.truncate(end);
    s
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub(crate) fn cut_identifier(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
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
    fn catalog_spellings_share_an_equivalence_key_with_the_source() {
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
            assert_eq!(equivalence_key(pg, src), equivalence_key(pg, catalog), "{src} vs {catalog}");
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
            assert_eq!(
                equivalence_key(my, src),
                equivalence_key(my, catalog),
                "{src} vs {catalog}"
            );
        }
    }

    #[test]
    fn equivalence_keys_keep_different_expressions_apart() {
        let pg = Dialect::Postgres;
        for (a, b) in [
            ("(a + b) * c", "a + b * c"),
            ("a > 0", "a >= 0"),
            ("'a'", "'b'"),
            ("x IN (1, 2)", "x IN (1, 3)"),
            ("lower(email)", "upper(email)"),
            ("-1", "1"),
        ] {
            assert_ne!(equivalence_key(pg, a), equivalence_key(pg, b), "{a} vs {b}");
        }
    }

    #[test]
    fn canonical_text_keeps_empty_argument_lists() {
        assert_eq!(canonical_text("NOW()"), "now()");
        assert_eq!(canonical_text("f( a ,  b )"), "f(a,b)");
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
