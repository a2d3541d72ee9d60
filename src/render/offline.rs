//! Offline rendering and benchmarking: the CLI's `render` and `bench`, and the tests.
//! Events are prepared before each block (outside the timed, allocation-free part).

use std::time::Instant;

use super::{NoteEvent, Outputs, Program, NUMBERED_OUTPUTS};

/// Rendered stereo audio: main and the numbered outputs the program uses.
pub struct Rendered {
    pub main: [Vec<f32>; 2],
    /// `o1`..`o8`: `Some` for outputs the program defines.
    pub numbered: [Option<[Vec<f32>; 2]>; NUMBERED_OUTPUTS],
}

/// Renders `frames` samples in blocks of `block`, calling `progress` with the fraction done.
pub fn render(
    program: &mut Program,
    frames: usize,
    block: usize,
    progress: impl FnMut(f64),
) -> Rendered {
    render_with_midi(program, frames, block, &[], progress)
}

/// Like [`render`], playing MIDI notes given as (absolute sample, note), sorted by sample.
pub fn render_with_midi(
    program: &mut Program,
    frames: usize,
    block: usize,
    notes: &[(u64, NoteEvent)],
    mut progress: impl FnMut(f64),
) -> Rendered {
    let block = block.max(1);
    let used = program.numbered_outputs();
    let mut main = [vec![0.0f32; frames], vec![0.0f32; frames]];
    let mut numbered: [Option<[Vec<f32>; 2]>; NUMBERED_OUTPUTS] = Default::default();
    for (k, slot) in numbered.iter_mut().enumerate() {
        if used[k] {
            *slot = Some([vec![0.0; frames], vec![0.0; frames]]);
        }
    }
    let mut done = 0;
    let mut next_note = 0;
    let mut block_notes: Vec<NoteEvent> = Vec::new();
    while done < frames {
        let n = block.min(frames - done);
        program.prepare(n);
        block_notes.clear();
        while next_note < notes.len() && notes[next_note].0 < (done + n) as u64 {
            let (at, note) = notes[next_note];
            block_notes.push(NoteEvent {
                offset: (at.saturating_sub(done as u64)) as usize,
                ..note
            });
            next_note += 1;
        }
        {
            let [ml, mr] = &mut main;
            let mut outs = Outputs {
                main: [&mut ml[done..done + n], &mut mr[done..done + n]],
                numbered: Default::default(),
            };
            for (k, slot) in numbered.iter_mut().enumerate() {
                if let Some([l, r]) = slot {
                    outs.numbered[k] = Some([&mut l[done..done + n], &mut r[done..done + n]]);
                }
            }
            program.process_midi(&mut outs, n, &block_notes);
        }
        done += n;
        progress(done as f64 / frames as f64);
    }
    Rendered { main, numbered }
}

/// Timing of a benchmark run.
#[derive(Clone, Debug)]
pub struct BenchReport {
    pub block: usize,
    pub blocks: usize,
    /// Microseconds per block: median, 99th percentile, maximum.
    pub p50_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
    /// Seconds of audio rendered per second of wall time.
    pub realtime_factor: f64,
    pub ns_per_node_sample: f64,
    pub nodes: usize,
}

/// Renders `seconds` of audio, timing every `process` call: back to back, or `paced` at
/// the real-time rate as an audio callback would be called (idle time between blocks is
/// when workers park, so paced worst cases are the ones a DAW sees).
pub fn bench(program: &mut Program, block: usize, seconds: f64, paced: bool) -> BenchReport {
    let block = block.max(1);
    let rate = program.sample_rate() as f64;
    let blocks = ((seconds * rate) / block as f64).ceil().max(1.0) as usize;
    let mut l = vec![0.0f32; block];
    let mut r = vec![0.0f32; block];
    let mut times = Vec::with_capacity(blocks);
    let period = std::time::Duration::from_secs_f64(block as f64 / rate);
    let start = Instant::now();
    for b in 0..blocks {
        if paced {
            let due = start + period * b as u32;
            while Instant::now() < due {
                std::thread::sleep(
                    std::time::Duration::from_micros(200)
                        .min(due.saturating_duration_since(Instant::now())),
                );
            }
        }
        program.prepare(block);
        let mut outs = Outputs {
            main: [&mut l, &mut r],
            numbered: Default::default(),
        };
        let t = Instant::now();
        program.process(&mut outs, block);
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let total_us: f64 = times.iter().sum();
    times.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let audio_secs = (blocks * block) as f64 / rate;
    let nodes = program.node_count();
    BenchReport {
        block,
        blocks,
        p50_us: pick(0.5),
        p99_us: pick(0.99),
        max_us: times.last().copied().unwrap_or(0.0),
        realtime_factor: audio_secs / (total_us / 1e6),
        ns_per_node_sample: total_us * 1e3 / (nodes.max(1) * blocks * block) as f64,
        nodes,
    }
}
