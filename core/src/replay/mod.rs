//! Replay: apply the statements of migration files to an in-memory [`Schema`].
//!
//! Every split statement ends in exactly one [`Outcome`]: it changed the schema, it is data
//! or a session setting (reported as a warning where it matters), or it was skipped by a
//! directive. Nothing is dropped silently; a statement ebb cannot model is an error that names
//! the file, line and column and the directive that marks it. Statements sqlparser 0.63 cannot
//! parse but real migrations use are handled narrowly in [`gaps`] and listed in
//! `core/README.md`.

pub(crate) mod constraints;
mod gaps;
mod index;
mod names;
pub mod sqlite_text;
pub(crate) mod table;
mod view_refs;

use crate::normalize;
use crate::schema::{EnumType, Opaque, OpaqueKind, Schema, View};
use crate::sql::split::{split, SplitStatement};
use crate::{Dialect, Error, Result};
use serde::Serialize;
use sqlparser::ast::{self, ObjectName, ObjectType, Statement};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{TokenWithSpan, Tokenizer};

/// What replaying one statement did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Changed the schema (or was a no-op `IF [NOT] EXISTS` form).
    Schema,
    /// Changed data only (INSERT/UPDATE/DELETE…): not reverted by a down plan.
    Data,
    /// Session or transaction control (`SET`, `BEGIN`, `PRAGMA`): no schema effect.
    Session,
    /// Not modeled, by directive or by nature (`-- ebb:skip`, `DO` blocks, grants).
    NotModeled,
}

/// A warning attached to a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable code (`EW001`…).
    pub code: &'static str,
    /// File.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What the user should know.
    pub message: String,
}

/// Result of replaying one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementReport {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Outcome.
    pub outcome: Outcome,
}

/// Result of replaying one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct FileReport {
    /// One entry per split statement, in order.
    pub statements: Vec<StatementReport>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// `-- ebb:txmode none`.
    pub no_transaction: bool,
}

/// Where a statement is, for diagnostics.
#[derive(Debug, Clone)]
pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub line: usize,
    pub col: usize,
    pub text: &'a str,
    pub dialect: Dialect,
}

impl Ctx<'_> {
    pub(crate) fn semantic(&self, message: impl Into<String>) -> Error {
        Error::Semantic {
            file: self.file.into(),
            line: self.line,
            col: self.col,
            message: message.into(),
        }
    }
    pub(crate) fn unsupported(&self, reason: impl Into<String>) -> Error {
        let first = self.text.lines().next().unwrap_or_default();
        let statement = if first.chars().count() > 80 || self.text.contains('\n') {
            format!(
                "{} …",
                first.chars().take(80).collect::<String>().trim_end()
            )
        } else {
            first.to_string()
        };
        Error::Unsupported {
            file: self.file.into(),
            line: self.line,
            col: self.col,
            statement,
            reason: reason.into(),
        }
    }
    fn warning(&self, code: &'static str, message: impl Into<String>) -> Warning {
        Warning {
            code,
            file: self.file.into(),
            line: self.line,
            col: self.col,
            message: message.into(),
        }
    }
    /// Name of an object as the database stores it; the default namespace is dropped.
    pub(crate) fn name(&self, n: &ObjectName) -> String {
        let parts: Vec<String> =
            n.0.iter()
                .map(|p| match p {
                    ast::ObjectNamePart::Identifier(i) => self.dialect.ident_value(i),
                    other @ ast::ObjectNamePart::Function(_) => other.to_string(),
                })
                .collect();
        match (parts.as_slice(), self.dialect.default_namespace()) {
            ([ns, rest @ ..], Some(def)) if !rest.is_empty() && ns == def => rest.join("."),
            _ => parts.join("."),
        }
    }
    pub(crate) fn ident(&self, i: &ast::Ident) -> String {
        self.dialect.ident_value(i)
    }
}

