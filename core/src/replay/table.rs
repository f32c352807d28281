//! Tables and columns: CREATE/ALTER/DROP TABLE, column definitions and options, renames.
//! Constraints are in `constraints.rs`, indexes in `index.rs`, generated names in `names.rs`.

use super::constraints::{add_constraint, drop_constraint, is_json_valid, rename_constraint};
use super::Ctx;
use crate::normalize::{self};
use crate::schema::{
    Column, ForeignKey, Generated, IdentityKind, IndexPart, Schema, Sequence, Table,
};
use crate::sql::expr::rename_in_expr;
use crate::{Dialect, Result};
use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, ColumnOption, Expr, TableConstraint,
};
use std::sync::Arc;

/// Build a column from its definition; constraints found inline are returned to be added
/// once the table exists.
pub(super) fn build_column(
    s: &mut Schema,
    cx: &Ctx<'_>,
    table: &str,
    def: &ast::ColumnDef,
) -> Result<(Column, Vec<TableConstraint>, Option<Sequence>)> {
    let d = s.dialect;
    let name = cx.ident(&def.name);
    let raw_type = def.data_type.to_string();
    let is = |word: &str| raw_type.eq_ignore_ascii_case(word);
    let mut col = Column {
        id: s.fresh_id(),
        name: name.clone(),
        ty: s.column_type(&raw_type),
        nullable: true,
        ..Column::default()
    };
    let mut constraints = Vec::new();
    let mut seq = None;
    let bare_table = table.rsplit('.').next().unwrap_or(table);
    if d == Dialect::Postgres
        && [
            "SERIAL",
            "BIGSERIAL",
            "SMALLSERIAL",
            "SERIAL4",
            "SERIAL8",
            "SERIAL2",
        ]
        .into_iter()
        .any(is)
    {
        // PostgreSQL creates the sequence in the table's schema: `audit.events_id_seq`.
        let prefix = &table[..table.len() - bare_table.len()];
        let seq_name = s.free_relation_name(|pass| {
            let label = if pass == 0 {
                "seq".to_string()
            } else {
                format!("seq{pass}")
            };
            format!(
                "{prefix}{}",
                normalize::pg_object_name(bare_table, Some(&name), &label)
            )
        });
        col.nullable = false;
        col.default = Some(format!(
            "nextval('{}'::regclass)",
            Dialect::pg_ident(&seq_name)
        ));
        let ty = if is("BIGSERIAL") || is("SERIAL8") {
            "bigint"
        } else if is("SMALLSERIAL") || is("SERIAL2") {
            "smallint"
        } else {
            "integer"
        };
        seq = Some(Sequence {
            owned_by: Some((table.to_string(), name.clone())),
            ..Sequence::plain(s.fresh_id(), seq_name, ty)
        });
    }
    if d == Dialect::Mysql && is("SERIAL") {
        col.nullable = false;
        col.auto_increment = true;
        constraints.push(TableConstraint::Unique(ast::UniqueConstraint {
            name: None,
            index_name: None,
            index_type_display: ast::KeyOrIndexDisplay::None,
            index_type: None,
            columns: vec![ident_col(&def.name)],
            include: vec![],
            index_options: vec![],
            characteristics: None,
            nulls_distinct: ast::NullsDistinctOption::None,
        }));
    }
    for o in &def.options {
        apply_column_option(
            cx,
            &mut col,
            &mut constraints,
            &o.option,
            o.name.as_ref(),
            &def.name,
        )?;
    }
    Ok((col, constraints, seq))
}

/// A column default as the model keeps it: canonical text; `NULL` is none unless the
/// database keeps it ([`normalize::null_default`]).
pub(super) fn default_value(d: Dialect, ty: &str, raw: &str) -> Option<String> {
    let e = normalize::expr(d, raw);
    if e == "null" {
        normalize::null_default(d, ty)
    } else {
        Some(e)
    }
}

pub(super) fn ident_col(i: &ast::Ident) -> ast::IndexColumn {
    ast::IndexColumn {
        column: ast::OrderByExpr {
            expr: Expr::Identifier(i.clone()),
            options: ast::OrderByOptions {
                sort: None,
                nulls_first: None,
            },
            with_fill: None,
        },
        operator_class: None,
    }
}

