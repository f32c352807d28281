//! What SQLite's data checks write their own way.

/// SQLite's name for the length of a text in characters.
pub(super) const CHAR_LENGTH: &str = "length";

/// A value as the SQL literal that writes it back.
pub(super) fn literal(column: &str) -> String {
    format!("quote({column})")
}

/// A quoted identifier that must resolve: SQLite reads a double-quoted name that matches no
/// column as a string literal, backticks never fall back.
pub(super) fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// Whether a text value differs byte for byte (a NOCASE column calls `'A'` and `'a'` equal).
pub(super) fn differs(column: &str, value: &str) -> String {
    format!("{column} <> {value} COLLATE BINARY")
}
