//! SQLite inspection. SQLite keeps the text of every `CREATE` statement in `sqlite_master`
//! (rewritten by `ALTER TABLE … RENAME`/`ADD COLUMN`), so the schema is rebuilt by replaying
//! that text; the pragmas would tell less (no CHECK text, no `AUTOINCREMENT`, no `STRICT`).

use super::{Query, Rows};
use crate::replay::Session;
use crate::{Dialect, Result, Schema};

const D: Dialect = Dialect::Sqlite;

pub(super) const QUERIES: &[Query] = &[Query {
    id: "master",
    // Tables before what hangs off them; within a kind, creation order.
    sql: "SELECT type, name, tbl_name, sql FROM sqlite_master \
          WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
          ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid",
    columns: 4,
}];

pub(super) fn build(rows: &Rows<'_>) -> Result<Schema> {
    let mut s = Session::new(Schema::new(D));
    for r in rows.of("master") {
        let name = r.req(1)?;
        s.file(&format!("sqlite_master[{name}]"), r.req(3)?)?;
    }
    Ok(s.schema().without_ids())
}