/// Replay a whole file onto `schema`.
///
/// # Errors
/// Syntax errors (file:line:col), unsupported statements, and statements that do not fit the
/// schema (unknown table, duplicate column). On error `schema` may hold the statements before.
pub fn replay_file(schema: &mut Schema, file: &str, src: &str) -> Result<FileReport> {
    let mut session = Session::new(std::mem::take(schema));
    let r = session.file(file, src);
    *schema = session.into_schema();
    r
}

/// Replay SQL text that is not a migration file (a schema file, an inspected definition).
///
/// # Errors
/// As [`replay_file`].
pub fn replay_sql(dialect: Dialect, name: &str, src: &str) -> Result<Schema> {
    let mut s = Session::new(Schema::new(dialect));
    s.file(name, src)?;
    Ok(s.into_schema())
}

/// A schema being replayed statement after statement, file after file: what replaying a whole
/// directory should use. It keeps hash lookups of table and index names in step with the
/// schema, so each statement costs what it touches rather than the size of the schema
/// ([`replay_file`] on a bare schema scans it per statement). The schema is handed out
/// read-only until [`Session::into_schema`].
#[derive(Debug)]
pub struct Session {
    schema: Schema,
    /// The tokenizer's buffer, kept from one statement to the next: a directory's statements
    /// then grow one buffer instead of each growing its own.
    tokens: Vec<TokenWithSpan>,
}

impl Session {
    /// Start replaying onto `schema`.
    #[must_use]
    pub fn new(mut schema: Schema) -> Self {
        schema.build_names();
        Session {
            schema,
            tokens: Vec::new(),
        }
    }

    /// The schema so far.
    #[must_use]
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// End the session.
    #[must_use]
    pub fn into_schema(mut self) -> Schema {
        self.schema.drop_names();
        self.schema
    }

    /// A new file starts (for callers that feed statements one by one): what lived only for
    /// the previous file's session (temporary tables, the tables it dropped for a rebuild) is
    /// forgotten.
    pub fn next_file(&mut self) {
        self.schema.forget_dropped();
    }

    /// Statements that end what the file being replayed left for its session only (the
    /// temporary tables it did not drop), so that the next file run on the same connection
    /// starts as replay starts every file.
    #[must_use]
    pub fn session_end(&self) -> Vec<String> {
        let d = self.schema.dialect;
        self.schema
            .temporaries()
            .iter()
            .map(|t| d.drop_temporary_table(t))
            .collect()
    }

    /// As [`replay_file`].
    ///
    /// # Errors
    /// As [`replay_file`].
    pub fn file(&mut self, file: &str, src: &str) -> Result<FileReport> {
        let parts = split(file, src, self.schema.dialect)?;
        self.next_file();
        let mut report = FileReport {
            no_transaction: parts.directives.no_transaction,
            ..FileReport::default()
        };
        for st in &parts.statements {
            let (outcome, warning) = self.statement(file, st)?;
            report.statements.push(StatementReport {
                line: st.line,
                col: st.col,
                outcome,
            });
            report.warnings.extend(warning);
        }
        Ok(report)
    }

    /// As [`replay_statement`].
    ///
    /// # Errors
    /// As [`replay_file`].
    ///
    /// # Panics
    /// In debug builds, when replay added a name without recording it (a bug in ebb).
    pub fn statement(
        &mut self,
        file: &str,
        st: &SplitStatement,
    ) -> Result<(Outcome, Option<Warning>)> {
        let r = replay_with(&mut self.schema, &mut self.tokens, file, st);
        // Every scenario and property test replays through here: a name that replay adds
        // without recording it would make later lookups miss.
        #[cfg(debug_assertions)]
        if self.schema.tables.len() <= 200 {
            if let Err(e) = self.schema.names_hold_everything() {
                panic!("name lookups out of step after {file}:{}: {e}", st.line);
            }
        }
        r
    }
}

