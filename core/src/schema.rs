//! The schema model shared by replay, inspection, diff and plan. Objects carry an identity
//! (`id`) given at creation during replay; renames keep it, which is what lets the diff turn a
//! reverted rename into a rename. Identities are lineage, not content: model equality
//! ([`Schema::same_as`]) ignores them.

use crate::Dialect;
use serde::{Deserialize, Serialize};
use slots::Slots;
use std::sync::Arc;

mod slots;

/// Stable identity of a replayed object; 0 means "no lineage" (e.g. freshly inspected).
pub type Id = u64;

// serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(id: &Id) -> bool {
    *id == 0
}
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

/// A whole database schema as ebb models it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Schema {
    /// Dialect the schema belongs to.
    pub dialect: Dialect,
    /// Tables, kept sorted by name key. Shared: a copy of the schema (the state at a target
    /// version, a plan's dropped tables) holds the same tables until one of them changes
    /// ([`Schema::table_at_mut`] copies a shared table before the change).
    pub tables: Vec<Arc<Table>>,
    /// Views.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// PostgreSQL enum types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumType>,
    /// Sequences (PostgreSQL), including those owned by serial columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Arc<Sequence>>,
    /// Namespaces created by migrations (`CREATE SCHEMA`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespaces: Vec<String>,
    /// Extensions (`CREATE EXTENSION`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// Functions, procedures and triggers, kept as their definition text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opaque: Vec<Opaque>,
    /// Next identity to hand out.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub next_id: Id,
    /// Server defaults an inspected schema was read under (MySQL engine and character sets);
    /// they say what an unspecified option means. Not part of the schema's identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerDefaults>,
    /// Name lookups, present only while a replay session owns the schema.
    #[serde(skip)]
    pub(crate) names: NameCache,
}

/// Hash lookups of table names and (PostgreSQL) index names for a schema that a
/// [`crate::replay::Session`] owns. Without them every statement scans the whole schema, which
/// makes replaying a directory quadratic in its size.
///
/// The lookups are a hint that is never trusted alone: a hit is confirmed against the tables
/// themselves. What makes a miss trustworthy is that replay records every name it adds (see
/// `Schema::note_table`), so every present table's key maps to its own position; names it
/// removes may linger, pointing at a table of another name (a miss). Debug builds check this
/// after every replayed statement (`names_hold_everything`). Only a session builds the cache, a
/// clone drops it, and the session hands out the schema read-only, so no other code can add a
/// name behind its back.
#[derive(Default)]
pub(crate) struct NameCache(Option<Box<Names>>);

#[derive(Default)]
struct Names {
    /// Table key → slot of the table in `table_slots`; holds every present table.
    tables: foldhash::HashMap<String, usize>,
    /// Slots of `Schema::tables`: the lookups hold slots, which a removal does not shift.
    table_slots: Slots,
    /// Slots of `Schema::sequences`.
    sequence_slots: Slots,
    /// Every index name in the schema (PostgreSQL, where index names share a schema-wide
    /// namespace).
    indexes: foldhash::HashSet<String>,
    /// SQLite: index name key → name keys of the tables that have (or had) an index of that
    /// name; holds every index. A Django history re-creates a rebuilt table's indexes under
    /// their old names, so a set of names ever seen would not spare a scan; and a named
    /// `UNIQUE` constraint, which the model keeps as an index, is on the old table and its
    /// `new__` copy at once (SQLite names their indexes `sqlite_autoindex_…`).
    index_tables: foldhash::HashMap<String, Vec<String>>,
    /// Identities of the tables dropped in the file being replayed, by name key: a table
    /// renamed into one of those names in the same file takes it over (the rebuild pattern:
    /// create `t_new`, copy, drop `t`, rename `t_new` to `t`).
    dropped: foldhash::HashMap<String, (Id, Vec<(String, Id)>)>,
    /// Every foreign-key and check constraint name in the schema (PostgreSQL, where a name
    /// the server picks must be free among the constraints of the whole schema).
    constraints: foldhash::HashSet<String>,
    /// Temporary tables created in the file being replayed, by name key: they live for the
    /// database session that runs the file, so they never enter the schema.
    temporary: foldhash::HashMap<String, String>,
    /// Name key of a table → slots of the tables that have (or had) a foreign key to it:
    /// renaming a table or a column updates those tables only, not every table.
    referenced_by: foldhash::HashMap<String, Vec<usize>>,
    /// Every sequence name the schema has had (PostgreSQL names a serial column's sequence
    /// after the first free name).
    sequences: foldhash::HashSet<String>,
    /// Column types as written → their canonical spelling: a history spells the same few
    /// types thousands of times, and normalizing one costs some two thousand instructions.
    types: foldhash::HashMap<String, String>,
    /// Name key of a table → slots (`sequence_slots`) of the sequences its columns
    /// own (or owned): renaming or dropping a column or table visits those, not every
    /// sequence.
    owned_sequences: foldhash::HashMap<String, Vec<usize>>,
}