pub(super) fn apply_column_option(
    cx: &Ctx<'_>,
    col: &mut Column,
    constraints: &mut Vec<TableConstraint>,
    o: &ColumnOption,
    cname: Option<&ast::Ident>,
    ident: &ast::Ident,
) -> Result<()> {
    let d = cx.dialect;
    match o {
        ColumnOption::Null => col.nullable = true,
        ColumnOption::NotNull => col.nullable = false,
        // `DEFAULT NULL` is no default, except where PostgreSQL keeps it (see null_default).
        ColumnOption::Default(e) => {
            col.default = default_value(d, &col.ty, &e.to_string());
        }
        ColumnOption::PrimaryKey(pk) => {
            let mut pk = pk.clone();
            pk.columns = vec![ident_col(ident)];
            if pk.name.is_none() {
                pk.name = cname.cloned();
            }
            constraints.push(TableConstraint::PrimaryKey(pk));
        }
        ColumnOption::Unique(u) => {
            let mut u = u.clone();
            u.columns = vec![ident_col(ident)];
            if u.name.is_none() {
                u.name = cname.cloned();
            }
            constraints.push(TableConstraint::Unique(u));
        }
        ColumnOption::ForeignKey(fk) => {
            let mut fk = fk.clone();
            fk.columns = vec![ident.clone()];
            if fk.name.is_none() {
                fk.name = cname.cloned();
            }
            constraints.push(TableConstraint::ForeignKey(fk));
        }
        // MariaDB's JSON is `longtext` with this very CHECK (named after the column): the type
        // says it, as inspection reads it back (`inspect::mysql`).
        ColumnOption::Check(ck)
            if d == Dialect::Mysql
                && col.ty == "json"
                && is_json_valid(&ck.expr.to_string(), &col.name) => {}
        ColumnOption::Check(ck) => {
            let mut ck = ck.clone();
            if ck.name.is_none() {
                ck.name = cname.cloned();
            }
            // Column checks are named after the column (PostgreSQL `t_c_check`, MariaDB `c`).
            if ck.name.is_none() && d.names_column_checks_after_column() {
                ck.name = Some(ident.clone());
            }
            constraints.push(TableConstraint::Check(ck));
        }
        ColumnOption::Collation(c) => {
            col.collation = Some(c.to_string().trim_matches('"').to_string());
        }
        ColumnOption::CharacterSet(c) => col.charset = Some(c.to_string().to_lowercase()),
        ColumnOption::Comment(c) => col.comment = Some(c.clone()).filter(|c| !c.is_empty()),
        ColumnOption::OnUpdate(e) => col.on_update = Some(normalize::expr(d, &e.to_string())),
        ColumnOption::Generated {
            generated_as,
            generation_expr,
            generation_expr_mode,
            ..
        } => match generation_expr {
            None => {
                col.identity = Some(match generated_as {
                    ast::GeneratedAs::ByDefault => IdentityKind::ByDefault,
                    _ => IdentityKind::Always,
                });
                col.nullable = false;
            }
            Some(e) => {
                let stored = matches!(
                    generation_expr_mode,
                    Some(ast::GeneratedExpressionMode::Stored)
                ) || matches!(generated_as, ast::GeneratedAs::ExpStored);
                col.generated = Some(Generated {
                    expr: normalize::expr(d, &e.to_string()),
                    stored,
                });
            }
        },
        ColumnOption::DialectSpecific(tokens) => {
            let text = tokens
                .iter()
                .map(ToString::to_string)
                .collect::<String>()
                .to_ascii_uppercase();
            match text.as_str() {
                "AUTO_INCREMENT" | "AUTOINCREMENT" => col.auto_increment = true,
                _ => return Err(cx.unsupported(format!("column option `{text}` is not modeled"))),
            }
        }
        ColumnOption::Invisible => return Err(cx.unsupported("invisible columns are not modeled")),
        other => return Err(cx.unsupported(format!("column option `{other}` is not modeled"))),
    }
    Ok(())
}