/// Replay one split statement.
///
/// # Errors
/// As [`replay_file`].
pub fn replay_statement(
    schema: &mut Schema,
    file: &str,
    st: &SplitStatement,
) -> Result<(Outcome, Option<Warning>)> {
    replay_with(schema, &mut Vec::new(), file, st)
}

/// Parse one statement's text with sqlparser, tokenizing into `buf` (left holding the tokens,
/// for the next statement to reuse).
fn parse_one(
    d: Dialect,
    buf: &mut Vec<TokenWithSpan>,
    text: &str,
) -> std::result::Result<Vec<Statement>, ParserError> {
    let dialect = d.parser();
    let mut tokens = std::mem::take(buf);
    tokens.clear();
    Tokenizer::new(dialect.as_ref(), text).tokenize_with_location_into_buf(&mut tokens)?;
    let mut parser = Parser::new(dialect.as_ref()).with_tokens_with_locations(tokens);
    let statements = parser.parse_statements();
    *buf = parser.into_tokens();
    statements
}

fn replay_with(
    schema: &mut Schema,
    buf: &mut Vec<TokenWithSpan>,
    file: &str,
    st: &SplitStatement,
) -> Result<(Outcome, Option<Warning>)> {
    let cx = Ctx {
        file,
        line: st.line,
        col: st.col,
        text: &st.text,
        dialect: schema.dialect,
    };
    if st.skip {
        return Ok((Outcome::NotModeled, Some(cx.warning("EW002", "statement marked `-- ebb:skip`: executed but not modeled; a down plan will not undo it"))));
    }
    let (text, flags) = match gaps::handle(schema, &cx)? {
        gaps::Handled::Done(outcome, warning) => return Ok((outcome, warning)),
        gaps::Handled::Rewritten(t, flags) => (std::borrow::Cow::Owned(t), flags),
        gaps::Handled::Parse => (std::borrow::Cow::Borrowed(st.text.as_str()), None),
    };
    let statements =
        parse_one(schema.dialect, buf, &text).map_err(|e| parse_error(&cx, &e.to_string()))?;
    // The splitter and the parser must agree: a statement the parser merges into another (as
    // it does after MySQL `FOR EACH ROW SET …;`) would otherwise be lost without a trace.
    if statements.len() != 1 {
        return Err(cx.unsupported(format!(
            "ebb split this as one statement but the parser read {} statements; separate them or set a delimiter with `-- ebb:delimiter`",
            statements.len()
        )));
    }
    let before = schema.tables.len();
    let sqlite = schema.dialect.keeps_statement_text();
    let existed = sqlite && sqlite_text::exists_before(schema, &cx, &statements[0]);
    let r = apply(schema, &cx, &statements[0])?;
    if sqlite && r.0 == Outcome::Schema {
        sqlite_text::follow(schema, &cx, &statements[0], existed);
    }
    if let Some(f) = flags {
        if schema.tables.len() > before {
            if let Some(t) = schema.tables.last_mut().map(std::sync::Arc::make_mut) {
                f.apply(t);
            }
        }
    }
    Ok(r)
}

/// Statements on a temporary table of the file being replayed (`CREATE TEMP TABLE m AS …`
/// for a backfill, an index on it, rows put in it, its drop): the table lives for the session that runs the
/// file only, so they leave the schema as it is.
fn on_temporary_table(s: &mut Schema, cx: &Ctx<'_>, stmt: &Statement) -> bool {
    match stmt {
        Statement::CreateIndex(ci) => s.is_temporary(&cx.name(&ci.table_name), false),
        Statement::AlterTable(at) => s.is_temporary(&cx.name(&at.name), false),
        Statement::Drop {
            object_type: ast::ObjectType::Table,
            names,
            ..
        } => {
            let temp: Vec<bool> = names
                .iter()
                .map(|n| s.is_temporary(&cx.name(n), false))
                .collect();
            if !temp.is_empty() && temp.iter().all(|t| *t) {
                for n in names {
                    s.is_temporary(&cx.name(n), true);
                }
                return true;
            }
            false
        }
        // Filling the temporary table changes no data of the schema's tables.
        Statement::Insert(ins) => match &ins.table {
            ast::TableObject::TableName(n) => s.is_temporary(&cx.name(n), false),
            _ => false,
        },
        _ => false,
    }
}

