//! Sample playback: one voice of a sample player, from its start (`begin`, `end`, `speed`,
//! reversed when negative) to its end, `loop` times, with the rate gliding by
//! `accelerate` and linear interpolation between frames. The player (`render/player.rs`)
//! reads each event's controls and starts voices; their envelope, filters and sends are
//! `dsp/voice_fx.rs`. Rendering never allocates, locks or panics.

use std::sync::Arc;

use crate::samples::Sample;

/// How a voice starts: what part of the sample, how fast, how often.
#[derive(Clone, Copy, Debug)]
pub struct SampleStart {
    /// The part played, as fractions 0..1 of the sample.
    pub begin: f64,
    pub end: f64,
    /// Frames per output frame (negative: reversed).
    pub speed: f64,
    /// Added to the speed per output frame (SuperDirt's `accelerate`: the rate moves from
    /// `speed` to `speed + accelerate` over the part's length).
    pub accel: f64,
    /// How many times the part plays (at least once).
    pub loops: u32,
    /// Output frames before the voice starts (its onset inside the block).
    pub delay: usize,
}

/// One playing sample.
#[derive(Clone)]
pub struct SampleVoice {
    pub(crate) sample: Option<Arc<Sample>>,
    /// Position in the sample, in its frames.
    pub(crate) pos: f64,
    pub(crate) step: f64,
    pub(crate) accel: f64,
    /// The part played, in frames.
    pub(crate) from: f64,
    pub(crate) to: f64,
    pub(crate) loops: u32,
    /// Samples left before the voice starts (onset inside a block).
    pub(crate) delay: usize,
}

impl SampleVoice {
    /// A voice that plays nothing.
    pub fn idle() -> SampleVoice {
        SampleVoice {
            sample: None,
            pos: 0.0,
            step: 1.0,
            accel: 0.0,
            from: 0.0,
            to: 0.0,
            loops: 1,
            delay: 0,
        }
    }

    /// A voice playing `sample` as `how` says.
    pub fn start(sample: Arc<Sample>, how: SampleStart) -> SampleVoice {
        let frames = sample.len() as f64;
        let clamp = |x: f64| {
            if x.is_finite() {
                x.clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        let (from, to) = (clamp(how.begin) * frames, clamp(how.end) * frames);
        let speed = if how.speed.is_finite() {
            how.speed.clamp(-64.0, 64.0)
        } else {
            1.0
        };
        let accel = if how.accel.is_finite() {
            how.accel
        } else {
            0.0
        };
        SampleVoice {
            sample: Some(sample),
            pos: if speed < 0.0 { to - 1.0 } else { from },
            step: speed,
            accel,
            from,
            to,
            loops: how.loops.max(1),
            delay: how.delay,
        }
    }

    /// Stops the voice. The sample's `Arc` is released, never its last reference: the
    /// library holds every sample.
    pub fn stop(&mut self) {
        self.sample = None;
    }

    /// True while it plays.
    pub fn playing(&self) -> bool {
        self.sample.is_some()
    }

    pub fn is_stereo(&self) -> bool {
        self.sample.as_ref().is_some_and(|s| s.is_stereo())
    }

    /// Adds the voice's output to the block (a mono sample to both channels), linear
    /// interpolation between frames. Returns the index in the block where it ended, if it
    /// did (what follows it, a filter's tail, ends there too).
    pub fn render(&mut self, left: &mut [f32], right: &mut [f32]) -> Option<usize> {
        let v = self;
        let Some(sample) = v.sample.clone() else {
            return Some(0);
        };
        let frames_l = &sample.left;
        let frames_r = sample.right.as_deref().unwrap_or(frames_l);
        let n = frames_l.len();
        let start = v.delay.min(left.len());
        v.delay -= start;
        let mut finished = None;
        for i in start..left.len().min(right.len()) {
            let pos = v.pos;
            let outside = if v.step >= 0.0 {
                pos >= v.to
            } else {
                pos < v.from
            };
            if outside || v.step == 0.0 && v.accel == 0.0 {
                if v.loops > 1 && v.step != 0.0 {
                    v.loops -= 1;
                    v.pos = if v.step < 0.0 { v.to - 1.0 } else { v.from };
                    continue;
                }
                finished = Some(i);
                break;
            }
            if pos < 0.0 || pos >= n as f64 {
                finished = Some(i);
                break;
            }
            let i0 = pos as usize;
            let frac = (pos - i0 as f64) as f32;
            let i1 = (i0 + 1).min(n - 1);
            left[i] += frames_l[i0] + (frames_l[i1] - frames_l[i0]) * frac;
            right[i] += frames_r[i0] + (frames_r[i1] - frames_r[i0]) * frac;
            v.pos += v.step;
            v.step += v.accel;
        }
        if finished.is_some() {
            v.sample = None;
        }
        finished
    }
}