/// `CREATE TABLE`.
pub(super) fn create_table(s: &mut Schema, cx: &Ctx<'_>, ct: &ast::CreateTable) -> Result<()> {
    let d = s.dialect;
    let name = cx.name(&ct.name);
    if ct.temporary {
        s.note_temporary(&name);
        return Ok(());
    }
    if s.table(&name).is_some() || s.view(&name).is_some() {
        if ct.if_not_exists {
            return Ok(());
        }
        return Err(cx.semantic(format!("table {name} already exists")));
    }
    if ct.query.is_some() {
        return Err(cx.unsupported("CREATE TABLE … AS SELECT: ebb cannot know the columns without running the query; write the columns out"));
    }
    let mut t = Table {
        id: s.fresh_id(),
        name: name.clone(),
        ..Table::default()
    };
    if let Some(like) = &ct.like {
        let src = match like {
            ast::CreateTableLikeKind::Parenthesized(l) | ast::CreateTableLikeKind::Plain(l) => {
                cx.name(&l.name)
            }
        };
        let from = s
            .table(&src)
            .ok_or_else(|| cx.semantic(format!("table {src} does not exist")))?
            .clone();
        for c in &from.columns {
            let id = s.fresh_id();
            t.columns.push(Column { id, ..c.clone() });
        }
    }
    let mut pending: Vec<(String, TableConstraint)> = Vec::new();
    // Exactly as many as written: a schema holds thousands of tables for as long as a plan
    // runs, and a vector grown by doubling keeps room for columns that never come (a tenth of
    // the columns' memory in the benchmark's 5,000 tables).
    t.columns.reserve_exact(ct.columns.len());
    for def in &ct.columns {
        let (col, cons, seq) = build_column(s, cx, &name, def)?;
        if t.column(d, &col.name).is_some() {
            return Err(cx.semantic(format!(
                "column {} specified more than once in table {name}",
                col.name
            )));
        }
        for c in cons {
            pending.push((col.name.clone(), c));
        }
        if let Some(q) = seq {
            s.add_sequence(q);
        }
        t.columns.push(col);
    }
    // Primary keys first (MySQL indexes refer to them), then the rest in written order.
    let mut all: Vec<(Option<String>, &TableConstraint)> =
        pending.iter().map(|(c, k)| (Some(c.clone()), k)).collect();
    all.extend(ct.constraints.iter().map(|k| (None, k)));
    all.sort_by_key(|(_, k)| !matches!(k, TableConstraint::PrimaryKey(_)));
    for (col, k) in all {
        add_constraint(s, cx, &mut t, k, col.as_deref())?;
    }
    // Table options.
    match &ct.table_options {
        ast::CreateTableOptions::None => {}
        ast::CreateTableOptions::Plain(opts)
        | ast::CreateTableOptions::With(opts)
        | ast::CreateTableOptions::Options(opts)
        | ast::CreateTableOptions::TableProperties(opts) => {
            for o in opts {
                table_option(cx, &mut t, o)?;
            }
        }
    }
    if let Some(c) = &ct.comment {
        t.comment = Some(match c {
            ast::CommentDef::WithEq(x) | ast::CommentDef::WithoutEq(x) => x.clone(),
        })
        .filter(|c| !c.is_empty());
    }
    if ct.without_rowid {
        t.options.without_rowid = true;
    }
    if !keeps_foreign_keys(cx.dialect, &t) {
        t.foreign_keys.clear();
    }
    // Keys were pushed one at a time, and a vector's first push makes room for four.
    t.indexes.shrink_to_fit();
    t.foreign_keys.shrink_to_fit();
    t.checks.shrink_to_fit();
    s.tables.push(t.into());
    s.note_table(s.tables.len() - 1);
    Ok(())
}

/// Whether a table keeps its foreign keys: everywhere but in MySQL's engines other than InnoDB
/// (the default) and NDB — MyISAM, MEMORY and the like drop them silently.
pub(super) fn keeps_foreign_keys(d: Dialect, t: &Table) -> bool {
    !d.engines_decide_foreign_keys()
        || t.options
            .engine
            .as_deref()
            .is_none_or(|e| matches!(e, "innodb" | "ndb" | "ndbcluster"))
}

