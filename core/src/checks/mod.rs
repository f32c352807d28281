//! Pre-migration checks: queries that must hold before a step that could destroy data or fail
//! on existing rows. Each has a stable code so CI gates and users can refer to it:
//!
//! | code  | guards                                   |
//! |-------|------------------------------------------|
//! | EB101 | dropping a table that holds rows          |
//! | EB102 | dropping a column that holds values (not a generated one) |
//! | EB103 | making a column NOT NULL while it has NULLs |
//! | EB104 | adding a unique key over duplicate values |
//! | EB105 | narrowing a type below stored values      |
//! | EB106 | removing enum labels still in use         |
//! | EB107 | adding a check that rows violate          |
//! | EB108 | adding a foreign key that rows violate    |
//! | EB109 | adding a NOT NULL column without default to a table with rows |
//! | EB110 | turning a column into an enum while it holds values that are not labels |
//!
//! Every query returns one row with one value that is true (1) when the step is safe.

mod mysql;
mod postgres;
mod sqlite;

use crate::schema::{Column, Table};
use crate::Dialect;
use serde::Serialize;
use std::collections::BTreeMap;

/// A check attached to a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Stable code.
    pub code: &'static str,
    /// Table the check reads (name before the plan runs).
    pub table: String,
    /// Column, where the check is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Why the step would lose data or fail.
    pub reason: String,
    /// Query that must return true.
    pub sql: String,
    /// How `--allow-data-loss` keeps what the check guards before the plan destroys it
    /// (EB101, EB102); `None` where the check is about a step that would fail, not lose data.
    /// Not part of a plan's JSON: the executor reads it.
    #[serde(skip)]
    pub backup: Option<Backup>,
}

/// The rows a check guards, saved as SQL that puts them back: a query whose every value is an
/// SQL literal written by the database itself (its own quoting, binary values in hex), and
/// the statement each row becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backup {
    /// The query; with [`Restore::Update`] the key's literals come first, then the value's.
    pub query: String,
    /// What each row becomes.
    pub restore: Restore,
}

/// How a saved row goes back, once the migrations that made its table or column are applied
/// again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Restore {
    /// A dropped table: `INSERT INTO table (columns) VALUES (…)`.
    Insert {
        /// Table.
        table: String,
        /// Its columns (generated ones left out: the database computes them).
        columns: Vec<String>,
        /// Tables it references: their rows go back first.
        references: Vec<String>,
    },
    /// A dropped column: `UPDATE table SET column = … WHERE <primary key> = …`.
    Update {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// The primary key's columns.
        key: Vec<String>,
    },
    /// A dropped column of a table without a primary key: nothing to find its rows by.
    NoKey,
}

impl Restore {
    /// The statement that puts back one row of [`Backup::query`].
    #[must_use]
    pub fn statement(&self, d: Dialect, row: &[Option<String>]) -> String {
        let lit = |v: &Option<String>| v.clone().unwrap_or_else(|| "NULL".into());
        match self {
            Restore::Insert { table, columns, .. } => format!(
                "INSERT INTO {} ({}) VALUES ({});",
                quoted(d, table),
                columns
                    .iter()
                    .map(|c| d.quote(c))
                    .collect::<Vec<_>>()
                    .join(", "),
                row.iter().map(lit).collect::<Vec<_>>().join(", ")
            ),
            Restore::Update { table, column, key } => {
                let value = row.last().map_or_else(|| "NULL".into(), lit);
                let place: Vec<String> = key
                    .iter()
                    .zip(row)
                    .map(|(k, v)| format!("{} = {}", d.quote(k), lit(v)))
                    .collect();
                format!(
                    "UPDATE {} SET {} = {value} WHERE {};",
                    quoted(d, table),
                    d.quote(column),
                    place.join(" AND ")
                )
            }
            Restore::NoKey => String::new(),
        }
    }
}

