//! SQL rendering of changes, per dialect.

use crate::diff::{serial_owned, Change};
use crate::schema::{
    CheckConstraint, Column, ForeignKey, IdentityKind, Index, OpaqueKind, PrimaryKey, Schema,
    Sequence, Table, View,
};
use crate::Dialect;

pub(super) struct Renderer<'a> {
    pub d: Dialect,
    pub to: &'a Schema,
}

/// Quote a possibly schema-qualified name.
#[must_use]
pub fn qualified(d: Dialect, name: &str) -> String {
    name.split('.')
        .map(|p| d.quote(p))
        .collect::<Vec<_>>()
        .join(".")
}

fn cols(d: Dialect, c: &[String]) -> String {
    c.iter().map(|x| d.quote(x)).collect::<Vec<_>>().join(", ")
}

/// A column type as SQL. The model keeps PostgreSQL type names as the database stores them;
/// one with an upper-case letter was quoted when written (unquoted names fold to lower case),
/// as an ORM's `"WorkerStatus"` enum is, and must be quoted again.
fn type_sql(d: Dialect, ty: &str) -> String {
    if d != Dialect::Postgres || !ty.chars().any(|c| c.is_ascii_uppercase()) {
        return ty.to_string();
    }
    let base = ty.trim_end_matches("[]");
    format!("{}{}", qualified(d, base), &ty[base.len()..])
}

/// A table without what its stored SQLite text does not say: identities, and indexes made by
/// `CREATE INDEX` (those have texts of their own).
fn as_written(t: &Table) -> Table {
    let mut t = t.clone();
    t.clear_ids();
    t.indexes.retain(|i| i.constraint);
    // Where a column's inline CHECK or REFERENCES sits in the text is not what the table is:
    // `ADD COLUMN … CHECK (…)` puts it before the table's constraints, replay after them.
    t.checks
        .sort_by_cached_key(|c| serde_json::to_string(c).unwrap_or_default());
    t.foreign_keys
        .sort_by_cached_key(|f| serde_json::to_string(f).unwrap_or_default());
    t.indexes
        .sort_by_cached_key(|i| serde_json::to_string(i).unwrap_or_default());
    t
}

/// SQLite: the history's text of table `t` (`CREATE TABLE …` as `sqlite_master` keeps it),
/// where replaying it gives `t` again; `None` where ebb must render the table itself.
fn written_table(d: Dialect, t: &Table) -> Option<&str> {
    let text = t.written.0.as_deref().filter(|_| d == Dialect::Sqlite)?;
    let s = crate::replay::replay_sql(d, "sqlite_master", text).ok()?;
    let got = s.tables.first()?;
    (as_written(got) == as_written(t)).then_some(text)
}

/// SQLite: the history's text of index `i` on table `t`, where replaying it gives `i` again.
fn written_index<'a>(d: Dialect, s: &Schema, t: &Table, i: &'a Index) -> Option<&'a str> {
    let text = i.written.0.as_deref().filter(|_| d == Dialect::Sqlite)?;
    let bare = Table {
        indexes: Vec::new(),
        foreign_keys: Vec::new(),
        ..t.clone()
    };
    let table = create_table_sql(d, s, &bare, None).swap_remove(0);
    let got = crate::replay::replay_sql(d, "sqlite_master", &format!("{table};\n{text}")).ok()?;
    let mut g = got.tables.first()?.indexes.last()?.clone();
    g.id = i.id;
    (g == *i).then_some(text)
}

/// SQLite: the history's text of view `v`, where replaying it gives `v` again.
fn written_view(d: Dialect, v: &View) -> Option<&str> {
    let text = v.written.0.as_deref().filter(|_| d == Dialect::Sqlite)?;
    let got = crate::replay::replay_sql(d, "sqlite_master", text).ok()?;
    let mut g = got.views.first()?.clone();
    g.id = v.id;
    (g == *v).then_some(text)
}

/// SQLite: column `c` of `table` as the history wrote it in the table's text, where that
/// definition gives `c` again and carries no constraint of the table's.
fn written_column(d: Dialect, s: &Schema, table: &str, c: &Column) -> Option<String> {
    let text = s
        .table(table)?
        .written
        .0
        .as_deref()
        .filter(|_| d == Dialect::Sqlite)?;
    let def = crate::replay::sqlite_text::column_definition(text, &c.name)?;
    let got =
        crate::replay::replay_sql(d, "sqlite_master", &format!("CREATE TABLE x ({def})")).ok()?;
    let t = got.tables.first()?;
    let alone = t.primary_key.is_none()
        && t.indexes.is_empty()
        && t.foreign_keys.is_empty()
        && t.checks.is_empty();
    let mut g = t.columns.first()?.clone();
    g.id = c.id;
    (alone && g == *c).then_some(def)
}

/// The new name of a `RENAME COLUMN`, spelled as in the target's SQLite text (SQLite writes a
/// bare new name bare into the texts that named the old one bare); quoted where ebb cannot
/// tell.
fn renamed_to(d: Dialect, s: &Schema, table: &str, column: &str) -> String {
    let bare = (d == Dialect::Sqlite)
        .then(|| s.table(table)?.written.0.as_deref())
        .flatten()
        .and_then(|text| crate::replay::sqlite_text::spelled_name(text, column))
        .filter(|n| n == column);
    bare.unwrap_or_else(|| d.quote(column))
}