pub(super) fn table_option(cx: &Ctx<'_>, t: &mut Table, o: &ast::SqlOption) -> Result<()> {
    match o {
        ast::SqlOption::KeyValue { key, value } => {
            let k = key.value.to_ascii_uppercase().replace(' ', "_");
            let v = value.to_string().trim_matches(['\'', '"', '`']).to_string();
            set_table_option(cx, t, &k, &v)
        }
        ast::SqlOption::Comment(c) => {
            t.comment = Some(match c {
                ast::CommentDef::WithEq(x) | ast::CommentDef::WithoutEq(x) => x.clone(),
            })
            .filter(|c| !c.is_empty());
            Ok(())
        }
        other => {
            let text = other.to_string();
            let mut it = text.splitn(2, ['=', ' ']);
            let k = it.next().unwrap_or_default().trim().to_ascii_uppercase();
            let v = it
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(['\'', '"', '`', '='])
                .trim()
                .to_string();
            set_table_option(cx, t, &k, &v)
        }
    }
}

/// One MySQL table option (`ENGINE`, `CHARSET`, `COLLATE`, …); shared with the narrow `ALTER
/// TABLE` handler.
pub(super) fn set_table_option(cx: &Ctx<'_>, t: &mut Table, key: &str, value: &str) -> Result<()> {
    let v = value.to_lowercase();
    match key {
        "ENGINE" => t.options.engine = if v == "innodb" { None } else { Some(v) },
        "CHARSET"
        | "DEFAULT_CHARSET"
        | "CHARACTER_SET"
        | "DEFAULT_CHARACTER_SET"
        | "CHARACTER SET" => {
            // A new default character set comes with its own default collation.
            t.options.charset = Some(v);
            t.options.collation = None;
        }
        "COLLATE" | "DEFAULT_COLLATE" => t.options.collation = Some(v),
        "COMMENT" => t.comment = Some(value.to_string()).filter(|c| !c.is_empty()),
        "AUTO_INCREMENT" | "ROW_FORMAT" | "STATS_PERSISTENT" | "KEY_BLOCK_SIZE" | "PACK_KEYS"
        | "CHECKSUM" | "AVG_ROW_LENGTH" => {}
        other => return Err(cx.unsupported(format!("table option {other} is not modeled"))),
    }
    Ok(())
}

/// `ALTER TABLE`. The table is taken out of the schema while its actions apply, so that
/// constraint handling can look at the rest of the schema.
pub(super) fn alter_table(s: &mut Schema, cx: &Ctx<'_>, at: &ast::AlterTable) -> Result<()> {
    let name = cx.name(&at.name);
    let Some(pos) = s.table_pos(&name) else {
        if at.if_exists {
            return Ok(());
        }
        return Err(cx.semantic(format!("table {name} does not exist")));
    };
    // An empty placeholder holds the slot: moving thousands of tables twice per ALTER
    // dominated replay of large histories.
    let mut t = std::mem::take(s.table_at_mut(pos));
    let mut rename_to = None;
    let res = (|| {
        for op in &at.operations {
            if let Some(new) = alter_op(s, cx, &mut t, op)? {
                rename_to = Some(new);
            }
        }
        Ok(())
    })();
    let old = t.name.clone();
    *s.table_at_mut(pos) = t;
    s.note_table(pos);
    res?;
    if let Some(new) = rename_to {
        rename_table(s, cx, &old, &new)?;
    }
    Ok(())
}

pub(super) fn position(
    cx: &Ctx<'_>,
    t: &Table,
    p: Option<&ast::MySQLColumnPosition>,
) -> Result<Option<usize>> {
    Ok(match p {
        None => None,
        Some(ast::MySQLColumnPosition::First) => Some(0),
        Some(ast::MySQLColumnPosition::After(c)) => {
            let n = cx.ident(c);
            Some(
                t.column_pos(cx.dialect, &n).ok_or_else(|| {
                    cx.semantic(format!("column {n} does not exist in table {}", t.name))
                })? + 1,
            )
        }
    })
}