/// The positions of the items a lookup lists under `key` that are still there, or every
/// position where there are no lookups.
fn listed_positions(
    lookup: Option<(&foldhash::HashMap<String, Vec<usize>>, &Slots)>,
    key: &str,
    len: usize,
) -> Vec<usize> {
    match lookup {
        Some((m, slots)) => m
            .get(key)
            .map(|v| v.iter().filter_map(|&x| slots.position(x)).collect())
            .unwrap_or_default(),
        None => (0..len).collect(),
    }
}

/// The slot of the item at `pos`, for an item added at the end of its list or already there
/// (items added without a slot get theirs first).
fn slot_for(slots: &mut Slots, pos: usize) -> usize {
    while slots.items() <= pos {
        slots.push();
    }
    slots.slot_at(pos).unwrap_or(pos)
}

impl Clone for NameCache {
    fn clone(&self) -> Self {
        NameCache(None)
    }
}
impl PartialEq for NameCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for NameCache {}
impl std::fmt::Debug for NameCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "built" } else { "none" })
    }
}

/// What a server uses when a migration does not say (MySQL/MariaDB).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ServerDefaults {
    /// `@@default_storage_engine`, lowercase.
    pub engine: String,
    /// The database's default character set.
    pub charset: String,
    /// The database's default collation.
    pub collation: String,
    /// Default collation of each character set.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub charset_collations: std::collections::BTreeMap<String, String>,
}

impl ServerDefaults {
    /// The character set and collation an object ends up with when it names `charset` and
    /// `collation` (either may be missing) inside a parent whose are `inherited`: a collation
    /// implies its character set (MySQL names collations `<charset>_…`), the parent's
    /// collation applies only with the parent's character set, else the set's default.
    #[must_use]
    pub fn resolve(
        &self,
        charset: Option<&str>,
        collation: Option<&str>,
        inherited: (&str, &str),
    ) -> (String, String) {
        let cs = match (charset, collation) {
            (Some(cs), _) => cs,
            (None, Some(coll)) => coll.split('_').next().unwrap_or(coll),
            (None, None) => inherited.0,
        };
        let coll = match collation {
            Some(c) => c.to_string(),
            None if cs == inherited.0 => inherited.1.to_string(),
            None => self.charset_collations.get(cs).cloned().unwrap_or_default(),
        };
        (cs.to_string(), coll)
    }

    /// [`ServerDefaults::resolve`] for a table, which inherits from the database.
    #[must_use]
    pub fn table_text(&self, charset: Option<&str>, collation: Option<&str>) -> (String, String) {
        self.resolve(charset, collation, (&self.charset, &self.collation))
    }
}

/// The text SQLite keeps for an object's `CREATE` statement (`sqlite_master.sql`, what
/// `.schema` shows), as the history wrote it and SQLite's own `ALTER TABLE` edited it. It is
/// how the object is spelled, not what it is: `PartialEq` ignores it, so two objects that mean
/// the same compare equal however they were written. A plan that re-creates the object writes
/// this text back when it still means the object (see `plan::render`); replay keeps it in step
/// (`replay::sqlite_text`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Written(pub Option<String>);

impl PartialEq for Written {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Written {}

impl Written {
    /// No text kept (other dialects, or text ebb could not follow).
    #[must_use]
    pub fn is_none(&self) -> bool {
        self.0.is_none()
    }
}

/// The value rows already in a table take where a plan adds a NOT NULL column without a default
/// or makes a column NOT NULL again: what the framework's own reverse writes there (Django
/// backfills a field's default). A hint for planning, never part of the schema: two columns
/// compare equal whatever their fills. Without one, such a plan needs an empty table (EB109) or
/// no NULLs (EB103).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fill(pub Option<String>);

impl PartialEq for Fill {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Fill {}

impl Fill {
    /// No fill given.
    #[must_use]
    pub fn is_none(&self) -> bool {
        self.0.is_none()
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Table {
    /// Identity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub id: Id,
    /// Name as the database stores it (schema-qualified if not in the default namespace).
    pub name: String,
    /// Columns in table order.
    pub columns: Vec<Column>,
    /// Primary key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// Indexes, including unique constraints (flagged `constraint`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Foreign keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// Check constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckConstraint>,
    /// Table comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Dialect-specific table options.
    #[serde(default, skip_serializing_if = "TableOptions::is_default")]
    pub options: TableOptions,
    /// SQLite: the `CREATE TABLE` text as stored.
    #[serde(default, skip_serializing_if = "Written::is_none")]
    pub written: Written,
}

/// Table options that only some dialects have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TableOptions {
    /// MySQL storage engine (lowercase), `None` for the server default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// MySQL default character set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// MySQL default collation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// SQLite `WITHOUT ROWID`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub without_rowid: bool,
    /// SQLite `STRICT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub strict: bool,
}

impl Table {
    /// Forget the identities of the table and everything in it.
    pub fn clear_ids(&mut self) {
        self.id = 0;
        for c in &mut self.columns {
            c.id = 0;
        }
        for i in &mut self.indexes {
            i.id = 0;
        }
        for f in &mut self.foreign_keys {
            f.id = 0;
        }
        for c in &mut self.checks {
            c.id = 0;
        }
    }
}

impl TableOptions {
    /// True when no option is set.
    #[must_use]
    pub fn is_default(&self) -> bool {
        *self == TableOptions::default()
    }
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Column {
    /// Identity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub id: Id,
    /// Name.
    pub name: String,
    /// Canonical type text for the dialect (`integer`, `character varying(20)`, `int(11) unsigned`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// SQLite `NOT NULL ON CONFLICT` resolution other than the default `ABORT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_null_on_conflict: Option<String>,
    /// Canonical default expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Generated column expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    /// PostgreSQL identity column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityKind>,
    /// MySQL `AUTO_INCREMENT` / SQLite `AUTOINCREMENT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_increment: bool,
    /// Explicit collation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// Explicit character set (MySQL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// Column comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// MySQL `ON UPDATE` expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<String>,
    /// See [`Fill`].
    #[serde(default, skip_serializing_if = "Fill::is_none")]
    pub fill: Fill,
}

/// A generated column's definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generated {
    /// The expression.
    pub expr: String,
    /// Stored (true) or virtual.
    pub stored: bool,
}

/// `GENERATED ALWAYS` or `BY DEFAULT` identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    /// `GENERATED ALWAYS AS IDENTITY`.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    ByDefault,
}

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// Constraint name (`t_pkey` on PostgreSQL, `PRIMARY` on MySQL, user's name or none on SQLite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Key columns.
    pub columns: Vec<String>,
    /// SQLite `ON CONFLICT` resolution other than the default `ABORT` (`ROLLBACK`, `FAIL`,
    /// `IGNORE`, `REPLACE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_conflict: Option<String>,
}

/// One part of an index key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IndexPart {
    /// Column name, or expression text when `expr` is set.
    pub column: String,
    /// The part is an expression rather than a column.
    #[serde(default, skip_serializing_if = "is_false")]
    pub expr: bool,
    /// Descending order.
    #[serde(default, skip_serializing_if = "is_false")]
    pub desc: bool,
    /// MySQL prefix length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u64>,
    /// PostgreSQL operator class other than the type's default (`varchar_pattern_ops`, as
    /// Django's `_like` indexes have; `gin_trgm_ops`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
}

