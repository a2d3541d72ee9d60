//! Mini-notation (the language inside `"..."`).

/// A mini-notation syntax error at a byte offset of the string's content.
#[derive(Clone, Debug, PartialEq)]
pub struct MiniError {
    pub offset: usize,
    pub message: String,
}

/// Checks that `text` is valid mini-notation.
pub fn validate(_text: &str) -> Result<(), MiniError> {
    Ok(())
}
