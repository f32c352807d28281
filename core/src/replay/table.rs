//! Tables, columns, constraints and indexes: CREATE/ALTER/DROP TABLE, CREATE/DROP INDEX.
//! Unnamed constraints get the names the database would give them, so that replayed and
//! inspected schemas agree.

use super::Ctx;
use crate::normalize::{self, auto_name, AutoName};
use crate::schema::{
    CheckConstraint, Column, ForeignKey, Generated, IdentityKind, Index, IndexPart, PrimaryKey,
    RefAction, Schema, Sequence, Table,
};
use crate::sql::expr::rename_in_expr;
use crate::{Dialect, Result};
use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, ColumnOption, Expr, TableConstraint,
};

fn ref_action(d: Dialect, a: Option<ast::ReferentialAction>) -> RefAction {
    let r = match a {
        None | Some(ast::ReferentialAction::NoAction) => RefAction::NoAction,
        Some(ast::ReferentialAction::Restrict) => RefAction::Restrict,
        Some(ast::ReferentialAction::Cascade) => RefAction::Cascade,
        Some(ast::ReferentialAction::SetNull) => RefAction::SetNull,
        Some(ast::ReferentialAction::SetDefault) => RefAction::SetDefault,
    };
    // InnoDB treats NO ACTION as RESTRICT and reports it so.
    if d == Dialect::Mysql && r == RefAction::NoAction {
        RefAction::Restrict
    } else {
        r
    }
}

/// Whether a CHECK's text is `json_valid(column)` (any case, any quotes).
pub(crate) fn is_json_valid(expr: &str, column: &str) -> bool {
    let flat: String = expr
        .chars()
        .filter(|c| !matches!(c, '`' | '"' | ' '))
        .collect::<String>()
        .to_lowercase();
    flat == format!("json_valid({})", column.to_lowercase())
}

fn index_part(cx: &Ctx<'_>, c: &ast::IndexColumn) -> IndexPart {
    let desc = matches!(c.column.options.sort, Some(ast::OrderBySort::Desc));
    let opclass = c.operator_class.as_ref().map(|n| cx.name(n));
    match &c.column.expr {
        Expr::Identifier(i) => IndexPart {
            column: cx.ident(i),
            expr: false,
            desc,
            length: None,
            opclass,
        },
        // MySQL prefix index `col(10)` parses as a function call.
        Expr::Function(f)
            if cx.dialect == Dialect::Mysql
                && f.args
                    .to_string()
                    .trim_matches(['(', ')'])
                    .parse::<u64>()
                    .is_ok() =>
        {
            IndexPart {
                column: f.name.to_string().trim_matches('`').to_string(),
                expr: false,
                desc,
                length: f.args.to_string().trim_matches(['(', ')']).parse().ok(),
                opclass,
            }
        }
        e => IndexPart {
            column: normalize::expr(cx.dialect, &e.to_string()),
            expr: true,
            desc,
            length: None,
            opclass,
        },
    }
}

fn method(cx: &Ctx<'_>, it: Option<&ast::IndexType>) -> Option<String> {
    let m = it?.to_string().to_lowercase();
    // btree is every dialect's default.
    if m == "btree" || (cx.dialect == Dialect::Mysql && m == "hash") {
        None
    } else {
        Some(m)
    }
}

fn col_names(cx: &Ctx<'_>, cols: &[ast::IndexColumn]) -> Vec<String> {
    cols.iter().map(|c| index_part(cx, c).column).collect()
}

/// The name the database gives an unnamed constraint or index of `t`, free among the names it
/// must not clash with. PostgreSQL numbers the label on a clash and fits the whole into 63
/// bytes again (`…_email_key1`); elsewhere as [`free_name`].
fn free_auto_name(s: &Schema, t: &Table, columns: &[String], kind: AutoName) -> Option<String> {
    let d = s.dialect;
    if d != Dialect::Postgres {
        return auto_name(d, &t.name, columns, kind).map(|b| free_name(s, t, &b));
    }
    let (n1, n2, label) = normalize::pg_name_parts(&t.name, columns, kind);
    Some(free_among(s, t, |pass| {
        let label = if pass == 0 {
            label.to_string()
        } else {
            format!("{label}{pass}")
        };
        normalize::pg_object_name(&n1, n2.as_deref(), &label)
    }))
}