pub(super) fn alter_op(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    op: &AlterTableOperation,
) -> Result<Option<String>> {
    let d = s.dialect;
    match op {
        AlterTableOperation::AddColumn {
            if_not_exists,
            column_def,
            column_position,
            ..
        } => add_column(
            s,
            cx,
            t,
            column_def,
            *if_not_exists,
            column_position.as_ref(),
        )?,
        AlterTableOperation::DropColumn {
            column_names,
            if_exists,
            drop_behavior,
            ..
        } => {
            for c in column_names {
                let cname = cx.ident(c);
                if t.column(d, &cname).is_none() {
                    if *if_exists {
                        continue;
                    }
                    return Err(
                        cx.semantic(format!("column {cname} of table {} does not exist", t.name))
                    );
                }
                let cascade = matches!(drop_behavior, Some(ast::DropBehavior::Cascade));
                drop_column(s, cx, t, &cname, cascade)?;
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => {
            let from = cx.ident(old_column_name);
            let to = cx.ident(new_column_name);
            rename_column(s, cx, t, &from, &to)?;
        }
        AlterTableOperation::RenameTable { table_name } => {
            let n = match table_name {
                ast::RenameTableNameKind::As(n) | ast::RenameTableNameKind::To(n) => cx.name(n),
            };
            return Ok(Some(n));
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            alter_column(cx, t, column_name, op)?;
        }
        AlterTableOperation::ChangeColumn {
            old_name,
            new_name,
            data_type,
            options,
            column_position,
        } => {
            let from = cx.ident(old_name);
            let to = cx.ident(new_name);
            if !d.same_name(&from, &to) {
                rename_column(s, cx, t, &from, &to)?;
            }
            redefine_column(
                s,
                cx,
                t,
                new_name,
                data_type,
                options,
                column_position.as_ref(),
            )?;
        }
        AlterTableOperation::ModifyColumn {
            col_name,
            data_type,
            options,
            column_position,
        } => {
            redefine_column(
                s,
                cx,
                t,
                col_name,
                data_type,
                options,
                column_position.as_ref(),
            )?;
        }
        AlterTableOperation::AddConstraint { constraint, .. } => {
            add_constraint(s, cx, t, constraint, None)?;
        }
        AlterTableOperation::DropConstraint { .. }
        | AlterTableOperation::DropForeignKey { .. }
        | AlterTableOperation::DropIndex { .. }
        | AlterTableOperation::DropPrimaryKey { .. }
        | AlterTableOperation::RenameConstraint { .. } => drop_or_rename_key(cx, t, op)?,
        AlterTableOperation::AutoIncrement { .. }
        | AlterTableOperation::Algorithm { .. }
        | AlterTableOperation::Lock { .. }
        | AlterTableOperation::ValidateConstraint { .. } => {}
        other => return Err(cx.unsupported(format!("ALTER TABLE action `{other}` is not modeled"))),
    }
    Ok(None)
}

/// `DROP CONSTRAINT | FOREIGN KEY | INDEX | PRIMARY KEY`, `RENAME CONSTRAINT`.
fn drop_or_rename_key(cx: &Ctx<'_>, t: &mut Table, op: &AlterTableOperation) -> Result<()> {
    let d = cx.dialect;
    match op {
        AlterTableOperation::DropConstraint {
            name, if_exists, ..
        } => {
            let n = cx.ident(name);
            if !drop_constraint(d, t, &n, None) && !if_exists {
                return Err(
                    cx.semantic(format!("constraint {n} of table {} does not exist", t.name))
                );
            }
        }
        AlterTableOperation::DropForeignKey { name, .. } => {
            let n = cx.ident(name);
            if !drop_constraint(d, t, &n, Some("fk")) {
                return Err(cx.semantic(format!(
                    "foreign key {n} of table {} does not exist",
                    t.name
                )));
            }
        }
        AlterTableOperation::DropIndex { name } => {
            let n = cx.ident(name);
            match t.index_pos(d, &n) {
                Some(i) => {
                    t.indexes.remove(i);
                }
                None => {
                    return Err(cx.semantic(format!("index {n} of table {} does not exist", t.name)))
                }
            }
        }
        AlterTableOperation::DropPrimaryKey { .. } => {
            if t.primary_key.is_none() {
                return Err(cx.semantic(format!("table {} has no primary key", t.name)));
            }
            t.primary_key = None;
        }
        AlterTableOperation::RenameConstraint { old_name, new_name } => {
            let from = cx.ident(old_name);
            let to = cx.ident(new_name);
            if !rename_constraint(d, t, &from, &to) {
                return Err(cx.semantic(format!(
                    "constraint {from} of table {} does not exist",
                    t.name
                )));
            }
        }
        _ => {}
    }
    Ok(())
}

/// `ADD COLUMN` (MariaDB: `IF NOT EXISTS`), at `position` where MySQL gives one.
fn add_column(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    column_def: &ast::ColumnDef,
    if_not_exists: bool,
    column_position: Option<&ast::MySQLColumnPosition>,
) -> Result<()> {
    let d = s.dialect;
    let cname = cx.ident(&column_def.name);
    if t.column(d, &cname).is_some() {
        if if_not_exists {
            return Ok(());
        }
        return Err(cx.semantic(format!("column {cname} of table {} already exists", t.name)));
    }
    let (col, cons, seq) = build_column(s, cx, &t.name, column_def)?;
    // One more, not twice as many: see `create_table`.
    t.columns.reserve_exact(1);
    match position(cx, t, column_position)? {
        Some(p) => t.columns.insert(p, col),
        None => t.columns.push(col),
    }
    if let Some(q) = seq {
        s.add_sequence(q);
    }
    for c in cons {
        add_constraint(s, cx, t, &c, Some(&cname))?;
    }
    Ok(())
}

/// `ALTER COLUMN … SET/DROP NOT NULL | SET/DROP DEFAULT | TYPE | ADD GENERATED`.
fn alter_column(
    cx: &Ctx<'_>,
    t: &mut Table,
    column_name: &ast::Ident,
    op: &AlterColumnOperation,
) -> Result<()> {
    let d = cx.dialect;
    let cname = cx.ident(column_name);
    let key = d.key(&cname);
    let tname = t.name.clone();
    let col = t
        .columns
        .iter_mut()
        .find(|c| d.key(&c.name) == key)
        .ok_or_else(|| cx.semantic(format!("column {cname} of table {tname} does not exist")))?;
    match op {
        AlterColumnOperation::SetNotNull => col.nullable = false,
        AlterColumnOperation::DropNotNull => {
            if t.primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.iter().any(|c| d.key(c) == key))
            {
                return Err(cx.semantic(format!("column {cname} is in the primary key of {tname}")));
            }
            col.nullable = true;
        }
        AlterColumnOperation::SetDefault { value } => {
            col.default = default_value(d, &col.ty, &value.to_string());
        }
        AlterColumnOperation::DropDefault => col.default = None,
        AlterColumnOperation::SetDataType { data_type, .. } => {
            col.ty = normalize::column_type(d, &data_type.to_string());
        }
        AlterColumnOperation::AddGenerated { generated_as, .. } => {
            col.identity = Some(match generated_as {
                Some(ast::GeneratedAs::ByDefault) => IdentityKind::ByDefault,
                _ => IdentityKind::Always,
            });
            col.nullable = false;
        }
    }
    Ok(())
}

pub(super) fn redefine_column(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    name: &ast::Ident,
    data_type: &ast::DataType,
    options: &[ColumnOption],
    pos: Option<&ast::MySQLColumnPosition>,
) -> Result<()> {
    let d = s.dialect;
    let cname = cx.ident(name);
    let idx = t
        .column_pos(d, &cname)
        .ok_or_else(|| cx.semantic(format!("column {cname} of table {} does not exist", t.name)))?;
    let def = ast::ColumnDef {
        name: name.clone(),
        data_type: data_type.clone(),
        options: options
            .iter()
            .map(|o| ast::ColumnOptionDef {
                name: None,
                option: o.clone(),
            })
            .collect(),
    };
    let (mut col, cons, _) = build_column(s, cx, &t.name, &def)?;
    let old = t.columns.remove(idx);
    col.id = old.id;
    col.name.clone_from(&old.name);
    // MODIFY/CHANGE restate the whole column, but key membership keeps it NOT NULL.
    if t.primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.iter().any(|c| d.same_name(c, &col.name)))
    {
        col.nullable = false;
    }
    let at = position(cx, t, pos)?.unwrap_or(idx);
    t.columns.insert(at.min(t.columns.len()), col);
    for c in cons {
        add_constraint(s, cx, t, &c, Some(&cname))?;
    }
    Ok(())
}

