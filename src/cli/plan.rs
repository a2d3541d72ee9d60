//! `phonon plan FILE`: the stages, feedback edges and parallel tasks of a program.

use std::process::ExitCode;

use super::load_graph;

pub fn plan(file: &std::path::Path, nodes: bool, tasks: bool) -> ExitCode {
    let Some(mut graph) = load_graph(file) else {
        return ExitCode::FAILURE;
    };
    let plan = phonon::graph::plan(&mut graph);
    print!("{}", plan.describe(&graph, nodes));
    if tasks {
        let library = std::sync::Arc::new(phonon::samples::SampleLibrary::empty(48_000.0));
        match phonon::render::Program::build(&graph, &plan, Default::default(), &library) {
            Ok(program) => print!("{}", program.schedule().describe(128)),
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
