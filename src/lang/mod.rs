//! The language front end: source text to a checked syntax tree with spans and diagnostics.
//!
//! - [`parse`]: syntax only, every statement with a syntax error reported.
//! - [`check_program`]: parse plus every semantic check (names, arguments, buses,
//!   mini-notation, output present).
//! - [`parse_expr`] / [`check_expr`]: the same for a single expression (`phonon query`).
//!
//! Errors come back as [`Diagnostic`]s sorted by position; render them with
//! [`Diagnostic::render`] or [`render_all`].

pub mod ast;
pub mod bind;
pub mod check;
pub mod diagnostics;
pub mod eval;
pub mod lexer;
pub mod parser;
pub mod print;

pub use ast::{Expr, Program, Span};
pub use diagnostics::{line_col, render_all, Diagnostic, Severity};

fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    diags
}

/// Parses a program (syntax only). Several independent syntax errors are reported:
/// parsing recovers at the next statement line.
pub fn parse(source: &str) -> Result<Program, Vec<Diagnostic>> {
    parser::parse_program(source).map_err(sorted)
}

/// Parses a single expression (for `phonon query`).
pub fn parse_expr(source: &str) -> Result<Expr, Vec<Diagnostic>> {
    parser::parse_expression(source)
}

/// Parses and checks a program: every syntax and semantic error, sorted by position.
/// Statements that parse are checked even when others have syntax errors.
pub fn check_program(source: &str) -> Result<Program, Vec<Diagnostic>> {
    let parsed = parser::parse_program_recovering(source);
    let mut diags = parsed.errors;
    diags.extend(check::check_program(
        &parsed.program,
        &parsed.failed_buses,
        !parsed.failed_output,
    ));
    if diags.is_empty() {
        Ok(parsed.program)
    } else {
        Err(sorted(diags))
    }
}

/// Parses and checks a single expression: names, argument counts and kinds,
/// mini-notation. No output is required; any bus reference is an error.
pub fn check_expr(source: &str) -> Result<Expr, Vec<Diagnostic>> {
    let expr = parse_expr(source)?;
    let diags = check::check_expression(&expr);
    if diags.is_empty() {
        Ok(expr)
    } else {
        Err(sorted(diags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = "tempo: 0.5 -- cps\n~lfo: sine 0.25\n~bass: saw \"55 82.5 110\" # lpf (~lfo * 2000 + 2500) 0.8\n~drums $ s \"[bd*4, hh*8, ~ sn ~ sn]\" $ every 4 rev\no1: ~bass * 0.3\no2: ~drums\nout: ~bass * 0.2 + ~drums * 0.8\n";

    fn exercise(src: &str) {
        let _ = parse(src);
        let _ = check_expr(src);
        if let Err(ds) = check_program(src) {
            assert!(!ds.is_empty());
            let _ = render_all(&ds, Some("x.ph"), src);
        }
    }

    #[test]
    fn the_example_checks_clean() {
        let p = check_program(EXAMPLE).expect("clean");
        assert_eq!(p.statements.len(), 7);
    }

    #[test]
    fn random_bytes_and_truncations_never_panic() {
        for i in 0..=EXAMPLE.len() {
            exercise(&EXAMPLE[..i]);
            exercise(&EXAMPLE[i..]);
        }
        // a small xorshift generator: random bytes biased towards the language's characters
        let alphabet = b"~:$#()[],+-*/|<>\"\n \t.0123456789abcdefsqlpr_'?e";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut bytes = Vec::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 60) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let b = if state.is_multiple_of(8) {
                    (state >> 8) as u8
                } else {
                    alphabet[((state >> 8) % alphabet.len() as u64) as usize]
                };
                bytes.push(b);
            }
            exercise(&String::from_utf8_lossy(&bytes));
        }
    }
}