pub(super) fn rename_column(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    from: &str,
    to: &str,
) -> Result<()> {
    let d = s.dialect;
    let k = d.key(from);
    if t.column(d, to).is_some() && d.key(to) != k {
        return Err(cx.semantic(format!("column {to} of table {} already exists", t.name)));
    }
    let col = t
        .columns
        .iter_mut()
        .find(|c| d.key(&c.name) == k)
        .ok_or_else(|| cx.semantic(format!("column {from} of table {} does not exist", t.name)))?;
    col.name = to.to_string();
    let fix = |v: &mut String| {
        if d.key(v) == k {
            *v = to.to_string();
        }
    };
    if let Some(pk) = &mut t.primary_key {
        pk.columns.iter_mut().for_each(fix);
    }
    for i in &mut t.indexes {
        for p in &mut i.parts {
            if p.expr {
                p.column = rename_in_expr(d, &p.column, from, to);
            } else {
                fix(&mut p.column);
            }
        }
        if let Some(pr) = &mut i.predicate {
            *pr = rename_in_expr(d, pr, from, to);
        }
    }
    for f in &mut t.foreign_keys {
        f.columns.iter_mut().for_each(fix);
        if d.same_name(&f.ref_table, &t.name) {
            f.ref_columns.iter_mut().for_each(fix);
        }
    }
    for c in &mut t.checks {
        c.expr = rename_in_expr(d, &c.expr, from, to);
    }
    for c in &mut t.columns {
        if let Some(g) = &mut c.generated {
            g.expr = rename_in_expr(d, &g.expr, from, to);
        }
    }
    let tname = t.name.clone();
    for p in s.tables_referencing(&tname) {
        for f in &mut s.table_at_mut(p).foreign_keys {
            if d.same_name(&f.ref_table, &tname) {
                f.ref_columns.iter_mut().for_each(fix);
            }
        }
    }
    for p in s.sequences_owned_by(&tname) {
        let owned = s.sequences[p].owned_by.as_ref();
        if owned.is_some_and(|(qt, qc)| d.same_name(qt, &tname) && d.key(qc) == k) {
            if let Some((_, qc)) = &mut Arc::make_mut(&mut s.sequences[p]).owned_by {
                *qc = to.to_string();
            }
        }
    }
    super::view_refs::rename_column(s, &tname, from, to);
    Ok(())
}

