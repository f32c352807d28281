//! The three SQL dialects ebb speaks and what each can do. Differences between databases live
//! here as methods (capabilities, quoting, name folding), not as branches spread through the
//! other modules.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A database dialect.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// PostgreSQL.
    #[default]
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
    /// SQLite.
    Sqlite,
}

impl Dialect {
    /// All dialects, in a fixed order.
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

    /// Short lowercase name (`postgres`, `mysql`, `sqlite`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        }
    }

    /// The sqlparser dialect used to parse this dialect's migration files.
    #[must_use]
    pub fn parser(self) -> Box<dyn sqlparser::dialect::Dialect> {
        match self {
            Dialect::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
            Dialect::Mysql => Box::new(sqlparser::dialect::MySqlDialect {}),
            Dialect::Sqlite => Box::new(SqliteParsing(sqlparser::dialect::SQLiteDialect {})),
        }
    }

    /// Whether DDL runs inside a transaction (and rolls back with it).
    #[must_use]
    pub fn transactional_ddl(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }

    /// How the dialect's SQL is written at the level of characters: what the statement
    /// splitter must know to find where a statement ends.
    #[must_use]
    pub fn lexical(self) -> Lexical {
        let mysql = self == Dialect::Mysql;
        Lexical {
            backslash_escapes: mysql,
            dollar_quotes: self == Dialect::Postgres,
            backtick_quotes: self != Dialect::Postgres,
            hash_comments: mysql,
            delimiter_command: mysql,
        }
    }

    /// The statement that drops a temporary table if the session still has it (never a
    /// permanent table of the same name).
    #[must_use]
    pub fn drop_temporary_table(self, name: &str) -> String {
        let q = self.quote(name);
        match self {
            Dialect::Postgres => format!("DROP TABLE IF EXISTS pg_temp.{q}"),
            Dialect::Mysql => format!("DROP TEMPORARY TABLE IF EXISTS {q}"),
            Dialect::Sqlite => format!("DROP TABLE IF EXISTS temp.{q}"),
        }
    }

    /// The statement that opens a transaction which writes: SQLite's `BEGIN IMMEDIATE` takes
    /// the write lock at once (writers serialise there) rather than fail mid-way.
    #[must_use]
    pub fn begin(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres | Dialect::Mysql => "BEGIN",
        }
    }

    /// Whether `ALTER TABLE` can change a column's type, nullability or default, and add or drop
    /// constraints. SQLite cannot: such changes rebuild the table.
    #[must_use]
    pub fn alters_in_place(self) -> bool {
        !matches!(self, Dialect::Sqlite)
    }

    /// The referential action of a foreign key that names none, as the database reports it:
    /// InnoDB treats NO ACTION as RESTRICT and says RESTRICT.
    #[must_use]
    pub fn default_ref_action(self) -> crate::schema::RefAction {
        match self {
            Dialect::Mysql => crate::schema::RefAction::Restrict,
            Dialect::Postgres | Dialect::Sqlite => crate::schema::RefAction::NoAction,
        }
    }

    /// Whether a foreign key needs an index over its columns and the database makes one when
    /// there is none (InnoDB; it drops it again once another index can serve the key).
    #[must_use]
    pub fn indexes_foreign_keys(self) -> bool {
        self == Dialect::Mysql
    }

    /// Whether foreign keys tie tables together when the schema changes: a key must reference
    /// a table that exists when it is declared, and a referenced table cannot be dropped without
    /// CASCADE (SQLite accepts a key to a table created later, or never, and drops either).
    #[must_use]
    pub fn checks_foreign_key_targets(self) -> bool {
        self != Dialect::Sqlite
    }

    /// Whether constraints can be `DEFERRABLE` (MySQL parses the words and ignores them).
    #[must_use]
    pub fn defers_constraints(self) -> bool {
        self != Dialect::Mysql
    }

    /// The one name every primary key has (MySQL: `PRIMARY`), where a name given is ignored.
    #[must_use]
    pub fn primary_key_name(self) -> Option<&'static str> {
        (self == Dialect::Mysql).then_some("PRIMARY")
    }

    /// Whether a unique key is an index rather than a constraint: MySQL has no unique
    /// constraints apart from their indexes (`UNIQUE KEY`, dropped with `DROP INDEX`).
    #[must_use]
    pub fn unique_keys_are_indexes(self) -> bool {
        self == Dialect::Mysql
    }

    /// Whether `ALTER TABLE … RENAME CONSTRAINT` exists (PostgreSQL): a key or check that
    /// only changed its name is renamed rather than dropped and added again.
    #[must_use]
    pub fn renames_constraints(self) -> bool {
        self == Dialect::Postgres
    }

    /// Whether a column's comment is part of its definition (MySQL: changed with the column's
    /// `MODIFY`, not by `COMMENT ON`).
    #[must_use]
    pub fn comments_in_column_definition(self) -> bool {
        self == Dialect::Mysql
    }

    /// Whether an `AUTO_INCREMENT` column must be a key for as long as it exists (MySQL): its
    /// key is added by the statement that adds it and cannot be dropped while it stays.
    #[must_use]
    pub fn auto_increment_needs_key(self) -> bool {
        self == Dialect::Mysql
    }

    /// Whether the database keeps each `CREATE` statement's text and reads its schema back
    /// from it (SQLite's `sqlite_master`): what ebb renders must be that text, not its own.
    #[must_use]
    pub fn keeps_statement_text(self) -> bool {
        self == Dialect::Sqlite
    }

    /// Whether a primary key makes its columns NOT NULL (SQLite, famously, does not).
    #[must_use]
    pub fn primary_key_implies_not_null(self) -> bool {
        self != Dialect::Sqlite
    }

    /// Whether `CREATE INDEX` may leave the name out and the database picks one (PostgreSQL).
    #[must_use]
    pub fn names_unnamed_indexes(self) -> bool {
        self == Dialect::Postgres
    }

    /// Whether an index can cover a column's first characters only (MySQL's `col(10)`).
    #[must_use]
    pub fn prefix_indexes(self) -> bool {
        self == Dialect::Mysql
    }

    /// Whether an index written `USING method` is the same as one without: btree is every
    /// dialect's default, and InnoDB builds a btree for `USING HASH` too.
    #[must_use]
    pub fn default_index_method(self, method: &str) -> bool {
        method == "btree" || (self == Dialect::Mysql && method == "hash")
    }

    /// Whether the index behind a key constraint belongs to the constraint: `DROP INDEX` on it
    /// is refused and the constraint must be dropped (PostgreSQL).
    #[must_use]
    pub fn constraints_own_their_indexes(self) -> bool {
        self == Dialect::Postgres
    }

    /// Whether an index name may be qualified by a schema (`DROP INDEX audit.i`: PostgreSQL).
    #[must_use]
    pub fn schema_qualified_indexes(self) -> bool {
        self == Dialect::Postgres
    }

    /// Whether dropping a column takes it out of the keys and indexes that list it, dropping
    /// only those left empty (MySQL); elsewhere an index that mentions it goes with it.
    #[must_use]
    pub fn drop_column_narrows_indexes(self) -> bool {
        self == Dialect::Mysql
    }

    /// Whether an unnamed `CHECK` in a column's definition is named after the column itself
    /// (MariaDB), rather than `table_column_check` or not at all.
    #[must_use]
    pub fn names_column_checks_after_column(self) -> bool {
        self == Dialect::Mysql
    }

    /// Whether a table's storage engine decides if its foreign keys are kept (MySQL: InnoDB
    /// keeps them, MyISAM and friends parse them and drop them).
    #[must_use]
    pub fn engines_decide_foreign_keys(self) -> bool {
        self == Dialect::Mysql
    }

    /// Whether a view's output columns keep their names when a column it reads is renamed
    /// (PostgreSQL stores `SELECT new AS old`; SQLite rewrites the output name too).
    #[must_use]
    pub fn views_keep_output_names(self) -> bool {
        self == Dialect::Postgres
    }

    /// Whether column position can be chosen when adding a column (`FIRST` / `AFTER`).
    #[must_use]
    pub fn positions_columns(self) -> bool {
        matches!(self, Dialect::Mysql)
    }

    /// Quote an identifier so that it is read back as exactly one identifier with this value.
    #[must_use]
    pub fn quote(self, ident: &str) -> String {
        let q = match self {
            Dialect::Mysql => '`',
            _ => '"',
        };
        // Built in place: plans quote every name they print.
        let mut out = String::with_capacity(ident.len() + 2);
        out.push(q);
        for ch in ident.chars() {
            if ch == q {
                out.push(q);
            }
            out.push(ch);
        }
        out.push(q);
        out
    }

    /// A PostgreSQL name as PostgreSQL itself prints it where it quotes only when it must
    /// (`quote_ident`: inside `'…'::regclass`, in `format_type`): bare when it is lower case
    /// letters, digits, `_` and `$`, not starting with a digit, and not a keyword; quoted
    /// otherwise (`"Worker_order_seq"`). Each part of a qualified name on its own.
    #[must_use]
    pub fn pg_ident(name: &str) -> String {
        name.split('.')
            .map(|part| {
                if pg_plain(part) {
                    part.to_string()
                } else {
                    Dialect::Postgres.quote(part)
                }
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    /// Whether `printed` is [`Dialect::pg_ident`] of `name`, without building it where
    /// neither needs quotes (the diff asks this for every sequence).
    #[must_use]
    pub fn pg_ident_is(printed: &str, name: &str) -> bool {
        if printed.contains('"') {
            printed == Dialect::pg_ident(name)
        } else {
            printed == name && name.split('.').all(pg_plain)
        }
    }

    /// Quote a string literal.
    #[must_use]
    pub fn string_literal(self, s: &str) -> String {
        let escaped = s.replace('\'', "''");
        match self {
            // MySQL also treats backslash as an escape inside strings.
            Dialect::Mysql => format!("'{}'", escaped.replace('\\', "\\\\")),
            _ => format!("'{escaped}'"),
        }
    }

    /// Key under which a name is looked up. PostgreSQL names are exact once the parser has
    /// folded unquoted ones; MySQL column/index names and all SQLite names are case-insensitive.
    /// MySQL table names are case-sensitive on Linux, but folding them too keeps lookups
    /// forgiving; two tables differing only by case are not supported there.
    #[must_use]
    pub fn key(self, name: &str) -> String {
        match self {
            Dialect::Postgres => name.to_string(),
            _ => name.to_lowercase(),
        }
    }

    /// [`Dialect::key`] without a copy where the name already is its key (always on
    /// PostgreSQL; elsewhere when it has no upper-case letter): for lookups on hot paths.
    #[must_use]
    pub fn key_ref(self, name: &str) -> std::borrow::Cow<'_, str> {
        match self {
            Dialect::Postgres => std::borrow::Cow::Borrowed(name),
            _ if name.is_ascii() && !name.bytes().any(|b| b.is_ascii_uppercase()) => {
                std::borrow::Cow::Borrowed(name)
            }
            _ => std::borrow::Cow::Owned(name.to_lowercase()),
        }
    }

    /// Whether two names are the same under [`Dialect::key`], without allocating.
    #[must_use]
    pub fn same_name(self, a: &str, b: &str) -> bool {
        match self {
            Dialect::Postgres => a == b,
            _ if a.is_ascii() && b.is_ascii() => a.eq_ignore_ascii_case(b),
            _ => a.to_lowercase() == b.to_lowercase(),
        }
    }

    /// The value of an identifier as the database stores it: PostgreSQL folds unquoted names to
    /// lower case and cuts every name to 63 bytes as it reads it (`NAMEDATALEN`; an ORM's
    /// 70-byte constraint name is stored, and later dropped, as its first 63 bytes); MySQL and
    /// SQLite keep them as written.
    #[must_use]
    pub fn ident_value(self, ident: &sqlparser::ast::Ident) -> String {
        match (self, ident.quote_style) {
            // PostgreSQL folds A–Z only (`downcase_identifier` on a multi-byte encoding):
            // `Übersicht` stays `Übersicht`.
            (Dialect::Postgres, None) => {
                crate::normalize::truncated(ident.value.to_ascii_lowercase(), 63)
            }
            (Dialect::Postgres, Some(_)) => crate::normalize::truncated(ident.value.clone(), 63),
            _ => ident.value.clone(),
        }
    }

    /// The default schema that qualified names in it are stripped of (`public.t` is `t`).
    #[must_use]
    pub fn default_namespace(self) -> Option<&'static str> {
        match self {
            Dialect::Postgres => Some("public"),
            Dialect::Sqlite => Some("main"),
            Dialect::Mysql => None,
        }
    }

    /// Placeholder for the n-th (1-based) bind parameter.
    #[must_use]
    pub fn placeholder(self, n: usize) -> String {
        match self {
            Dialect::Postgres => format!("${n}"),
            _ => "?".to_string(),
        }
    }
}

