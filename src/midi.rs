//! Standard MIDI file (SMF) reading, written by hand, plus a tiny writer for tests.
//!
//! [`read_midi_file`] parses format 0 and format 1 files with any number of tracks and
//! returns every note on and note off as a [`MidiNote`] with its time in seconds. It
//! handles running status, skips system exclusive and meta events (except set tempo,
//! which is honoured, and end of track), supports both PPQ and SMPTE time division,
//! and treats a note on with velocity 0 as a note off. In format 1 the tempo map is
//! shared: tempo events in any track (usually track 0) apply to the notes of every
//! track.
//!
//! The reader never panics: every read is bounds-checked and malformed input gives a
//! [`MidiError`] naming the byte offset of the problem.
//!
//! [`write_test_file`] writes a minimal format 0 file (PPQ 480, one tempo) from a list
//! of notes in beats, for tests that need a MIDI file.

use std::fmt;

/// One note on or note off, with its absolute time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MidiNote {
    /// Time from the start of the file, in seconds, with the tempo map applied.
    pub time_secs: f64,
    /// MIDI key number, 0..=127.
    pub key: u8,
    /// Velocity of a note on, 1..=127; 0 for a note off.
    pub velocity: u8,
    /// `true` for a note on, `false` for a note off (including note on with velocity 0).
    pub on: bool,
    /// MIDI channel, 0..=15.
    pub channel: u8,
}

/// Why a MIDI file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MidiError {
    /// The data (or a chunk) ended before a complete item could be read.
    Truncated {
        /// Byte offset where the incomplete item starts.
        offset: usize,
        /// How many bytes the item needs.
        needed: usize,
        /// How many bytes were left.
        available: usize,
        /// What was being read.
        what: &'static str,
    },
    /// The `MThd` header chunk is missing or malformed.
    BadHeader { offset: usize, reason: String },
    /// A chunk header is malformed.
    BadChunk { offset: usize, reason: String },
    /// An event inside a track chunk is malformed.
    BadEvent { offset: usize, reason: String },
    /// The header declares a format other than 0 or 1.
    UnsupportedFormat(u16),
    /// The file ended before all the track chunks declared in the header were found.
    MissingTracks { expected: u16, found: u16 },
}

impl fmt::Display for MidiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MidiError::Truncated {
                offset,
                needed,
                available,
                what,
            } => write!(
                f,
                "MIDI data truncated at byte {offset}: {what} needs {needed} byte(s) \
                 but only {available} remain"
            ),
            MidiError::BadHeader { offset, reason } => {
                write!(f, "bad MIDI file header at byte {offset}: {reason}")
            }
            MidiError::BadChunk { offset, reason } => {
                write!(f, "bad MIDI chunk at byte {offset}: {reason}")
            }
            MidiError::BadEvent { offset, reason } => {
                write!(f, "bad MIDI event at byte {offset}: {reason}")
            }
            MidiError::UnsupportedFormat(format) => write!(
                f,
                "unsupported MIDI file format {format} (only formats 0 and 1 are supported)"
            ),
            MidiError::MissingTracks { expected, found } => write!(
                f,
                "MIDI file header declares {expected} track(s) but the file ends after {found}"
            ),
        }
    }
}

impl std::error::Error for MidiError {}

/// Default tempo when a file has no set-tempo event: 120 BPM.
const DEFAULT_TEMPO_US: u32 = 500_000;

/// Largest value a MIDI variable-length quantity (4 bytes) can hold.
const MAX_VLQ: u32 = 0x0FFF_FFFF;