pub(super) fn drop_column(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    cname: &str,
    cascade: bool,
) -> Result<()> {
    let d = s.dialect;
    let k = d.key(cname);
    let tname = t.name.clone();
    let referenced = s.tables.iter().find(|o| {
        o.foreign_keys.iter().any(|f| {
            d.same_name(&f.ref_table, &tname) && f.ref_columns.iter().any(|c| d.key(c) == k)
        })
    });
    if let Some(o) = referenced {
        if !cascade {
            return Err(cx.semantic(format!(
                "cannot drop column {cname} of {tname}: a foreign key of {} references it",
                o.name
            )));
        }
        let refers = |f: &ForeignKey| {
            d.same_name(&f.ref_table, &tname) && f.ref_columns.iter().any(|c| d.key(c) == k)
        };
        for o in &mut s.tables {
            if o.foreign_keys.iter().any(refers) {
                Arc::make_mut(o).foreign_keys.retain(|f| !refers(f));
            }
        }
    }
    t.columns.retain(|c| d.key(&c.name) != k);
    if t.primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.iter().any(|c| d.key(c) == k))
    {
        if d.drop_column_narrows_indexes() {
            if let Some(pk) = &mut t.primary_key {
                pk.columns.retain(|c| d.key(c) != k);
                if pk.columns.is_empty() {
                    t.primary_key = None;
                }
            }
        } else {
            t.primary_key = None;
        }
    }
    let mentions = |p: &IndexPart| {
        if p.expr {
            rename_in_expr(d, &p.column, cname, "\u{0}") != p.column
        } else {
            d.key(&p.column) == k
        }
    };
    if d.drop_column_narrows_indexes() {
        // MySQL removes the column from each index and drops indexes left empty.
        for i in &mut t.indexes {
            i.parts.retain(|p| !mentions(p));
        }
        t.indexes.retain(|i| !i.parts.is_empty());
    } else {
        t.indexes.retain(|i| {
            !i.parts.iter().any(mentions)
                && i.predicate
                    .as_ref()
                    .is_none_or(|p| rename_in_expr(d, p, cname, "\u{0}") == *p)
        });
    }
    t.foreign_keys
        .retain(|f| !f.columns.iter().any(|c| d.key(c) == k));
    t.checks
        .retain(|c| rename_in_expr(d, &c.expr, cname, "\u{0}") == c.expr);
    s.remove_owned_sequences(&tname, |qc| d.key(qc) == k);
    Ok(())
}

