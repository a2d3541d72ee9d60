//! Playing events light up: the editor drains the engine's played log each frame and
//! outlines the code of every event sounding at the playhead, following edits made
//! since the code was run (see `phonon::render::played`).

use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Color32, Stroke};
use phonon::engine::{EngineHandle, PlayedEvent};
use phonon::render::played::{map_span, Sounding};

/// The outline and fill of a sounding atom.
pub const LIGHT: Color32 = Color32::from_rgb(0xff, 0xd2, 0x3c);
pub const LIGHT_FILL: Color32 = Color32::from_rgba_premultiplied(0x40, 0x34, 0x0f, 0x40);

/// After this long without the playhead moving (transport stopped), nothing is lit.
const STILL: Duration = Duration::from_millis(250);

#[derive(Default)]
pub struct Lights {
    sounding: Sounding,
    drained: Vec<PlayedEvent>,
    lit: Vec<(u64, (usize, usize))>,
    /// Source texts of the programs whose events are lit.
    sources: Vec<(u64, Arc<str>)>,
    /// Byte ranges of the edited text to outline this frame.
    ranges: Vec<Range<usize>>,
    /// Their rectangles on screen (reused across frames).
    pub rects: Vec<egui::Rect>,
    last_cycle: f64,
    moved_at: Option<Instant>,
}

impl Lights {
    /// Takes in what played and works out what to light at cycle `now` in `text`.
    pub fn update(&mut self, handle: Option<&EngineHandle>, now: f64, text: &str) {
        self.ranges.clear();
        let Some(h) = handle else {
            return;
        };
        self.drained.clear();
        h.played(&mut self.drained);
        self.sounding.add(&self.drained);
        if now != self.last_cycle {
            self.last_cycle = now;
            self.moved_at = Some(Instant::now());
        }
        if self.moved_at.is_none_or(|t| t.elapsed() > STILL) {
            return;
        }
        self.sounding.at(now, &mut self.lit);
        self.sources
            .retain(|(id, _)| self.lit.iter().any(|(p, _)| p == id));
        for &(program, span) in &self.lit {
            if !self.sources.iter().any(|(id, _)| *id == program) {
                if let Some(src) = h.program_source(program) {
                    self.sources.push((program, src));
                }
            }
            let Some((_, src)) = self.sources.iter().find(|(id, _)| *id == program) else {
                continue;
            };
            if let Some((a, b)) = map_span(src, text, span) {
                if !self.ranges.contains(&(a..b)) {
                    self.ranges.push(a..b);
                }
            }
        }
    }

    /// The byte ranges of `text` (as given to [`Lights::update`]) to light.
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// True while something is lit or may light soon (the editor repaints faster then).
    pub fn active(&self) -> bool {
        !self.sounding.is_empty()
    }
}

/// The screen rectangles of `ranges` of the text laid out in `galley` at `origin`, into
/// `out` (cleared first).
pub fn rects(
    galley: &egui::Galley,
    origin: egui::Pos2,
    text: &str,
    ranges: &[Range<usize>],
    out: &mut Vec<egui::Rect>,
) {
    out.clear();
    for r in ranges {
        if r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        let a = text[..r.start].chars().count();
        let b = a + text[r.clone()].chars().count();
        let start = galley.pos_from_cursor(egui::text::CCursor::new(a));
        let end = galley.pos_from_cursor(egui::text::CCursor::new(b));
        if (start.min.y - end.min.y).abs() > 1.0 {
            continue; // an atom never spans lines
        }
        out.push(
            egui::Rect::from_min_max(start.min, egui::pos2(end.min.x, start.max.y))
                .translate(origin.to_vec2())
                .expand(1.0),
        );
    }
}

/// Outlines `rects` (from [`rects`]).
pub fn paint(painter: &egui::Painter, rects: &[egui::Rect]) {
    for &rect in rects {
        painter.rect_filled(rect, 2.0, LIGHT_FILL);
        painter.rect_stroke(
            rect,
            2.0,
            Stroke::new(1.5, LIGHT),
            egui::StrokeKind::Outside,
        );
    }
}