/// A bounds-checked cursor over `data[..end]` that reports absolute offsets.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8], pos: usize, end: usize) -> Self {
        let end = end.min(data.len());
        Reader {
            data,
            pos: pos.min(end),
            end,
        }
    }

    fn remaining(&self) -> usize {
        self.end - self.pos
    }

    fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], MidiError> {
        if n > self.remaining() {
            return Err(MidiError::Truncated {
                offset: self.pos,
                needed: n,
                available: self.remaining(),
                what,
            });
        }
        let bytes = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, MidiError> {
        Ok(self.take(1, what)?[0])
    }

    fn u16be(&mut self, what: &'static str) -> Result<u16, MidiError> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32be(&mut self, what: &'static str) -> Result<u32, MidiError> {
        let b = self.take(4, what)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A variable-length quantity: at most 4 bytes, 7 bits each, high bit = more.
    fn vlq(&mut self, what: &'static str) -> Result<u32, MidiError> {
        let start = self.pos;
        let mut value = 0u32;
        for _ in 0..4 {
            let byte = self.u8(what)?;
            value = (value << 7) | u32::from(byte & 0x7F);
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(MidiError::BadEvent {
            offset: start,
            reason: format!("{what}: variable-length quantity is longer than 4 bytes"),
        })
    }

    /// A channel-message data byte, which must have its high bit clear.
    fn data_byte(&mut self, what: &'static str) -> Result<u8, MidiError> {
        let offset = self.pos;
        let byte = self.u8(what)?;
        if byte & 0x80 != 0 {
            return Err(MidiError::BadEvent {
                offset,
                reason: format!("{what}: expected a data byte (< 0x80), found 0x{byte:02X}"),
            });
        }
        Ok(byte)
    }
}

/// How ticks map to time.
#[derive(Debug, Clone, Copy)]
enum Division {
    /// Ticks per quarter note; the tempo map applies.
    Ppq(u16),
    /// Fixed seconds per tick (SMPTE division); tempo events are ignored.
    Smpte { secs_per_tick: f64 },
}

/// A note event before its tick is converted to seconds.
struct RawNote {
    tick: u64,
    key: u8,
    velocity: u8,
    on: bool,
    channel: u8,
}

/// A set-tempo event.
struct TempoEvent {
    tick: u64,
    us_per_quarter: u32,
}

/// Reads a standard MIDI file (format 0 or 1) and returns all note ons and offs from
/// all tracks, merged and sorted by time. At equal times note offs come before note
/// ons; otherwise the order is stable (by track, then by position in the track).
pub fn read_midi_file(bytes: &[u8]) -> Result<Vec<MidiNote>, MidiError> {
    let mut r = Reader::new(bytes, 0, bytes.len());

    // Header chunk.
    let magic = r.take(4, "'MThd' signature")?;
    if magic != b"MThd" {
        return Err(MidiError::BadHeader {
            offset: 0,
            reason: format!(
                "expected the 'MThd' signature, found {}",
                describe_chunk_type(magic)
            ),
        });
    }
    let header_len_offset = r.pos;
    let header_len = r.u32be("header chunk length")? as usize;
    if header_len < 6 {
        return Err(MidiError::BadHeader {
            offset: header_len_offset,
            reason: format!("header chunk length is {header_len}, must be at least 6"),
        });
    }
    let header_start = r.pos;
    // Check the whole declared header is present before reading its fields.
    r.take(header_len, "header chunk data")?;
    let mut h = Reader::new(bytes, header_start, header_start + header_len);
    let format = h.u16be("format")?;
    let ntracks_offset = h.pos;
    let ntracks = h.u16be("track count")?;
    let division_offset = h.pos;
    let division_raw = h.u16be("time division")?;

    if format > 1 {
        return Err(MidiError::UnsupportedFormat(format));
    }
    if format == 0 && ntracks != 1 {
        return Err(MidiError::BadHeader {
            offset: ntracks_offset,
            reason: format!("a format 0 file must have exactly 1 track, header declares {ntracks}"),
        });
    }
    let division = parse_division(division_raw, division_offset)?;

    // Track chunks (unknown chunk types are skipped, as the standard requires).
    let mut notes: Vec<RawNote> = Vec::new();
    let mut tempos: Vec<TempoEvent> = Vec::new();
    let mut found: u16 = 0;
    while found < ntracks {
        if r.at_end() {
            return Err(MidiError::MissingTracks {
                expected: ntracks,
                found,
            });
        }
        let chunk_offset = r.pos;
        let kind = r.take(4, "chunk type")?;
        let len = r.u32be("chunk length")? as usize;
        if !kind.iter().all(|b| b.is_ascii_graphic()) {
            return Err(MidiError::BadChunk {
                offset: chunk_offset,
                reason: format!(
                    "expected a chunk type such as 'MTrk', found {}",
                    describe_chunk_type(kind)
                ),
            });
        }
        if len > r.remaining() {
            return Err(MidiError::Truncated {
                offset: chunk_offset,
                needed: len + 8,
                available: r.remaining() + 8,
                what: "chunk (header and data)",
            });
        }
        let data_start = r.pos;
        r.pos += len;
        if kind == b"MTrk" {
            let mut t = Reader::new(bytes, data_start, data_start + len);
            parse_track(&mut t, &mut notes, &mut tempos)?;
            found += 1;
        }
    }

    // Tempo map (shared by all tracks) and conversion to seconds.
    let tempo_map = TempoMap::new(division, &mut tempos);
    notes.sort_by_key(|n| (n.tick, n.on));
    Ok(notes
        .into_iter()
        .map(|n| MidiNote {
            time_secs: tempo_map.seconds(n.tick),
            key: n.key,
            velocity: n.velocity,
            on: n.on,
            channel: n.channel,
        })
        .collect())
}

fn describe_chunk_type(bytes: &[u8]) -> String {
    if bytes.iter().all(|b| b.is_ascii_graphic()) {
        format!("'{}'", String::from_utf8_lossy(bytes))
    } else {
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
        format!("bytes [{}]", hex.join(" "))
    }
}

fn parse_division(raw: u16, offset: usize) -> Result<Division, MidiError> {
    if raw & 0x8000 == 0 {
        if raw == 0 {
            return Err(MidiError::BadHeader {
                offset,
                reason: "time division is 0 ticks per quarter note".to_string(),
            });
        }
        return Ok(Division::Ppq(raw));
    }
    // SMPTE: high byte is the negated frame rate, low byte the ticks per frame.
    let fps_code = -i32::from((raw >> 8) as u8 as i8);
    let ticks_per_frame = raw & 0xFF;
    let fps = match fps_code {
        24 => 24.0,
        25 => 25.0,
        29 => 30_000.0 / 1001.0, // 30 drop-frame
        30 => 30.0,
        other => {
            return Err(MidiError::BadHeader {
                offset,
                reason: format!(
                    "SMPTE time division has frame rate {other}, expected 24, 25, 29 or 30"
                ),
            })
        }
    };
    if ticks_per_frame == 0 {
        return Err(MidiError::BadHeader {
            offset,
            reason: "SMPTE time division has 0 ticks per frame".to_string(),
        });
    }
    Ok(Division::Smpte {
        secs_per_tick: 1.0 / (fps * f64::from(ticks_per_frame)),
    })
}

/// Parses the events of one track chunk, appending notes and tempo changes.
fn parse_track(
    r: &mut Reader<'_>,
    notes: &mut Vec<RawNote>,
    tempos: &mut Vec<TempoEvent>,
) -> Result<(), MidiError> {
    let mut tick: u64 = 0;
    // Running status survives meta and sysex events (the standard says they cancel
    // it, but accepting a data byte there is harmless and some files rely on it).
    let mut running_status: Option<u8> = None;
    // A chunk without an end-of-track event is accepted: it ends with the chunk.
    while !r.at_end() {
        let delta = r.vlq("delta time")?;
        tick += u64::from(delta);
        let status_offset = r.pos;
        let first = r.u8("event status")?;
        match first {
            0xFF => {
                let meta_type = r.u8("meta event type")?;
                let len = r.vlq("meta event length")? as usize;
                let data_offset = r.pos;
                let data = r.take(len, "meta event data")?;
                match meta_type {
                    0x2F => return Ok(()), // end of track
                    0x51 => {
                        if data.len() != 3 {
                            return Err(MidiError::BadEvent {
                                offset: data_offset,
                                reason: format!(
                                    "set-tempo meta event has {} data bytes, expected 3",
                                    data.len()
                                ),
                            });
                        }
                        let us = u32::from_be_bytes([0, data[0], data[1], data[2]]);
                        tempos.push(TempoEvent {
                            tick,
                            us_per_quarter: us,
                        });
                    }
                    _ => {} // text, time signature, key signature, ...: skipped
                }
            }
            0xF0 | 0xF7 => {
                // System exclusive (or escaped bytes): skipped.
                let len = r.vlq("sysex length")? as usize;
                r.take(len, "sysex data")?;
            }
            0xF1..=0xFE => {
                return Err(MidiError::BadEvent {
                    offset: status_offset,
                    reason: format!("status byte 0x{first:02X} is not allowed in a MIDI file"),
                });
            }
            _ => {
                // Channel message, with or without running status.
                let (status, first_data) = if first & 0x80 != 0 {
                    running_status = Some(first);
                    (first, r.data_byte("channel message data")?)
                } else {
                    match running_status {
                        Some(s) => (s, first),
                        None => {
                            return Err(MidiError::BadEvent {
                                offset: status_offset,
                                reason: format!(
                                    "data byte 0x{first:02X} with no running status in effect"
                                ),
                            })
                        }
                    }
                };
                let channel = status & 0x0F;
                match status & 0xF0 {
                    0x80 => {
                        r.data_byte("note-off velocity")?;
                        notes.push(RawNote {
                            tick,
                            key: first_data,
                            velocity: 0,
                            on: false,
                            channel,
                        });
                    }
                    0x90 => {
                        let velocity = r.data_byte("note-on velocity")?;
                        notes.push(RawNote {
                            tick,
                            key: first_data,
                            velocity,
                            on: velocity != 0,
                            channel,
                        });
                    }
                    0xA0 | 0xB0 | 0xE0 => {
                        r.data_byte("channel message data")?;
                    }
                    _ => {} // 0xC0 program change, 0xD0 channel pressure: one data byte
                }
            }
        }
    }
    Ok(())
}

/// A piecewise-linear map from ticks to seconds.
struct TempoMap {
    /// (start tick, seconds at start tick, seconds per tick), sorted by tick; the first
    /// segment starts at tick 0.
    segments: Vec<(u64, f64, f64)>,
}

impl TempoMap {
    fn new(division: Division, tempos: &mut [TempoEvent]) -> Self {
        match division {
            Division::Smpte { secs_per_tick } => TempoMap {
                segments: vec![(0, 0.0, secs_per_tick)],
            },
            Division::Ppq(ppq) => {
                let spt = |us: u32| f64::from(us) / (f64::from(ppq) * 1e6);
                // Stable: at equal ticks the last event (by track, then order) wins.
                tempos.sort_by_key(|t| t.tick);
                let mut segments = vec![(0u64, 0.0f64, spt(DEFAULT_TEMPO_US))];
                for t in tempos.iter() {
                    let last = segments[segments.len() - 1];
                    let secs = last.1 + (t.tick - last.0) as f64 * last.2;
                    if t.tick == last.0 {
                        let n = segments.len();
                        segments[n - 1].2 = spt(t.us_per_quarter);
                    } else {
                        segments.push((t.tick, secs, spt(t.us_per_quarter)));
                    }
                }
                TempoMap { segments }
            }
        }
    }

    fn seconds(&self, tick: u64) -> f64 {
        let i = self
            .segments
            .partition_point(|s| s.0 <= tick)
            .saturating_sub(1);
        let (start, secs, spt) = self.segments[i];
        secs + (tick - start) as f64 * spt
    }
}

/// Writes a minimal standard MIDI file: format 0, one track, PPQ 480, channel 0, one
/// tempo (`bpm`; 120 if `bpm` is not a positive finite number).
///
/// Each note is `(start beat, key, velocity, length in beats)`. Keys and velocities are
/// masked to 7 bits; negative or NaN times are clamped to 0 (very large ones to about
/// 8.9 million beats). A note with velocity 0 is written as a note on with velocity 0,
/// which readers treat as a note off. At equal ticks offs are written before ons.
pub fn write_test_file(notes: &[(f64, u8, u8, f64)], bpm: f64) -> Vec<u8> {
    const PPQ: u16 = 480;
    let bpm = if bpm.is_finite() && bpm > 0.0 {
        bpm
    } else {
        120.0
    };
    let tempo = (60_000_000.0 / bpm)
        .round()
        .clamp(1.0, f64::from(0xFF_FFFF)) as u32;
    // `as` saturates (NaN -> 0); cap so filler events for long gaps stay few.
    let to_tick = |beats: f64| ((beats * f64::from(PPQ)).round() as u64).min(u64::from(u32::MAX));

    // (tick, on, key, velocity)
    let mut events: Vec<(u64, bool, u8, u8)> = Vec::with_capacity(notes.len() * 2);
    for &(beat, key, vel, len) in notes {
        let start = to_tick(beat);
        let len = if len > 0.0 { len } else { 0.0 };
        let end = to_tick(beat.max(0.0) + len).max(start);
        events.push((start, true, key & 0x7F, vel & 0x7F));
        events.push((end, false, key & 0x7F, 0x40));
    }
    events.sort_by_key(|e| (e.0, e.1));

    let mut track = Vec::with_capacity(events.len() * 5 + 16);
    write_vlq(&mut track, 0);
    track.extend_from_slice(&[0xFF, 0x51, 0x03]);
    track.extend_from_slice(&tempo.to_be_bytes()[1..]);
    let mut last = 0u64;
    for (tick, on, key, vel) in events {
        write_delta(&mut track, tick - last);
        last = tick;
        track.extend_from_slice(&[if on { 0x90 } else { 0x80 }, key, vel]);
    }
    write_vlq(&mut track, 0);
    track.extend_from_slice(&[0xFF, 0x2F, 0x00]);

    let mut out = Vec::with_capacity(track.len() + 22);
    out.extend_from_slice(b"MThd");
    out.extend_from_slice(&6u32.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes()); // format 0
    out.extend_from_slice(&1u16.to_be_bytes()); // one track
    out.extend_from_slice(&PPQ.to_be_bytes());
    out.extend_from_slice(b"MTrk");
    out.extend_from_slice(&(track.len() as u32).to_be_bytes());
    out.extend_from_slice(&track);
    out
}

/// Writes a delta time, splitting deltas too large for one VLQ with empty text events.
fn write_delta(buf: &mut Vec<u8>, mut delta: u64) {
    while delta > u64::from(MAX_VLQ) {
        write_vlq(buf, MAX_VLQ);
        buf.extend_from_slice(&[0xFF, 0x01, 0x00]);
        delta -= u64::from(MAX_VLQ);
    }
    write_vlq(buf, delta as u32);
}

/// Writes a variable-length quantity (`value` must be at most `MAX_VLQ`).
fn write_vlq(buf: &mut Vec<u8>, value: u32) {
    let value = value.min(MAX_VLQ);
    let mut groups = [0u8; 4];
    let mut n = 0;
    let mut v = value;
    loop {
        groups[n] = (v & 0x7F) as u8;
        n += 1;
        v >>= 7;
        if v == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        buf.push(groups[i] | if i > 0 { 0x80 } else { 0 });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    /// Builds a file from a header and raw track chunk bodies.
    fn smf(format: u16, division: u16, tracks: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(b"MThd");
        out.extend_from_slice(&6u32.to_be_bytes());
        out.extend_from_slice(&format.to_be_bytes());
        out.extend_from_slice(&(tracks.len() as u16).to_be_bytes());
        out.extend_from_slice(&division.to_be_bytes());
        for t in tracks {
            out.extend_from_slice(b"MTrk");
            out.extend_from_slice(&(t.len() as u32).to_be_bytes());
            out.extend_from_slice(t);
        }
        out
    }

    fn vlq(v: u32) -> Vec<u8> {
        let mut b = Vec::new();
        write_vlq(&mut b, v);
        b
    }

    /// A delta time followed by event bytes.
    fn ev(delta: u32, bytes: &[u8]) -> Vec<u8> {
        let mut b = vlq(delta);
        b.extend_from_slice(bytes);
        b
    }

    fn tempo(delta: u32, us: u32) -> Vec<u8> {
        let b = us.to_be_bytes();
        ev(delta, &[0xFF, 0x51, 0x03, b[1], b[2], b[3]])
    }

    fn end_of_track() -> Vec<u8> {
        ev(0, &[0xFF, 0x2F, 0x00])
    }

    fn assert_note(n: &MidiNote, time: f64, key: u8, velocity: u8, on: bool, channel: u8) {
        assert!(
            (n.time_secs - time).abs() < EPS,
            "time {} != {time} in {n:?}",
            n.time_secs
        );
        assert_eq!(
            (n.key, n.velocity, n.on, n.channel),
            (key, velocity, on, channel),
            "{n:?}"
        );
    }

    #[test]
    fn vlq_encoding_matches_the_standard_examples() {
        assert_eq!(vlq(0), [0x00]);
        assert_eq!(vlq(0x40), [0x40]);
        assert_eq!(vlq(0x7F), [0x7F]);
        assert_eq!(vlq(0x80), [0x81, 0x00]);
        assert_eq!(vlq(0x2000), [0xC0, 0x00]);
        assert_eq!(vlq(0x3FFF), [0xFF, 0x7F]);
        assert_eq!(vlq(0x4000), [0x81, 0x80, 0x00]);
        assert_eq!(vlq(0x0FFF_FFFF), [0xFF, 0xFF, 0xFF, 0x7F]);
        for v in [0u32, 1, 127, 128, 300, 16383, 16384, 2_000_000, MAX_VLQ] {
            let bytes = vlq(v);
            let mut r = Reader::new(&bytes, 0, bytes.len());
            assert_eq!(r.vlq("test").unwrap(), v);
            assert!(r.at_end());
        }
    }

    #[test]
    fn round_trip_via_writer() {
        // 120 BPM: one beat = 0.5 s.
        let input = [
            (0.0, 60, 100, 1.0),
            (1.0, 64, 90, 0.5),
            (1.0, 67, 80, 2.0),
            (2.25, 72, 127, 0.25),
        ];
        let bytes = write_test_file(&input, 120.0);
        let notes = read_midi_file(&bytes).unwrap();
        assert_eq!(notes.len(), 8);
        assert_note(&notes[0], 0.0, 60, 100, true, 0);
        // At beat 1 the off of key 60 comes before the two ons.
        assert_note(&notes[1], 0.5, 60, 0, false, 0);
        assert_note(&notes[2], 0.5, 64, 90, true, 0);
        assert_note(&notes[3], 0.5, 67, 80, true, 0);
        assert_note(&notes[4], 0.75, 64, 0, false, 0);
        assert_note(&notes[5], 1.125, 72, 127, true, 0);
        assert_note(&notes[6], 1.25, 72, 0, false, 0);
        assert_note(&notes[7], 1.5, 67, 0, false, 0);

        // Another tempo, and ons/offs pair up per key.
        let bytes = write_test_file(&[(0.5, 36, 10, 3.0)], 90.0);
        let notes = read_midi_file(&bytes).unwrap();
        let beat = 60.0 / 90.0;
        assert_eq!(notes.len(), 2);
        assert!((notes[0].time_secs - 0.5 * beat).abs() < 1e-5);
        assert!((notes[1].time_secs - 3.5 * beat).abs() < 1e-5);
        assert!(notes[0].on && !notes[1].on);

        // Empty input still makes a valid file.
        assert!(read_midi_file(&write_test_file(&[], 120.0))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn writer_handles_odd_inputs() {
        let bytes = write_test_file(
            &[
                (-1.0, 200, 200, -5.0),
                (f64::NAN, 1, 1, f64::NAN),
                (f64::INFINITY, 2, 2, 1.0),
                (1e9, 3, 3, 1.0),
            ],
            f64::NAN,
        );
        let notes = read_midi_file(&bytes).unwrap();
        assert_eq!(notes.len(), 8);
        assert!(notes.windows(2).all(|w| w[0].time_secs <= w[1].time_secs));
        assert!(notes.iter().all(|n| n.key < 128 && n.velocity < 128));
        // The last notes sit at the tick cap, reached through filler events.
        let last = notes.last().unwrap();
        let cap_secs = u32::MAX as f64 * 0.5 / 480.0;
        assert!((last.time_secs - cap_secs).abs() < 1e-3, "{last:?}");
    }

    #[test]
    fn tempo_change_mid_file() {
        // PPQ 480. 120 BPM until tick 960 (1.0 s), then 60 BPM (1 s per beat).
        let mut t = Vec::new();
        t.extend(tempo(0, 500_000));
        t.extend(ev(0, &[0x90, 60, 100]));
        t.extend(ev(480, &[0x80, 60, 0])); // 0.5 s
        t.extend(tempo(480, 1_000_000)); // tick 960 = 1.0 s
        t.extend(ev(240, &[0x91, 62, 70])); // tick 1200 = 1.5 s
        t.extend(ev(240, &[0x81, 62, 0])); // tick 1440 = 2.0 s
        t.extend(ev(0, &[0xFF, 0x51, 0x03, 0x03, 0xD0, 0x90])); // 250000 us: 240 BPM
        t.extend(ev(960, &[0x90, 64, 1])); // 2 beats at 0.25 s = 2.5 s
        t.extend(end_of_track());
        let notes = read_midi_file(&smf(0, 480, &[t])).unwrap();
        assert_eq!(notes.len(), 5);
        assert_note(&notes[0], 0.0, 60, 100, true, 0);
        assert_note(&notes[1], 0.5, 60, 0, false, 0);
        assert_note(&notes[2], 1.5, 62, 70, true, 1);
        assert_note(&notes[3], 2.0, 62, 0, false, 1);
        assert_note(&notes[4], 2.5, 64, 1, true, 0);
    }

    #[test]
    fn default_tempo_is_120_bpm() {
        let mut t = Vec::new();
        t.extend(ev(96, &[0x90, 60, 100]));
        t.extend(end_of_track());
        let notes = read_midi_file(&smf(0, 96, &[t])).unwrap();
        assert_note(&notes[0], 0.5, 60, 100, true, 0);
    }

    #[test]
    fn running_status() {
        let mut t = Vec::new();
        t.extend(ev(0, &[0x92, 60, 100])); // explicit status, channel 2
        t.extend(ev(0, &[64, 90])); // running status
        t.extend(ev(480, &[60, 0])); // running note on, velocity 0 = off
        t.extend(ev(0, &[64, 0]));
        t.extend(ev(0, &[0xC2, 5])); // program change: one data byte
        t.extend(ev(0, &[7])); // running program change
        t.extend(ev(0, &[0xFF, 0x01, 0x02, b'h', b'i'])); // meta: text, skipped
        t.extend(ev(0, &[0xF0, 0x02, 0x43, 0xF7])); // sysex, skipped
        t.extend(ev(480, &[0x83, 50, 64])); // note off, channel 3
        t.extend(ev(0, &[51, 64])); // running note off
        t.extend(end_of_track());
        let notes = read_midi_file(&smf(0, 480, &[t])).unwrap();
        assert_eq!(notes.len(), 6);
        assert_note(&notes[0], 0.0, 60, 100, true, 2);
        assert_note(&notes[1], 0.0, 64, 90, true, 2);
        assert_note(&notes[2], 0.5, 60, 0, false, 2);
        assert_note(&notes[3], 0.5, 64, 0, false, 2);
        assert_note(&notes[4], 1.0, 50, 0, false, 3);
        assert_note(&notes[5], 1.0, 51, 0, false, 3);

        // A data byte with no running status is an error naming its offset.
        let t = ev(0, &[60, 100]);
        let err = read_midi_file(&smf(0, 480, &[t])).unwrap_err();
        assert_eq!(
            err,
            MidiError::BadEvent {
                offset: 23,
                reason: "data byte 0x3C with no running status in effect".to_string()
            }
        );
        assert!(err.to_string().contains("byte 23"), "{err}");
    }

    #[test]
    fn format_1_tempo_in_track_0_notes_in_track_1() {
        // Track 0: tempo map only. 60 BPM, then 120 BPM from tick 480 (1.0 s).
        let mut t0 = Vec::new();
        t0.extend(ev(0, &[0xFF, 0x58, 0x04, 4, 2, 24, 8])); // time signature, skipped
        t0.extend(tempo(0, 1_000_000));
        t0.extend(tempo(480, 500_000));
        t0.extend(end_of_track());
        // Track 1: notes across the tempo change.
        let mut t1 = Vec::new();
        t1.extend(ev(0, &[0xFF, 0x03, 0x04, b'b', b'a', b's', b's'])); // track name
        t1.extend(ev(240, &[0x90, 40, 100])); // 0.5 s
        t1.extend(ev(480, &[0x80, 40, 0])); // tick 720 = 1.0 + 0.25 = 1.25 s
        t1.extend(end_of_track());
        // Track 2: notes on another channel, interleaving in time.
        let mut t2 = Vec::new();
        t2.extend(ev(0, &[0x99, 36, 127])); // 0.0 s
        t2.extend(ev(720, &[0x99, 38, 0])); // 1.25 s, velocity-0 off
        t2.extend(ev(0, &[0x99, 38, 50])); // 1.25 s, on
        t2.extend(end_of_track());
        let notes = read_midi_file(&smf(1, 480, &[t0, t1, t2])).unwrap();
        assert_eq!(notes.len(), 5);
        assert_note(&notes[0], 0.0, 36, 127, true, 9);
        assert_note(&notes[1], 0.5, 40, 100, true, 0);
        // At 1.25 s both offs come before the on.
        assert_note(&notes[2], 1.25, 40, 0, false, 0);
        assert_note(&notes[3], 1.25, 38, 0, false, 9);
        assert_note(&notes[4], 1.25, 38, 50, true, 9);
    }

    #[test]
    fn note_on_velocity_zero_is_off() {
        let mut t = Vec::new();
        t.extend(ev(0, &[0x95, 70, 64]));
        t.extend(ev(240, &[0x95, 70, 0]));
        t.extend(end_of_track());
        let notes = read_midi_file(&smf(0, 480, &[t])).unwrap();
        assert_eq!(notes.len(), 2);
        assert_note(&notes[0], 0.0, 70, 64, true, 5);
        assert_note(&notes[1], 0.25, 70, 0, false, 5);
    }

    #[test]
    fn offs_sort_before_ons_at_the_same_time() {
        // The on is written first but the off must come out first.
        let mut t = Vec::new();
        t.extend(ev(0, &[0x90, 60, 100]));
        t.extend(ev(480, &[0x90, 62, 100]));
        t.extend(ev(0, &[0x80, 60, 0]));
        t.extend(end_of_track());
        let notes = read_midi_file(&smf(0, 480, &[t])).unwrap();
        assert!(!notes[1].on && notes[1].key == 60);
        assert!(notes[2].on && notes[2].key == 62);
    }

    #[test]
    fn smpte_division() {
        // 25 fps x 40 ticks per frame = 1000 ticks per second; tempo is ignored.
        let division = (((-25i8) as u8 as u16) << 8) | 40;
        let mut t = Vec::new();
        t.extend(tempo(0, 1_000_000));
        t.extend(ev(1000, &[0x90, 60, 100]));
        t.extend(ev(500, &[0x80, 60, 0]));
        t.extend(end_of_track());
        let notes = read_midi_file(&smf(0, division, &[t])).unwrap();
        assert_note(&notes[0], 1.0, 60, 100, true, 0);
        assert_note(&notes[1], 1.5, 60, 0, false, 0);

        // An invalid SMPTE frame rate is a clear header error.
        let division = (((-20i8) as u8 as u16) << 8) | 40;
        let err = read_midi_file(&smf(0, division, &[end_of_track()])).unwrap_err();
        assert!(
            matches!(err, MidiError::BadHeader { offset: 12, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("frame rate 20"), "{err}");
    }

    #[test]
    fn unknown_chunks_are_skipped_and_missing_end_of_track_is_accepted() {
        let mut file = smf(0, 480, &[]);
        file[11] = 1; // one track
        file.extend_from_slice(b"XFIH");
        file.extend_from_slice(&3u32.to_be_bytes());
        file.extend_from_slice(&[1, 2, 3]);
        let t = ev(0, &[0x90, 60, 100]); // no end-of-track event
        file.extend_from_slice(b"MTrk");
        file.extend_from_slice(&(t.len() as u32).to_be_bytes());
        file.extend_from_slice(&t);
        let notes = read_midi_file(&file).unwrap();
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn errors_are_clear_and_carry_offsets() {
        let valid = write_test_file(&[(0.0, 60, 100, 1.0)], 120.0);

        let err = read_midi_file(b"RIFF\0\0\0\0").unwrap_err();
        assert!(matches!(err, MidiError::BadHeader { offset: 0, .. }));
        assert!(err.to_string().contains("MThd"), "{err}");

        let err = read_midi_file(&valid[..10]).unwrap_err();
        assert!(
            matches!(err, MidiError::Truncated { offset: 8, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("truncated at byte 8"), "{err}");

        let err = read_midi_file(&valid[..valid.len() - 1]).unwrap_err();
        assert!(
            matches!(err, MidiError::Truncated { offset: 14, .. }),
            "{err}"
        );

        let mut bad = valid.clone();
        bad[9] = 2; // format 2
        assert_eq!(read_midi_file(&bad), Err(MidiError::UnsupportedFormat(2)));
        assert!(MidiError::UnsupportedFormat(2)
            .to_string()
            .contains("format 2"));

        let mut bad = valid.clone();
        bad[11] = 2; // format 0 with two tracks
        let err = read_midi_file(&bad).unwrap_err();
        assert!(
            matches!(err, MidiError::BadHeader { offset: 10, .. }),
            "{err}"
        );

        let mut bad = valid.clone();
        bad[9] = 1;
        bad[11] = 2; // format 1 declaring two tracks, only one present
        let err = read_midi_file(&bad).unwrap_err();
        assert_eq!(
            err,
            MidiError::MissingTracks {
                expected: 2,
                found: 1
            }
        );

        let mut bad = valid.clone();
        bad[14] = 0x01; // chunk type is not text
        let err = read_midi_file(&bad).unwrap_err();
        assert!(
            matches!(err, MidiError::BadChunk { offset: 14, .. }),
            "{err}"
        );

        let mut bad = valid.clone();
        bad[12] = 0;
        bad[13] = 0; // zero ticks per quarter
        let err = read_midi_file(&bad).unwrap_err();
        assert!(
            matches!(err, MidiError::BadHeader { offset: 12, .. }),
            "{err}"
        );

        // Bad tempo length, over-long VLQ, illegal status byte.
        for body in [
            ev(0, &[0xFF, 0x51, 0x02, 0x07, 0xA1]),
            vec![0xFF, 0xFF, 0xFF, 0xFF, 0x00],
            ev(0, &[0xF8]),
            ev(0, &[0x90, 0x80, 0x40]),
        ] {
            let err = read_midi_file(&smf(0, 480, &[body])).unwrap_err();
            assert!(matches!(err, MidiError::BadEvent { .. }), "{err}");
            assert!(err.to_string().contains("at byte 2"), "{err}");
        }
    }

    /// xorshift64*: a tiny deterministic generator for the fuzz tests.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn bytes(&mut self, n: usize) -> Vec<u8> {
            (0..n).map(|_| self.next() as u8).collect()
        }
    }

    /// Reads `bytes`; if that succeeds, checks the output is well formed.
    fn check_no_panic(bytes: &[u8]) -> bool {
        match read_midi_file(bytes) {
            Ok(notes) => {
                for w in notes.windows(2) {
                    assert!(w[0].time_secs <= w[1].time_secs);
                }
                for n in &notes {
                    assert!(n.time_secs.is_finite() && n.time_secs >= 0.0);
                    assert!(n.key < 128 && n.velocity < 128 && n.channel < 16);
                    assert_eq!(n.on, n.velocity != 0);
                }
                true
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                false
            }
        }
    }

    fn tempo_file() -> Vec<u8> {
        let mut t0 = Vec::new();
        t0.extend(tempo(0, 400_000));
        t0.extend(tempo(300, 700_000));
        t0.extend(end_of_track());
        let mut t1 = Vec::new();
        t1.extend(ev(0, &[0x90, 60, 100]));
        t1.extend(ev(100, &[62, 90]));
        t1.extend(ev(0, &[0xF0, 0x03, 1, 2, 0xF7]));
        t1.extend(ev(400, &[0x80, 60, 0]));
        t1.extend(ev(10, &[0x90, 62, 0]));
        t1.extend(end_of_track());
        smf(1, 96, &[t0, t1])
    }

    #[test]
    fn fuzz_random_bytes_and_truncations_never_panic() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let valid_files = [
            write_test_file(
                &[(0.0, 60, 100, 1.0), (0.5, 64, 80, 2.0), (3.0, 67, 1, 0.1)],
                133.0,
            ),
            tempo_file(),
        ];

        for valid in &valid_files {
            assert!(check_no_panic(valid));
            // Every strict prefix is truncated and must be an error.
            for cut in 0..valid.len() {
                assert!(
                    !check_no_panic(&valid[..cut]),
                    "prefix of {cut} bytes parsed"
                );
            }
            // Random byte mutations of a valid file.
            for _ in 0..5000 {
                let mut bytes = valid.clone();
                for _ in 0..1 + rng.below(4) {
                    let i = rng.below(bytes.len());
                    bytes[i] = rng.next() as u8;
                }
                let cut = bytes.len() - rng.below(3);
                check_no_panic(&bytes[..cut]);
            }
        }

        // Pure random bytes, sometimes starting with the signature.
        for _ in 0..20_000 {
            let len = rng.below(64);
            let mut bytes = rng.bytes(len);
            if rng.below(2) == 0 && bytes.len() >= 4 {
                bytes[..4].copy_from_slice(b"MThd");
            }
            check_no_panic(&bytes);
        }

        // A valid header and track chunk around random event data, to reach the
        // event parser; sometimes the chunk length lies.
        for _ in 0..20_000 {
            let len = rng.below(48);
            let body = rng.bytes(len);
            let mut file = smf(rng.below(2) as u16, 1 + rng.below(1000) as u16, &[body]);
            if rng.below(4) == 0 {
                let lie = (rng.next() as u32).to_be_bytes();
                file[18..22].copy_from_slice(&lie);
            }
            check_no_panic(&file);
        }

        // Event soup from the valid building blocks, including running status.
        let pieces: Vec<Vec<u8>> = vec![
            ev(0, &[0x90, 60, 100]),
            ev(7, &[0x80, 60, 0]),
            ev(0, &[61, 0]),
            ev(200, &[62, 5]),
            tempo(3, 1),
            tempo(0, 0xFF_FFFF),
            tempo(1, 0),
            ev(0, &[0xF0, 0x01, 0xF7]),
            ev(0, &[0xFF, 0x7F, 0x00]),
            ev(0x0FFF_FFFF, &[0xC0, 1]),
            end_of_track(),
        ];
        for _ in 0..5000 {
            let ntracks = 1 + rng.below(3);
            let tracks: Vec<Vec<u8>> = (0..ntracks)
                .map(|_| {
                    (0..rng.below(12))
                        .flat_map(|_| pieces[rng.below(pieces.len())].clone())
                        .collect()
                })
                .collect();
            check_no_panic(&smf(1, 1 + rng.below(960) as u16, &tracks));
        }
    }
}
