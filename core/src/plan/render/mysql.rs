//! MySQL's and MariaDB's SQL: `MODIFY COLUMN` with the whole definition, column placement
//! (`FIRST`, `AFTER`), `RENAME TABLE`, keys inside `CREATE TABLE`, `DROP PRIMARY KEY` /
//! `DROP FOREIGN KEY` / `DROP INDEX … ON`, and table options.

use super::{cols, column_sql, index_parts, qualified, Renderer};
use crate::diff::Change as C;
use crate::schema::{Column, Index, Table, TableOptions};
use crate::Dialect;

/// The statements of `c` on MySQL and MariaDB.
pub(super) fn statements(r: &Renderer<'_>, c: &C) -> Vec<String> {
    let d = r.d;
    let q = |n: &str| qualified(d, n);
    match c {
        C::RenameTable { from, to } => vec![format!("RENAME TABLE {} TO {}", q(from), q(to))],
        C::AddColumn {
            table,
            column,
            after,
            first,
        } => {
            let mut v = r.add_column(table, column, None);
            let s = &mut v[0];
            s.push_str(&placement(d, after.as_deref(), *first));
            // An AUTO_INCREMENT column must be a key as it is added.
            let key =
                r.to.table(table)
                    .and_then(|t| t.primary_key.as_ref())
                    .filter(|k| k.columns.iter().any(|c| d.same_name(c, &column.name)));
            if let (true, Some(k)) = (column.auto_increment, key) {
                s.push_str(&format!(", ADD PRIMARY KEY ({})", cols(d, &k.columns)));
            }
            v
        }
        C::AlterColumn {
            table,
            from,
            to,
            after,
            first,
        } => {
            let mut v = r.fill_nulls(table, from, to);
            v.push(r.alter(
                table,
                &format!(
                    "MODIFY COLUMN {}{}",
                    column_sql(r, table, to, None),
                    placement(d, after.as_deref(), *first)
                ),
            ));
            v
        }
        C::DropPrimaryKey { table, .. } => vec![r.alter(table, "DROP PRIMARY KEY")],
        C::DropIndex { table, index } => vec![format!(
            "DROP INDEX {} ON {}",
            d.quote(index.name.as_deref().unwrap_or_default()),
            q(table)
        )],
        C::RenameIndex { table, from, to } => vec![r.alter(
            table,
            &format!("RENAME INDEX {} TO {}", d.quote(from), d.quote(to)),
        )],
        C::DropForeignKey { table, key } => {
            let name = d.quote(key.name.as_deref().unwrap_or_default());
            vec![r.alter(table, &format!("DROP FOREIGN KEY {name}"))]
        }
        other => r.shared(other),
    }
}

/// ` FIRST` or ` AFTER col`: where an added or modified column goes.
fn placement(d: Dialect, after: Option<&str>, first: bool) -> String {
    match (first, after) {
        (true, _) => " FIRST".into(),
        (false, Some(a)) => format!(" AFTER {}", d.quote(a)),
        (false, None) => String::new(),
    }
}

/// `ALTER TABLE … ENGINE=…, CONVERT TO CHARACTER SET …`: MySQL's table options. Another
/// dialect meets them only through a history written in MySQL's syntax.
pub(super) fn table_options(
    r: &Renderer<'_>,
    table: &str,
    from: &TableOptions,
    to: &TableOptions,
) -> Vec<String> {
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
        if let Some(t) = r.to.table(table) {
            for c in t
                .columns
                .iter()
                .filter(|c| c.charset.is_some() || c.collation.is_some())
            {
                modify.push(format!("MODIFY {}", column_sql(r, table, c, None)));
            }
        }
    }
    if parts.is_empty() {
        vec![]
    } else {
        parts.extend(modify);
        vec![r.alter(table, &parts.join(", "))]
    }
}

/// The options after `CREATE TABLE (…)`: engine, character set, collation, comment.
pub(super) fn create_options(d: Dialect, t: &Table) -> Vec<String> {
    let mut opts = Vec::new();
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
    opts
}

/// MySQL's own clauses of a column definition: `AS (…)` for a generated column, `NULL`
/// spelled out on a nullable `timestamp` (which older servers make NOT NULL otherwise),
/// `AUTO_INCREMENT` and `COMMENT` at the end.
pub(super) fn column_clauses(def: &mut super::ColumnDef, c: &Column) {
    if let Some(g) = &c.generated {
        let kind = if g.stored { "STORED" } else { "VIRTUAL" };
        def.generated = format!(" AS ({}) {kind}", g.expr);
    }
    if def.null.is_empty() && c.nullable && c.ty == "timestamp" {
        def.null = " NULL".into();
    }
    if c.auto_increment {
        def.tail.push_str(" AUTO_INCREMENT");
    }
    if let Some(cm) = &c.comment {
        def.tail
            .push_str(&format!(" COMMENT {}", Dialect::Mysql.string_literal(cm)));
    }
}

/// `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX` (MySQL's index kinds are its methods).
pub(super) fn create_index(table: &str, i: &Index) -> String {
    let d = Dialect::Mysql;
    let kind = match i.method.as_deref() {
        Some("fulltext") => "FULLTEXT ",
        Some("spatial") => "SPATIAL ",
        _ if i.unique => "UNIQUE ",
        _ => "",
    };
    format!(
        "CREATE {kind}INDEX {} ON {} ({})",
        d.quote(i.name.as_deref().unwrap_or_default()),
        qualified(d, table),
        index_parts(d, i)
    )
}

pub(super) fn key_clause(d: Dialect, i: &Index) -> String {
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