/// Next free name `base`, `base1`/`base_2`… among a table's indexes and constraints, as the
/// database would pick it.
fn free_name(s: &Schema, t: &Table, base: &str) -> String {
    let mysql = s.dialect == Dialect::Mysql;
    free_among(s, t, |n| match n {
        0 => base.to_string(),
        n if mysql => format!("{base}_{}", n + 1),
        n => format!("{base}{n}"),
    })
}

/// The first of `candidate(0)`, `candidate(1)`, … that no index or constraint of `t` has (nor,
/// on PostgreSQL, a relation or constraint of the schema).
fn free_among(s: &Schema, t: &Table, candidate: impl Fn(usize) -> String) -> String {
    let d = s.dialect;
    let taken = |n: &str| {
        let k = d.key(n);
        let in_table = t
            .indexes
            .iter()
            .any(|i| i.name.as_deref().is_some_and(|x| d.key(x) == k))
            || t.foreign_keys
                .iter()
                .any(|f| f.name.as_deref().is_some_and(|x| d.key(x) == k))
            || t.checks
                .iter()
                .any(|c| c.name.as_deref().is_some_and(|x| d.key(x) == k));
        // PostgreSQL index names share one namespace with tables across the schema, and the
        // names it picks for constraints are free among the schema's constraints.
        in_table || (d == Dialect::Postgres && (s.has_index_named(n) || s.has_constraint_named(n)))
    };
    for n in 0.. {
        let cand = candidate(n);
        if !taken(&cand) {
            return cand;
        }
    }
    unreachable!("an unbounded range always yields a free name")
}

/// InnoDB drops the index it made for a foreign key as soon as another index can serve the
/// key (its leading columns are the key's columns): MySQL documents it, MariaDB does it. The
/// index made for a key is recognised by its shape: named after the constraint (or the key's
/// first column), exactly the key's columns, not unique. Call after adding an index to `t`.
fn supersede_fk_indexes(d: Dialect, t: &mut Table) {
    if d != Dialect::Mysql {
        return;
    }
    let Some(newest) = t.indexes.last().cloned() else {
        return;
    };
    let mut gone = Vec::new();
    for fk in &t.foreign_keys {
        if !newest.serves(d, &fk.columns) {
            continue;
        }
        let names: Vec<&str> = fk
            .name
            .as_deref()
            .into_iter()
            .chain(fk.columns.first().map(String::as_str))
            .collect();
        for (i, x) in t.indexes.iter().enumerate() {
            let made_for_key = i + 1 < t.indexes.len()
                && !x.unique
                && x.method.is_none()
                && x.name
                    .as_deref()
                    .is_some_and(|n| names.iter().any(|m| d.same_name(n, m)))
                && x.parts.len() == fk.columns.len()
                && x.serves(d, &fk.columns);
            if made_for_key {
                gone.push(i);
            }
        }
    }
    gone.sort_unstable();
    gone.dedup();
    for i in gone.into_iter().rev() {
        t.indexes.remove(i);
    }
}

