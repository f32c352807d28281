//! What MySQL's data checks write their own way.

use crate::schema::Column;

/// A value as the SQL literal that writes it back: `QUOTE()`, or a hex literal for binary data
/// (which `QUOTE` would mangle).
pub(super) fn literal(column: &str, c: &Column) -> String {
    let ty = c.ty.to_ascii_lowercase();
    if ty.contains("blob") || ty.contains("binary") {
        format!("IF({column} IS NULL, 'NULL', CONCAT('0x', HEX({column})))")
    } else {
        format!("QUOTE({column})")
    }
}

/// Whether a text value differs byte for byte (the column's collation may call `'A'` and
/// `'a'` equal).
pub(super) fn differs(column: &str, value: &str) -> String {
    format!("CAST({column} AS BINARY) <> CAST({value} AS BINARY)")
}
