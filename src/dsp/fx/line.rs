//! Delay lines shared by `delay`, `pingpong`, `chorus` and `flanger`.

use super::*;

// ------------------------------------------------------------------ delay lines

/// A circular buffer whose length is a power of two; read with linear interpolation.
pub(crate) struct Line {
    pub(crate) buf: Vec<f32>,
    pub(crate) mask: usize,
}

copy_state_fields!(Line; buf, mask);

impl Line {
    /// A line that can delay by at least `max_delay` samples.
    pub(crate) fn new(max_delay: usize) -> Line {
        let len = (max_delay + 2).next_power_of_two();
        Line {
            buf: vec![0.0; len],
            mask: len - 1,
        }
    }

    /// The longest delay `read` supports, in samples.
    pub(crate) fn max_delay(&self) -> f32 {
        (self.mask - 1) as f32
    }

    /// The value written `d` samples before position `w` (1 ≤ d ≤ max_delay), linearly
    /// interpolated.
    #[inline(always)]
    pub(crate) fn read(&self, w: usize, d: f32) -> f32 {
        let di = d as usize;
        let frac = d - di as f32;
        let a = self.buf[w.wrapping_sub(di) & self.mask];
        let b = self.buf[w.wrapping_sub(di + 1) & self.mask];
        a + frac * (b - a)
    }

    #[inline(always)]
    pub(crate) fn write(&mut self, w: usize, x: f32) {
        self.buf[w & self.mask] = x;
    }

    pub(crate) fn clear(&mut self) {
        self.buf.fill(0.0);
    }

    /// Copies the `span` samples written before position `w` (all a reader reaching back
    /// at most `span - 1` samples can see) from a line of the same length.
    pub(crate) fn copy_recent(&mut self, from: &Line, w: usize, span: usize) {
        let span = span.min(self.buf.len());
        for k in 1..=span {
            let i = w.wrapping_sub(k) & self.mask;
            self.buf[i] = from.buf[i];
        }
    }
}

/// Samples of a line to copy when a kernel takes over another's state: as far back as it
/// has ever read (`reach`), not the whole line (4 s of memory, most of it never read by a
/// short delay): an edit then copies kilobytes, not megabytes, on the audio thread.
pub(crate) fn recent_span(reach: f32) -> usize {
    reach.max(0.0) as usize + 2
}
