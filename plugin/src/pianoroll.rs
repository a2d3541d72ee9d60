//! The pianoroll panel: the events of the cycles around the playhead, time running left to
//! right. Synth notes sit on one row per semitone (range fitted to what is shown), samples
//! on one labelled row per name; colours tell outputs and orbits apart. The layout is a
//! pure function of the events, the window and the panel's rectangle, so it is testable.

use std::time::Instant;

use egui::{Align2, Color32, FontId, Pos2, Rect, Stroke, Vec2};
use phonon::preview::{PreviewEvent, PreviewKind};

/// Cycles shown behind and ahead of the playhead.
pub const BEHIND: f64 = 1.0;
pub const AHEAD: f64 = 3.0;
/// Width kept on the left for row labels.
pub const LABEL_WIDTH: f32 = 56.0;

const BACKGROUND: Color32 = Color32::from_rgb(24, 26, 30);
const PLAYHEAD: Color32 = Color32::from_rgb(255, 255, 255);
/// One colour per (output, orbit), in order of first appearance of the key's index.
const PALETTE: [Color32; 6] = [
    Color32::from_rgb(80, 200, 120),
    Color32::from_rgb(240, 160, 60),
    Color32::from_rgb(90, 150, 250),
    Color32::from_rgb(230, 90, 160),
    Color32::from_rgb(200, 200, 80),
    Color32::from_rgb(150, 110, 240),
];

/// The colour of an output's orbit.
pub fn colour(output: u8, orbit: u8) -> Color32 {
    PALETTE[(output as usize * 2 + orbit as usize) % PALETTE.len()]
}

/// One event's rectangle.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub rect: Rect,
    pub colour: Color32,
}

/// Where everything goes; reused across frames (cleared by [`layout`]).
#[derive(Default, Debug)]
pub struct Layout {
    pub notes: Vec<Note>,
    /// Row labels and the y of their centres: sample names, or pitches like `c5`.
    pub rows: Vec<(String, f32)>,
    pub playhead_x: f32,
    /// (output, orbit) keys shown, with their colours.
    pub legend: Vec<((u8, u8), Color32)>,
}

/// Lays `events` out in `rect` for cycles `from..to`, the playhead at `playhead`.
pub fn layout(
    events: &[PreviewEvent],
    from: f64,
    to: f64,
    playhead: f64,
    rect: Rect,
    out: &mut Layout,
) {
    out.notes.clear();
    out.rows.clear();
    out.legend.clear();
    let mut names: Vec<&str> = Vec::new();
    let (mut low, mut high) = (f32::INFINITY, f32::NEG_INFINITY);
    for e in events {
        match &e.kind {
            PreviewKind::Sample { name, .. } => {
                if !names.contains(&&**name) {
                    names.push(name);
                }
            }
            PreviewKind::Note { pitch } => {
                low = low.min(pitch.round());
                high = high.max(pitch.round());
            }
        }
    }
    names.sort_unstable();
    let pitches = if high >= low {
        (high - low) as usize + 1
    } else {
        0
    };
    let rows = (names.len() + pitches).max(1);
    let row_h = rect.height() / rows as f32;
    let left = rect.left() + LABEL_WIDTH;
    let width = (rect.right() - left).max(1.0);
    let span = (to - from).max(1e-9);
    let x_of = |t: f64| left + (((t - from) / span).clamp(0.0, 1.0) as f32) * width;
    let row_top = |row: usize| rect.top() + row as f32 * row_h;
    for (k, n) in names.iter().enumerate() {
        out.rows.push((n.to_string(), row_top(k) + row_h / 2.0));
    }
    for k in 0..pitches {
        let pitch = high as i32 - k as i32;
        out.rows
            .push((pitch_name(pitch), row_top(names.len() + k) + row_h / 2.0));
    }
    for e in events {
        let row = match &e.kind {
            PreviewKind::Sample { name, .. } => names.iter().position(|n| *n == &**name),
            PreviewKind::Note { pitch } => Some(names.len() + (high - pitch.round()) as usize),
        };
        let Some(row) = row else { continue };
        let (x0, x1) = (x_of(e.onset), x_of(e.offset));
        if x1 <= x0 {
            continue;
        }
        let key = (e.output, e.orbit);
        let colour = colour(e.output, e.orbit);
        if !out.legend.iter().any(|(k, _)| *k == key) {
            out.legend.push((key, colour));
        }
        // A one-pixel gap between neighbours keeps repeated notes apart.
        let top = row_top(row);
        out.notes.push(Note {
            rect: Rect::from_min_max(
                Pos2::new(x0, top + 1.0),
                Pos2::new((x1 - 1.0).max(x0 + 1.0), top + row_h - 1.0),
            ),
            colour,
        });
    }
    // Events of many lines often coincide (the same drum on the same step): one
    // rectangle each is enough.
    let key = |n: &Note| {
        (
            n.rect.min.x.to_bits(),
            n.rect.min.y.to_bits(),
            n.rect.max.x.to_bits(),
            n.colour.to_array(),
        )
    };
    out.notes.sort_unstable_by_key(key);
    out.notes.dedup_by(|a, b| key(a) == key(b));
    out.legend.sort_unstable_by_key(|(k, _)| *k);
    out.playhead_x = x_of(playhead);
}

/// `c5` for MIDI 60 (SuperDirt's note 0), as Tidal names notes.
fn pitch_name(midi: i32) -> String {
    const NAMES: [&str; 12] = [
        "c", "cs", "d", "ds", "e", "f", "fs", "g", "gs", "a", "as", "b",
    ];
    format!(
        "{}{}",
        NAMES[midi.rem_euclid(12) as usize],
        midi.div_euclid(12)
    )
}

