//! SQLite's SQL: the history's own text wherever it still describes the object (SQLite keeps
//! `CREATE` statements verbatim in `sqlite_master`), the documented table rebuild for what
//! `ALTER TABLE` cannot do, and indexes renamed by dropping and creating them.

use super::{create_index, qualified, table_sql, Renderer};
use crate::diff::Change as C;
use crate::schema::{Column, Index, Schema, Table, View};
use crate::Dialect;

/// The statements of `c` on SQLite.
pub(super) fn statements(r: &Renderer<'_>, c: &C) -> Vec<String> {
    let d = r.d;
    match c {
        C::AddColumn { table, column, .. } => {
            r.add_column(table, column, written_column(d, r.to, table, column))
        }
        C::RenameColumn { table, from, to } => {
            let new = renamed_to(d, r.to, table, to);
            vec![r.alter(table, &format!("RENAME COLUMN {} TO {new}", d.quote(from)))]
        }
        C::AddIndex { table, index } => {
            let written = r.to.table(table).and_then(|t| written_index(r, t, index));
            vec![written.map_or_else(|| create_index(d, table, index), str::to_string)]
        }
        C::RenameIndex { table, from, to } => {
            let t = r.to.table(table);
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
        C::CreateView { def } => match written_view(d, def) {
            Some(text) => vec![text.to_string()],
            None => r.shared(c),
        },
        other => r.shared(other),
    }
}

/// The options after `CREATE TABLE (…)`: `WITHOUT ROWID`, `STRICT`.
/// SQLite's own clause of a column definition: `AUTOINCREMENT` after an inline primary key.
pub(super) fn column_clauses(def: &mut super::ColumnDef, c: &Column) {
    if c.auto_increment && !def.primary_key.is_empty() {
        def.primary_key.push_str(" AUTOINCREMENT");
    }
}

pub(super) fn create_options(t: &Table) -> Vec<String> {
    let mut opts = Vec::new();
    if t.options.without_rowid {
        opts.push("WITHOUT ROWID".to_string());
    }
    if t.options.strict {
        opts.push("STRICT".to_string());
    }
    opts
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
pub(super) fn written_table(d: Dialect, t: &Table) -> Option<&str> {
    let text = t
        .written
        .0
        .as_deref()
        .filter(|_| d.keeps_statement_text())?;
    let s = crate::replay::replay_sql(d, "sqlite_master", text).ok()?;
    let got = s.tables.first()?;
    (as_written(got) == as_written(t)).then_some(text)
}

/// SQLite: the history's text of index `i` on table `t`, where replaying it gives `i` again.
pub(super) fn written_index<'a>(r: &Renderer<'_>, t: &Table, i: &'a Index) -> Option<&'a str> {
    let d = r.d;
    let text = i
        .written
        .0
        .as_deref()
        .filter(|_| d.keeps_statement_text())?;
    let bare = Table {
        indexes: Vec::new(),
        foreign_keys: Vec::new(),
        ..t.clone()
    };
    let table = table_sql(r, &bare, None).swap_remove(0);
    let got = crate::replay::replay_sql(d, "sqlite_master", &format!("{table};\n{text}")).ok()?;
    let mut g = got.tables.first()?.indexes.last()?.clone();
    g.id = i.id;
    (g == *i).then_some(text)
}

/// SQLite: the history's text of view `v`, where replaying it gives `v` again.
pub(super) fn written_view(d: Dialect, v: &View) -> Option<&str> {
    let text = v
        .written
        .0
        .as_deref()
        .filter(|_| d.keeps_statement_text())?;
    let got = crate::replay::replay_sql(d, "sqlite_master", text).ok()?;
    let mut g = got.views.first()?.clone();
    g.id = v.id;
    (g == *v).then_some(text)
}

/// SQLite: column `c` of `table` as the history wrote it in the table's text, where that
/// definition gives `c` again and carries no constraint of the table's.
pub(super) fn written_column(d: Dialect, s: &Schema, table: &str, c: &Column) -> Option<String> {
    let text = s
        .table(table)?
        .written
        .0
        .as_deref()
        .filter(|_| d.keeps_statement_text())?;
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
pub(super) fn renamed_to(d: Dialect, s: &Schema, table: &str, column: &str) -> String {
    let bare = d
        .keeps_statement_text()
        .then(|| s.table(table)?.written.0.as_deref())
        .flatten()
        .and_then(|text| crate::replay::sqlite_text::spelled_name(text, column))
        .filter(|n| n == column);
    bare.unwrap_or_else(|| d.quote(column))
}

/// SQLite's documented rebuild: create the new shape under a temporary name, copy the
/// columns both shapes share, drop the old table, rename the new one, recreate indexes.
pub(super) fn rebuild(r: &Renderer<'_>, from: &Table, to: &Table) -> Vec<String> {
    let d = r.d;
    let tmp = format!("_ebb_new_{}", to.name);
    let mut v = table_sql(r, to, Some(&tmp));
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