/// See [`Dialect::lexical`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // five independent facts about a syntax
pub struct Lexical {
    /// A backslash escapes the next character inside `'…'` and `"…"` (MySQL).
    pub backslash_escapes: bool,
    /// `$$…$$` and `$tag$…$tag$` quote a body (PostgreSQL).
    pub dollar_quotes: bool,
    /// `` `…` `` quotes an identifier (MySQL, and SQLite, which accepts it too).
    pub backtick_quotes: bool,
    /// `#` starts a comment to the end of the line (MySQL).
    pub hash_comments: bool,
    /// The client's `DELIMITER xx` line sets what ends a statement (the mysql client).
    pub delimiter_command: bool,
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dialect {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            "sqlite" | "sqlite3" => Ok(Dialect::Sqlite),
            other => Err(crate::Error::Input(format!(
                "unknown dialect `{other}` (expected postgres, mysql or sqlite)"
            ))),
        }
    }
}

/// Keywords PostgreSQL's `quote_ident` quotes (reserved, type/function-name and column-name
/// keywords that could name a relation or a type). Sorted: looked up by binary search, since
/// the diff and replay ask it for nearly every name they print.
const PG_QUOTED_KEYWORDS: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// sqlparser's SQLite dialect with the bitwise shifts SQLite has (`unique_states & (1 << 0)`
/// in a partial index), which sqlparser 0.63 gates off for SQLite. Everything else is the
/// SQLite dialect's own: it answers sqlparser's "is this SQLite?" checks as SQLite and passes
/// every hook SQLite overrides through.
#[derive(Debug)]
struct SqliteParsing(sqlparser::dialect::SQLiteDialect);

