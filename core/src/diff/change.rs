//! The change vocabulary: one variant per schema edit the planner knows how to render.

use crate::schema::{
    CheckConstraint, Column, EnumType, ForeignKey, Index, Opaque, PrimaryKey, Sequence, Table,
    TableOptions, View,
};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// One schema change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Change {
    CreateNamespace {
        name: String,
    },
    DropNamespace {
        name: String,
    },
    CreateExtension {
        name: String,
    },
    DropExtension {
        name: String,
    },
    CreateEnum {
        def: EnumType,
    },
    DropEnum {
        def: EnumType,
    },
    RenameEnum {
        from: String,
        to: String,
    },
    AddEnumValue {
        name: String,
        value: String,
        before: Option<String>,
    },
    RenameEnumValue {
        name: String,
        from: String,
        to: String,
    },
    /// Labels removed or reordered: the type is rebuilt and its columns converted.
    RecreateEnum {
        from: EnumType,
        to: EnumType,
        columns: Vec<(String, String)>,
    },
    // Sequences, columns and indexes are boxed: inline, the largest of them decided the size
    // of every change (336 bytes), and a large revert holds thousands of changes.
    CreateSequence {
        def: Box<Sequence>,
    },
    DropSequence {
        def: Box<Sequence>,
    },
    AlterSequence {
        from: Box<Sequence>,
        to: Box<Sequence>,
    },
    /// Tables are shared with the schemas they come from (a large revert drops thousands).
    CreateTable {
        def: Arc<Table>,
    },
    DropTable {
        def: Arc<Table>,
    },
    RenameTable {
        from: String,
        to: String,
    },
    AddColumn {
        table: String,
        column: Box<Column>,
        after: Option<String>,
        first: bool,
    },
    DropColumn {
        table: String,
        column: Box<Column>,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    /// `after`/`first` place the column (MySQL only); a change of position alone is one too.
    AlterColumn {
        table: String,
        from: Box<Column>,
        to: Box<Column>,
        after: Option<String>,
        first: bool,
    },
    AddPrimaryKey {
        table: String,
        key: PrimaryKey,
    },
    DropPrimaryKey {
        table: String,
        key: PrimaryKey,
    },
    AddIndex {
        table: String,
        index: Box<Index>,
    },
    DropIndex {
        table: String,
        index: Box<Index>,
    },
    RenameIndex {
        table: String,
        from: String,
        to: String,
    },
    AddForeignKey {
        table: String,
        key: ForeignKey,
    },
    DropForeignKey {
        table: String,
        key: ForeignKey,
    },
    /// PostgreSQL `ALTER TABLE … RENAME CONSTRAINT` (checks and foreign keys).
    RenameConstraint {
        table: String,
        from: String,
        to: String,
    },
    AddCheck {
        table: String,
        check: CheckConstraint,
    },
    DropCheck {
        table: String,
        check: CheckConstraint,
    },
    SetTableComment {
        table: String,
        comment: Option<String>,
    },
    SetColumnComment {
        table: String,
        column: String,
        comment: Option<String>,
    },
    SetTableOptions {
        table: String,
        from: TableOptions,
        to: TableOptions,
    },
    /// SQLite: a change `ALTER TABLE` cannot express; the table is rebuilt (copy and swap).
    RebuildTable {
        from: Box<Table>,
        to: Box<Table>,
    },
    CreateView {
        def: View,
    },
    DropView {
        def: View,
    },
    CreateOpaque {
        def: Opaque,
    },
    DropOpaque {
        def: Opaque,
    },
}

/// One line naming the change and its object (`add column t.c`, `drop index t.i`,
/// `rename table a -> b`), for verification reports and summaries.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, table, object) = self.parts();
        let kind = kind.replace('_', " ");
        match (table, object) {
            (Some(t), Some(o)) => write!(f, "{kind} {t}.{o}"),
            (Some(t), None) => write!(f, "{kind} {t}"),
            (None, Some(o)) => write!(f, "{kind} {o}"),
            (None, None) => f.write_str(&kind),
        }
    }
}

