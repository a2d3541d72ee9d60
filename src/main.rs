//! The `phonon` command line: check programs, query patterns, list functions.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use phonon::lang::{self, registry};
use phonon::pattern::eval::eval_pattern;
use phonon::pattern::hap::{haps_to_json, sort_haps};
use phonon::pattern::{Hap, Time, Value};

#[derive(Parser)]
#[command(
    name = "phonon",
    version,
    disable_help_subcommand = true,
    about = "Phonon: a live-coding instrument (patterns driving a signal graph)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and validate programs; print every diagnostic, exit 1 if any.
    Check {
        /// Program files (.ph).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the events of a pattern expression between two cycle positions.
    Query {
        /// A pattern expression, e.g. '"bd*2 [sn cp]" $ every 3 (fast 2)'.
        expr: String,
        /// Start of the span, a rational in cycles ("0", "1/3", "-1/2").
        #[arg(long, default_value = "0", allow_hyphen_values = true)]
        from: String,
        /// End of the span.
        #[arg(long, default_value = "1", allow_hyphen_values = true)]
        to: String,
        /// Print one JSON array of events instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print the execution plan of a program: stages of buses and outputs, then the
    /// feedback edges broken with a delay.
    Plan {
        /// Program file (.ph).
        file: PathBuf,
        /// Show individual nodes instead of statements.
        #[arg(long)]
        nodes: bool,
    },
    /// List functions and transforms, or describe one.
    Help {
        /// A function name, e.g. `lpf` or `every`.
        name: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { files } => check(&files),
        Command::Query {
            expr,
            from,
            to,
            json,
        } => query(&expr, &from, &to, json),
        Command::Plan { file, nodes } => plan(&file, nodes),
        Command::Help { name } => help(name.as_deref()),
    }
}

fn check(files: &[PathBuf]) -> ExitCode {
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
        if let Err(diags) = lang::check_program(&source) {
            eprint!("{}", lang::render_all(&diags, Some(&name), &source));
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads, checks and compiles a program file, printing diagnostics on failure.
fn load_graph(file: &std::path::Path) -> Option<phonon::graph::Graph> {
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
            eprint!("{}", lang::render_all(&diags, Some(&name), &source));
            return None;
        }
    };
    match phonon::graph::compile(&program) {
        Ok(g) => Some(g),
        Err(diags) => {
            eprint!("{}", lang::render_all(&diags, Some(&name), &source));
            None
        }
    }
}

fn plan(file: &std::path::Path, nodes: bool) -> ExitCode {
    let Some(mut graph) = load_graph(file) else {
        return ExitCode::FAILURE;
    };
    let plan = phonon::graph::plan(&mut graph);
    print!("{}", plan.describe(&graph, nodes));
    ExitCode::SUCCESS
}

fn parse_time(label: &str, text: &str) -> Result<Time, String> {
    Time::parse(text).ok_or_else(|| {
        format!("--{label}: '{text}' is not a number or fraction (try 0, 1/3, -1/2)")
    })
}

fn query(source: &str, from: &str, to: &str, json: bool) -> ExitCode {
    let (from, to) = match (parse_time("from", from), parse_time("to", to)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if to < from {
        eprintln!("error: --to ({to}) is before --from ({from})");
        return ExitCode::FAILURE;
    }
    let expr = match lang::check_expr(source) {
        Ok(e) => e,
        Err(diags) => {
            eprint!("{}", lang::render_all(&diags, None, source));
            return ExitCode::FAILURE;
        }
    };
    let pattern = match eval_pattern(&expr) {
        Ok(p) => p,
        Err(d) => {
            eprint!("{}", d.render(None, source));
            return ExitCode::FAILURE;
        }
    };
    let mut haps = pattern.query_span(from, to);
    sort_haps(&mut haps);
    if json {
        println!("{}", haps_to_json(&haps));
    } else {
        for h in &haps {
            println!("{}", describe(h));
        }
    }
    ExitCode::SUCCESS
}

/// One readable line: `(0/1 → 1/2) bd` for a whole event, with the whole shown
/// beside fragments: `0/1 → (1/4 → 1/2) ⇜ 1/1 sn`.
fn describe(h: &Hap<Value>) -> String {
    let span = match h.whole {
        None => format!("~{} → {}~", h.part.begin, h.part.end),
        Some(w) if w == h.part => format!("({} → {})", w.begin, w.end),
        Some(w) => {
            let left = if w.begin < h.part.begin {
                format!("{} ⇜ ", w.begin)
            } else {
                String::new()
            };
            let right = if w.end > h.part.end {
                format!(" ⇝ {}", w.end)
            } else {
                String::new()
            };
            format!("{left}({} → {}){right}", h.part.begin, h.part.end)
        }
    };
    format!("{span} | {}", h.value)
}

fn help(name: Option<&str>) -> ExitCode {
    match name {
        None => {
            let mut by_category: Vec<_> = registry::all().iter().collect();
            by_category.sort_by_key(|f| (format!("{:?}", f.category), f.name));
            let mut current = String::new();
            for f in by_category {
                let cat = format!("{:?}", f.category);
                if cat != current {
                    println!("\n{cat}:");
                    current = cat;
                }
                println!("  {:<14} {}", f.name, f.doc);
            }
            ExitCode::SUCCESS
        }
        Some(n) => match registry::lookup(n) {
            Some(f) => {
                println!("{} {}", f.name, f.param_list());
                println!("  {}", f.doc);
                if !f.aliases.is_empty() {
                    println!("  also: {}", f.aliases.join(", "));
                }
                ExitCode::SUCCESS
            }
            None => {
                let hint = registry::suggest(n)
                    .map(|s| format!(" (did you mean '{s}'?)"))
                    .unwrap_or_default();
                eprintln!("unknown function '{n}'{hint}");
                ExitCode::FAILURE
            }
        },
    }
}
