//! The `phonon` commands, one file each; `main.rs` parses the command line and calls them.

pub mod bench;
pub mod check;
pub mod help;
pub mod plan;
pub mod query;
pub mod render;

use phonon::lang;

/// Reads, checks and compiles a program file; errors are printed with their positions.
pub fn load_graph(file: &std::path::Path) -> Option<phonon::graph::Graph> {
    let name = file.display().to_string();
    let source = match std::fs::read(file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("{name}: cannot read: {e}");
            return None;
        }
    };
    let program = match lang::check_program(&source) {
        Ok(p) => p,
        Err(diags) => {
            eprintln!("{}", lang::render_all(&diags, Some(&name), &source));
            return None;
        }
    };
    match phonon::graph::compile(&program) {
        Ok(g) => Some(g),
        Err(diags) => {
            eprintln!("{}", lang::render_all(&diags, Some(&name), &source));
            None
        }
    }
}
