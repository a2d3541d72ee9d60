//! Sample playback: one voice of a sample player, from its start (begin, end, speed,
//! reversed when negative) to its end, with linear interpolation between frames, an attack
//! ramp, and a release after its hold time or before the sample's end. The sampler node
//! (`render/nodes.rs`) reads each event's controls and starts voices; this is the DSP.
//! Rendering never allocates, locks or panics.

use std::sync::Arc;

use crate::samples::Sample;

/// How a voice starts: what part of the sample, how fast, how loud, and its envelope.
#[derive(Clone, Copy, Debug)]
pub struct SampleStart {
    /// The part played, as fractions 0..1 of the sample.
    pub begin: f64,
    pub end: f64,
    /// Frames per output frame (negative: reversed).
    pub speed: f64,
    /// Left and right gains (gain and pan).
    pub gains: (f32, f32),
    /// Output frames before the voice starts (its onset inside the block).
    pub delay: usize,
    /// Attack and release lengths in output frames.
    pub attack: f32,
    pub release: f32,
    /// Output frames until the release starts (infinite: plays to the end).
    pub hold: f32,
}

/// One playing sample.
#[derive(Clone)]
pub struct SampleVoice {
    pub(crate) sample: Option<Arc<Sample>>,
    /// Position in the sample, in its frames.
    pub(crate) pos: f64,
    pub(crate) step: f64,
    pub(crate) end: f64,
    pub(crate) gain_l: f32,
    pub(crate) gain_r: f32,
    /// Samples left before the voice starts (onset inside a block).
    pub(crate) delay: usize,
    pub(crate) age: u64,
    pub(crate) cut: i64,
    /// Attack and release lengths in frames of output.
    pub(crate) attack: f32,
    pub(crate) release: f32,
    pub(crate) played: f32,
    /// Output frames until release starts (legato), or infinite.
    pub(crate) hold: f32,
}

impl SampleVoice {
    /// A voice that plays nothing.
    pub fn idle() -> SampleVoice {
        SampleVoice {
            sample: None,
            pos: 0.0,
            step: 1.0,
            end: 0.0,
            gain_l: 0.0,
            gain_r: 0.0,
            delay: 0,
            age: 0,
            cut: 0,
            attack: 0.0,
            release: 0.0,
            played: 0.0,
            hold: f32::INFINITY,
        }
    }

    /// A voice playing `sample` as `how` says; `age` orders voices for stealing, `cut`
    /// its choke group.
    pub fn start(sample: Arc<Sample>, how: SampleStart, age: u64, cut: i64) -> SampleVoice {
        let frames = sample.len() as f64;
        let reverse = how.speed < 0.0;
        let (start, stop) = (how.begin * frames, how.end * frames);
        SampleVoice {
            sample: Some(sample),
            pos: if reverse { stop - 1.0 } else { start },
            step: how.speed,
            end: if reverse { start } else { stop },
            gain_l: how.gains.0,
            gain_r: how.gains.1,
            delay: how.delay,
            age,
            cut,
            attack: how.attack,
            release: how.release,
            played: 0.0,
            hold: how.hold,
        }
    }

    /// Adds the voice's output to the block, linear interpolation between frames.
    pub fn render(&mut self, left: &mut [f32], right: &mut [f32]) {
        let v = self;
        let Some(sample) = v.sample.clone() else {
            return;
        };
        let frames_l = &sample.left;
        let frames_r = sample.right.as_deref().unwrap_or(frames_l);
        let n = frames_l.len();
        let start = v.delay.min(left.len());
        v.delay -= start;
        let mut finished = false;
        for i in start..left.len() {
            let pos = v.pos;
            let done = if v.step >= 0.0 {
                pos >= v.end
            } else {
                pos < v.end
            };
            if done || pos < 0.0 || pos >= n as f64 {
                finished = true;
                break;
            }
            let i0 = pos as usize;
            let frac = (pos - i0 as f64) as f32;
            let i1 = (i0 + 1).min(n - 1);
            let l = frames_l[i0] + (frames_l[i1] - frames_l[i0]) * frac;
            let r = frames_r[i0] + (frames_r[i1] - frames_r[i0]) * frac;
            let mut env = 1.0;
            if v.attack > 0.0 && v.played < v.attack {
                env = v.played / v.attack;
            }
            if v.played >= v.hold {
                let into = v.played - v.hold;
                let rel = v.release.max(64.0);
                if into >= rel {
                    finished = true;
                    break;
                }
                env *= 1.0 - into / rel;
            } else if v.release > 0.0 {
                // fade out over `release` frames before the end of the sample
                let left_frames = ((v.end - pos) / v.step.abs().max(1e-9)) as f32;
                if left_frames < v.release {
                    env *= left_frames / v.release;
                }
            }
            left[i] += l * v.gain_l * env;
            right[i] += r * v.gain_r * env;
            v.pos += v.step;
            v.played += 1.0;
        }
        if finished {
            v.sample = None;
        }
    }
}
