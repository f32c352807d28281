//! How a command fails: one sentence for the user and the exit code that goes with it.

/// Exit code for a check, statement, lock or verification that failed at run time.
pub const RUN: u8 = 1;
/// Exit code for bad usage or input: URL, directory, SQL, version.
pub const INPUT: u8 = 2;

/// A failed command.
#[derive(Debug)]
pub struct Failure {
    /// Exit code.
    pub code: u8,
    /// What went wrong, for the user.
    pub message: String,
}

impl Failure {
    /// Bad usage or input (exit 2).
    pub fn input(message: impl Into<String>) -> Failure {
        Failure {
            code: INPUT,
            message: message.into(),
        }
    }
    /// Something failed while running (exit 1).
    pub fn run(message: impl Into<String>) -> Failure {
        Failure {
            code: RUN,
            message: message.into(),
        }
    }
}

impl From<ebb_core::Error> for Failure {
    fn from(e: ebb_core::Error) -> Failure {
        Failure::input(e.to_string())
    }
}