impl sqlparser::dialect::Dialect for SqliteParsing {
    fn dialect(&self) -> std::any::TypeId {
        std::any::TypeId::of::<sqlparser::dialect::SQLiteDialect>()
    }
    fn supports_bitwise_shift_operators(&self) -> bool {
        true
    }
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        self.0.is_delimited_identifier_start(ch)
    }
    fn identifier_quote_style(&self, identifier: &str) -> Option<char> {
        self.0.identifier_quote_style(identifier)
    }
    fn is_identifier_start(&self, ch: char) -> bool {
        self.0.is_identifier_start(ch)
    }
    fn is_identifier_part(&self, ch: char) -> bool {
        self.0.is_identifier_part(ch)
    }
    fn supports_filter_during_aggregation(&self) -> bool {
        self.0.supports_filter_during_aggregation()
    }
    fn supports_start_transaction_modifier(&self) -> bool {
        self.0.supports_start_transaction_modifier()
    }
    fn parse_statement(
        &self,
        parser: &mut sqlparser::parser::Parser,
    ) -> Option<Result<sqlparser::ast::Statement, sqlparser::parser::ParserError>> {
        self.0.parse_statement(parser)
    }
    fn parse_infix(
        &self,
        parser: &mut sqlparser::parser::Parser,
        expr: &sqlparser::ast::Expr,
        precedence: u8,
    ) -> Option<Result<sqlparser::ast::Expr, sqlparser::parser::ParserError>> {
        self.0.parse_infix(parser, expr, precedence)
    }
    fn supports_in_empty_list(&self) -> bool {
        self.0.supports_in_empty_list()
    }
    fn supports_limit_comma(&self) -> bool {
        self.0.supports_limit_comma()
    }
    fn supports_asc_desc_in_column_definition(&self) -> bool {
        self.0.supports_asc_desc_in_column_definition()
    }
    fn supports_dollar_placeholder(&self) -> bool {
        self.0.supports_dollar_placeholder()
    }
    fn supports_notnull_operator(&self) -> bool {
        self.0.supports_notnull_operator()
    }
    fn supports_comma_separated_trim(&self) -> bool {
        self.0.supports_comma_separated_trim()
    }
    fn supports_numeric_literal_underscores(&self) -> bool {
        self.0.supports_numeric_literal_underscores()
    }
}