/// Paints a layout into `rect`.
pub fn draw(painter: &egui::Painter, rect: Rect, layout: &Layout) {
    painter.rect_filled(rect, 0.0, BACKGROUND);
    let font = FontId::monospace(10.0);
    let label_colour = Color32::from_gray(170);
    for (label, y) in &layout.rows {
        painter.text(
            Pos2::new(rect.left() + 4.0, *y),
            Align2::LEFT_CENTER,
            label,
            font.clone(),
            label_colour,
        );
    }
    for n in &layout.notes {
        painter.rect_filled(n.rect, 0.0, n.colour);
    }
    painter.line_segment(
        [
            Pos2::new(layout.playhead_x, rect.top()),
            Pos2::new(layout.playhead_x, rect.bottom()),
        ],
        Stroke::new(1.5, PLAYHEAD),
    );
    // Legend, top right: one swatch per output/orbit.
    let mut x = rect.right() - 4.0;
    for ((output, orbit), colour) in layout.legend.iter().rev() {
        let text = if *output == 0 {
            format!("out orbit {orbit}")
        } else {
            format!("o{output} orbit {orbit}")
        };
        let galley = painter.layout_no_wrap(text, font.clone(), label_colour);
        x -= galley.size().x;
        painter.galley(Pos2::new(x, rect.top() + 2.0), galley, label_colour);
        x -= 12.0;
        painter.rect_filled(
            Rect::from_min_size(Pos2::new(x, rect.top() + 4.0), Vec2::splat(8.0)),
            1.0,
            *colour,
        );
        x -= 8.0;
    }
}

/// The playhead between status snapshots: the last snapshot's cycle moved on at the rate
/// the snapshots themselves advance (the audio clock's tempo).
#[derive(Default)]
pub struct Playhead {
    last: Option<(f64, Instant)>,
    /// Cycles per second, measured.
    rate: f64,
}

impl Playhead {
    /// The playhead now, given the latest snapshot.
    pub fn update(&mut self, cycle: f64, playing: bool, now: Instant) -> f64 {
        match self.last {
            Some((c, at)) if c == cycle => {
                if playing {
                    cycle + self.rate * now.duration_since(at).as_secs_f64().min(0.5)
                } else {
                    cycle
                }
            }
            Some((c, at)) => {
                let dt = now.duration_since(at).as_secs_f64();
                if dt > 0.0 && cycle > c && cycle - c < 4.0 {
                    self.rate = (cycle - c) / dt;
                }
                self.last = Some((cycle, now));
                cycle
            }
            None => {
                self.last = Some((cycle, now));
                cycle
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn ev(onset: f64, offset: f64, orbit: u8, kind: PreviewKind) -> PreviewEvent {
        PreviewEvent {
            onset,
            offset,
            output: 0,
            orbit,
            kind,
            gain: None,
        }
    }

    fn sample(name: &str) -> PreviewKind {
        PreviewKind::Sample {
            name: Arc::from(name),
            index: 0,
        }
    }

    #[test]
    fn events_land_at_their_times_and_rows() {
        // bd sn over cycles 0..2 and two notes, in 0..4 on a panel 400 wide after labels.
        let events = [
            ev(0.0, 0.5, 0, sample("sn")),
            ev(0.5, 1.0, 1, sample("bd")),
            ev(1.0, 2.0, 0, PreviewKind::Note { pitch: 60.0 }),
            ev(2.0, 3.0, 0, PreviewKind::Note { pitch: 62.0 }),
        ];
        let rect = Rect::from_min_size(Pos2::new(0.0, 0.0), Vec2::new(LABEL_WIDTH + 400.0, 50.0));
        let mut l = Layout::default();
        layout(&events, 0.0, 4.0, 1.5, rect, &mut l);
        // Rows: bd, sn, then pitches 62, 61, 60: five rows of 10 px.
        let labels: Vec<&str> = l.rows.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(labels, ["bd", "sn", "d5", "cs5", "c5"]);
        let at = |k: usize| (l.notes[k].rect.left(), l.notes[k].rect.center().y);
        assert_eq!(at(0), (LABEL_WIDTH, 15.0)); // sn, row 1
        assert_eq!(at(1), (LABEL_WIDTH + 50.0, 5.0)); // bd, row 0
        assert_eq!(at(2), (LABEL_WIDTH + 100.0, 45.0)); // c5, last row
        assert_eq!(at(3), (LABEL_WIDTH + 200.0, 25.0)); // d5
        assert_eq!(l.notes[2].rect.right(), LABEL_WIDTH + 199.0);
        assert_eq!(l.playhead_x, LABEL_WIDTH + 150.0);
        assert_eq!(l.notes[1].colour, colour(0, 1));
        assert_ne!(colour(0, 1), colour(0, 0));
        assert_eq!(l.legend.len(), 2);
    }

    #[test]
    fn events_outside_the_window_are_left_out() {
        let events = [
            ev(5.0, 6.0, 0, sample("bd")),
            ev(-2.0, -1.0, 0, sample("bd")),
        ];
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(300.0, 40.0));
        let mut l = Layout::default();
        layout(&events, 0.0, 4.0, 0.0, rect, &mut l);
        assert!(l.notes.is_empty());
    }

    #[test]
    fn playhead_extrapolates_at_the_measured_rate() {
        let t0 = Instant::now();
        let mut p = Playhead::default();
        p.update(1.0, true, t0);
        p.update(1.5, true, t0 + std::time::Duration::from_secs(1));
        let later = p.update(1.5, true, t0 + std::time::Duration::from_millis(1200));
        assert!((later - 1.6).abs() < 1e-9, "{later}");
        assert_eq!(
            p.update(1.5, false, t0 + std::time::Duration::from_secs(2)),
            1.5
        );
    }
}
