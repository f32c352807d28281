//! ebb-core: the pure heart of ebb. It models schemas, replays migration files into them,
//! diffs two schemas with identity (so renames revert as renames), and plans the statements and
//! data-loss checks that take a database from one schema to another. It performs no I/O and
//! has no async: surfaces (CLI, Python, WASM) read files, run queries and execute plans.

pub mod checks;
pub mod dialect;
pub mod diff;
pub mod error;
pub mod inspect;
pub mod lint;
pub mod migrate;
pub mod normalize;
pub mod plan;
pub mod replay;
pub mod schema;
pub mod sql;
pub mod undo;

pub use dialect::Dialect;
pub use error::{Error, Result};
pub use schema::Schema;
