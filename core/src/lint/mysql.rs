//! MySQL and MariaDB: changes InnoDB cannot make INSTANT or INPLACE, so the table is copied
//! while writes wait (EL501).

use super::FileCx;
use crate::diff::Change;

/// A longer `varchar` whose length prefix stays as wide (both under 256 bytes or both over,
/// counting 4 bytes a character for utf8mb4) is changed in place; other type changes copy.
fn in_place_type_change(from: &str, to: &str) -> bool {
    let len =
        |t: &str| -> Option<u32> { t.strip_prefix("varchar(")?.strip_suffix(')')?.parse().ok() };
    match (len(from), len(to)) {
        (Some(a), Some(b)) => b >= a && (a * 4 < 256) == (b * 4 < 256),
        _ => false,
    }
}

pub(super) fn copies(cx: &mut FileCx<'_>, ch: &Change, at: (usize, usize)) {
    let why = match ch {
        Change::AlterColumn {
            table, from, to, ..
        } if from.ty != to.ty && !in_place_type_change(&from.ty, &to.ty) => {
            Some(format!("{table}.{} from {} to {}", to.name, from.ty, to.ty))
        }
        Change::AlterColumn {
            table, from, to, ..
        } if from.charset != to.charset || from.collation != to.collation => {
            Some(format!("{table}.{}: another charset or collation", to.name))
        }
        Change::AddPrimaryKey { table, .. } => Some(format!("a new primary key on {table}")),
        Change::DropPrimaryKey { table, .. } => {
            Some(format!("dropping the primary key of {table}"))
        }
        Change::AddColumn { table, column, .. } if column.auto_increment => Some(format!(
            "{table}.{}: a new AUTO_INCREMENT column",
            column.name
        )),
        Change::SetTableOptions { table, from, to }
            if from.engine != to.engine || from.charset != to.charset =>
        {
            Some(format!("{table}: another engine or charset"))
        }
        _ => None,
    };
    if let Some(why) = why {
        cx.push(
            "EL501",
            at,
            format!("{why}: the table is copied while writes to it wait"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::in_place_type_change;

    #[test]
    fn a_varchar_grows_in_place_within_its_length_prefix() {
        assert!(in_place_type_change("varchar(20)", "varchar(60)"));
        assert!(in_place_type_change("varchar(100)", "varchar(255)"));
        assert!(!in_place_type_change("varchar(60)", "varchar(100)"));
        assert!(!in_place_type_change("varchar(60)", "varchar(20)"));
        assert!(!in_place_type_change("int", "bigint"));
    }
}
