//! Print the computed down plan of a migration directory, as if every file were applied.
//! `cargo run -p ebb-core --example down -- <dialect> <dir> <target-version>`

use ebb_core::migrate::{plan_down, revisions_up_to, DownMode, MigrationDir};
use std::io::Write as _;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dialect), Some(dir), Some(target)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: down <postgres|mysql|sqlite> <dir> <target-version>");
        std::process::exit(2);
    };
    let run = || -> Result<String, String> {
        let d: ebb_core::Dialect = dialect
            .parse()
            .map_err(|e: ebb_core::Error| e.to_string())?;
        let mut files = Vec::new();
        for e in std::fs::read_dir(dir).map_err(|e| format!("{dir}: {e}"))? {
            let p = e.map_err(|e| e.to_string())?.path();
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            files.push((
                name,
                std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?,
            ));
        }
        let md = MigrationDir::from_files(files).map_err(|e| e.to_string())?;
        let last = md.files.last().ok_or("no migration files")?.version.clone();
        let revs = revisions_up_to(d, &md, &last, None);
        let plan = plan_down(d, &md, &revs, None, target, DownMode::UndoFiles)
            .map_err(|e| e.to_string())?;
        let mut out = String::new();
        for w in &plan.warnings {
            out.push_str(&format!(
                "warning {}: {}:{}: {}\n",
                w.code, w.file, w.line, w.message
            ));
        }
        out.push_str(&plan.to_sql());
        Ok(out)
    };
    match run() {
        Ok(s) => {
            let _ = std::io::stdout().write_all(s.as_bytes());
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
