//! The lint's codes: each with its severity, a title and the paragraph `ebb migrate lint
//! --explain CODE` prints (docs/lint.md holds the same paragraphs; a test keeps them equal).

use serde::Serialize;

/// How much a finding matters: errors fail the lint (exit 1), warnings and notes do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// What a rollback would do, worth knowing, usually intended.
    Note,
    /// Can fail on existing rows, lock a busy table, or leave something a rollback cannot undo.
    Warning,
    /// Destroys data.
    Error,
}

impl Severity {
    /// `error`, `warning`, `note`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One lint code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Code {
    /// `EL101`.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// A few words.
    pub title: &'static str,
    /// One paragraph: what it means, why it matters, what to do.
    pub explanation: &'static str,
}

const fn code(
    code: &'static str,
    severity: Severity,
    title: &'static str,
    explanation: &'static str,
) -> Code {
    Code {
        code,
        severity,
        title,
        explanation,
    }
}

use Severity::{Error, Note, Warning};

/// Every code, in order. EL1xx: what the file itself destroys or may fail on (the same cases
/// as the checks EB1xx of a plan); EL2xx: what rolling the file back would refuse on or drop;
/// EL3xx: what a rollback does not undo; EL4xx: PostgreSQL locks; EL5xx: MySQL table copies;
/// EL6xx: transactions.
pub const CODES: &[Code] = &[
    code("EL101", Error, "table dropped", "The file drops a table that existed before it, with every row it holds. A rollback re-creates the table empty: the rows are gone unless a backup brings them back. If the table is really unused, say so by silencing the code for this file (`-- ebb:lint ignore EL101`); otherwise rename the table first and drop it in a later release."),
    code("EL102", Error, "column dropped", "The file drops a column of an existing table, with its values. A rollback re-adds the column, but empty (NULL or its default). Deploy code that no longer reads the column first, then drop it in a later migration and silence the code there."),
    code("EL103", Warning, "NOT NULL on a column that may hold NULLs", "The file makes an existing column NOT NULL. The statement fails if any row holds NULL, and on a large table it reads every row while holding a lock. Fill the NULLs first (an UPDATE in an earlier migration or a backfill job)."),
    code("EL104", Warning, "unique key over existing values", "The file adds a unique key or index over columns that already hold values. It fails if two rows share a value. Check for duplicates before deploying."),
    code("EL105", Error, "type narrowed", "The file changes a column to a type that holds less (a shorter length, a smaller integer, a lower precision). Values that do not fit make the statement fail, or are cut on databases that truncate. A rollback widens the type again but cannot bring back what was cut."),
    code("EL106", Error, "enum labels removed", "The file removes labels from an enum type that columns use. Rows holding a removed label make the statement fail, or lose the value. Rewrite those rows first."),
    code("EL107", Warning, "check constraint over existing rows", "The file adds a CHECK constraint to an existing table. It fails if a row violates it, and reads every row to find out. On PostgreSQL, add it NOT VALID and VALIDATE it in a later statement."),
    code("EL108", Warning, "foreign key over existing rows", "The file adds a foreign key to an existing table. It fails if a row references nothing, and reads every row to find out. On PostgreSQL, add it NOT VALID and VALIDATE it in a later statement."),
    code("EL109", Warning, "NOT NULL column without a default", "The file adds a NOT NULL column without a default to an existing table: on PostgreSQL and SQLite the statement fails as soon as the table has a row; MySQL fills every row with the type's implicit value (0, an empty string), which is rarely what the column means. Give the column a default, or add it nullable, fill it, then make it NOT NULL."),
    code("EL110", Warning, "column turned into an enum", "The file turns an existing column into an enum. Rows holding a value that is not one of the labels make the statement fail."),
    code("EL201", Note, "rollback drops a table", "Rolling this file back drops a table the file creates. ebb refuses while the table holds rows, unless `--allow-data-loss` is given (which saves them first). Usually intended: rows written after the deploy are the price of a rollback."),
    code("EL202", Note, "rollback drops a column", "Rolling this file back drops a column the file adds. ebb refuses while the column holds values other than its default, unless `--allow-data-loss` is given (which saves them first)."),
    code("EL203", Warning, "rollback makes a column NOT NULL", "Rolling this file back makes a column NOT NULL again. Rows written after the deploy may hold NULLs there; ebb refuses the rollback until they are filled."),
    code("EL204", Warning, "rollback adds a unique key", "Rolling this file back restores a unique key. Rows written after the deploy may share values; ebb refuses the rollback until they are made unique."),
    code("EL205", Warning, "rollback narrows a type", "Rolling this file back changes a column to the narrower type it had. Values written after the deploy may not fit; ebb refuses the rollback while any does not."),
    code("EL206", Warning, "rollback removes enum labels", "Rolling this file back removes the enum labels it adds. Rows written after the deploy may hold them; ebb refuses the rollback while any does."),
    code("EL207", Warning, "rollback restores a check", "Rolling this file back restores a CHECK constraint. Rows written after the deploy may violate it; ebb refuses the rollback while any does."),
    code("EL208", Warning, "rollback restores a foreign key", "Rolling this file back restores a foreign key. Rows written after the deploy may reference nothing; ebb refuses the rollback while any does."),
    code("EL209", Warning, "rollback re-adds a NOT NULL column", "Rolling this file back re-adds a column the file drops, NOT NULL and without a default: ebb refuses while the table has rows, since there is no value to put there. Give the column a default in the history, or fill it during the rollback."),
    code("EL210", Warning, "rollback turns a column into an enum", "Rolling this file back turns a column into an enum again. Values written after the deploy that are not labels make ebb refuse the rollback."),
    code("EW001", Warning, "data change is not reverted", "The file changes data (INSERT, UPDATE, DELETE, …). ebb reverts the schema, not data: a rollback leaves these rows as they are. If the rollback must undo them, write the reverse as its own migration."),
    code("EW002", Warning, "statement marked skip", "A statement marked `-- ebb:skip` runs but ebb does not model it: a rollback does not undo what it does."),
    code("EW003", Warning, "DO block", "A PostgreSQL DO block runs code ebb does not read: if it changes the schema, a rollback does not undo that. Write schema changes as plain DDL."),
    code("EW004", Warning, "privileges not tracked", "GRANT, REVOKE, CREATE ROLE and CREATE USER run as written, but ebb does not track privileges or roles: a rollback does not revoke or drop them."),
    code("EL401", Warning, "index built under a write lock", "PostgreSQL: CREATE INDEX without CONCURRENTLY on an existing table blocks every write to the table until the index is built. Use CREATE INDEX CONCURRENTLY in a file of its own marked `-- ebb:txmode none`."),
    code("EL402", Warning, "column type change rewrites the table", "PostgreSQL: this ALTER COLUMN TYPE rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock (no reads, no writes). Only some changes are free (a longer varchar, varchar to text). For a large table, add a new column, backfill it, and switch over."),
    code("EL403", Warning, "SET NOT NULL scans the table", "PostgreSQL: SET NOT NULL reads every row under an ACCESS EXCLUSIVE lock. Since PostgreSQL 12 it skips the scan when a validated CHECK (column IS NOT NULL) already proves it: add that check NOT VALID, VALIDATE it, then SET NOT NULL."),
    code("EL404", Warning, "volatile default rewrites the table", "PostgreSQL: adding a column whose default is volatile (random(), gen_random_uuid(), clock_timestamp(), a serial's nextval()) writes a value into every row, rewriting the table under an ACCESS EXCLUSIVE lock. Add the column without a default, set the default, and backfill in batches."),
    code("EL405", Warning, "constraint validated under a lock", "PostgreSQL: adding a foreign key or CHECK to an existing table reads every row while holding a lock that blocks writes. Add it NOT VALID, then VALIDATE CONSTRAINT in a later statement (which lets writes through)."),
    code("EL501", Warning, "ALTER copies the table", "MySQL: this change cannot run INSTANT or INPLACE: the server copies the whole table and blocks writes until it is done (a type change, a changed primary key, a new AUTO_INCREMENT column, another charset or engine). For a large table use an online schema change tool, or plan the downtime."),
    code("EL601", Warning, "several changes outside a transaction", "The file is marked `-- ebb:txmode none` and changes the schema in more than one statement. If one fails, the ones before it stay applied: ebb records how far it got and resumes there, but the database is half-migrated until then. Keep the statement that needs to run outside a transaction alone in its file."),
];

/// The code named `code` (case-insensitive).
#[must_use]
pub fn find(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}