/// Turn sqlparser's message (location only inside the text) into a positioned error.
fn parse_error(cx: &Ctx<'_>, msg: &str) -> Error {
    let mut line = cx.line;
    let mut col = cx.col;
    let mut message = msg.to_string();
    if let Some(at) = msg.rfind(" at Line: ") {
        let loc = &msg[at + " at Line: ".len()..];
        let mut it = loc.split(", Column: ");
        let l: Option<usize> = it.next().and_then(|x| x.trim().parse().ok());
        let c: Option<usize> = it.next().and_then(|x| x.trim().parse().ok());
        if let (Some(l), Some(c)) = (l, c) {
            line = cx.line + l - 1;
            col = if l == 1 { cx.col + c - 1 } else { c };
            message = msg[..at].to_string();
        }
    }
    let message = message.trim_start_matches("sql parser error: ").to_string();
    Error::Parse {
        file: cx.file.into(),
        line,
        col,
        message,
    }
}

fn apply(s: &mut Schema, cx: &Ctx<'_>, stmt: &Statement) -> Result<(Outcome, Option<Warning>)> {
    let data = |what: &str| {
        Ok((
            Outcome::Data,
            Some(cx.warning(
                "EW001",
                format!("{what}: data changes are not reverted by a down plan"),
            )),
        ))
    };
    if on_temporary_table(s, cx, stmt) {
        return Ok((Outcome::Session, None));
    }
    match stmt {
        Statement::CreateTable(ct) => table::create_table(s, cx, ct)?,
        Statement::AlterTable(at) => table::alter_table(s, cx, at)?,
        Statement::CreateIndex(ci) => index::create_index(s, cx, ci)?,
        Statement::RenameTable(list) => {
            for r in list {
                table::rename_table(s, cx, &cx.name(&r.old_name), &cx.name(&r.new_name))?;
            }
        }
        Statement::AlterIndex { name, operation } => {
            let ast::AlterIndexOperation::RenameIndex { index_name } = operation;
            index::rename_index(s, cx, &cx.name(name), &cx.name(index_name), None)?;
        }
        Statement::Drop {
            object_type,
            if_exists,
            names,
            cascade,
            table,
            ..
        } => {
            drop_objects(
                s,
                cx,
                *object_type,
                *if_exists,
                names,
                *cascade,
                table.as_ref(),
            )?;
        }
        Statement::CreateView(v) => create_view(s, cx, v)?,
        Statement::CreateType {
            name,
            representation,
        } => create_type(s, cx, name, representation.as_ref())?,
        Statement::AlterType(at) => alter_type(s, cx, at)?,
        Statement::CreateSchema { .. }
        | Statement::CreateExtension(_)
        | Statement::DropExtension(_) => schemas_and_extensions(s, cx, stmt)?,
        Statement::Comment {
            object_type,
            object_name,
            comment,
            ..
        } => comment_on(s, cx, *object_type, object_name, comment.clone())?,
        Statement::Insert(_) => return data("INSERT"),
        Statement::Update(_) => return data("UPDATE"),
        Statement::Delete(_) => return data("DELETE"),
        Statement::Merge(_) => return data("MERGE"),
        Statement::Truncate(_) => return data("TRUNCATE"),
        Statement::Copy { .. } | Statement::LoadData { .. } => return data("COPY"),
        Statement::Query(_) => return data("SELECT (it may call functions that change data)"),
        Statement::Set(_)
        | Statement::StartTransaction { .. }
        | Statement::Commit { .. }
        | Statement::Rollback { .. }
        | Statement::Savepoint { .. }
        | Statement::ReleaseSavepoint { .. }
        | Statement::Pragma { .. }
        | Statement::Analyze(_)
        | Statement::Vacuum(_)
        | Statement::Lock(_)
        | Statement::LockTables { .. }
        | Statement::UnlockTables
        | Statement::Use(_) => return Ok((Outcome::Session, None)),
        Statement::Grant(_)
        | Statement::Revoke(_)
        | Statement::CreateRole(_)
        | Statement::CreateUser(_) => {
            return Ok((
                Outcome::NotModeled,
                Some(cx.warning(
                    "EW004",
                    "privileges and roles are not tracked; a down plan does not revoke them",
                )),
            ))
        }
        other => {
            let kind = format!("{other}");
            let word: String = kind
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            return Err(cx.unsupported(format!("ebb does not model `{word}` statements")));
        }
    }
    Ok((Outcome::Schema, None))
}