fn add_constraint(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    c: &TableConstraint,
    column: Option<&str>,
) -> Result<()> {
    let d = s.dialect;
    match c {
        TableConstraint::PrimaryKey(pk) => {
            if t.primary_key.is_some() {
                return Err(cx.semantic(format!("table {} has more than one primary key", t.name)));
            }
            let columns = col_names(cx, &pk.columns);
            let name = pk
                .name
                .as_ref()
                .map(|n| cx.ident(n))
                .or_else(|| free_auto_name(s, t, &columns, AutoName::PrimaryKey));
            let name = if d == Dialect::Mysql {
                Some("PRIMARY".to_string())
            } else {
                name
            };
            set_primary_key(
                cx,
                t,
                PrimaryKey {
                    name,
                    columns,
                    on_conflict: None,
                },
            )?;
        }
        TableConstraint::Unique(u) => {
            let parts: Vec<IndexPart> = u.columns.iter().map(|x| index_part(cx, x)).collect();
            let columns: Vec<String> = parts.iter().map(|p| p.column.clone()).collect();
            check_columns(cx, t, &columns)?;
            let given = u
                .name
                .as_ref()
                .or(u.index_name.as_ref())
                .map(|n| cx.ident(n));
            let name = match given {
                Some(n) => Some(n),
                None => free_auto_name(s, t, &columns, AutoName::Unique),
            };
            let id = s.fresh_id();
            t.indexes.push(Index {
                id,
                name,
                unique: true,
                constraint: d != Dialect::Mysql,
                parts,
                method: method(cx, u.index_type.as_ref()),
                predicate: None,
                on_conflict: None,
                written: crate::schema::Written::default(),
            });
            supersede_fk_indexes(d, t);
        }
        TableConstraint::Index(ix) => {
            let parts: Vec<IndexPart> = ix.columns.iter().map(|x| index_part(cx, x)).collect();
            let columns: Vec<String> = parts.iter().map(|p| p.column.clone()).collect();
            check_columns(cx, t, &columns)?;
            let name = match &ix.name {
                Some(n) => cx.ident(n),
                None => free_name(s, t, columns.first().map_or("", String::as_str)),
            };
            let id = s.fresh_id();
            t.indexes.push(Index {
                id,
                name: Some(name),
                unique: false,
                constraint: false,
                parts,
                method: method(cx, ix.index_type.as_ref()),
                predicate: None,
                on_conflict: None,
                written: crate::schema::Written::default(),
            });
            supersede_fk_indexes(d, t);
        }
        TableConstraint::FulltextOrSpatial(f) => {
            let parts: Vec<IndexPart> = f.columns.iter().map(|x| index_part(cx, x)).collect();
            let columns: Vec<String> = parts.iter().map(|p| p.column.clone()).collect();
            let name = match &f.opt_index_name {
                Some(n) => cx.ident(n),
                None => free_name(s, t, columns.first().map_or("", String::as_str)),
            };
            let m = if f.fulltext { "fulltext" } else { "spatial" };
            let id = s.fresh_id();
            t.indexes.push(Index {
                id,
                name: Some(name),
                unique: false,
                constraint: false,
                parts,
                method: Some(m.into()),
                predicate: None,
                on_conflict: None,
                written: crate::schema::Written::default(),
            });
        }
        TableConstraint::ForeignKey(fk) => {
            let columns: Vec<String> = fk.columns.iter().map(|i| cx.ident(i)).collect();
            let columns = if columns.is_empty() {
                column.map(|c| vec![c.to_string()]).unwrap_or_default()
            } else {
                columns
            };
            check_columns(cx, t, &columns)?;
            let ref_table = cx.name(&fk.foreign_table);
            let self_ref = d.same_name(&ref_table, &t.name);
            let mut ref_columns: Vec<String> =
                fk.referred_columns.iter().map(|i| cx.ident(i)).collect();
            if ref_columns.is_empty() {
                let target = if self_ref {
                    Some(&*t)
                } else {
                    s.table(&ref_table)
                };
                if let Some(pk) = target.and_then(|x| x.primary_key.as_ref()) {
                    ref_columns.clone_from(&pk.columns);
                }
            }
            if !self_ref && d != Dialect::Sqlite && s.table(&ref_table).is_none() {
                return Err(cx.semantic(format!(
                    "foreign key on {} references {ref_table}, which does not exist",
                    t.name
                )));
            }
            let name = if let Some(n) = fk.name.as_ref() {
                Some(cx.ident(n))
            } else {
                let n = t
                    .foreign_keys
                    .iter()
                    .filter_map(|f| f.name.as_deref())
                    .filter_map(|x| x.rsplit("_ibfk_").next()?.parse::<usize>().ok())
                    .max()
                    .unwrap_or(0);
                if d == Dialect::Mysql {
                    auto_name(d, &t.name, &columns, AutoName::ForeignKey(n + 1))
                } else {
                    free_auto_name(s, t, &columns, AutoName::ForeignKey(n + 1))
                }
            };
            // InnoDB needs an index whose leading columns are the key; it creates one, named
            // after the constraint, unless one exists.
            if d == Dialect::Mysql {
                let covered = t.indexes.iter().any(|i| {
                    i.parts.len() >= columns.len()
                        && i.parts
                            .iter()
                            .zip(&columns)
                            .all(|(p, c)| d.same_name(&p.column, c))
                }) || t.primary_key.as_ref().is_some_and(|pk| {
                    pk.columns.len() >= columns.len()
                        && pk
                            .columns
                            .iter()
                            .zip(&columns)
                            .all(|(p, c)| d.same_name(p, c))
                });
                if !covered {
                    // MariaDB names it after the constraint when the migration names one,
                    // else after the index name given, else after the first column.
                    let iname = fk
                        .name
                        .as_ref()
                        .or(fk.index_name.as_ref())
                        .map(|n| cx.ident(n))
                        .or_else(|| columns.first().cloned())
                        .unwrap_or_default();
                    let id = s.fresh_id();
                    t.indexes.push(Index {
                        id,
                        name: Some(iname),
                        unique: false,
                        constraint: false,
                        parts: columns
                            .iter()
                            .map(|c| IndexPart {
                                column: c.clone(),
                                expr: false,
                                desc: false,
                                length: None,
                                opclass: None,
                            })
                            .collect(),
                        method: None,
                        predicate: None,
                        on_conflict: None,
                        written: crate::schema::Written::default(),
                    });
                }
            }
            if d == Dialect::Mysql && !keeps_foreign_keys(t) {
                // MyISAM and friends parse the key and ignore it (the index stays).
                return Ok(());
            }
            let id = s.fresh_id();
            t.foreign_keys.push(ForeignKey {
                id,
                name,
                columns,
                ref_table,
                ref_columns,
                on_delete: ref_action(d, fk.on_delete),
                on_update: ref_action(d, fk.on_update),
                deferrable: deferral(d, fk.characteristics.as_ref()),
            });
        }
        TableConstraint::Check(ck) => {
            let name = if let Some(n) = &ck.name {
                Some(cx.ident(n))
            } else {
                let cols: Vec<String> = column.map_or_else(
                    || {
                        if d == Dialect::Postgres {
                            columns_in(&ck.expr, t, d)
                        } else {
                            vec![]
                        }
                    },
                    |c| vec![c.to_string()],
                );
                let n = t
                    .checks
                    .iter()
                    .filter_map(|c| {
                        c.name
                            .as_deref()?
                            .strip_prefix("CONSTRAINT_")?
                            .parse::<usize>()
                            .ok()
                    })
                    .max()
                    .unwrap_or(0);
                if d == Dialect::Postgres {
                    free_auto_name(s, t, &cols, AutoName::Check(n + 1))
                } else {
                    auto_name(d, &t.name, &cols, AutoName::Check(n + 1))
                }
            };
            let id = s.fresh_id();
            t.checks.push(CheckConstraint {
                id,
                name,
                expr: normalize::expr(d, &ck.expr.to_string()),
            });
        }
        other => return Err(cx.unsupported(format!("constraint `{other}` is not modeled"))),
    }
    Ok(())
}

