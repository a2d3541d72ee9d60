//! `phonon check FILE...`: parse and check programs, every error at its line and column.

use std::path::PathBuf;
use std::process::ExitCode;

use phonon::lang;

pub fn check(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for file in files {
        let name = file.display().to_string();
        let source = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("{name}: cannot read: {e}");
                failed = true;
                continue;
            }
        };
        // Syntax and names first, then what only compiling the graph finds (a transform
        // with no pattern to apply to, signals where patterns are needed).
        let result = lang::check_program(&source)
            .and_then(|program| phonon::graph::compile(&program).map(|_| ()));
        if let Err(diags) = result {
            eprintln!("{}", lang::render_all(&diags, Some(&name), &source));
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