/// The `serial` spelling of a PostgreSQL column whose default draws from the sequence it owns
/// under the default name, if any.
fn serial_type(s: &Schema, table: &str, c: &Column) -> Option<&'static str> {
    if s.dialect != Dialect::Postgres {
        return None;
    }
    let q = s.sequences.iter().find(|q| {
        q.owned_by
            .as_ref()
            .is_some_and(|(t, col)| t == table && *col == c.name)
    })?;
    // The default name lives in the table's schema (`audit.events_id_seq`).
    let bare = table.rsplit('.').next().unwrap_or(table);
    let prefix = &table[..table.len() - bare.len()];
    let default_name = format!(
        "{prefix}{}",
        crate::normalize::pg_object_name(bare, Some(&c.name), "seq")
    );
    if !serial_owned(s, q) || q.name != default_name {
        return None;
    }
    Some(match c.ty.as_str() {
        "bigint" => "bigserial",
        "smallint" => "smallserial",
        _ => "serial",
    })
}

/// A column's definition as in `CREATE TABLE` / `ADD COLUMN`.
#[must_use]
pub fn column_definition(
    d: Dialect,
    s: &Schema,
    table: &str,
    c: &Column,
    inline_pk: Option<&PrimaryKey>,
) -> String {
    let mut out = format!("{} ", d.quote(&c.name));
    let serial = serial_type(s, table, c);
    out.push_str(&serial.map_or_else(|| type_sql(d, &c.ty), str::to_string));
    if let Some(cs) = &c.charset {
        out.push_str(&format!(" CHARACTER SET {cs}"));
    }
    if let Some(coll) = &c.collation {
        match d {
            Dialect::Postgres => out.push_str(&format!(" COLLATE {}", d.quote(coll))),
            _ => out.push_str(&format!(" COLLATE {coll}")),
        }
    }
    if let Some(g) = &c.generated {
        let kind = if g.stored { "STORED" } else { "VIRTUAL" };
        match d {
            Dialect::Mysql => out.push_str(&format!(" AS ({}) {kind}", g.expr)),
            _ => out.push_str(&format!(" GENERATED ALWAYS AS ({}) {kind}", g.expr)),
        }
    }
    if let Some(k) = c.identity {
        out.push_str(match k {
            IdentityKind::Always => " GENERATED ALWAYS AS IDENTITY",
            IdentityKind::ByDefault => " GENERATED BY DEFAULT AS IDENTITY",
        });
    }
    if let Some(k) = inline_pk {
        out.push_str(" PRIMARY KEY");
        out.push_str(&on_conflict(k.on_conflict.as_deref()));
        if c.auto_increment && d == Dialect::Sqlite {
            out.push_str(" AUTOINCREMENT");
        }
    }
    if !c.nullable && serial.is_none() && c.identity.is_none() {
        out.push_str(" NOT NULL");
        out.push_str(&on_conflict(c.not_null_on_conflict.as_deref()));
    } else if c.nullable && d == Dialect::Mysql && c.ty == "timestamp" {
        out.push_str(" NULL");
    }
    if let (Some(def), None) = (&c.default, serial) {
        out.push_str(&format!(" DEFAULT {def}"));
    }
    if let Some(u) = &c.on_update {
        out.push_str(&format!(" ON UPDATE {u}"));
    }
    if c.auto_increment && d == Dialect::Mysql {
        out.push_str(" AUTO_INCREMENT");
    }
    if let (Some(cm), Dialect::Mysql) = (&c.comment, d) {
        out.push_str(&format!(" COMMENT {}", d.string_literal(cm)));
    }
    out
}

/// SQLite's ` ON CONFLICT …` after a constraint, when it is not the default.
fn on_conflict(resolution: Option<&str>) -> String {
    resolution.map_or_else(String::new, |r| format!(" ON CONFLICT {r}"))
}

fn pk_clause(d: Dialect, table: &str, k: &PrimaryKey) -> String {
    let bare = table.rsplit('.').next().unwrap_or(table);
    let clause = match (&k.name, d) {
        (Some(n), Dialect::Postgres)
            if *n != crate::normalize::pg_object_name(bare, None, "pkey") =>
        {
            format!(
                "CONSTRAINT {} PRIMARY KEY ({})",
                d.quote(n),
                cols(d, &k.columns)
            )
        }
        (Some(n), Dialect::Sqlite) => format!(
            "CONSTRAINT {} PRIMARY KEY ({})",
            d.quote(n),
            cols(d, &k.columns)
        ),
        _ => format!("PRIMARY KEY ({})", cols(d, &k.columns)),
    };
    clause + &on_conflict(k.on_conflict.as_deref())
}