/// Columns an expression mentions, in table order (PostgreSQL names a table check after them).
fn columns_in(e: &Expr, t: &Table, d: Dialect) -> Vec<String> {
    let text = e.to_string();
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(|w| d.key(w))
        .collect();
    t.columns
        .iter()
        .filter(|c| words.contains(&d.key(&c.name)))
        .take(1)
        .map(|c| c.name.clone())
        .collect()
}

fn check_columns(cx: &Ctx<'_>, t: &Table, cols: &[String]) -> Result<()> {
    for c in cols {
        if t.column(cx.dialect, c).is_none() && !c.contains('(') && !c.contains(' ') {
            return Err(cx.semantic(format!("column {c} does not exist in table {}", t.name)));
        }
    }
    Ok(())
}

fn set_primary_key(cx: &Ctx<'_>, t: &mut Table, pk: PrimaryKey) -> Result<()> {
    check_columns(cx, t, &pk.columns)?;
    // PostgreSQL and MySQL make key columns NOT NULL; SQLite famously does not.
    if cx.dialect != Dialect::Sqlite {
        for c in &pk.columns {
            let k = cx.dialect.key(c);
            if let Some(col) = t.columns.iter_mut().find(|x| cx.dialect.key(&x.name) == k) {
                col.nullable = false;
            }
        }
    }
    t.primary_key = Some(pk);
    Ok(())
}

