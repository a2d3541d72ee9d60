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
pub mod check;
pub mod diagnostics;
pub mod lexer;
pub mod parser;
pub mod registry;

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
