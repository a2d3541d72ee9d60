//! MIDI notes and pattern voice groups: which voice plays which key or event.

use super::*;

impl Program {
    /// The onsets of every pattern voice group in the next `len` samples, in time order.
    pub(super) fn collect_group_onsets(&mut self, len: usize) {
        self.group_onsets.clear();
        if self.groups.is_empty() {
            return;
        }
        let clock = self.clock;
        let span = crate::pattern::TimeSpan::new(
            self.cycle_at(self.position),
            self.cycle_at(self.position + len as u64),
        );
        for (g, group) in self.groups.iter_mut().enumerate() {
            let to_sample = |t: Time| clock.sample_at(t).max(0) as u64;
            if !group.onsets(
                g,
                span,
                &to_sample,
                self.position,
                &mut self.group_onsets,
                &mut self.stats,
                self.externals.played.as_ref(),
            ) {
                self.stats.event_overflow += 1;
            }
        }
        self.group_onsets
            .sort_unstable_by_key(|o| (o.offset, o.group));
    }

    /// Gives an event to a free voice of its group (or the one that started longest ago).
    pub(super) fn start_group_voice(&mut self, onset: nodes::GroupOnset) {
        let Some(group) = self.groups.get_mut(onset.group) else {
            return;
        };
        self.voice_clock += 1;
        let free = (0..PATTERN_VOICES).find(|&k| group.until[k].is_none());
        let k = free.unwrap_or_else(|| {
            (0..PATTERN_VOICES)
                .min_by_key(|&k| group.age[k])
                .unwrap_or(0)
        });
        group.until[k] = Some(onset.until);
        group.age[k] = self.voice_clock;
        self.externals.group_freq[onset.group][k] = onset.freq;
        self.externals.group_gate[onset.group][k] = nodes::gate_value(self.voice_clock);
    }

    /// Releases the voices whose event has ended by absolute sample `now`.
    pub(super) fn end_group_voices(&mut self, now: u64) {
        for (g, group) in self.groups.iter_mut().enumerate() {
            for k in 0..PATTERN_VOICES {
                if group.until[k].is_some_and(|end| end <= now) {
                    group.until[k] = None;
                    self.externals.group_gate[g][k] = 0.0;
                }
            }
        }
    }

    /// Releases every held MIDI key, as if each got its note-off (a host's `reset`).
    pub fn release_all_notes(&mut self) {
        for k in 0..MIDI_VOICES {
            if let Some(key) = self.voice_keys[k] {
                self.apply_note(NoteEvent {
                    offset: 0,
                    key,
                    velocity: 0,
                    on: false,
                });
            }
        }
    }

    /// A note on or off: the last-note values and the voice allocation.
    pub(super) fn apply_note(&mut self, note: NoteEvent) {
        let freq = nodes::midi_to_hz(note.key as f32);
        let ext = &mut self.externals;
        if note.on && note.velocity > 0 {
            ext.midi_freq = freq;
            ext.midi_gate = 1.0;
            ext.midi_vel = note.velocity as f32 / 127.0;
            // A free voice (released the longest), else the oldest playing one.
            self.voice_clock += 1;
            let free = (0..MIDI_VOICES)
                .filter(|&k| self.voice_keys[k].is_none())
                .min_by_key(|&k| self.voice_age[k]);
            let k = free.unwrap_or_else(|| {
                (0..MIDI_VOICES)
                    .min_by_key(|&k| self.voice_age[k])
                    .unwrap_or(0)
            });
            self.voice_keys[k] = Some(note.key);
            self.voice_age[k] = self.voice_clock;
            ext.voice_freq[k] = freq;
            ext.voice_gate[k] = nodes::gate_value(self.voice_clock);
        } else {
            for k in 0..MIDI_VOICES {
                if self.voice_keys[k] == Some(note.key) {
                    self.voice_keys[k] = None;
                    self.voice_clock += 1;
                    self.voice_age[k] = self.voice_clock;
                    ext.voice_gate[k] = 0.0;
                }
            }
            if self.voice_keys.iter().all(Option::is_none) {
                ext.midi_gate = 0.0;
            }
        }
    }
}