/// Build a column from its definition; constraints found inline are returned to be added
/// once the table exists.
fn build_column(
    s: &mut Schema,
    cx: &Ctx<'_>,
    table: &str,
    def: &ast::ColumnDef,
) -> Result<(Column, Vec<TableConstraint>, Option<Sequence>)> {
    let d = s.dialect;
    let name = cx.ident(&def.name);
    let raw_type = def.data_type.to_string();
    let upper = raw_type.to_ascii_uppercase();
    let mut col = Column {
        id: s.fresh_id(),
        name: name.clone(),
        ty: normalize::column_type(d, &raw_type),
        nullable: true,
        ..Column::default()
    };
    let mut constraints = Vec::new();
    let mut seq = None;
    let bare_table = table.rsplit('.').next().unwrap_or(table);
    if d == Dialect::Postgres
        && matches!(
            upper.as_str(),
            "SERIAL" | "BIGSERIAL" | "SMALLSERIAL" | "SERIAL4" | "SERIAL8" | "SERIAL2"
        )
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
        let ty = if upper.starts_with("BIG") || upper == "SERIAL8" {
            "bigint"
        } else if upper.starts_with("SMALL") || upper == "SERIAL2" {
            "smallint"
        } else {
            "integer"
        };
        seq = Some(Sequence {
            owned_by: Some((table.to_string(), name.clone())),
            ..Sequence::plain(s.fresh_id(), seq_name, ty)
        });
    }
    if d == Dialect::Mysql && upper == "SERIAL" {
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

/// `DEFERRABLE` / `INITIALLY DEFERRED` of a foreign key (`INITIALLY DEFERRED` implies
/// `DEFERRABLE`); MySQL has no deferred constraints.
fn deferral(
    d: Dialect,
    c: Option<&ast::ConstraintCharacteristics>,
) -> Option<crate::schema::Deferral> {
    use crate::schema::Deferral;
    let c = c.filter(|_| d != Dialect::Mysql)?;
    match (c.deferrable, c.initially) {
        (Some(false), _) | (None, None | Some(ast::DeferrableInitial::Immediate)) => None,
        (_, Some(ast::DeferrableInitial::Deferred)) => Some(Deferral::Deferred),
        (Some(true), _) => Some(Deferral::Immediate),
    }
}

/// A column default as the model keeps it: canonical text; `NULL` is none unless the
/// database keeps it ([`normalize::null_default`]).
fn default_value(d: Dialect, ty: &str, raw: &str) -> Option<String> {
    let e = normalize::expr(d, raw);
    if e == "null" {
        normalize::null_default(d, ty)
    } else {
        Some(e)
    }
}

fn ident_col(i: &ast::Ident) -> ast::IndexColumn {
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

fn apply_column_option(
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
            if ck.name.is_none() && d == Dialect::Mysql {
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
            s.sequences.push(q);
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
    if cx.dialect == Dialect::Mysql && !keeps_foreign_keys(&t) {
        t.foreign_keys.clear();
    }
    s.tables.push(t);
    s.note_table(s.tables.len() - 1);
    Ok(())
}

/// Whether a MySQL table's engine enforces (and keeps) foreign keys: InnoDB (the default) does,
/// MyISAM, MEMORY and the like drop them silently.
fn keeps_foreign_keys(t: &Table) -> bool {
    t.options
        .engine
        .as_deref()
        .is_none_or(|e| matches!(e, "innodb" | "ndb" | "ndbcluster"))
}

fn table_option(cx: &Ctx<'_>, t: &mut Table, o: &ast::SqlOption) -> Result<()> {
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
    let mut t = std::mem::take(&mut s.tables[pos]);
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
    s.tables[pos] = t;
    s.note_table(pos);
    res?;
    if let Some(new) = rename_to {
        rename_table(s, cx, &old, &new)?;
    }
    Ok(())
}

fn position(
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

#[allow(clippy::too_many_lines)]
fn alter_op(
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
        } => {
            let cname = cx.ident(&column_def.name);
            if t.column(d, &cname).is_some() {
                if *if_not_exists {
                    return Ok(None);
                }
                return Err(
                    cx.semantic(format!("column {cname} of table {} already exists", t.name))
                );
            }
            let (col, cons, seq) = build_column(s, cx, &t.name, column_def)?;
            match position(cx, t, column_position.as_ref())? {
                Some(p) => t.columns.insert(p, col),
                None => t.columns.push(col),
            }
            if let Some(q) = seq {
                s.sequences.push(q);
            }
            for c in cons {
                add_constraint(s, cx, t, &c, Some(&cname))?;
            }
        }
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
            let cname = cx.ident(column_name);
            let key = d.key(&cname);
            let tname = t.name.clone();
            let col = t
                .columns
                .iter_mut()
                .find(|c| d.key(&c.name) == key)
                .ok_or_else(|| {
                    cx.semantic(format!("column {cname} of table {tname} does not exist"))
                })?;
            match op {
                AlterColumnOperation::SetNotNull => col.nullable = false,
                AlterColumnOperation::DropNotNull => {
                    if t.primary_key
                        .as_ref()
                        .is_some_and(|pk| pk.columns.iter().any(|c| d.key(c) == key))
                    {
                        return Err(
                            cx.semantic(format!("column {cname} is in the primary key of {tname}"))
                        );
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
            if t.primary_key.take().is_none() {
                return Err(cx.semantic(format!("table {} has no primary key", t.name)));
            }
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
        AlterTableOperation::AutoIncrement { .. }
        | AlterTableOperation::Algorithm { .. }
        | AlterTableOperation::Lock { .. }
        | AlterTableOperation::ValidateConstraint { .. } => {}
        other => return Err(cx.unsupported(format!("ALTER TABLE action `{other}` is not modeled"))),
    }
    Ok(None)
}

fn redefine_column(
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

/// Remove a constraint by name; `only` restricts to foreign keys.
fn drop_constraint(d: Dialect, t: &mut Table, n: &str, only: Option<&str>) -> bool {
    let k = d.key(n);
    let same = |x: Option<&str>| x.is_some_and(|x| d.key(x) == k);
    if let Some(i) = t.foreign_keys.iter().position(|f| same(f.name.as_deref())) {
        t.foreign_keys.remove(i);
        return true;
    }
    if only.is_some() {
        return false;
    }
    if t.primary_key
        .as_ref()
        .is_some_and(|pk| same(pk.name.as_deref()))
    {
        t.primary_key = None;
        return true;
    }
    if let Some(i) = t.checks.iter().position(|c| same(c.name.as_deref())) {
        t.checks.remove(i);
        return true;
    }
    if let Some(i) = t
        .indexes
        .iter()
        .position(|x| (x.constraint || d == Dialect::Mysql) && same(x.name.as_deref()))
    {
        t.indexes.remove(i);
        return true;
    }
    false
}

fn rename_constraint(d: Dialect, t: &mut Table, from: &str, to: &str) -> bool {
    let k = d.key(from);
    let same = |x: &Option<String>| x.as_deref().is_some_and(|x| d.key(x) == k);
    if let Some(f) = t.foreign_keys.iter_mut().find(|f| same(&f.name)) {
        f.name = Some(to.into());
        return true;
    }
    if let Some(pk) = t.primary_key.as_mut().filter(|pk| same(&pk.name)) {
        pk.name = Some(to.into());
        return true;
    }
    if let Some(c) = t.checks.iter_mut().find(|c| same(&c.name)) {
        c.name = Some(to.into());
        return true;
    }
    if let Some(i) = t.indexes.iter_mut().find(|i| same(&i.name)) {
        i.name = Some(to.into());
        return true;
    }
    false
}

fn rename_column(s: &mut Schema, cx: &Ctx<'_>, t: &mut Table, from: &str, to: &str) -> Result<()> {
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
    for o in &mut s.tables {
        for f in &mut o.foreign_keys {
            if d.same_name(&f.ref_table, &tname) {
                f.ref_columns.iter_mut().for_each(fix);
            }
        }
    }
    for q in &mut s.sequences {
        if let Some((qt, qc)) = &mut q.owned_by {
            if d.same_name(qt, &tname) && d.key(qc) == k {
                *qc = to.to_string();
            }
        }
    }
    super::view_refs::rename_column(s, &tname, from, to);
    Ok(())
}

fn drop_column(
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
        for o in &mut s.tables {
            o.foreign_keys.retain(|f| {
                !(d.same_name(&f.ref_table, &tname) && f.ref_columns.iter().any(|c| d.key(c) == k))
            });
        }
    }
    t.columns.retain(|c| d.key(&c.name) != k);
    if t.primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.iter().any(|c| d.key(c) == k))
    {
        if d == Dialect::Mysql {
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
    if d == Dialect::Mysql {
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
    s.sequences.retain(|q| {
        !q.owned_by
            .as_ref()
            .is_some_and(|(qt, qc)| d.same_name(qt, &tname) && d.key(qc) == k)
    });
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
    s.tables[pos].name = to.to_string();
    s.note_table(pos);
    // The rebuild pattern: the copy takes over the identity of the table it replaces, so a
    // later diff sees one table (data kept) rather than a drop and a create.
    if let Some((id, cols)) = s.take_dropped(to) {
        let t = &mut s.tables[pos];
        t.id = id;
        for c in &mut t.columns {
            if let Some((_, cid)) = cols.iter().find(|(k, _)| *k == d.key(&c.name)) {
                c.id = *cid;
            }
        }
    }
    for o in &mut s.tables {
        for f in &mut o.foreign_keys {
            if d.same_name(&f.ref_table, from) {
                f.ref_table = to.to_string();
            }
        }
    }
    for q in &mut s.sequences {
        if let Some((qt, _)) = &mut q.owned_by {
            if d.same_name(qt, from) {
                *qt = to.to_string();
            }
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
    let referencing = s.tables.iter().find(|o| {
        !d.same_name(&o.name, name)
            && o.foreign_keys
                .iter()
                .any(|f| d.same_name(&f.ref_table, name))
    });
    if let Some(o) = referencing {
        if !cascade && d != Dialect::Sqlite {
            return Err(cx.semantic(format!("cannot drop table {name}: a foreign key of {} references it (use CASCADE or drop the key first)", o.name)));
        }
    }
    if cascade {
        for o in &mut s.tables {
            o.foreign_keys.retain(|f| !d.same_name(&f.ref_table, name));
        }
    }
    let gone = s.tables.remove(pos);
    s.note_dropped(&gone);
    s.renumber_tables();
    s.sequences.retain(|q| {
        !q.owned_by
            .as_ref()
            .is_some_and(|(t, _)| d.same_name(t, name))
    });
    s.opaque
        .retain(|o| !o.table.as_deref().is_some_and(|t| d.same_name(t, name)));
    Ok(())
}

/// `CREATE INDEX`.
pub(super) fn create_index(s: &mut Schema, cx: &Ctx<'_>, ci: &ast::CreateIndex) -> Result<()> {
    let d = s.dialect;
    let tname = cx.name(&ci.table_name);
    let parts: Vec<IndexPart> = ci.columns.iter().map(|c| index_part(cx, c)).collect();
    let columns: Vec<String> = parts
        .iter()
        .map(|p| {
            if p.expr {
                "expr".to_string()
            } else {
                p.column.clone()
            }
        })
        .collect();
    let given = ci.name.as_ref().map(|n| cx.name(n));
    if let Some(n) = &given {
        let exists = match d {
            Dialect::Mysql => s.table(&tname).and_then(|t| t.index_pos(d, n)).is_some(),
            Dialect::Postgres => s.has_index_named(n),
            Dialect::Sqlite => s.tables.iter().any(|t| t.index_pos(d, n).is_some()),
        };
        if exists {
            if ci.if_not_exists {
                return Ok(());
            }
            return Err(cx.semantic(format!("index {n} already exists")));
        }
    }
    let snapshot = s
        .table(&tname)
        .cloned()
        .ok_or_else(|| cx.semantic(format!("table {tname} does not exist")))?;
    check_columns(
        cx,
        &snapshot,
        &columns
            .iter()
            .filter(|c| *c != "expr")
            .cloned()
            .collect::<Vec<_>>(),
    )?;
    let name = match given {
        Some(n) => n,
        None => match d {
            Dialect::Postgres => {
                free_auto_name(s, &snapshot, &columns, AutoName::Index).unwrap_or_default()
            }
            _ => return Err(cx.semantic("CREATE INDEX needs a name on this database")),
        },
    };
    let id = s.fresh_id();
    let idx = Index {
        id,
        name: Some(name),
        unique: ci.unique,
        constraint: false,
        parts,
        method: method(cx, ci.using.as_ref()),
        predicate: ci
            .predicate
            .as_ref()
            .map(|p| normalize::expr(d, &p.to_string())),
        on_conflict: None,
        written: crate::schema::Written::default(),
    };
    let pos = s
        .table_pos(&tname)
        .ok_or_else(|| cx.semantic(format!("table {tname} does not exist")))?;
    s.tables[pos].indexes.push(idx);
    supersede_fk_indexes(d, &mut s.tables[pos]);
    s.note_table(pos);
    Ok(())
}

/// A PostgreSQL index lives in its table's schema, and `DROP INDEX auth.i` names it so
/// (`public.` is already stripped from names): the schema and the bare name.
fn index_ref(d: Dialect, name: &str) -> (Option<&str>, &str) {
    match name.rsplit_once('.') {
        Some((ns, bare)) if d == Dialect::Postgres => (Some(ns), bare),
        _ => (None, name),
    }
}

/// Whether `table` is in schema `ns`; an unqualified index name matches in any schema, as
/// before (replay does not model `search_path`).
fn in_namespace(table: &str, ns: Option<&str>) -> bool {
    ns.is_none_or(|ns| table.rsplit_once('.').map(|(t, _)| t) == Some(ns))
}

/// `DROP INDEX`.
pub(super) fn drop_index(
    s: &mut Schema,
    cx: &Ctx<'_>,
    name: &str,
    table: Option<&str>,
    if_exists: bool,
) -> Result<()> {
    let d = s.dialect;
    let (ns, bare) = index_ref(d, name);
    for t in &mut s.tables {
        if table.is_some_and(|x| !d.same_name(x, &t.name)) || !in_namespace(&t.name, ns) {
            continue;
        }
        if let Some(i) = t.index_pos(d, bare) {
            if t.indexes[i].constraint && d == Dialect::Postgres {
                return Err(cx.semantic(format!("cannot drop index {name}: constraint {name} of table {} requires it (drop the constraint)", t.name)));
            }
            t.indexes.remove(i);
            return Ok(());
        }
    }
    if if_exists {
        Ok(())
    } else {
        Err(cx.semantic(format!("index {name} does not exist")))
    }
}

/// `ALTER INDEX … RENAME TO` / MySQL `RENAME INDEX`.
pub(super) fn rename_index(
    s: &mut Schema,
    cx: &Ctx<'_>,
    from: &str,
    to: &str,
    table: Option<&str>,
) -> Result<()> {
    let d = s.dialect;
    let to = to.rsplit('.').next().unwrap_or(to).to_string();
    let (ns, bare) = index_ref(d, from);
    for (p, t) in s.tables.iter_mut().enumerate() {
        if table.is_some_and(|x| !d.same_name(x, &t.name)) || !in_namespace(&t.name, ns) {
            continue;
        }
        if let Some(i) = t.index_pos(d, bare) {
            t.indexes[i].name = Some(to);
            s.note_table(p);
            return Ok(());
        }
    }
    Err(cx.semantic(format!("index {from} does not exist")))
}
