//! `phonon help [NAME]`: the registry's functions, or one of them.

use std::process::ExitCode;

use phonon::registry;

pub fn help(name: Option<&str>) -> ExitCode {
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
                for p in f.params {
                    let mut line = format!("  {:<10} {:?}", p.name, p.kind).to_lowercase();
                    if let Some(d) = p.default {
                        line.push_str(&format!(", default {d}"));
                    }
                    if let Some((lo, hi)) = p.range {
                        line.push_str(&format!(", range {lo} .. {hi}"));
                    }
                    println!("{line}");
                }
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
