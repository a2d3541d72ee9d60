//! `phonon render FILE OUT.wav`: load a program with its samples and render it to WAV.

use std::path::PathBuf;
use std::process::ExitCode;

use super::load_graph;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ParallelArg {
    Auto,
    Always,
    Never,
}

impl ParallelArg {
    pub fn mode(self) -> phonon::render::ParallelMode {
        match self {
            ParallelArg::Auto => phonon::render::ParallelMode::Auto,
            ParallelArg::Always => phonon::render::ParallelMode::Always,
            ParallelArg::Never => phonon::render::ParallelMode::Never,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    F32,
    I24,
    I16,
}

pub struct RenderArgs {
    pub file: PathBuf,
    pub out: PathBuf,
    pub duration: Option<f64>,
    pub cycles: Option<f64>,
    pub sample_rate: u32,
    pub block: usize,
    pub tempo: Option<f64>,
    pub samples: Vec<PathBuf>,
    pub stems: Option<PathBuf>,
    pub orbit_outputs: bool,
    pub midi: Option<PathBuf>,
    pub threads: Option<usize>,
    pub parallel: ParallelArg,
    pub format: Format,
}

/// Loads a program and everything it needs into a renderable `Program`.
pub fn load_program(
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

pub fn render(a: &RenderArgs) -> ExitCode {
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
    program.set_orbit_outputs(a.orbit_outputs);
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
    if stats.safety.limited > 0 {
        eprintln!(
            "  safety stage: {} samples above 0 dBFS limited (loudest {:+.1} dBFS), none left above 2.0 (+6.02 dBFS)",
            stats.safety.limited,
            20.0 * (stats.safety.worst_peak.max(1e-9) as f64).log10()
        );
    }
    ExitCode::SUCCESS
}

pub fn write_wav(
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
