//! What PostgreSQL's data checks write their own way.

/// A value as the SQL literal that writes it back (`NULL` for NULL).
pub(super) fn literal(column: &str) -> String {
    format!("quote_nullable({column})")
}

/// An enum column read as text, to compare with labels written as literals.
pub(super) fn as_text(column: &str) -> String {
    format!("{column}::text")
}