fn quoted(d: Dialect, name: &str) -> String {
    name.split('.')
        .map(|p| d.quote(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// A column's value as the SQL literal that writes it back, computed by the database.
fn literal(d: Dialect, column: &Column) -> String {
    let c = ident(d, &column.name);
    match d {
        Dialect::Postgres => postgres::literal(&c),
        Dialect::Sqlite => sqlite::literal(&c),
        Dialect::Mysql => mysql::literal(&c, column),
    }
}

impl Check {
    /// `table` or `table.column`: where the check looks.
    #[must_use]
    pub fn place(&self) -> String {
        match &self.column {
            Some(col) => format!("{}.{col}", self.table),
            None => self.table.clone(),
        }
    }
}

/// The one-line error for checks that refused (every surface words it the same): the first
/// with its reason, the others by code and place. `None` when nothing refused.
#[must_use]
pub fn refused(refused: &[&Check]) -> Option<String> {
    refusal(refused, "nothing was changed")
}

/// [`refused`], ending with what the refusal leaves behind (`outcome`).
#[must_use]
pub fn refusal(refused: &[&Check], outcome: &str) -> Option<String> {
    let (first, rest) = refused.split_first()?;
    let more = if rest.is_empty() {
        String::new()
    } else {
        let places: Vec<String> = rest
            .iter()
            .map(|c| format!("{} on {}", c.code, c.place()))
            .collect();
        format!(" (and {} more: {})", rest.len(), places.join(", "))
    };
    Some(format!(
        "check {} failed on {}: {}{more}; {outcome}",
        first.code,
        first.place(),
        first.reason
    ))
}

/// A quoted identifier that must resolve: SQLite reads a double-quoted name that matches no
/// column as a string literal (`WHERE "email" IS NOT NULL` is true on a table without
/// `email`), so its checks quote with backticks, which never fall back.
fn ident(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Sqlite => sqlite::ident(name),
        Dialect::Postgres | Dialect::Mysql => d.quote(name),
    }
}

fn q(d: Dialect, name: &str) -> String {
    if !name.contains('.') {
        return ident(d, name);
    }
    name.split('.')
        .map(|p| ident(d, p))
        .collect::<Vec<_>>()
        .join(".")
}

fn not_exists(inner: &str) -> String {
    format!("SELECT NOT EXISTS ({inner})")
}

/// EB101. `table` is the table as the database has it: its rows are what a backup keeps.
#[must_use]
pub fn drop_table(d: Dialect, table: &Table) -> Check {
    let name = &table.name;
    let kept: Vec<&Column> = table
        .columns
        .iter()
        .filter(|c| c.generated.is_none())
        .collect();
    let table_sql = q(d, name);
    // One string for the whole query: a revert may drop thousands of tables.
    let mut query = String::from("SELECT ");
    for (i, c) in kept.iter().enumerate() {
        if i > 0 {
            query.push_str(", ");
        }
        query.push_str(&literal(d, c));
    }
    query.push_str(" FROM ");
    query.push_str(&table_sql);
    Check {
        code: "EB101",
        backup: Some(Backup {
            query,
            restore: Restore::Insert {
                table: name.clone(),
                columns: kept.iter().map(|c| c.name.clone()).collect(),
                references: table
                    .foreign_keys
                    .iter()
                    .map(|f| f.ref_table.clone())
                    .filter(|r| !d.same_name(r, name))
                    .collect(),
            },
        }),
        table: name.clone(),
        column: None,
        reason: format!("table {name} would be dropped but holds rows"),
        sql: not_exists(&format!("SELECT 1 FROM {table_sql}")),
    }
}

/// EB102. A column whose default is a constant loses nothing where it holds that default
/// (re-applying the file that added it puts it back), so only other values count. The
/// framework's default (a [`crate::schema::Fill`]) counts where the database keeps none, as
/// Django's fields have theirs in Python only.
#[must_use]
pub fn drop_column(d: Dialect, table: &str, column: &Column, from: &Table) -> Check {
    let name = &column.name;
    let c = ident(d, name);
    let default = column.default.as_deref().or(column.fill.0.as_deref());
    let (reason, filter) = match default.and_then(constant) {
        Some(v) => (
            format!(
                "column {table}.{name} would be dropped but holds values other than its default {v}"
            ),
            format!("{c} IS NOT NULL AND {}", differs(d, &c, &v)),
        ),
        None => (
            format!("column {table}.{name} would be dropped but holds non-NULL values"),
            format!("{c} IS NOT NULL"),
        ),
    };
    let key: Vec<&Column> = from
        .primary_key
        .iter()
        .flat_map(|pk| &pk.columns)
        .filter_map(|k| from.columns.iter().find(|c| d.same_name(&c.name, k)))
        .collect();
    let restore = if key.is_empty() {
        Restore::NoKey
    } else {
        Restore::Update {
            table: table.into(),
            column: name.clone(),
            key: key.iter().map(|c| c.name.clone()).collect(),
        }
    };
    let values: Vec<String> = key
        .iter()
        .copied()
        .chain([column])
        .map(|c| literal(d, c))
        .collect();
    Check {
        code: "EB102",
        backup: Some(Backup {
            query: format!(
                "SELECT {} FROM {} WHERE {filter}",
                values.join(", "),
                q(d, table)
            ),
            restore,
        }),
        table: table.into(),
        column: Some(name.clone()),
        reason,
        sql: not_exists(&format!("SELECT 1 FROM {} WHERE {filter}", q(d, table))),
    }
}

/// `column <> value`, byte for byte where the value is a string: MySQL's collations and
/// SQLite's NOCASE call 'Global ' equal to 'global', which is not the same data.
fn differs(d: Dialect, column: &str, value: &str) -> String {
    if !value.starts_with('\'') {
        return format!("{column} <> {value}");
    }
    match d {
        Dialect::Mysql => mysql::differs(column, value),
        Dialect::Sqlite => sqlite::differs(column, value),
        Dialect::Postgres => format!("{column} <> {value}"),
    }
}

/// The default as a literal to compare with, when it is a constant: a number, a string, TRUE
/// or FALSE, possibly in parentheses and with PostgreSQL casts (`'draft'::text`,
/// `(0)::numeric`). Function calls and expressions (`now()`, `nextval(…)`) are not constants.
fn constant(default: &str) -> Option<String> {
    let mut x = default.trim();
    // Casts: strip `::type` suffixes (type names may carry spaces and parentheses).
    while let Some(i) = x.rfind("::") {
        let ty = &x[i + 2..];
        let quoted_before = x[..i].ends_with('\'') || x[..i].ends_with(')');
        if !quoted_before
            || !ty
                .chars()
                .all(|ch| ch.is_alphanumeric() || " _(),\"[].".contains(ch))
        {
            break;
        }
        x = x[..i].trim_end();
    }
    while x.starts_with('(') && x.ends_with(')') {
        x = x[1..x.len() - 1].trim();
    }
    let number = {
        let digits = x.strip_prefix('-').unwrap_or(x);
        !digits.is_empty()
            && digits.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            && digits.chars().filter(|&ch| ch == '.').count() <= 1
            && digits.chars().any(|ch| ch.is_ascii_digit())
    };
    let string = x.len() >= 2
        && x.starts_with('\'')
        && x.ends_with('\'')
        && !x[1..x.len() - 1].replace("''", "").contains('\'')
        && !x.contains('\\');
    let boolean = x.eq_ignore_ascii_case("true") || x.eq_ignore_ascii_case("false");
    (number || string || boolean).then(|| x.to_string())
}

/// EB109.
#[must_use]
pub fn add_required_column(d: Dialect, table: &str, column: &str) -> Check {
    Check {
        code: "EB109",
        backup: None,
        table: table.into(),
        column: Some(column.into()),
        reason: format!(
            "column {table}.{column} is NOT NULL without a default, so the table must be empty"
        ),
        sql: not_exists(&format!("SELECT 1 FROM {}", q(d, table))),
    }
}

/// EB104.
#[must_use]
pub fn unique(d: Dialect, table: &str, columns: &[String]) -> Check {
    let cols = columns
        .iter()
        .map(|c| ident(d, c))
        .collect::<Vec<_>>()
        .join(", ");
    let nn = columns
        .iter()
        .map(|c| format!("{} IS NOT NULL", ident(d, c)))
        .collect::<Vec<_>>()
        .join(" AND ");
    Check {
        code: "EB104",
        backup: None,
        table: table.into(),
        column: Some(columns.join(", ")),
        reason: format!(
            "a unique key on {table} ({}) would be added but values repeat",
            columns.join(", ")
        ),
        sql: not_exists(&format!(
            "SELECT 1 FROM {} WHERE {nn} GROUP BY {cols} HAVING COUNT(*) > 1",
            q(d, table)
        )),
    }
}

/// EB104 for a unique key (or primary key) over `key`, some of whose columns the plan adds
/// (`added`): those columns do not exist when the checks run, so the planner reasons about
/// them instead of querying them. A re-added column holds, in every existing row, NULL (no
/// two keys with a NULL collide), a distinct generated number (identity, serial,
/// auto-increment), or one value for all rows (its default). In the last case the key is
/// unique when the columns that exist already are; with none of those, when the table holds
/// one row at most. `None`: nothing to check.
#[must_use]
pub fn unique_over_added(
    d: Dialect,
    table: &str,
    key: &[String],
    added: &[&Column],
) -> Option<Check> {
    let added_col = |k: &String| added.iter().find(|c| d.same_name(&c.name, k));
    let distinct_or_null = |c: &Column| {
        (c.nullable
            && c.default
                .as_deref()
                .is_none_or(|x| x.eq_ignore_ascii_case("null") || x.starts_with("null::")))
            || c.identity.is_some()
            || c.auto_increment
            || c.default
                .as_deref()
                .is_some_and(|x| x.starts_with("nextval("))
    };
    if key
        .iter()
        .filter_map(added_col)
        .any(|c| distinct_or_null(c))
    {
        return None;
    }
    let existing: Vec<String> = key
        .iter()
        .filter(|k| added_col(k).is_none())
        .cloned()
        .collect();
    if !existing.is_empty() {
        let back: Vec<&String> = key.iter().filter(|k| added_col(k).is_some()).collect();
        let back: Vec<&str> = back.iter().map(|s| s.as_str()).collect();
        let mut c = unique(d, table, &existing);
        c.column = Some(key.join(", "));
        c.reason = format!(
            "a unique key on {table} ({}) would be added; {} come(s) back with one value for every row, so ({}) must not repeat",
            key.join(", "),
            back.join(", "),
            existing.join(", ")
        );
        return Some(c);
    }
    Some(Check {
        code: "EB104",
        backup: None,
        table: table.into(),
        column: Some(key.join(", ")),
        reason: format!(
            "a unique key on {table} ({}) would be added over re-added columns that hold one value for every row, so the table may hold one row at most",
            key.join(", ")
        ),
        sql: format!("SELECT COUNT(*) <= 1 FROM {}", q(d, table)),
    })
}

/// An enum column as text (PostgreSQL compares its own enum type only with its labels) and
/// the labels as a list of literals.
fn column_and_labels(d: Dialect, column: &str, labels: &[impl AsRef<str>]) -> (String, String) {
    let list = labels
        .iter()
        .map(|v| d.string_literal(v.as_ref()))
        .collect::<Vec<_>>()
        .join(", ");
    let col = match d {
        // An enum column compared with text literals.
        Dialect::Postgres => postgres::as_text(&ident(d, column)),
        Dialect::Mysql | Dialect::Sqlite => ident(d, column),
    };
    (col, list)
}

/// EB106.
#[must_use]
pub fn enum_values_removed(d: Dialect, table: &str, column: &str, values: &[&String]) -> Check {
    let (col, list) = column_and_labels(d, column, values);
    Check {
        code: "EB106",
        backup: None,
        table: table.into(),
        column: Some(column.into()),
        reason: format!("enum labels {list} would be removed but {table}.{column} uses them"),
        sql: not_exists(&format!(
            "SELECT 1 FROM {} WHERE {col} IN ({list})",
            q(d, table)
        )),
    }
}

/// EB110: the column's new type is an enum and some stored value is not one of its labels
/// (PostgreSQL's cast and MySQL's strict mode would both fail the statement).
#[must_use]
pub fn not_a_label(d: Dialect, table: &str, column: &str, ty: &str, labels: &[String]) -> Check {
    let (col, list) = column_and_labels(d, column, labels);
    Check {
        code: "EB110",
        backup: None,
        table: table.into(),
        column: Some(column.into()),
        reason: format!(
            "column {table}.{column} would become {ty} but holds values that are not among its labels"
        ),
        sql: not_exists(&format!(
            "SELECT 1 FROM {} WHERE {col} IS NOT NULL AND {col} NOT IN ({list})",
            q(d, table)
        )),
    }
}

/// EB107.
#[must_use]
pub fn check_constraint(
    d: Dialect,
    table: &str,
    expr: &str,
    col_renames: &BTreeMap<String, String>,
) -> Check {
    // The check runs before renames: refer to columns by their current names.
    let mut e = expr.to_string();
    for (old, new) in col_renames {
        e = crate::sql::expr::rename_in_expr(d, &e, new, old);
    }
    Check {
        code: "EB107",
        backup: None,
        table: table.into(),
        column: None,
        reason: format!("check ({expr}) would be added to {table} but rows violate it"),
        sql: not_exists(&format!("SELECT 1 FROM {} WHERE NOT ({e})", q(d, table))),
    }
}

/// EB108. `from_table` finds a table of the schema before the plan by name (the diff passes
/// its map of them: a scan per key made adding thousands of keys quadratic).
#[must_use]
pub fn foreign_key<'s>(
    d: Dialect,
    table: &str,
    columns: &[String],
    ref_table: &str,
    ref_columns: &[String],
    table_renames: &BTreeMap<String, String>,
    from_table: &dyn Fn(&str) -> Option<&'s crate::schema::Table>,
) -> Check {
    // The renames are keyed by `Dialect::key` (lower case on MySQL and SQLite): the parent's
    // name as the database spells it comes from the schema (MariaDB's table names are case
    // sensitive on Linux: `tag_backup` is not `Tag_backup`).
    let parent = table_renames
        .iter()
        .find(|(_, new)| d.same_name(new, ref_table))
        .map_or_else(
            || ref_table.to_string(),
            |(old, _)| from_table(old).map_or_else(|| old.clone(), |t| t.name.clone()),
        );
    let nn = columns
        .iter()
        .map(|c| format!("c.{} IS NOT NULL", ident(d, c)))
        .collect::<Vec<_>>()
        .join(" AND ");
    let on = columns
        .iter()
        .zip(ref_columns)
        .map(|(c, r)| format!("p.{} = c.{}", ident(d, r), ident(d, c)))
        .collect::<Vec<_>>()
        .join(" AND ");
    Check {
        code: "EB108",
        backup: None,
        table: table.into(),
        column: Some(columns.join(", ")),
        reason: format!(
            "a foreign key {table} ({}) → {ref_table} would be added but rows have no parent",
            columns.join(", ")
        ),
        // A parent the plan creates starts empty (and cannot be read before): every row
        // with a key would be an orphan.
        sql: if from_table(&parent).is_none() {
            not_exists(&format!("SELECT 1 FROM {} c WHERE {nn}", q(d, table)))
        } else {
            not_exists(&format!(
                "SELECT 1 FROM {} c WHERE {nn} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {on})",
                q(d, table),
                q(d, &parent)
            ))
        },
    }
}

fn int_rank(d: Dialect, ty: &str) -> Option<(u8, i128, i128)> {
    let unsigned = ty.ends_with(" unsigned");
    let base = ty.trim_end_matches(" unsigned");
    let (rank, bits) = match (d, base) {
        (_, "smallint") => (2, 16),
        (Dialect::Mysql, "tinyint") => (1, 8),
        (Dialect::Mysql, "mediumint") => (3, 24),
        (Dialect::Mysql, "int") | (Dialect::Postgres, "integer") => (4, 32),
        (_, "bigint") => (5, 64),
        _ => return None,
    };
    let (lo, hi) = if unsigned {
        (0, (1i128 << bits) - 1)
    } else {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    };
    Some((rank, lo, hi))
}

fn char_len(ty: &str) -> Option<(String, u64)> {
    let open = ty.find('(')?;
    let base = ty[..open].to_string();
    let n = ty[open + 1..].trim_end_matches(')').parse().ok()?;
    matches!(
        base.as_str(),
        "character varying" | "character" | "varchar" | "char"
    )
    .then_some((base, n))
}

/// EB103 / EB105 / EB106 for a column whose definition changes.
#[must_use]
pub fn alter_column(d: Dialect, table: &str, from: &Column, to: &Column) -> Vec<Check> {
    let mut v = Vec::new();
    let col = ident(d, &from.name);
    let t = q(d, table);
    // With a fill the plan writes it where the column is NULL (see `schema::Fill`).
    if from.nullable && !to.nullable && to.fill.is_none() {
        v.push(Check {
            code: "EB103",
            backup: None,
            table: table.into(),
            column: Some(from.name.clone()),
            reason: format!(
                "column {table}.{} would become NOT NULL but holds NULLs",
                from.name
            ),
            sql: not_exists(&format!("SELECT 1 FROM {t} WHERE {col} IS NULL")),
        });
    }
    if from.ty != to.ty {
        let narrowing = match (int_rank(d, &from.ty), int_rank(d, &to.ty)) {
            (Some((_, flo, fhi)), Some((_, tlo, thi))) if tlo > flo || thi < fhi => {
                Some(format!("{col} < {tlo} OR {col} > {thi}"))
            }
            _ => None,
        };
        let length = |ty: &str| char_len(ty).map(|x| x.1);
        let text_to_len = match (length(&from.ty), length(&to.ty)) {
            (Some(f), Some(n)) if n < f => Some(n),
            (None, Some(n))
                if matches!(
                    from.ty.as_str(),
                    "text" | "mediumtext" | "longtext" | "tinytext"
                ) || from.ty.starts_with("character varying")
                    || from.ty == "varchar" =>
            {
                Some(n)
            }
            _ => None,
        };
        let len_fn = match d {
            Dialect::Sqlite => sqlite::CHAR_LENGTH,
            Dialect::Postgres | Dialect::Mysql => "char_length",
        };
        let cond = narrowing.or_else(|| text_to_len.map(|n| format!("{len_fn}({col}) > {n}")));
        if let Some(cond) = cond {
            v.push(Check {
                code: "EB105",
                backup: None,
                table: table.into(),
                column: Some(from.name.clone()),
                reason: format!(
                    "column {table}.{} would change from {} to {} but values do not fit",
                    from.name, from.ty, to.ty
                ),
                sql: not_exists(&format!("SELECT 1 FROM {t} WHERE {cond}")),
            });
        }
        // MySQL inline enums losing labels, or a column becoming one.
        match (mysql_enum_labels(&from.ty), mysql_enum_labels(&to.ty)) {
            (Some(fv), Some(tv)) => {
                let gone: Vec<&String> = fv.iter().filter(|x| !tv.contains(x)).collect();
                if !gone.is_empty() {
                    v.push(enum_values_removed(d, table, &from.name, &gone));
                }
            }
            (None, Some(tv)) if d == Dialect::Mysql => {
                v.push(not_a_label(d, table, &from.name, &to.ty, &tv));
            }
            _ => {}
        }
    }
    v
}

/// Labels of a MySQL `enum('a','b')` type.
#[must_use]
pub fn mysql_enum_labels(ty: &str) -> Option<Vec<String>> {
    let inner = ty.strip_prefix("enum(")?.strip_suffix(')')?;
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_q = false;
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, in_q) {
            ('\'', false) => in_q = true,
            ('\'', true) if chars.peek() == Some(&'\'') => {
                cur.push('\'');
                chars.next();
            }
            ('\'', true) => {
                in_q = false;
                out.push(std::mem::take(&mut cur));
            }
            (c, true) => cur.push(c),
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::constant;

    #[test]
    fn constants_are_literals_with_their_casts_stripped() {
        assert_eq!(constant("false").as_deref(), Some("false"));
        assert_eq!(constant("0").as_deref(), Some("0"));
        assert_eq!(constant("(-1.5)").as_deref(), Some("-1.5"));
        assert_eq!(constant("'draft'::text").as_deref(), Some("'draft'"));
        assert_eq!(
            constant("'a''b'::character varying").as_deref(),
            Some("'a''b'")
        );
        assert_eq!(constant("(0)::numeric").as_deref(), Some("0"));
        assert_eq!(constant("now()"), None);
        assert_eq!(constant("nextval('t_id_seq'::regclass)"), None);
        assert_eq!(constant("CURRENT_TIMESTAMP"), None);
        assert_eq!(constant("'a' || 'b'"), None);
        assert_eq!(constant("NULL"), None);
    }
}
