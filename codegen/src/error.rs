//! The one error type of the generator: every failure names where it happened.

use std::fmt;
use std::path::{Path, PathBuf};

/// A generation failure, with the file, shape id and member it concerns where known.
#[derive(Debug)]
pub struct Error {
    file: Option<PathBuf>,
    position: Option<(usize, usize)>,
    shape: Option<String>,
    member: Option<String>,
    message: String,
}

impl Error {
    /// An error not tied to any shape (I/O, configuration).
    pub fn msg(message: impl Into<String>) -> Self {
        Self {
            file: None,
            position: None,
            shape: None,
            member: None,
            message: message.into(),
        }
    }

    /// An error about a shape.
    pub fn shape(shape_id: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            shape: Some(shape_id.into()),
            ..Self::msg(message)
        }
    }

    /// An error about a member of a shape.
    pub fn member(
        shape_id: impl Into<String>,
        member: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            member: Some(member.into()),
            ..Self::shape(shape_id, message)
        }
    }

    /// Attaches the model file the error was found in, unless one is already set.
    pub fn in_file(mut self, file: &Path) -> Self {
        self.file.get_or_insert_with(|| file.to_path_buf());
        self
    }

    /// Attaches a line and column within the file.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }

    /// The message without location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The shape id the error concerns, if any.
    pub fn shape_id(&self) -> Option<&str> {
        self.shape.as_deref()
    }

    /// The member name the error concerns, if any.
    pub fn member_name(&self) -> Option<&str> {
        self.member.as_deref()
    }

    /// The model file the error concerns, if any.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some((line, column)) = self.position {
                write!(f, ":{line}:{column}")?;
            }
            f.write_str(": ")?;
        }
        if let Some(shape) = &self.shape {
            write!(f, "shape `{shape}`")?;
            if let Some(member) = &self.member {
                write!(f, ", member `{member}`")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand used throughout the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