fn index_parts(d: Dialect, i: &Index) -> String {
    i.parts
        .iter()
        .map(|p| {
            let mut s = if p.expr {
                format!("({})", p.column)
            } else {
                d.quote(&p.column)
            };
            if let Some(n) = p.length {
                s.push_str(&format!("({n})"));
            }
            if let Some(o) = &p.opclass {
                s.push_str(&format!(" {}", qualified(d, o)));
            }
            if p.desc {
                s.push_str(" DESC");
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn unique_clause(d: Dialect, i: &Index) -> String {
    let clause = match (d, &i.name) {
        (Dialect::Mysql, Some(n)) => format!("UNIQUE KEY {} ({})", d.quote(n), index_parts(d, i)),
        (_, Some(n)) => format!("CONSTRAINT {} UNIQUE ({})", d.quote(n), index_parts(d, i)),
        (_, None) => format!("UNIQUE ({})", index_parts(d, i)),
    };
    clause + &on_conflict(i.on_conflict.as_deref())
}

fn mysql_key_clause(d: Dialect, i: &Index) -> String {
    let kind = match (i.unique, i.method.as_deref()) {
        (true, _) => "UNIQUE KEY",
        (false, Some("fulltext")) => "FULLTEXT KEY",
        (false, Some("spatial")) => "SPATIAL KEY",
        _ => "KEY",
    };
    format!(
        "{kind} {} ({})",
        d.quote(i.name.as_deref().unwrap_or_default()),
        index_parts(d, i)
    )
}

fn fk_clause(d: Dialect, f: &ForeignKey) -> String {
    let mut s = String::new();
    if let Some(n) = &f.name {
        s.push_str(&format!("CONSTRAINT {} ", d.quote(n)));
    }
    s.push_str(&format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        cols(d, &f.columns),
        qualified(d, &f.ref_table),
        cols(d, &f.ref_columns)
    ));
    let default = if d == Dialect::Mysql {
        crate::schema::RefAction::Restrict
    } else {
        crate::schema::RefAction::NoAction
    };
    if f.on_delete != default {
        s.push_str(&format!(" ON DELETE {}", f.on_delete.sql()));
    }
    if f.on_update != default {
        s.push_str(&format!(" ON UPDATE {}", f.on_update.sql()));
    }
    if let Some(x) = f.deferrable {
        s.push(' ');
        s.push_str(x.sql());
    }
    s
}

fn check_clause(d: Dialect, c: &CheckConstraint) -> String {
    match &c.name {
        Some(n) => format!("CONSTRAINT {} CHECK ({})", d.quote(n), c.expr),
        None => format!("CHECK ({})", c.expr),
    }
}

fn create_index(d: Dialect, table: &str, i: &Index) -> String {
    let name = i.name.as_deref().unwrap_or_default();
    let unique = if i.unique { "UNIQUE " } else { "" };
    if d == Dialect::Mysql {
        let kind = match i.method.as_deref() {
            Some("fulltext") => "FULLTEXT ",
            Some("spatial") => "SPATIAL ",
            _ => unique,
        };
        format!(
            "CREATE {kind}INDEX {} ON {} ({})",
            d.quote(name),
            qualified(d, table),
            index_parts(d, i)
        )
    } else {
        let using = match (&i.method, d) {
            (Some(m), Dialect::Postgres) => format!(" USING {m}"),
            _ => String::new(),
        };
        let mut s = format!(
            "CREATE {unique}INDEX {} ON {}{using} ({})",
            d.quote(name),
            qualified(d, table),
            index_parts(d, i)
        );
        if let Some(p) = &i.predicate {
            s.push_str(&format!(" WHERE {p}"));
        }
        s
    }
}

/// Everything that defines a table: the `CREATE TABLE` statement and, where the dialect keeps
/// them apart, its indexes and comments. Foreign keys are inline only on SQLite (it cannot add
/// them later); elsewhere the planner adds them once every table exists.
#[must_use]
pub fn create_table_sql(
    d: Dialect,
    s: &Schema,
    t: &Table,
    name_override: Option<&str>,
) -> Vec<String> {
    let name = name_override.unwrap_or(&t.name);
    let mut lines = Vec::new();
    let inline_pk = d == Dialect::Sqlite
        && t.primary_key.as_ref().is_some_and(|k| {
            k.columns.len() == 1
                && k.name.is_none()
                && t.column(d, &k.columns[0]).is_some_and(|c| c.auto_increment)
        });
    for c in &t.columns {
        let pk_here = t
            .primary_key
            .as_ref()
            .filter(|k| inline_pk && d.same_name(&k.columns[0], &c.name));
        lines.push(column_definition(d, s, &t.name, c, pk_here));
    }
    if let (Some(k), false) = (&t.primary_key, inline_pk) {
        lines.push(pk_clause(d, &t.name, k));
    }
    let mut after = Vec::new();
    for i in &t.indexes {
        if d == Dialect::Mysql {
            lines.push(mysql_key_clause(d, i));
        } else if i.constraint {
            lines.push(unique_clause(d, i));
        } else if let Some(text) = written_index(d, s, t, i) {
            // Indexes are created under the table's own name, also after a rebuild.
            after.push(text.to_string());
        } else {
            after.push(create_index(d, name, i));
        }
    }
    for c in &t.checks {
        lines.push(check_clause(d, c));
    }
    if d == Dialect::Sqlite {
        for f in &t.foreign_keys {
            lines.push(fk_clause(d, f));
        }
    }
    if let (None, Some(text)) = (name_override, written_table(d, t)) {
        let mut v = vec![text.to_string()];
        v.extend(after);
        return v;
    }
    let mut sql = format!(
        "CREATE TABLE {} (\n  {}\n)",
        qualified(d, name),
        lines.join(",\n  ")
    );
    let mut opts = Vec::new();
    match d {
        Dialect::Mysql => {
            if let Some(e) = &t.options.engine {
                opts.push(format!("ENGINE={e}"));
            }
            if let Some(c) = &t.options.charset {
                opts.push(format!("DEFAULT CHARSET={c}"));
            }
            if let Some(c) = &t.options.collation {
                opts.push(format!("COLLATE={c}"));
            }
            if let Some(c) = &t.comment {
                opts.push(format!("COMMENT={}", d.string_literal(c)));
            }
            if !opts.is_empty() {
                sql.push(' ');
                sql.push_str(&opts.join(" "));
            }
        }
        Dialect::Sqlite => {
            if t.options.without_rowid {
                opts.push("WITHOUT ROWID".to_string());
            }
            if t.options.strict {
                opts.push("STRICT".to_string());
            }
            if !opts.is_empty() {
                sql.push(' ');
                sql.push_str(&opts.join(", "));
            }
        }
        Dialect::Postgres => {}
    }
    let mut out = vec![sql];
    out.extend(after);
    if d == Dialect::Postgres {
        if let Some(c) = &t.comment {
            out.push(format!(
                "COMMENT ON TABLE {} IS {}",
                qualified(d, name),
                d.string_literal(c)
            ));
        }
        for c in &t.columns {
            if let Some(cm) = &c.comment {
                out.push(format!(
                    "COMMENT ON COLUMN {}.{} IS {}",
                    qualified(d, name),
                    d.quote(&c.name),
                    d.string_literal(cm)
                ));
            }
        }
    }
    out
}

fn sequence_sql(d: Dialect, q: &Sequence) -> String {
    let mut s = format!("CREATE SEQUENCE {}", qualified(d, &q.name));
    if q.ty != "bigint" {
        s.push_str(&format!(" AS {}", q.ty));
    }
    s.push_str(&format!(" INCREMENT BY {}", q.increment));
    if let Some(m) = q.min {
        s.push_str(&format!(" MINVALUE {m}"));
    }
    if let Some(m) = q.max {
        s.push_str(&format!(" MAXVALUE {m}"));
    }
    s.push_str(&format!(" START WITH {} CACHE {}", q.start, q.cache));
    if q.cycle {
        s.push_str(" CYCLE");
    }
    s
}

impl Renderer<'_> {
    fn alter(&self, table: &str, action: &str) -> String {
        format!("ALTER TABLE {} {action}", qualified(self.d, table))
    }

    #[allow(clippy::too_many_lines)]
    pub(super) fn change(&self, c: &Change) -> Vec<String> {
        let d = self.d;
        let q = |n: &str| qualified(d, n);
        match c {
            Change::CreateNamespace { name } => vec![format!("CREATE SCHEMA {}", d.quote(name))],
            Change::DropNamespace { name } => vec![format!("DROP SCHEMA {}", d.quote(name))],
            Change::CreateExtension { name } => {
                vec![format!("CREATE EXTENSION IF NOT EXISTS {}", d.quote(name))]
            }
            Change::DropExtension { name } => vec![format!("DROP EXTENSION {}", d.quote(name))],
            Change::CreateEnum { def } => {
                let labels = def
                    .values
                    .iter()
                    .map(|v| d.string_literal(v))
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![format!("CREATE TYPE {} AS ENUM ({labels})", q(&def.name))]
            }
            Change::DropEnum { def } => vec![format!("DROP TYPE {}", q(&def.name))],
            Change::RenameEnum { from, to } => vec![format!(
                "ALTER TYPE {} RENAME TO {}",
                q(from),
                d.quote(to.rsplit('.').next().unwrap_or(to))
            )],
            Change::AddEnumValue {
                name,
                value,
                before,
            } => {
                let mut s = format!(
                    "ALTER TYPE {} ADD VALUE {}",
                    q(name),
                    d.string_literal(value)
                );
                if let Some(b) = before {
                    s.push_str(&format!(" BEFORE {}", d.string_literal(b)));
                }
                vec![s]
            }
            Change::RenameEnumValue { name, from, to } => vec![format!(
                "ALTER TYPE {} RENAME VALUE {} TO {}",
                q(name),
                d.string_literal(from),
                d.string_literal(to)
            )],
            Change::RecreateEnum { from, to, columns } => {
                let old = format!(
                    "{}__ebb_old",
                    from.name.rsplit('.').next().unwrap_or(&from.name)
                );
                let labels = to
                    .values
                    .iter()
                    .map(|v| d.string_literal(v))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut v = vec![
                    format!("ALTER TYPE {} RENAME TO {}", q(&from.name), d.quote(&old)),
                    format!("CREATE TYPE {} AS ENUM ({labels})", q(&to.name)),
                ];
                for (t, col) in columns {
                    let column = self.to.table(t).and_then(|x| x.column(d, col));
                    let default = column.and_then(|c| c.default.clone());
                    if default.is_some() {
                        v.push(
                            self.alter(t, &format!("ALTER COLUMN {} DROP DEFAULT", d.quote(col))),
                        );
                    }
                    let arr = if column.is_some_and(|c| c.ty.ends_with("[]")) {
                        "[]"
                    } else {
                        ""
                    };
                    v.push(self.alter(
                        t,
                        &format!(
                            "ALTER COLUMN {c} TYPE {ty}{arr} USING {c}::text{arr}::{ty}{arr}",
                            c = d.quote(col),
                            ty = q(&to.name)
                        ),
                    ));
                    if let Some(def) = default {
                        v.push(self.alter(
                            t,
                            &format!("ALTER COLUMN {} SET DEFAULT {def}", d.quote(col)),
                        ));
                    }
                }
                v.push(format!("DROP TYPE {}", beside(d, &from.name, &old)));
                v
            }
            Change::CreateSequence { def } => {
                let mut v = vec![sequence_sql(d, def)];
                if let Some((t, c)) = &def.owned_by {
                    v.push(format!(
                        "ALTER SEQUENCE {} OWNED BY {}.{}",
                        q(&def.name),
                        q(t),
                        d.quote(c)
                    ));
                }
                v
            }
            Change::DropSequence { def } => vec![format!("DROP SEQUENCE {}", q(&def.name))],
            Change::AlterSequence { from, to } => {
                let mut parts = Vec::new();
                if from.ty != to.ty {
                    parts.push(format!("AS {}", to.ty));
                }
                if from.increment != to.increment {
                    parts.push(format!("INCREMENT BY {}", to.increment));
                }
                if from.min != to.min {
                    parts.push(
                        to.min
                            .map_or_else(|| "NO MINVALUE".into(), |m| format!("MINVALUE {m}")),
                    );
                }
                if from.max != to.max {
                    parts.push(
                        to.max
                            .map_or_else(|| "NO MAXVALUE".into(), |m| format!("MAXVALUE {m}")),
                    );
                }
                if from.start != to.start {
                    parts.push(format!("START WITH {}", to.start));
                }
                if from.cache != to.cache {
                    parts.push(format!("CACHE {}", to.cache));
                }
                if from.cycle != to.cycle {
                    parts.push(if to.cycle {
                        "CYCLE".into()
                    } else {
                        "NO CYCLE".into()
                    });
                }
                if from.owned_by != to.owned_by {
                    parts.push(match &to.owned_by {
                        Some((t, col)) => format!("OWNED BY {}.{}", q(t), d.quote(col)),
                        None => "OWNED BY NONE".into(),
                    });
                }
                let mut v = Vec::new();
                if from.name != to.name {
                    v.push(format!(
                        "ALTER SEQUENCE {} RENAME TO {}",
                        q(&from.name),
                        d.quote(&to.name)
                    ));
                }
                if !parts.is_empty() {
                    v.push(format!(
                        "ALTER SEQUENCE {} {}",
                        q(&to.name),
                        parts.join(" ")
                    ));
                }
                v
            }
            Change::CreateTable { def } => create_table_sql(d, self.to, def, None),
            Change::DropTable { def } => vec![format!("DROP TABLE {}", q(&def.name))],
            Change::RenameTable { from, to } => match d {
                Dialect::Mysql => vec![format!("RENAME TABLE {} TO {}", q(from), q(to))],
                _ => vec![self.alter(
                    from,
                    &format!("RENAME TO {}", d.quote(to.rsplit('.').next().unwrap_or(to))),
                )],
            },
            Change::AddColumn {
                table,
                column,
                after,
                first,
            } => {
                // Rows already there take the fill as a default that goes again at once.
                let filled = column
                    .fill
                    .0
                    .as_ref()
                    .filter(|_| !column.nullable && column.default.is_none());
                let def = match filled {
                    Some(v) => column_definition(
                        d,
                        self.to,
                        table,
                        &Column {
                            default: Some(v.clone()),
                            ..column.clone()
                        },
                        None,
                    ),
                    None => written_column(d, self.to, table, column)
                        .unwrap_or_else(|| column_definition(d, self.to, table, column, None)),
                };
                let mut s = self.alter(table, &format!("ADD COLUMN {def}"));
                if d == Dialect::Mysql {
                    if *first {
                        s.push_str(" FIRST");
                    } else if let Some(a) = after {
                        s.push_str(&format!(" AFTER {}", d.quote(a)));
                    }
                    // An AUTO_INCREMENT column must be a key as it is added.
                    let key = self
                        .to
                        .table(table)
                        .and_then(|t| t.primary_key.as_ref())
                        .filter(|k| k.columns.iter().any(|c| d.same_name(c, &column.name)));
                    if let (true, Some(k)) = (column.auto_increment, key) {
                        s.push_str(&format!(", ADD PRIMARY KEY ({})", cols(d, &k.columns)));
                    }
                }
                let mut v = vec![s];
                if filled.is_some() {
                    v.push(self.alter(
                        table,
                        &format!("ALTER COLUMN {} DROP DEFAULT", d.quote(&column.name)),
                    ));
                }
                if let (Some(cm), Dialect::Postgres) = (&column.comment, d) {
                    v.push(format!(
                        "COMMENT ON COLUMN {}.{} IS {}",
                        q(table),
                        d.quote(&column.name),
                        d.string_literal(cm)
                    ));
                }
                v
            }
            Change::DropColumn { table, column } => {
                vec![self.alter(table, &format!("DROP COLUMN {}", d.quote(&column.name)))]
            }
            Change::RenameColumn { table, from, to } => {
                // Renames run before other changes to the table, under its old name if it is
                // renamed too; the rename of the table is ordered first within the phase.
                let new = renamed_to(d, self.to, table, to);
                vec![self.alter(table, &format!("RENAME COLUMN {} TO {new}", d.quote(from)))]
            }
            Change::AlterColumn {
                table,
                from,
                to,
                after,
                first,
            } => {
                let mut v = self.alter_column(table, from, to);
                if d == Dialect::Mysql {
                    if let Some(s) = v.first_mut() {
                        if *first {
                            s.push_str(" FIRST");
                        } else if let Some(a) = after {
                            s.push_str(&format!(" AFTER {}", d.quote(a)));
                        }
                    }
                }
                v
            }
            Change::AddPrimaryKey { table, key } => match d {
                Dialect::Postgres => {
                    let name = key.name.clone().unwrap_or_else(|| format!("{table}_pkey"));
                    vec![self.alter(
                        table,
                        &format!(
                            "ADD CONSTRAINT {} PRIMARY KEY ({})",
                            d.quote(&name),
                            cols(d, &key.columns)
                        ),
                    )]
                }
                _ => vec![self.alter(
                    table,
                    &format!("ADD PRIMARY KEY ({})", cols(d, &key.columns)),
                )],
            },
            Change::DropPrimaryKey { table, key } => match d {
                Dialect::Mysql => vec![self.alter(table, "DROP PRIMARY KEY")],
                _ => vec![self.alter(
                    table,
                    &format!(
                        "DROP CONSTRAINT {}",
                        d.quote(key.name.as_deref().unwrap_or_default())
                    ),
                )],
            },
            Change::AddIndex { table, index } => {
                if index.constraint && d == Dialect::Postgres {
                    vec![self.alter(table, &format!("ADD {}", unique_clause(d, index)))]
                } else {
                    let written = self
                        .to
                        .table(table)
                        .and_then(|t| written_index(d, self.to, t, index));
                    vec![written.map_or_else(|| create_index(d, table, index), str::to_string)]
                }
            }
            Change::DropIndex { table, index } => {
                let name = index.name.as_deref().unwrap_or_default();
                match d {
                    Dialect::Postgres if index.constraint => {
                        vec![self.alter(table, &format!("DROP CONSTRAINT {}", d.quote(name)))]
                    }
                    Dialect::Postgres => vec![format!("DROP INDEX {}", beside(d, table, name))],
                    Dialect::Mysql => vec![format!("DROP INDEX {} ON {}", d.quote(name), q(table))],
                    Dialect::Sqlite => vec![format!("DROP INDEX {}", d.quote(name))],
                }
            }
            Change::RenameConstraint { table, from, to } => vec![self.alter(
                table,
                &format!("RENAME CONSTRAINT {} TO {}", d.quote(from), d.quote(to)),
            )],
            Change::RenameIndex { table, from, to } => match d {
                Dialect::Postgres => vec![format!(
                    "ALTER INDEX {} RENAME TO {}",
                    beside(d, table, from),
                    d.quote(to)
                )],
                Dialect::Mysql => vec![self.alter(
                    table,
                    &format!("RENAME INDEX {} TO {}", d.quote(from), d.quote(to)),
                )],
                Dialect::Sqlite => {
                    let t = self.to.table(table);
                    let idx = t.and_then(|t| {
                        t.indexes
                            .iter()
                            .find(|i| i.name.as_deref() == Some(to.as_str()))
                    });
                    let mut v = vec![format!("DROP INDEX {}", d.quote(from))];
                    if let Some(i) = idx {
                        v.push(create_index(d, table, i));
                    }
                    v
                }
            },
            Change::AddForeignKey { table, key } => {
                vec![self.alter(table, &format!("ADD {}", fk_clause(d, key)))]
            }
            Change::DropForeignKey { table, key } => {
                let name = d.quote(key.name.as_deref().unwrap_or_default());
                match d {
                    Dialect::Mysql => vec![self.alter(table, &format!("DROP FOREIGN KEY {name}"))],
                    _ => vec![self.alter(table, &format!("DROP CONSTRAINT {name}"))],
                }
            }
            Change::AddCheck { table, check } => {
                vec![self.alter(table, &format!("ADD {}", check_clause(d, check)))]
            }
            Change::DropCheck { table, check } => vec![self.alter(
                table,
                &format!(
                    "DROP CONSTRAINT {}",
                    d.quote(check.name.as_deref().unwrap_or_default())
                ),
            )],
            Change::SetTableComment { table, comment } => match d {
                Dialect::Postgres => vec![format!(
                    "COMMENT ON TABLE {} IS {}",
                    q(table),
                    comment
                        .as_deref()
                        .map_or_else(|| "NULL".into(), |c| d.string_literal(c))
                )],
                _ => vec![self.alter(
                    table,
                    &format!(
                        "COMMENT = {}",
                        d.string_literal(comment.as_deref().unwrap_or_default())
                    ),
                )],
            },
            Change::SetColumnComment {
                table,
                column,
                comment,
            } => vec![format!(
                "COMMENT ON COLUMN {}.{} IS {}",
                q(table),
                d.quote(column),
                comment
                    .as_deref()
                    .map_or_else(|| "NULL".into(), |c| d.string_literal(c))
            )],
            Change::SetTableOptions { table, from, to } => {
                let mut parts = Vec::new();
                if from.engine != to.engine {
                    parts.push(format!(
                        "ENGINE={}",
                        to.engine.as_deref().unwrap_or("InnoDB")
                    ));
                }
                let mut modify = Vec::new();
                if from.charset != to.charset || from.collation != to.collation {
                    // Columns without their own character set follow the table in the model,
                    // so the table's columns are converted too (a bare DEFAULT CHARSET would
                    // leave them behind); columns with their own are restored after.
                    match (&to.charset, &to.collation) {
                        (None, _) => parts.push("CONVERT TO CHARACTER SET DEFAULT".into()),
                        (Some(c), coll) => {
                            let mut p = format!("CONVERT TO CHARACTER SET {c}");
                            if let Some(x) = coll {
                                p.push_str(&format!(" COLLATE {x}"));
                            }
                            parts.push(p);
                        }
                    }
                    if let Some(t) = self.to.table(table) {
                        for c in t
                            .columns
                            .iter()
                            .filter(|c| c.charset.is_some() || c.collation.is_some())
                        {
                            modify.push(format!(
                                "MODIFY {}",
                                column_definition(d, self.to, table, c, None)
                            ));
                        }
                    }
                }
                if parts.is_empty() {
                    vec![]
                } else {
                    parts.extend(modify);
                    vec![self.alter(table, &parts.join(", "))]
                }
            }
            Change::RebuildTable { from, to } => self.rebuild(from, to),
            Change::CreateView { def } => {
                let kind = if def.materialized {
                    "MATERIALIZED VIEW"
                } else {
                    "VIEW"
                };
                let columns = if def.columns.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", cols(d, &def.columns))
                };
                if let Some(text) = written_view(d, def) {
                    return vec![text.to_string()];
                }
                vec![format!(
                    "CREATE {kind} {}{columns} AS {}",
                    q(&def.name),
                    def.query
                )]
            }
            Change::DropView { def } => {
                let kind = if def.materialized {
                    "MATERIALIZED VIEW"
                } else {
                    "VIEW"
                };
                vec![format!("DROP {kind} {}", q(&def.name))]
            }
            Change::CreateOpaque { def } => vec![def.definition.clone()],
            Change::DropOpaque { def } => {
                let kw = def.kind.keyword();
                match (d, def.kind) {
                    (Dialect::Postgres, OpaqueKind::Trigger) => {
                        vec![format!(
                            "DROP TRIGGER {} ON {}",
                            d.quote(&def.name),
                            q(def.table.as_deref().unwrap_or_default())
                        )]
                    }
                    (Dialect::Postgres, _) => vec![format!(
                        "DROP {kw} {}({})",
                        q(&def.name),
                        def.args.as_deref().unwrap_or_default()
                    )],
                    _ => vec![format!("DROP {kw} {}", q(&def.name))],
                }
            }
        }
    }

    fn alter_column(&self, table: &str, from: &Column, to: &Column) -> Vec<String> {
        let d = self.d;
        let col = d.quote(&to.name);
        // NULLs take the fill before the column becomes NOT NULL again (see `schema::Fill`).
        let fill = to.fill.0.as_ref().filter(|_| from.nullable && !to.nullable);
        let mut v: Vec<String> = fill
            .map(|f| {
                format!(
                    "UPDATE {} SET {} = {f} WHERE {} IS NULL",
                    qualified(d, table),
                    d.quote(&from.name),
                    d.quote(&from.name)
                )
            })
            .into_iter()
            .collect();
        if d == Dialect::Mysql {
            v.push(self.alter(
                table,
                &format!(
                    "MODIFY COLUMN {}",
                    column_definition(d, self.to, table, to, None)
                ),
            ));
            v
        } else {
            if from.generated != to.generated {
                // A generation expression cannot be altered in place.
                v.push(self.alter(table, &format!("DROP COLUMN {col}")));
                v.push(self.alter(
                    table,
                    &format!(
                        "ADD COLUMN {}",
                        column_definition(d, self.to, table, to, None)
                    ),
                ));
                return v;
            }
            if from.identity.is_some() && from.identity != to.identity {
                v.push(self.alter(table, &format!("ALTER COLUMN {col} DROP IDENTITY")));
            }
            if from.default != to.default && from.default.is_some() {
                v.push(self.alter(table, &format!("ALTER COLUMN {col} DROP DEFAULT")));
            }
            if from.ty != to.ty || from.collation != to.collation {
                let coll = to
                    .collation
                    .as_ref()
                    .map(|c| format!(" COLLATE {}", d.quote(c)))
                    .unwrap_or_default();
                v.push(self.alter(
                    table,
                    &format!(
                        "ALTER COLUMN {col} TYPE {ty}{coll} USING {col}::{ty}",
                        ty = type_sql(d, &to.ty)
                    ),
                ));
            }
            if from.nullable != to.nullable {
                let what = if to.nullable {
                    "DROP NOT NULL"
                } else {
                    "SET NOT NULL"
                };
                v.push(self.alter(table, &format!("ALTER COLUMN {col} {what}")));
            }
            if from.default != to.default {
                if let Some(def) = &to.default {
                    v.push(self.alter(table, &format!("ALTER COLUMN {col} SET DEFAULT {def}")));
                }
            }
            if to.identity.is_some() && from.identity != to.identity {
                let k = if to.identity == Some(IdentityKind::Always) {
                    "ALWAYS"
                } else {
                    "BY DEFAULT"
                };
                v.push(self.alter(
                    table,
                    &format!("ALTER COLUMN {col} ADD GENERATED {k} AS IDENTITY"),
                ));
            }
            if from.comment != to.comment {
                v.push(format!(
                    "COMMENT ON COLUMN {}.{col} IS {}",
                    qualified(d, table),
                    to.comment
                        .as_deref()
                        .map_or_else(|| "NULL".into(), |c| d.string_literal(c))
                ));
            }
            v
        }
    }

    /// SQLite's documented rebuild: create the new shape under a temporary name, copy the
    /// columns both shapes share, drop the old table, rename the new one, recreate indexes.
    fn rebuild(&self, from: &Table, to: &Table) -> Vec<String> {
        let d = self.d;
        let tmp = format!("_ebb_new_{}", to.name);
        let mut v = create_table_sql(d, self.to, to, Some(&tmp));
        let index_sql: Vec<String> = v.split_off(1);
        // The history's text where it still says `to`, under the temporary name. (SQLite's
        // rename back writes the table's own name quoted: `CREATE TABLE "t" (…)`, as after any
        // tool's rebuild; the rest of the text stays the history's.)
        if let Some(text) = written_table(d, to) {
            if let Some(under_tmp) = crate::replay::sqlite_text::under_other_name(text, &tmp) {
                v[0] = under_tmp;
            }
        }
        let shared: Vec<(&Column, &Column)> = to
            .columns
            .iter()
            .filter(|c| c.generated.is_none())
            .filter_map(|c| {
                let src = if c.id != 0 {
                    from.columns.iter().find(|x| x.id == c.id)
                } else {
                    None
                };
                src.or_else(|| from.column(d, &c.name))
                    .filter(|x| x.generated.is_none())
                    .map(|x| (c, x))
            })
            .collect();
        let filled: Vec<(&Column, String)> = to
            .columns
            .iter()
            .filter(|c| c.generated.is_none() && !c.nullable && c.default.is_none())
            .filter(|c| !shared.iter().any(|(s, _)| std::ptr::eq(*s, *c)))
            .filter_map(|c| c.fill.0.clone().map(|f| (c, f)))
            .collect();
        if !shared.is_empty() {
            let dst = shared
                .iter()
                .map(|(c, _)| c)
                .chain(filled.iter().map(|(c, _)| c))
                .map(|c| d.quote(&c.name))
                .collect::<Vec<_>>()
                .join(", ");
            // A column NOT NULL again takes the fill where it was NULL; a column the old shape
            // lacks takes it in every row (see `schema::Fill`).
            let src = shared
                .iter()
                .map(|(c, x)| match &c.fill.0 {
                    Some(f) if x.nullable && !c.nullable => {
                        format!("coalesce({}, {f})", d.quote(&x.name))
                    }
                    _ => d.quote(&x.name),
                })
                .chain(filled.iter().map(|(_, f)| f.clone()))
                .collect::<Vec<_>>()
                .join(", ");
            v.push(format!(
                "INSERT INTO {} ({dst}) SELECT {src} FROM {}",
                d.quote(&tmp),
                qualified(d, &from.name)
            ));
        }
        v.push(format!("DROP TABLE {}", qualified(d, &from.name)));
        v.push(format!(
            "ALTER TABLE {} RENAME TO {}",
            d.quote(&tmp),
            d.quote(&to.name)
        ));
        // Index statements were rendered against the temporary name; point them at the table.
        for s in index_sql {
            v.push(s.replace(
                &format!(" ON {} ", d.quote(&tmp)),
                &format!(" ON {} ", qualified(d, &to.name)),
            ));
        }
        v
    }
}

/// `bare`, quoted, in the schema of `qualified` (an index lives in its table's schema, a
/// renamed type stays in its own): `auth.sessions`, `i` → `"auth"."i"`.
fn beside(d: Dialect, qualified: &str, bare: &str) -> String {
    match qualified.rsplit_once('.') {
        Some((ns, _)) => format!("{}.{}", d.quote(ns), d.quote(bare)),
        None => d.quote(bare),
    }
}
