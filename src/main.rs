//! The `phonon` command line: check programs, query patterns, list functions.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use phonon::lang;
use phonon::lang::eval::eval_pattern;
use phonon::pattern::hap::{haps_to_json, sort_haps};
use phonon::pattern::{Hap, Time, Value};
use phonon::registry;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ParallelArg {
    Auto,
    Always,
    Never,
}

impl ParallelArg {
    fn mode(self) -> phonon::render::ParallelMode {
        match self {
            ParallelArg::Auto => phonon::render::ParallelMode::Auto,
            ParallelArg::Always => phonon::render::ParallelMode::Always,
            ParallelArg::Never => phonon::render::ParallelMode::Never,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    F32,
    I24,
    I16,
}

struct RenderArgs {
    file: PathBuf,
    out: PathBuf,
    duration: Option<f64>,
    cycles: Option<f64>,
    sample_rate: u32,
    block: usize,
    tempo: Option<f64>,
    samples: Vec<PathBuf>,
    stems: Option<PathBuf>,
    midi: Option<PathBuf>,
    threads: Option<usize>,
    parallel: ParallelArg,
    format: Format,
}

/// Loads a program and everything it needs into a renderable `Program`.
fn load_program(
    file: &std::path::Path,
    sample_rate: u32,
    tempo: Option<f64>,
    extra_samples: &[PathBuf],
) -> Option<phonon::render::Program> {
    let mut graph = load_graph(file)?;
    if let Some(cps) = tempo {
        graph.cps = Some(cps);
    }
    let plan = phonon::graph::plan(&mut graph);
    let mut dirs: Vec<PathBuf> = extra_samples.to_vec();
    dirs.extend(phonon::samples::default_dirs());
    let (library, warnings) = phonon::samples::SampleLibrary::load(&dirs, sample_rate as f32);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let names = phonon::render::sample_names(&graph);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    if let Some(report) = library.missing_report(&refs) {
        eprintln!("warning: {report}");
    }
    let config = phonon::render::RenderConfig {
        sample_rate: sample_rate as f32,
        ..Default::default()
    };
    match phonon::render::Program::build(&graph, &plan, config, &std::sync::Arc::new(library)) {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            None
        }
    }
}

fn render(a: &RenderArgs) -> ExitCode {
    let Some(mut program) = load_program(&a.file, a.sample_rate, a.tempo, &a.samples) else {
        return ExitCode::FAILURE;
    };
    let threads = a
        .threads
        .unwrap_or_else(|| phonon::render::pool::WorkerPool::default_workers() + 1)
        .max(1);
    if threads > 1 {
        program.attach_pool(std::sync::Arc::new(phonon::render::pool::WorkerPool::new(
            threads - 1,
        )));
    }
    program.set_parallel_mode(a.parallel.mode());
    let rate = a.sample_rate as f64;
    let seconds = match (a.duration, a.cycles) {
        (Some(d), _) => d,
        (None, Some(c)) => c / program.cps(),
        (None, None) => 8.0 / program.cps(),
    };
    if !(seconds.is_finite() && seconds > 0.0 && seconds < 24.0 * 3600.0) {
        eprintln!("error: the length must be between 0 and 24 hours (got {seconds} s)");
        return ExitCode::FAILURE;
    }
    let frames = (seconds * rate).round() as usize;
    let notes = match &a.midi {
        None => Vec::new(),
        Some(path) => match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| phonon::midi::read_midi_file(&b).map_err(|e| e.to_string()))
        {
            Ok(notes) => notes
                .iter()
                .map(|n| {
                    let at = (n.time_secs * rate).round().max(0.0) as u64;
                    let note = phonon::render::NoteEvent {
                        offset: 0,
                        key: n.key,
                        velocity: n.velocity,
                        on: n.on,
                    };
                    (at, note)
                })
                .collect(),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
    };
    let bar = indicatif::ProgressBar::new(1000);
    if seconds < 20.0 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let started = std::time::Instant::now();
    let rendered =
        phonon::render::offline::render_with_midi(&mut program, frames, a.block, &notes, |f| {
            bar.set_position((f * 1000.0) as u64)
        });
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    if let Err(e) = write_wav(&a.out, &rendered.main, a.sample_rate, a.format) {
        eprintln!("error: cannot write {}: {e}", a.out.display());
        return ExitCode::FAILURE;
    }
    if let Some(dir) = &a.stems {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("error: cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        for (k, stem) in rendered.numbered.iter().enumerate() {
            if let Some(stem) = stem {
                let path = dir.join(format!("o{}.wav", k + 1));
                if let Err(e) = write_wav(&path, stem, a.sample_rate, a.format) {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let stats = program.stats();
    eprintln!(
        "{}: {:.2} s, {} Hz, {} cycles at {} cps",
        a.out.display(),
        seconds,
        a.sample_rate,
        seconds * program.cps(),
        program.cps()
    );
    let describe = |name: &str, ch: &[Vec<f32>; 2]| {
        let peak = ch.iter().flatten().fold(0.0f32, |m, x| m.max(x.abs()));
        let n = (ch[0].len() * 2).max(1) as f64;
        let rms = (ch
            .iter()
            .flatten()
            .map(|x| (*x as f64).powi(2))
            .sum::<f64>()
            / n)
            .sqrt();
        let clipped = ch.iter().flatten().filter(|x| x.abs() > 1.0).count();
        eprintln!(
            "  {name:<5} peak {:>7.2} dBFS  rms {:>7.2} dBFS  clipped {clipped}",
            20.0 * (peak.max(1e-9) as f64).log10(),
            20.0 * rms.max(1e-9).log10()
        );
    };
    describe("main", &rendered.main);
    for (k, stem) in rendered.numbered.iter().enumerate() {
        if let Some(stem) = stem {
            describe(&format!("o{}", k + 1), stem);
        }
    }
    eprintln!(
        "  NaNs replaced {}, events dropped {}, late blocks {}; rendered at {:.1}x real time",
        stats.nans_replaced,
        stats.event_overflow,
        stats.late_events,
        seconds / elapsed.max(1e-9)
    );
    ExitCode::SUCCESS
}

fn write_wav(
    path: &std::path::Path,
    ch: &[Vec<f32>; 2],
    rate: u32,
    format: Format,
) -> Result<(), hound::Error> {
    let (bits, float) = match format {
        Format::F32 => (32, true),
        Format::I24 => (24, false),
        Format::I16 => (16, false),
    };
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format: if float {
            hound::SampleFormat::Float
        } else {
            hound::SampleFormat::Int
        },
    };
    let mut w = hound::WavWriter::create(path, spec)?;
    let scale = ((1i64 << (bits - 1)) - 1) as f32;
    for i in 0..ch[0].len() {
        for c in ch {
            if float {
                w.write_sample(c[i])?;
            } else {
                w.write_sample((c[i].clamp(-1.0, 1.0) * scale).round() as i32)?;
            }
        }
    }
    w.finalize()
}

#[allow(clippy::too_many_arguments)]
fn bench(
    file: &std::path::Path,
    block: usize,
    seconds: f64,
    rate: u32,
    samples: &[PathBuf],
    json: bool,
    threads: usize,
    paced: bool,
    parallel: ParallelArg,
) -> ExitCode {
    let Some(mut program) = load_program(file, rate, None, samples) else {
        return ExitCode::FAILURE;
    };
    let threads = threads.max(1);
    let pool = (threads > 1)
        .then(|| std::sync::Arc::new(phonon::render::pool::WorkerPool::new(threads - 1)));
    if let Some(pool) = &pool {
        program.attach_pool(pool.clone());
    }
    program.set_parallel_mode(parallel.mode());
    let r = phonon::render::offline::bench(&mut program, block, seconds, paced);
    if json {
        println!(
            "{{\"us_per_block_p50\":{:.3},\"us_per_block_p99\":{:.3},\"us_per_block_max\":{:.3},\"realtime_factor\":{:.2},\"ns_per_node_sample\":{:.3},\"nodes\":{},\"block\":{},\"threads\":{},\"paced\":{},\"parallel_chunks\":{}}}",
            r.p50_us, r.p99_us, r.max_us, r.realtime_factor, r.ns_per_node_sample, r.nodes, r.block, threads, paced, program.parallel_chunks()
        );
    } else {
        println!(
            "{}: {} blocks of {} samples, {} nodes, {} thread{}{}",
            file.display(),
            r.blocks,
            r.block,
            r.nodes,
            threads,
            if threads == 1 { "" } else { "s" },
            if paced { ", paced at real time" } else { "" }
        );
        println!(
            "  µs per block: median {:.2}, p99 {:.2}, max {:.2}",
            r.p50_us, r.p99_us, r.max_us
        );
        println!(
            "  {:.1}x real time, {:.3} ns per node-sample",
            r.realtime_factor, r.ns_per_node_sample
        );
        if let Some(pool) = &pool {
            let (workers, caller) = pool.task_counts();
            println!(
                "  chunks rendered in parallel: {}; tasks run by workers {workers}, by the calling thread {caller}",
                program.parallel_chunks()
            );
        }
    }
    ExitCode::SUCCESS
}

fn plan(file: &std::path::Path, nodes: bool, tasks: bool) -> ExitCode {
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
            eprintln!("{}", lang::render_all(&diags, None, source));
            return ExitCode::FAILURE;
        }
    };
    let pattern = match eval_pattern(&expr) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{}", d.render(None, source));
            return ExitCode::FAILURE;
        }
    };
    let mut haps = pattern.query_span(from, to);
    if phonon::pattern::budget::exceeded() {
        let d =
            lang::diagnostics::Diagnostic::error(expr.span, phonon::pattern::budget::too_dense());
        eprintln!("{}", d.render(None, source));
        return ExitCode::FAILURE;
    }
    sort_haps(&mut haps);
    // Write errors (a closed pipe, as in `phonon query ... | head`) end the output quietly.
    let mut out = std::io::stdout().lock();
    if json {
        let _ = writeln!(out, "{}", haps_to_json(&haps));
    } else {
        for h in &haps {
            if writeln!(out, "{}", describe(h)).is_err() {
                break;
            }
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