/// A part of a PostgreSQL name that `quote_ident` leaves bare: lower-case letters, digits, `_`
/// and `$`, not starting with a digit, not a keyword.
fn pg_plain(part: &str) -> bool {
    part.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && part
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$')
        && PG_QUOTED_KEYWORDS.binary_search(&part).is_err()
}

#[cfg(test)]
mod tests {
    use super::{Dialect, PG_QUOTED_KEYWORDS};

    #[test]
    fn quoted_keywords_stay_sorted_for_binary_search() {
        assert!(
            PG_QUOTED_KEYWORDS.is_sorted(),
            "keep PG_QUOTED_KEYWORDS sorted"
        );
    }

    #[test]
    fn pg_ident_quotes_keywords_and_capitals_only() {
        // First, last and middle of the keyword list, a near miss, and a capital letter.
        assert_eq!(Dialect::pg_ident("all"), r#""all""#);
        assert_eq!(Dialect::pg_ident("with"), r#""with""#);
        assert_eq!(Dialect::pg_ident("public.user"), r#"public."user""#);
        assert_eq!(Dialect::pg_ident("users"), "users");
        assert_eq!(Dialect::pg_ident("Orders"), r#""Orders""#);
        assert!(Dialect::pg_ident_is(r#""order""#, "order"));
        assert!(Dialect::pg_ident_is("orders_id_seq", "orders_id_seq"));
        assert!(!Dialect::pg_ident_is("order", "order"));
    }
}
