//! Migration directories: file naming and ordering, `ebb.sum` integrity, statement splitting,
//! the revision table model, and the down/apply planners that tie replay, diff and plan together.

pub mod split;