/// `CREATE TYPE … AS ENUM`: the only kind of type ebb models.
fn create_type(
    s: &mut Schema,
    cx: &Ctx<'_>,
    name: &ObjectName,
    representation: Option<&ast::UserDefinedTypeRepresentation>,
) -> Result<()> {
    match representation {
        Some(ast::UserDefinedTypeRepresentation::Enum { labels }) => {
            let name = cx.name(name);
            if s.enum_type(&name).is_some() {
                return Err(cx.semantic(format!("type {name} already exists")));
            }
            let id = s.fresh_id();
            s.enums.push(EnumType {
                id,
                name,
                values: labels.iter().map(|l| l.value.clone()).collect(),
            });
        }
        _ => return Err(cx.unsupported("only enum types are modeled")),
    }
    Ok(())
}

/// `CREATE SCHEMA`, `CREATE EXTENSION`, `DROP EXTENSION`.
fn schemas_and_extensions(s: &mut Schema, cx: &Ctx<'_>, stmt: &Statement) -> Result<()> {
    match stmt {
        Statement::CreateSchema {
            schema_name,
            if_not_exists,
            ..
        } => {
            let name = match schema_name {
                ast::SchemaName::Simple(n) | ast::SchemaName::NamedAuthorization(n, _) => {
                    cx.name(n)
                }
                ast::SchemaName::UnnamedAuthorization(i) => cx.ident(i),
            };
            if s.namespaces.contains(&name) {
                if !if_not_exists {
                    return Err(cx.semantic(format!("schema {name} already exists")));
                }
            } else {
                s.namespaces.push(name);
            }
        }
        Statement::CreateExtension(e) => {
            let name = cx.ident(&e.name);
            if s.extensions.contains(&name) {
                if !e.if_not_exists {
                    return Err(cx.semantic(format!("extension {name} already exists")));
                }
            } else {
                s.extensions.push(name);
            }
        }
        Statement::DropExtension(e) => {
            for n in &e.names {
                let name = cx.ident(n);
                match s.extensions.iter().position(|x| *x == name) {
                    Some(i) => {
                        s.extensions.remove(i);
                    }
                    None if e.if_exists => {}
                    None => return Err(cx.semantic(format!("extension {name} does not exist"))),
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn drop_objects(
    s: &mut Schema,
    cx: &Ctx<'_>,
    object_type: ObjectType,
    if_exists: bool,
    names: &[ObjectName],
    cascade: bool,
    on_table: Option<&ObjectName>,
) -> Result<()> {
    for n in names {
        let name = cx.name(n);
        match object_type {
            ObjectType::Table => table::drop_table(s, cx, &name, if_exists, cascade)?,
            ObjectType::View | ObjectType::MaterializedView => {
                let key = s.dialect.key(&name);
                let d = s.dialect;
                match s.views.iter().position(|v| d.key(&v.name) == key) {
                    Some(i) => {
                        s.views.remove(i);
                    }
                    None if if_exists => {}
                    None => return Err(cx.semantic(format!("view {name} does not exist"))),
                }
            }
            ObjectType::Index => {
                let table = on_table.map(|t| cx.name(t));
                index::drop_index(s, cx, &name, table.as_deref(), if_exists)?;
            }
            ObjectType::Sequence => match s.sequence(&name) {
                Some(_) => s.retain_sequences(|q| q.name != name),
                None if if_exists => {}
                None => return Err(cx.semantic(format!("sequence {name} does not exist"))),
            },
            ObjectType::Type => match s.enums.iter().position(|e| e.name == name) {
                Some(i) => {
                    let used = s.tables.iter().find_map(|t| {
                        t.columns
                            .iter()
                            .find(|c| c.ty.trim_end_matches("[]") == name)
                            .map(|c| format!("{}.{}", t.name, c.name))
                    });
                    if let (Some(col), false) = (used, cascade) {
                        return Err(
                            cx.semantic(format!("cannot drop type {name}: column {col} uses it"))
                        );
                    }
                    s.enums.remove(i);
                }
                None if if_exists => {}
                None => return Err(cx.semantic(format!("type {name} does not exist"))),
            },
            ObjectType::Schema => match s.namespaces.iter().position(|x| *x == name) {
                Some(i) => {
                    s.namespaces.remove(i);
                    let prefix = format!("{name}.");
                    if cascade {
                        s.tables.retain(|t| !t.name.starts_with(&prefix));
                        s.renumber_tables();
                        s.views.retain(|t| !t.name.starts_with(&prefix));
                    }
                }
                None if if_exists => {}
                None => return Err(cx.semantic(format!("schema {name} does not exist"))),
            },
            other => return Err(cx.unsupported(format!("ebb does not model DROP {other}"))),
        }
    }
    Ok(())
}

fn create_view(s: &mut Schema, cx: &Ctx<'_>, v: &ast::CreateView) -> Result<()> {
    let name = cx.name(&v.name);
    let view = View {
        id: 0,
        name: name.clone(),
        columns: v.columns.iter().map(|c| cx.ident(&c.name)).collect(),
        query: normalize::canonical_text(&v.query.to_string()),
        materialized: v.materialized,
        written: crate::schema::Written(
            (s.dialect.keeps_statement_text())
                .then(|| sqlite_text::stored_create(cx.text))
                .flatten(),
        ),
    };
    let d = s.dialect;
    if let Some(existing) = s.views.iter_mut().find(|x| d.same_name(&x.name, &name)) {
        if v.or_replace {
            let id = existing.id;
            *existing = View { id, ..view };
            return Ok(());
        }
        if v.if_not_exists {
            return Ok(());
        }
        return Err(cx.semantic(format!("view {name} already exists")));
    }
    if s.table(&name).is_some() {
        return Err(cx.semantic(format!("cannot create view {name}: a table has that name")));
    }
    let id = s.fresh_id();
    s.views.push(View { id, ..view });
    Ok(())
}

fn alter_type(s: &mut Schema, cx: &Ctx<'_>, at: &ast::AlterType) -> Result<()> {
    let name = cx.name(&at.name);
    let Some(pos) = s.enums.iter().position(|e| e.name == name) else {
        return Err(cx.semantic(format!("type {name} does not exist")));
    };
    match &at.operation {
        ast::AlterTypeOperation::Rename(r) => {
            // The type stays in its schema: `ALTER TYPE auth.s RENAME TO t` makes `auth.t`.
            let bare = name.rsplit('.').next().unwrap_or(&name);
            let new = format!(
                "{}{}",
                &name[..name.len() - bare.len()],
                cx.ident(&r.new_name)
            );
            let array = format!("{name}[]");
            for t in &mut s.tables {
                if !t.columns.iter().any(|c| c.ty == name || c.ty == array) {
                    continue;
                }
                for c in &mut std::sync::Arc::make_mut(t).columns {
                    if c.ty == name {
                        c.ty.clone_from(&new);
                    } else if c.ty == array {
                        c.ty = format!("{new}[]");
                    }
                }
            }
            s.enums[pos].name = new;
        }
        ast::AlterTypeOperation::AddValue(a) => {
            let e = &mut s.enums[pos];
            let v = a.value.value.clone();
            if e.values.contains(&v) {
                if a.if_not_exists {
                    return Ok(());
                }
                return Err(cx.semantic(format!("enum label {v} already exists in type {name}")));
            }
            let at_index = match &a.position {
                None => e.values.len(),
                Some(ast::AlterTypeAddValuePosition::Before(b)) => {
                    e.values.iter().position(|x| *x == b.value).ok_or_else(|| {
                        cx.semantic(format!("{} is not a label of {name}", b.value))
                    })?
                }
                Some(ast::AlterTypeAddValuePosition::After(b)) => {
                    e.values.iter().position(|x| *x == b.value).ok_or_else(|| {
                        cx.semantic(format!("{} is not a label of {name}", b.value))
                    })? + 1
                }
            };
            e.values.insert(at_index, v);
        }
        ast::AlterTypeOperation::RenameValue(r) => {
            let e = &mut s.enums[pos];
            let Some(i) = e.values.iter().position(|x| *x == r.from.value) else {
                return Err(cx.semantic(format!("{} is not a label of {name}", r.from.value)));
            };
            e.values[i].clone_from(&r.to.value);
        }
    }
    Ok(())
}

fn comment_on(
    s: &mut Schema,
    cx: &Ctx<'_>,
    kind: ast::CommentObject,
    name: &ObjectName,
    comment: Option<String>,
) -> Result<()> {
    let d = s.dialect;
    match kind {
        ast::CommentObject::Table => {
            let n = cx.name(name);
            let t = s
                .table_mut(&n)
                .ok_or_else(|| cx.semantic(format!("table {n} does not exist")))?;
            t.comment = comment.filter(|c| !c.is_empty());
        }
        ast::CommentObject::Column => {
            let mut parts = name.0.clone();
            let col = parts.pop().map(|p| match p {
                ast::ObjectNamePart::Identifier(i) => cx.ident(&i),
                other @ ast::ObjectNamePart::Function(_) => other.to_string(),
            });
            let tname = cx.name(&ObjectName(parts));
            let col = col.unwrap_or_default();
            let t = s
                .table_mut(&tname)
                .ok_or_else(|| cx.semantic(format!("table {tname} does not exist")))?;
            let key = d.key(&col);
            let c = t
                .columns
                .iter_mut()
                .find(|c| d.key(&c.name) == key)
                .ok_or_else(|| cx.semantic(format!("column {tname}.{col} does not exist")))?;
            c.comment = comment.filter(|c| !c.is_empty());
        }
        _ => {
            // Comments on other objects are metadata ebb does not compare.
        }
    }
    Ok(())
}

/// Add or replace an opaque object (function, procedure, trigger).
pub(crate) fn put_opaque(
    s: &mut Schema,
    cx: &Ctx<'_>,
    o: Opaque,
    or_replace: bool,
    if_not_exists: bool,
) -> Result<()> {
    if gaps::in_session_schema(&o.name) {
        return Ok(());
    }
    if let Some(existing) = s
        .opaque
        .iter_mut()
        .find(|x| x.kind == o.kind && x.name == o.name)
    {
        if or_replace {
            *existing = o;
            return Ok(());
        }
        if if_not_exists {
            return Ok(());
        }
        return Err(cx.semantic(format!(
            "{} {} already exists",
            o.kind.keyword().to_lowercase(),
            o.name
        )));
    }
    if o.kind == OpaqueKind::Trigger {
        if let Some(t) = &o.table {
            if s.table(t).is_none() && s.view(t).is_none() {
                return Err(cx.semantic(format!(
                    "trigger {} is on {t}, which does not exist",
                    o.name
                )));
            }
        }
    }
    s.opaque.push(o);
    Ok(())
}