impl Change {
    /// The change's kind (`add_index`), the table it is on, and the object's name (or its
    /// columns when unnamed, or `from -> to` for a rename).
    fn parts(&self) -> (&'static str, Option<&str>, Option<String>) {
        use Change as C;
        let named = |n: &str| Some(n.to_string());
        let renamed = |a: &str, b: &str| Some(format!("{a} -> {b}"));
        let keyed = |name: &Option<String>, columns: &[String]| {
            Some(
                name.clone()
                    .unwrap_or_else(|| format!("({})", columns.join(", "))),
            )
        };
        match self {
            C::CreateNamespace { name } => ("create_namespace", None, named(name)),
            C::DropNamespace { name } => ("drop_namespace", None, named(name)),
            C::CreateExtension { name } => ("create_extension", None, named(name)),
            C::DropExtension { name } => ("drop_extension", None, named(name)),
            C::CreateEnum { def } => ("create_enum", None, named(&def.name)),
            C::DropEnum { def } => ("drop_enum", None, named(&def.name)),
            C::RenameEnum { from, to } => ("rename_enum", None, renamed(from, to)),
            C::AddEnumValue { name, .. } => ("add_enum_value", None, named(name)),
            C::RenameEnumValue { from, to, .. } => ("rename_enum_value", None, renamed(from, to)),
            C::RecreateEnum { to, .. } => ("recreate_enum", None, named(&to.name)),
            C::CreateSequence { def } => ("create_sequence", None, named(&def.name)),
            C::DropSequence { def } => ("drop_sequence", None, named(&def.name)),
            C::AlterSequence { to, .. } => ("alter_sequence", None, named(&to.name)),
            C::CreateTable { def } => ("create_table", None, named(&def.name)),
            C::DropTable { def } => ("drop_table", None, named(&def.name)),
            C::RenameTable { from, to } => ("rename_table", None, renamed(from, to)),
            C::AddColumn { table, column, .. } => ("add_column", Some(table), named(&column.name)),
            C::DropColumn { table, column } => ("drop_column", Some(table), named(&column.name)),
            C::RenameColumn { table, from, to } => {
                ("rename_column", Some(table), renamed(from, to))
            }
            C::AlterColumn { table, to, .. } => ("alter_column", Some(table), named(&to.name)),
            C::AddPrimaryKey { table, key } => (
                "add_primary_key",
                Some(table),
                keyed(&key.name, &key.columns),
            ),
            C::DropPrimaryKey { table, key } => (
                "drop_primary_key",
                Some(table),
                keyed(&key.name, &key.columns),
            ),
            C::AddIndex { table, index } => ("add_index", Some(table), index_name(index)),
            C::DropIndex { table, index } => ("drop_index", Some(table), index_name(index)),
            C::RenameIndex { table, from, to } => ("rename_index", Some(table), renamed(from, to)),
            C::AddForeignKey { table, key: k } => {
                ("add_foreign_key", Some(table), keyed(&k.name, &k.columns))
            }
            C::DropForeignKey { table, key: k } => {
                ("drop_foreign_key", Some(table), keyed(&k.name, &k.columns))
            }
            C::RenameConstraint { table, from, to } => {
                ("rename_constraint", Some(table), renamed(from, to))
            }
            C::AddCheck { table, check } => ("add_check", Some(table), check.name.clone()),
            C::DropCheck { table, check } => ("drop_check", Some(table), check.name.clone()),
            C::SetTableComment { table, .. } => ("set_table_comment", Some(table), None),
            C::SetColumnComment { table, .. } => ("set_column_comment", Some(table), None),
            C::SetTableOptions { table, .. } => ("set_table_options", Some(table), None),
            C::RebuildTable { to, .. } => ("rebuild_table", None, named(&to.name)),
            C::CreateView { def } => ("create_view", None, named(&def.name)),
            C::DropView { def } => ("drop_view", None, named(&def.name)),
            C::CreateOpaque { def } => ("create_opaque", None, named(&def.name)),
            C::DropOpaque { def } => ("drop_opaque", None, named(&def.name)),
        }
    }
}

/// An index's name, or its parts when unnamed (SQLite's unnamed UNIQUE constraints).
fn index_name(i: &Index) -> Option<String> {
    i.name.clone().or_else(|| {
        let parts: Vec<&str> = i.parts.iter().map(|p| p.column.as_str()).collect();
        Some(format!("({})", parts.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff, Change};
    use crate::replay::replay_sql;
    use crate::Dialect;

    fn lines(d: Dialect, a: &str, b: &str) -> Vec<String> {
        let from = replay_sql(d, "a", a).unwrap();
        let to = replay_sql(d, "b", b).unwrap();
        diff(&from, &to)
            .changes
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_change_reads_as_its_kind_and_object() {
        let base = "CREATE TABLE t (a int, b int);";
        assert_eq!(
            lines(
                Dialect::Sqlite,
                base,
                "CREATE TABLE t (a int, b int, UNIQUE (a, b));"
            ),
            ["rebuild table t"]
        );
        assert_eq!(
            lines(
                Dialect::Postgres,
                base,
                "CREATE TABLE t (a int, b int, UNIQUE (a, b));"
            ),
            ["add index t.t_a_b_key"]
        );
        assert_eq!(
            lines(Dialect::Postgres, base, "CREATE TABLE u (a int, b int);"),
            ["rename table t -> u"]
        );
        assert_eq!(
            lines(Dialect::Mysql, base, "CREATE TABLE t (a int, c int);"),
            ["rename column t.b -> c"]
        );
        assert_eq!(
            lines(
                Dialect::Mysql,
                base,
                "CREATE TABLE t (a int, b int, c int);"
            ),
            ["add column t.c"]
        );
    }

    #[test]
    fn an_unnamed_key_reads_as_its_columns() {
        let sql = "CREATE TABLE t (a int, b int, UNIQUE (a, b), PRIMARY KEY (b, a));";
        let s = replay_sql(Dialect::Sqlite, "a", sql).unwrap();
        let t = &s.tables[0];
        let index = t.indexes[0].clone();
        assert_eq!(index.name, None);
        let key = t.primary_key.clone().unwrap();
        assert_eq!(key.name, None);
        let table = "t".to_string();
        let add = Change::AddIndex {
            table: table.clone(),
            index: Box::new(index),
        };
        assert_eq!(add.to_string(), "add index t.(a, b)");
        let drop = Change::DropPrimaryKey { table, key };
        assert_eq!(drop.to_string(), "drop primary key t.(b, a)");
    }
}
