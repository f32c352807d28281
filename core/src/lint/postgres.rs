//! PostgreSQL: changes that hold a lock on a table that may be large and busy (EL4xx).

use super::FileCx;
use crate::diff::Change;
use crate::schema::Schema;
use crate::sql::split::SplitStatement;

/// Whether the statement's text has these words in a row (outside nothing: the words are
/// keywords a migration writes plainly, and a false hit only silences a finding).
pub(super) fn has_words(text: &str, words: &[&str]) -> bool {
    let tokens: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    tokens
        .windows(words.len())
        .any(|w| w.iter().zip(words).all(|(a, b)| a == b))
}

/// Functions whose value differs per row: a column added with one as its default is written
/// row by row.
const VOLATILE: &[&str] = &[
    "random(",
    "gen_random_uuid(",
    "uuid_generate_v1(",
    "uuid_generate_v1mc(",
    "uuid_generate_v4(",
    "clock_timestamp(",
    "timeofday(",
    "nextval(",
];

/// A type change PostgreSQL makes without rewriting the table: a longer (or unlimited)
/// `varchar`, `varchar` to `text`, a numeric of more precision and the same scale.
fn free_type_change(from: &str, to: &str) -> bool {
    const VARCHAR: &str = "character varying";
    let params = |t: &str, base: &str| -> Option<Option<Vec<u32>>> {
        let rest = t.strip_prefix(base)?;
        if rest.is_empty() {
            return Some(None);
        }
        let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
        inner
            .split(',')
            .map(|x| x.trim().parse().ok())
            .collect::<Option<Vec<u32>>>()
            .map(Some)
    };
    if let Some(a) = params(from, VARCHAR) {
        return to == "text"
            || match params(to, VARCHAR) {
                Some(None) => true,
                Some(Some(b)) => a.is_some_and(|a| b[0] >= a[0]),
                None => false,
            };
    }
    if from == "text" {
        return to == VARCHAR;
    }
    if let (Some(Some(a)), Some(b)) = (params(from, "numeric"), params(to, "numeric")) {
        return match b {
            None => true,
            Some(b) => b.len() == a.len() && b[0] >= a[0] && b.get(1) == a.get(1),
        };
    }
    false
}

pub(super) fn locks(cx: &mut FileCx<'_>, now: &Schema, ch: &Change, st: &SplitStatement) {
    let at = (st.line, st.col);
    match ch {
        Change::AddIndex { table, index } if !has_words(&st.text, &["CONCURRENTLY"]) => {
            let name = index.name.as_deref().unwrap_or("(unnamed)");
            cx.push(
                "EL401",
                at,
                format!("index {name} on {table} is built while every write to {table} waits"),
            );
        }
        Change::AlterColumn {
            table, from, to, ..
        } => {
            if from.ty != to.ty && !free_type_change(&from.ty, &to.ty) {
                cx.push(
                    "EL402",
                    at,
                    format!(
                        "{table}.{} from {} to {} rewrites {table} under an ACCESS EXCLUSIVE lock",
                        to.name, from.ty, to.ty
                    ),
                );
            }
            let existed = cx
                .old_table(now, table)
                .is_some_and(|t| t.columns.iter().any(|c| c.id == to.id));
            if from.nullable && !to.nullable && existed {
                cx.push(
                    "EL403",
                    at,
                    format!(
                        "SET NOT NULL on {table}.{} reads every row of {table} under an ACCESS EXCLUSIVE lock",
                        to.name
                    ),
                );
            }
        }
        Change::AddColumn { table, column, .. } => {
            let default = column
                .default
                .as_deref()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let why = match VOLATILE.iter().find(|f| default.contains(*f)) {
                Some(f) => format!("with a default that calls {f})"),
                None if column.identity.is_some() => "as an identity column".to_string(),
                None => return,
            };
            cx.push(
                "EL404",
                at,
                format!(
                    "{table}.{} is added {why}: every row of {table} is rewritten",
                    column.name
                ),
            );
        }
        Change::AddForeignKey { .. } | Change::AddCheck { .. }
            if !has_words(&st.text, &["NOT", "VALID"]) =>
        {
            let (table, what, name, waits) = match ch {
                Change::AddForeignKey { table, key } => (
                    table,
                    "foreign key",
                    &key.name,
                    format!("{table} and {}", key.ref_table),
                ),
                Change::AddCheck { table, check } => (table, "check", &check.name, table.clone()),
                _ => unreachable!("matched above"),
            };
            let name = name.as_deref().unwrap_or("(unnamed)");
            cx.push(
                "EL405",
                at,
                format!("{what} {name} is validated over every row of {table} while writes to {waits} wait"),
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{free_type_change, has_words};

    #[test]
    fn only_widening_varchar_and_numeric_is_free() {
        let free = |a, b| free_type_change(a, b);
        assert!(free("character varying(50)", "character varying(100)"));
        assert!(free("character varying(50)", "text"));
        assert!(free("character varying(50)", "character varying"));
        assert!(free("text", "character varying"));
        assert!(free("numeric(10,2)", "numeric(12,2)"));
        assert!(!free("character varying(100)", "character varying(50)"));
        assert!(!free("numeric(10,2)", "numeric(12,3)"));
        assert!(!free("integer", "bigint"));
        assert!(!free("text", "character varying(20)"));
        assert!(!free(
            "timestamp without time zone",
            "timestamp with time zone"
        ));
    }

    #[test]
    fn words_are_matched_whole_and_in_a_row() {
        assert!(has_words(
            "create index concurrently i on t (a)",
            &["CONCURRENTLY"]
        ));
        assert!(has_words(
            "ADD CONSTRAINT c CHECK (a > 0)\n  NOT\tVALID",
            &["NOT", "VALID"]
        ));
        assert!(!has_words(
            "CREATE INDEX not_validated ON t (a)",
            &["NOT", "VALID"]
        ));
    }
}
