//! Migration directories and what is planned over them: `dir.rs` (files, naming, `ebb.sum`),
//! `layout.rs` (other tools' directory layouts and revision tables), `revisions.rs` (the
//! revision table model), `history.rs` (the applied history replayed), `down.rs` and
//! `apply.rs` (the planners that tie replay, diff and plan together), `run.rs` (executing a
//! plan step by step, sans I/O), `reviewed.rs` (a reviewed plan file and its basis).

pub mod dir;
pub mod layout;
pub mod reviewed;
pub mod revisions;
pub mod run;

mod apply;
mod down;
mod history;

pub use apply::{plan_apply, ApplyFile, ApplyPlan, Resume};
pub use dir::{cmp_versions, hash_text, MigrationDir, MigrationFile, SumCheck, SUM_FILE};
pub use down::{
    plan_down, plan_down_with_fills, ColumnFill, DownMode, DownPlan, DownStep, RevertedVersion,
};
pub use history::{
    adopt_identities, partial_hashes, recorded_revision, revisions_up_to, schema_hash, statements,
};
pub use layout::Layout;
pub use revisions::{Revision, RevisionKind};