/// An index, or a unique constraint (which the database backs with an index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// Identity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub id: Id,
    /// Name; `None` only for SQLite's unnamed unique constraints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unique.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// Declared as a table constraint (`UNIQUE (…)`) rather than `CREATE INDEX`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub constraint: bool,
    /// Key parts.
    pub parts: Vec<IndexPart>,
    /// Access method other than the default (`gin`, `hash`, MySQL `fulltext`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Partial index predicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// SQLite `ON CONFLICT` resolution other than the default `ABORT` (`ROLLBACK`, `FAIL`,
    /// `IGNORE`, `REPLACE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_conflict: Option<String>,
    /// SQLite: the `CREATE INDEX` text as stored (not for `UNIQUE` written in the table).
    #[serde(default, skip_serializing_if = "Written::is_none")]
    pub written: Written,
}

/// Referential action of a foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RefAction {
    /// `NO ACTION` (the default).
    #[default]
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl RefAction {
    /// SQL spelling.
    #[must_use]
    pub fn sql(self) -> &'static str {
        match self {
            RefAction::NoAction => "NO ACTION",
            RefAction::Restrict => "RESTRICT",
            RefAction::Cascade => "CASCADE",
            RefAction::SetNull => "SET NULL",
            RefAction::SetDefault => "SET DEFAULT",
        }
    }
    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if`
    fn is_default(&self) -> bool {
        *self == RefAction::NoAction
    }
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Identity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub id: Id,
    /// Constraint name (`None` only on SQLite when unnamed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub ref_table: String,
    /// Referenced columns.
    pub ref_columns: Vec<String>,
    /// `ON DELETE`.
    #[serde(default, skip_serializing_if = "RefAction::is_default")]
    pub on_delete: RefAction,
    /// `ON UPDATE`.
    #[serde(default, skip_serializing_if = "RefAction::is_default")]
    pub on_update: RefAction,
    /// `DEFERRABLE INITIALLY …` (PostgreSQL, SQLite); absent: not deferrable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferral>,
}

/// When a deferrable constraint is checked by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferral {
    /// `DEFERRABLE INITIALLY IMMEDIATE` (or `DEFERRABLE` alone): at each statement unless a
    /// transaction defers it.
    Immediate,
    /// `DEFERRABLE INITIALLY DEFERRED`: at commit.
    Deferred,
}

impl Deferral {
    /// SQL spelling.
    #[must_use]
    pub fn sql(self) -> &'static str {
        match self {
            Deferral::Immediate => "DEFERRABLE INITIALLY IMMEDIATE",
            Deferral::Deferred => "DEFERRABLE INITIALLY DEFERRED",
        }
    }
}

/// A check constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckConstraint {
    /// Identity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub id: Id,
    /// Name (`None` only on SQLite when unnamed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Canonical expression text.
    pub expr: String,
}

/// A view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// Identity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub id: Id,
    /// Name.
    pub name: String,
    /// Explicit column names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// The query, as canonical SQL.
    pub query: String,
    /// Materialized view (PostgreSQL).
    #[serde(default, skip_serializing_if = "is_false")]
    pub materialized: bool,
    /// SQLite: the `CREATE VIEW` text as stored.
    #[serde(default, skip_serializing_if = "Written::is_none")]
    pub written: Written,
}

/// A PostgreSQL enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    /// Identity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub id: Id,
    /// Name.
    pub name: String,
    /// Labels in order.
    pub values: Vec<String>,
}

/// A sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    /// Identity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub id: Id,
    /// Name.
    pub name: String,
    /// Data type (`bigint` unless said otherwise).
    pub ty: String,
    /// START WITH.
    pub start: i64,
    /// INCREMENT BY.
    pub increment: i64,
    /// MINVALUE, `None` for the type's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// MAXVALUE, `None` for the type's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// CACHE.
    pub cache: i64,
    /// CYCLE.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cycle: bool,
    /// `OWNED BY table.column`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<(String, String)>,
}

/// Kind of an opaque object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpaqueKind {
    /// A function.
    Function,
    /// A procedure.
    Procedure,
    /// A trigger.
    Trigger,
}

impl OpaqueKind {
    /// SQL keyword.
    #[must_use]
    pub fn keyword(self) -> &'static str {
        match self {
            OpaqueKind::Function => "FUNCTION",
            OpaqueKind::Procedure => "PROCEDURE",
            OpaqueKind::Trigger => "TRIGGER",
        }
    }
}

/// An object ebb does not model beyond its name and definition text (functions, triggers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opaque {
    /// Kind.
    pub kind: OpaqueKind,
    /// Name.
    pub name: String,
    /// Table a trigger is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Argument types of a function or procedure, as written (for DROP on PostgreSQL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<String>,
    /// The creating statement, exactly as written in the migration.
    pub definition: String,
}

impl Sequence {
    /// A sequence with PostgreSQL's defaults (start 1, step 1, cache 1, no cycle, not owned).
    #[must_use]
    pub fn plain(id: Id, name: String, ty: &str) -> Self {
        Sequence {
            id,
            name,
            ty: ty.to_string(),
            start: 1,
            increment: 1,
            min: None,
            max: None,
            cache: 1,
            cycle: false,
            owned_by: None,
        }
    }
}

impl Schema {
    /// An empty schema of a dialect.
    #[must_use]
    pub fn new(dialect: Dialect) -> Self {
        Schema {
            dialect,
            next_id: 1,
            ..Schema::default()
        }
    }

    /// Hand out a fresh identity.
    pub fn fresh_id(&mut self) -> Id {
        if self.next_id == 0 {
            self.next_id = 1;
        }
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The table with this name (dialect-aware case rules).
    #[must_use]
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.table_pos(name).map(|p| &*self.tables[p])
    }

    /// [`crate::normalize::column_type`] of `raw` in this schema's dialect, remembered while a
    /// replay session owns the schema.
    pub(crate) fn column_type(&mut self, raw: &str) -> String {
        let d = self.dialect;
        let Some(n) = &mut self.names.0 else {
            return crate::normalize::column_type(d, raw);
        };
        if let Some(t) = n.types.get(raw) {
            return t.clone();
        }
        let t = crate::normalize::column_type(d, raw);
        n.types.insert(raw.to_string(), t.clone());
        t
    }

    /// The tables by identity (the first of each; none without one): looking them up one scan
    /// at a time made a revert of thousands of tables quadratic.
    pub(crate) fn tables_by_id(&self) -> foldhash::HashMap<Id, &Table> {
        let mut m = foldhash::HashMap::default();
        for t in self.tables.iter().filter(|t| t.id != 0) {
            m.entry(t.id).or_insert(&**t);
        }
        m
    }

    /// Mutable access to the table with this name (copied first if another schema shares it).
    pub fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.table_pos(name).map(|p| self.table_at_mut(p))
    }

    /// Mutable access to the table at `pos` in `tables`, copied first if another schema
    /// shares it.
    ///
    /// # Panics
    /// If `pos` is out of range.
    pub fn table_at_mut(&mut self, pos: usize) -> &mut Table {
        Arc::make_mut(&mut self.tables[pos])
    }

    /// Position of the table with this name in `tables`.
    #[must_use]
    pub fn table_pos(&self, name: &str) -> Option<usize> {
        let d = self.dialect;
        if let Some(n) = &self.names.0 {
            let hint = if d == Dialect::Postgres {
                n.tables.get(name)
            } else {
                n.tables.get(&d.key(name))
            };
            let hint = hint.and_then(|&x| n.table_slots.position(x));
            // Every present table's key maps to its own position, so a key left from a rename
            // or a drop, pointing at a table with another name, is a miss too (a Django history
            // on SQLite creates `new__<table>` again for every rebuild).
            return hint.filter(|&p| {
                self.tables
                    .get(p)
                    .is_some_and(|t| d.same_name(&t.name, name))
            });
        }
        self.tables.iter().position(|t| d.same_name(&t.name, name))
    }

    /// Whether any table has an index (or a primary key) with exactly this name (PostgreSQL's
    /// schema-wide namespace for relations).
    #[must_use]
    pub(crate) fn has_index_named(&self, name: &str) -> bool {
        if self
            .names
            .0
            .as_ref()
            .is_some_and(|n| !n.indexes.contains(name))
        {
            return false;
        }
        self.tables.iter().any(|t| {
            t.indexes.iter().any(|i| i.name.as_deref() == Some(name))
                || t.primary_key.as_ref().and_then(|k| k.name.as_deref()) == Some(name)
        })
    }

    /// Whether any table has an index of this name (dialect-aware case rules; meant for SQLite,
    /// where index names share the schema's namespace). With the lookups, only the table they
    /// record for the name is looked at.
    #[must_use]
    pub(crate) fn has_index_anywhere(&self, name: &str) -> bool {
        let d = self.dialect;
        if let Some(n) = self.names.0.as_ref().filter(|_| d == Dialect::Sqlite) {
            let on = n.index_tables.get(d.key_ref(name).as_ref());
            return on.is_some_and(|tables| {
                tables.iter().any(|t| {
                    self.table_pos(t)
                        .is_some_and(|p| self.tables[p].index_pos(d, name).is_some())
                })
            });
        }
        self.tables.iter().any(|t| t.index_pos(d, name).is_some())
    }

    /// Whether any table has a foreign key or check constraint with exactly this name
    /// (PostgreSQL picks constraint names free across the schema).
    #[must_use]
    pub(crate) fn has_constraint_named(&self, name: &str) -> bool {
        if self
            .names
            .0
            .as_ref()
            .is_some_and(|n| !n.constraints.contains(name))
        {
            return false;
        }
        self.tables.iter().any(|t| {
            t.foreign_keys
                .iter()
                .any(|f| f.name.as_deref() == Some(name))
                || t.checks.iter().any(|c| c.name.as_deref() == Some(name))
        })
    }

    /// The name PostgreSQL gives a relation it names itself (a serial column's sequence, a
    /// key's index): the first of `candidate(0)`, `candidate(1)`, … that no table, view,
    /// sequence or index of the schema has (`totp_id_seq1` when a renamed table kept
    /// `totp_id_seq`; the candidate fits the numbered label into 63 bytes).
    #[must_use]
    pub(crate) fn free_relation_name(&self, candidate: impl Fn(usize) -> String) -> String {
        let taken = |n: &str| {
            self.table(n).is_some()
                || self.view(n).is_some()
                || self.has_sequence_named(n)
                || self.has_index_named(n)
        };
        let mut pass = 0;
        loop {
            let c = candidate(pass);
            if !taken(&c) {
                return c;
            }
            pass += 1;
        }
    }

    /// Build the name lookups (a replay session starts).
    pub(crate) fn build_names(&mut self) {
        self.names = NameCache(Some(Box::default()));
        for p in 0..self.tables.len() {
            self.note_table(p);
        }
        let names: Vec<String> = self.sequences.iter().map(|q| q.name.clone()).collect();
        for q in names {
            self.note_sequence(&q);
        }
        for p in 0..self.sequences.len() {
            self.note_sequence_owner(p);
        }
    }

    /// Remember a table dropped in the file being replayed (see `Names::dropped`).
    pub(crate) fn note_dropped(&mut self, t: &Table) {
        let d = self.dialect;
        if let Some(n) = &mut self.names.0 {
            let cols = t.columns.iter().map(|c| (d.key(&c.name), c.id)).collect();
            n.dropped.insert(d.key(&t.name), (t.id, cols));
        }
    }

    /// The identity of a table of that name dropped earlier in the same file, if any.
    pub(crate) fn take_dropped(&mut self, name: &str) -> Option<(Id, Vec<(String, Id)>)> {
        let key = self.dialect.key(name);
        self.names.0.as_mut()?.dropped.remove(&key)
    }

    /// A new file starts: tables dropped before it stay dropped, and the temporary tables of
    /// the one before are gone with its session.
    pub(crate) fn forget_dropped(&mut self) {
        if let Some(n) = &mut self.names.0 {
            n.dropped.clear();
            n.temporary.clear();
        }
    }

    /// Remember a temporary table created by the file being replayed.
    pub(crate) fn note_temporary(&mut self, name: &str) {
        let key = self.dialect.key(name);
        if let Some(n) = &mut self.names.0 {
            n.temporary.insert(key, name.to_string());
        }
    }

    /// The temporary tables the file being replayed created and has not dropped, as written.
    pub(crate) fn temporaries(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .names
            .0
            .as_ref()
            .map(|n| n.temporary.values().cloned().collect())
            .unwrap_or_default();
        out.sort();
        out
    }

    /// Whether `name` is a temporary table of the file being replayed (an unqualified name
    /// finds it before a permanent table, as the session's search path does); `drop` forgets
    /// it.
    pub(crate) fn is_temporary(&mut self, name: &str, drop: bool) -> bool {
        let key = self.dialect.key(name);
        let Some(n) = &mut self.names.0 else {
            return false;
        };
        if drop {
            n.temporary.remove(&key).is_some()
        } else {
            n.temporary.contains_key(&key)
        }
    }

    /// Add a sequence (replay records its name and owner in the lookups).
    pub(crate) fn add_sequence(&mut self, q: Sequence) {
        self.note_sequence(&q.name);
        self.sequences.push(Arc::new(q));
        self.note_sequence_owner(self.sequences.len() - 1);
    }

    /// Record the owner of the sequence at `pos` (it was added or its owner changed).
    pub(crate) fn note_sequence_owner(&mut self, pos: usize) {
        let d = self.dialect;
        let Some(n) = &mut self.names.0 else { return };
        let slot = slot_for(&mut n.sequence_slots, pos);
        if let Some((t, _)) = &self.sequences[pos].owned_by {
            let at = n.owned_sequences.entry(d.key(t)).or_default();
            if !at.contains(&slot) {
                at.push(slot);
            }
        }
    }

    /// Keep the sequences `keep` says to keep; the owner lookups follow the shifted positions.
    pub(crate) fn retain_sequences(&mut self, mut keep: impl FnMut(&Sequence) -> bool) {
        let gone: Vec<usize> = (0..self.sequences.len())
            .filter(|&p| !keep(&self.sequences[p]))
            .collect();
        self.remove_sequences(&gone);
    }

    /// Remove the sequences owned by table `table` that `which` picks (its owned column):
    /// only the sequences the lookups list for that table are looked at, so dropping a table
    /// or column does not visit every sequence of the schema.
    pub(crate) fn remove_owned_sequences(&mut self, table: &str, which: impl Fn(&str) -> bool) {
        let d = self.dialect;
        let mut gone: Vec<usize> = self
            .sequences_owned_by(table)
            .into_iter()
            .filter(|&p| {
                self.sequences[p]
                    .owned_by
                    .as_ref()
                    .is_some_and(|(t, c)| d.same_name(t, table) && which(c))
            })
            .collect();
        gone.sort_unstable();
        gone.dedup();
        self.remove_sequences(&gone);
    }

    /// Remove the sequences at `gone` (ascending); their slots are freed, and the lookups'
    /// other slots stay as they are.
    fn remove_sequences(&mut self, gone: &[usize]) {
        if gone.is_empty() {
            return;
        }
        if let Some(n) = &mut self.names.0 {
            let slots: Vec<usize> = gone
                .iter()
                .map(|&p| slot_for(&mut n.sequence_slots, p))
                .collect();
            for x in slots {
                n.sequence_slots.free(x);
            }
        }
        if let [one] = gone {
            self.sequences.remove(*one);
        } else {
            let mut p = 0;
            self.sequences.retain(|_| {
                let keep = gone.binary_search(&p).is_err();
                p += 1;
                keep
            });
        }
    }

    /// Remove the table at `pos`. Its slot is freed; the lookups' other slots stay as they
    /// are (a directory that drops thousands of tables, or a SQLite history that rebuilds a
    /// table for each altered column, would otherwise shift every position once per drop).
    pub(crate) fn remove_table(&mut self, pos: usize) -> Arc<Table> {
        let gone = self.tables.remove(pos);
        if let Some(n) = &mut self.names.0 {
            let slot = slot_for(&mut n.table_slots, pos);
            n.table_slots.free(slot);
            let key = self.dialect.key_ref(&gone.name);
            if n.tables.get(key.as_ref()) == Some(&slot) {
                n.tables.remove(key.as_ref());
            }
            for x in gone.indexes.iter().filter_map(|i| i.name.as_ref()) {
                let k = self.dialect.key_ref(x);
                if let Some(tables) = n.index_tables.get_mut(k.as_ref()) {
                    tables.retain(|t| *t != *key);
                    if tables.is_empty() {
                        n.index_tables.remove(k.as_ref());
                    }
                }
            }
        }
        gone
    }

    /// Positions of the sequences a column of table `name` may own (every sequence, without
    /// the lookups); callers check each sequence's `owned_by` themselves.
    pub(crate) fn sequences_owned_by(&self, name: &str) -> Vec<usize> {
        listed_positions(
            self.names
                .0
                .as_ref()
                .map(|n| (&n.owned_sequences, &n.sequence_slots)),
            &self.dialect.key_ref(name),
            self.sequences.len(),
        )
    }

    /// Record a sequence's name (it was added or renamed).
    pub(crate) fn note_sequence(&mut self, name: &str) {
        if let Some(n) = &mut self.names.0 {
            if !n.sequences.contains(name) {
                n.sequences.insert(name.to_string());
            }
        }
    }

    /// Whether a sequence has exactly this name.
    fn has_sequence_named(&self, name: &str) -> bool {
        if self
            .names
            .0
            .as_ref()
            .is_some_and(|n| !n.sequences.contains(name))
        {
            return false;
        }
        self.sequence(name).is_some()
    }

    /// Positions of the tables that may have a foreign key to the table `name` (every table,
    /// without the lookups); callers check each key's `ref_table` themselves.
    pub(crate) fn tables_referencing(&self, name: &str) -> Vec<usize> {
        listed_positions(
            self.names
                .0
                .as_ref()
                .map(|n| (&n.referenced_by, &n.table_slots)),
            &self.dialect.key_ref(name),
            self.tables.len(),
        )
    }

    /// Drop the name lookups (a replay session ends).
    pub(crate) fn drop_names(&mut self) {
        self.names = NameCache(None);
    }

    /// Record the name and index names of the table at `pos`: replay calls this whenever it
    /// adds a table, renames one or adds or renames an index.
    pub(crate) fn note_table(&mut self, pos: usize) {
        let d = self.dialect;
        let Some(n) = &mut self.names.0 else { return };
        let t = &self.tables[pos];
        let slot = slot_for(&mut n.table_slots, pos);
        n.tables.insert(d.key(&t.name), slot);
        for f in &t.foreign_keys {
            let by = n.referenced_by.entry(d.key(&f.ref_table)).or_default();
            if !by.contains(&slot) {
                by.push(slot);
            }
        }
        if d == Dialect::Sqlite {
            let table = d.key_ref(&t.name);
            for x in t.indexes.iter().filter_map(|i| i.name.as_ref()) {
                let k = d.key_ref(x);
                match n.index_tables.get_mut(k.as_ref()) {
                    Some(tables) if tables.iter().any(|t| *t == *table) => {}
                    Some(tables) => tables.push(table.to_string()),
                    None => {
                        n.index_tables
                            .insert(k.into_owned(), vec![table.to_string()]);
                    }
                }
            }
        }
        if d == Dialect::Postgres {
            // A primary key is an index too, named in the same namespace.
            let pk = t.primary_key.as_ref().and_then(|k| k.name.as_ref());
            for x in t.indexes.iter().filter_map(|i| i.name.as_ref()).chain(pk) {
                if !n.indexes.contains(x) {
                    n.indexes.insert(x.clone());
                }
            }
            let fks = t.foreign_keys.iter().filter_map(|f| f.name.as_ref());
            for x in fks.chain(t.checks.iter().filter_map(|c| c.name.as_ref())) {
                if !n.constraints.contains(x) {
                    n.constraints.insert(x.clone());
                }
            }
        }
    }

    /// Re-record the tables after some were removed without [`Schema::remove_table`]: each
    /// gets a new slot, its position.
    pub(crate) fn renumber_tables(&mut self) {
        let d = self.dialect;
        if let Some(n) = &mut self.names.0 {
            n.tables.clear();
            n.referenced_by.clear();
            n.table_slots = Slots::with_len(self.tables.len());
            for (p, t) in self.tables.iter().enumerate() {
                n.tables.insert(d.key(&t.name), p);
                for f in &t.foreign_keys {
                    n.referenced_by
                        .entry(d.key(&f.ref_table))
                        .or_default()
                        .push(p);
                }
            }
            for by in n.referenced_by.values_mut() {
                by.dedup();
            }
        }
    }

    /// Check that the name lookups hold every table and index name (tests of replay).
    #[cfg(debug_assertions)]
    pub(crate) fn names_hold_everything(&self) -> std::result::Result<(), String> {
        let d = self.dialect;
        let Some(n) = &self.names.0 else {
            return Ok(());
        };
        if let Some(q) = self
            .sequences
            .iter()
            .find(|q| !n.sequences.contains(&q.name))
        {
            return Err(format!("sequence {} is not recorded", q.name));
        }
        let listed = |m: &foldhash::HashMap<String, Vec<usize>>, slots: &Slots, k: &str, p| {
            m.get(k)
                .is_some_and(|v| v.iter().any(|&x| slots.position(x) == Some(p)))
        };
        for (p, q) in self.sequences.iter().enumerate() {
            if let Some((t, _)) = &q.owned_by {
                if !listed(&n.owned_sequences, &n.sequence_slots, &d.key_ref(t), p) {
                    return Err(format!(
                        "the owner {t} of sequence {} is not recorded",
                        q.name
                    ));
                }
            }
        }
        for (p, t) in self.tables.iter().enumerate() {
            let table = d.key_ref(&t.name);
            let slot = n.tables.get(table.as_ref());
            if slot.and_then(|&x| n.table_slots.position(x)) != Some(p) {
                return Err(format!("table {} at {p} is not recorded", t.name));
            }
            for f in &t.foreign_keys {
                if !listed(
                    &n.referenced_by,
                    &n.table_slots,
                    &d.key_ref(&f.ref_table),
                    p,
                ) {
                    return Err(format!(
                        "the key of {} to {} is not recorded",
                        t.name, f.ref_table
                    ));
                }
            }
            if d == Dialect::Sqlite {
                for x in t.indexes.iter().filter_map(|i| i.name.as_ref()) {
                    let on = n.index_tables.get(d.key_ref(x).as_ref());
                    if !on.is_some_and(|v| v.iter().any(|k| *k == *table)) {
                        return Err(format!("index {x} of {} is not recorded", t.name));
                    }
                }
            }
            if d == Dialect::Postgres {
                for x in t.indexes.iter().filter_map(|i| i.name.as_ref()) {
                    if !n.indexes.contains(x) {
                        return Err(format!("index {x} of {} is not recorded", t.name));
                    }
                }
            }
        }
        Ok(())
    }

    /// The view with this name.
    #[must_use]
    pub fn view(&self, name: &str) -> Option<&View> {
        let d = self.dialect;
        self.views.iter().find(|v| d.same_name(&v.name, name))
    }

    /// The enum type with this name.
    #[must_use]
    pub fn enum_type(&self, name: &str) -> Option<&EnumType> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// The sequence with this name.
    #[must_use]
    pub fn sequence(&self, name: &str) -> Option<&Sequence> {
        self.sequences.iter().find(|s| s.name == name).map(|q| &**q)
    }

    /// Sort every collection whose order the database does not keep, so that two schemas
    /// built in different ways compare equal. Column order is kept: it is part of the schema.
    pub fn sort(&mut self) {
        let d = self.dialect;
        self.tables.sort_by_key(|t| d.key(&t.name));
        let index_order = |a: &Index, b: &Index| {
            (a.name.as_deref().map(|n| d.key(n)), &a.parts)
                .cmp(&(b.name.as_deref().map(|n| d.key(n)), &b.parts))
        };
        let fk_order =
            |a: &ForeignKey, b: &ForeignKey| (&a.name, &a.columns).cmp(&(&b.name, &b.columns));
        let check_order =
            |a: &CheckConstraint, b: &CheckConstraint| (&a.name, &a.expr).cmp(&(&b.name, &b.expr));
        for t in &mut self.tables {
            // A table another schema shares is copied only if it is out of order.
            let sorted = t.indexes.is_sorted_by(|a, b| index_order(a, b).is_le())
                && t.foreign_keys.is_sorted_by(|a, b| fk_order(a, b).is_le())
                && t.checks.is_sorted_by(|a, b| check_order(a, b).is_le());
            if !sorted {
                let t = Arc::make_mut(t);
                t.indexes.sort_by(index_order);
                t.foreign_keys.sort_by(fk_order);
                t.checks.sort_by(check_order);
            }
        }
        self.views.sort_by_key(|v| d.key(&v.name));
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        self.sequences.sort_by(|a, b| a.name.cmp(&b.name));
        self.namespaces.sort();
        self.extensions.sort();
        self.opaque
            .sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    }

    /// A copy without identities: a schema with no lineage, matched to others by name only.
    #[must_use]
    pub fn without_ids(&self) -> Schema {
        let mut s = self.clone();
        s.next_id = 0;
        s.server = None;
        for t in &mut s.tables {
            Arc::make_mut(t).clear_ids();
        }
        for v in &mut s.views {
            v.id = 0;
        }
        for e in &mut s.enums {
            e.id = 0;
        }
        for q in &mut s.sequences {
            if q.id != 0 {
                Arc::make_mut(q).id = 0;
            }
        }
        s
    }

    /// A copy without identities, sorted: the form in which two schemas are compared.
    #[must_use]
    pub fn canonical(&self) -> Schema {
        let mut s = self.without_ids();
        if s.dialect == Dialect::Postgres {
            // PostgreSQL cannot place a column: a column re-added by a down plan lands at the
            // end. Order is therefore not part of a PostgreSQL schema's identity.
            for t in &mut s.tables {
                Arc::make_mut(t).columns.sort_by(|a, b| a.name.cmp(&b.name));
            }
        }
        s.sort();
        s
    }

    /// Model equality: same objects with the same definitions, identities ignored.
    #[must_use]
    pub fn same_as(&self, other: &Schema) -> bool {
        self.canonical() == other.canonical()
    }
}

impl IndexPart {
    /// A whole column, ascending, with its type's default operator class.
    #[must_use]
    pub fn of_column(name: impl Into<String>) -> Self {
        IndexPart {
            column: name.into(),
            expr: false,
            desc: false,
            length: None,
            opclass: None,
        }
    }
}

impl Index {
    /// A plain index on `parts`: not unique, not a constraint, the default method, no
    /// predicate. Other kinds start from it (`Index { unique: true, ..Index::plain(…) }`).
    #[must_use]
    pub fn plain(id: Id, name: Option<String>, parts: Vec<IndexPart>) -> Self {
        Index {
            id,
            name,
            unique: false,
            constraint: false,
            parts,
            method: None,
            predicate: None,
            on_conflict: None,
            written: Written::default(),
        }
    }

    /// Whether this index can serve a foreign key on `cols` (InnoDB's rule): a plain index
    /// whose leading parts are those columns, whole.
    #[must_use]
    pub fn serves(&self, d: Dialect, cols: &[String]) -> bool {
        self.method.is_none()
            && self.parts.len() >= cols.len()
            && self
                .parts
                .iter()
                .zip(cols)
                .all(|(p, c)| !p.expr && p.length.is_none() && d.same_name(&p.column, c))
    }
}

impl Table {
    /// The column with this name (case rules of the dialect).
    #[must_use]
    pub fn column(&self, d: Dialect, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| d.same_name(&c.name, name))
    }

    /// Position of the column with this name.
    #[must_use]
    pub fn column_pos(&self, d: Dialect, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| d.same_name(&c.name, name))
    }

    /// Position of the index with this name.
    #[must_use]
    pub fn index_pos(&self, d: Dialect, name: &str) -> Option<usize> {
        self.indexes
            .iter()
            .position(|i| i.name.as_deref().is_some_and(|n| d.same_name(n, name)))
    }
}