/// Rename a table and everything that refers to it by name.
pub(super) fn rename_table(s: &mut Schema, cx: &Ctx<'_>, from: &str, to: &str) -> Result<()> {
    let d = s.dialect;
    if s.table(to).is_some() && !d.same_name(to, from) {
        return Err(cx.semantic(format!("table {to} already exists")));
    }
    let pos = s
        .table_pos(from)
        .ok_or_else(|| cx.semantic(format!("table {from} does not exist")))?;
    s.table_at_mut(pos).name = to.to_string();
    s.note_table(pos);
    // The rebuild pattern: the copy takes over the identity of the table it replaces, so a
    // later diff sees one table (data kept) rather than a drop and a create.
    if let Some((id, cols)) = s.take_dropped(to) {
        let t = s.table_at_mut(pos);
        t.id = id;
        for c in &mut t.columns {
            if let Some((_, cid)) = cols.iter().find(|(k, _)| *k == d.key(&c.name)) {
                c.id = *cid;
            }
        }
    }
    for p in s.tables_referencing(from) {
        let mut changed = false;
        for f in &mut s.table_at_mut(p).foreign_keys {
            if d.same_name(&f.ref_table, from) {
                f.ref_table = to.to_string();
                changed = true;
            }
        }
        if changed {
            // Its keys now name the new name.
            s.note_table(p);
        }
    }
    for p in s.sequences_owned_by(from) {
        let owned = s.sequences[p].owned_by.as_ref();
        if owned.is_some_and(|(qt, _)| d.same_name(qt, from)) {
            if let Some((qt, _)) = &mut Arc::make_mut(&mut s.sequences[p]).owned_by {
                *qt = to.to_string();
            }
            s.note_sequence_owner(p);
        }
    }
    for o in &mut s.opaque {
        if o.table.as_deref().is_some_and(|x| d.same_name(x, from)) {
            o.table = Some(to.to_string());
        }
    }
    super::view_refs::rename_table(s, from, to);
    Ok(())
}

/// `DROP TABLE`.
pub(super) fn drop_table(
    s: &mut Schema,
    cx: &Ctx<'_>,
    name: &str,
    if_exists: bool,
    cascade: bool,
) -> Result<()> {
    let d = s.dialect;
    let Some(pos) = s.table_pos(name) else {
        if if_exists {
            return Ok(());
        }
        return Err(cx.semantic(format!("table {name} does not exist")));
    };
    let refers = |f: &ForeignKey| d.same_name(&f.ref_table, name);
    // Only the tables the lookups list as referring to it are looked at (all without them).
    let mut referencing: Vec<usize> = s
        .tables_referencing(name)
        .into_iter()
        .filter(|&p| p != pos && s.tables[p].foreign_keys.iter().any(refers))
        .collect();
    referencing.sort_unstable();
    referencing.dedup();
    if let Some(&first) = referencing.first() {
        if !cascade && d.checks_foreign_key_targets() {
            return Err(cx.semantic(format!("cannot drop table {name}: a foreign key of {} references it (use CASCADE or drop the key first)", s.tables[first].name)));
        }
    }
    if cascade {
        for &p in &referencing {
            s.table_at_mut(p).foreign_keys.retain(|f| !refers(f));
        }
    }
    let gone = s.remove_table(pos);
    s.note_dropped(&gone);
    s.remove_owned_sequences(name, |_| true);
    s.opaque
        .retain(|o| !o.table.as_deref().is_some_and(|t| d.same_name(t, name)));
    Ok(())
}
