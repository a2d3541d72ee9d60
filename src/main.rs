//! The `phonon` command line: check programs, query patterns, list functions.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

use cli::bench::bench;
use cli::check::check;
use cli::help::help;
use cli::plan::plan;
use cli::query::query;
use cli::render::{render, Format, ParallelArg, RenderArgs};

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
    /// Render a program to a WAV file.
    Render {
        /// Program file (.ph).
        file: PathBuf,
        /// Output WAV file.
        out: PathBuf,
        /// Length in seconds (default: 8 cycles).
        #[arg(long, conflicts_with = "cycles")]
        duration: Option<f64>,
        /// Length in cycles.
        #[arg(long)]
        cycles: Option<f64>,
        #[arg(long, default_value_t = 48_000)]
        sample_rate: u32,
        /// Samples per processing block.
        #[arg(long, default_value_t = 512)]
        block: usize,
        /// Tempo in beats per minute (4 beats per cycle); overrides the program's tempo.
        #[arg(long, conflicts_with = "cps")]
        bpm: Option<f64>,
        /// Tempo in cycles per second; overrides the program's tempo.
        #[arg(long)]
        cps: Option<f64>,
        /// Extra sample folder (Dirt-Samples layout); repeatable.
        #[arg(long = "samples")]
        samples: Vec<PathBuf>,
        /// Also write one WAV per numbered output (o1..o8) into this folder.
        #[arg(long)]
        stems: Option<PathBuf>,
        /// Numbered outputs carry the orbits instead of the statements: o1 orbit 0, o2
        /// orbit 1 ... (SuperDirt's orbits on their own channels).
        #[arg(long)]
        orbit_outputs: bool,
        /// Play a standard MIDI file into the program (`~midi` voices, `~midi_freq`...).
        #[arg(long)]
        midi: Option<PathBuf>,
        /// Threads rendering (the calling thread plus N-1 workers); default: the cores.
        #[arg(long)]
        threads: Option<usize>,
        /// With several threads: decide per chunk (auto), or always / never use the workers.
        #[arg(long, value_enum, default_value_t = ParallelArg::Auto)]
        parallel: ParallelArg,
        /// Sample format of the WAV files.
        #[arg(long, value_enum, default_value_t = Format::F32)]
        format: Format,
    },
    /// Render offline and report the time per block.
    Bench {
        /// Program file (.ph).
        file: PathBuf,
        #[arg(long, default_value_t = 128)]
        block: usize,
        /// Seconds of audio to render.
        #[arg(long, default_value_t = 60.0)]
        seconds: f64,
        #[arg(long, default_value_t = 48_000)]
        sample_rate: u32,
        /// Extra sample folder; repeatable.
        #[arg(long = "samples")]
        samples: Vec<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Threads rendering (the calling thread plus N-1 workers); default 1.
        #[arg(long, default_value_t = 1)]
        threads: usize,
        /// Feed blocks at the real-time rate (as an audio callback would) instead of back to back.
        #[arg(long)]
        paced: bool,
        /// With several threads: decide per chunk (auto), or always / never use the workers.
        #[arg(long, value_enum, default_value_t = ParallelArg::Auto)]
        parallel: ParallelArg,
    },
    /// Write the bundled drum kit (synthesised) into a folder.
    Kit {
        /// Destination folder, e.g. assets/samples.
        dir: PathBuf,
    },
    /// Print the execution plan of a program: stages of buses and outputs, then the
    /// feedback edges broken with a delay.
    Plan {
        /// Program file (.ph).
        file: PathBuf,
        /// Show individual nodes instead of statements.
        #[arg(long)]
        nodes: bool,
        /// Show the tasks of parallel rendering (fused statements) and their estimated costs.
        #[arg(long)]
        tasks: bool,
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
        Command::Plan { file, nodes, tasks } => plan(&file, nodes, tasks),
        Command::Render {
            file,
            out,
            duration,
            cycles,
            sample_rate,
            block,
            bpm,
            cps,
            samples,
            stems,
            orbit_outputs,
            midi,
            threads,
            parallel,
            format,
        } => {
            let tempo = cps.or(bpm.map(|b| b / 240.0));
            render(&RenderArgs {
                file,
                out,
                duration,
                cycles,
                sample_rate,
                block,
                tempo,
                samples,
                stems,
                orbit_outputs,
                midi,
                threads,
                parallel,
                format,
            })
        }
        Command::Bench {
            file,
            block,
            seconds,
            sample_rate,
            samples,
            json,
            threads,
            paced,
            parallel,
        } => bench(
            &file,
            block,
            seconds,
            sample_rate,
            &samples,
            json,
            threads,
            paced,
            parallel,
        ),
        Command::Kit { dir } => match phonon::kit::write_kit(&dir, 44_100) {
            Ok(n) => {
                println!("wrote {n} samples to {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Help { name } => help(name.as_deref()),
    }
}
