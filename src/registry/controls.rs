//! Controls: Tidal's and SuperDirt's per-event parameters of a voice. Each is a pattern
//! of one key (`gain "1 0.8"` is `{gain: 1} {gain: 0.8}`), combined with other control
//! patterns by `#` and its family; what each does to a voice is in `render/player.rs`
//! and `dsp/voice_fx.rs`, in SuperDirt's order.

use super::spec::Category::Control;
use super::spec::ParamKind::{Pattern as Words, Value};
use super::spec::*;
use crate::dsp::fx;

/// A control without a signal form.
const fn ctl(
    name: &'static str,
    aliases: &'static [&'static str],
    params: &'static [Param],
    doc: &'static str,
) -> FunctionSpec {
    entry(name, aliases, Control, params, doc, control())
}

pub static FUNCTIONS: &[FunctionSpec] = &[
    // ---------------------------------------------------------------- what plays
    entry(
        "s",
        &["sound"],
        Control,
        &[req("name", Words)],
        "plays samples and synths by name (bd:3 is the fourth bd): `s \"bd*2 [sn cp]\"`",
        Implementation::Special(Special::Sound),
    ),
    ctl(
        "n",
        &[],
        &[req("index", Value).range(-96.0, 96.0)],
        "sample number in the bank, or a synth's note: `n \"0 2 4\" # s \"supersaw\"`",
    ),
    ctl(
        "note",
        &[],
        &[req("note", Value).range(-96.0, 96.0)],
        "pitch in semitones from c5 (note names too): `note \"c e g\" # s \"supersaw\"`",
    ),
    ctl(
        "up",
        &[],
        &[req("semitones", Value).range(-96.0, 96.0)],
        "transposes a sample or synth by semitones, as note does: `s \"arpy*4\" # up \"0 12\"`",
    ),
    ctl(
        "octave",
        &[],
        &[req("octave", Value).range(-2.0, 10.0)],
        "the octave of a synth's note, 5 by default: `n \"0 4\" # s \"supersaw\" # octave 4`",
    ),
    ctl(
        "speed",
        &[],
        &[req("rate", Value).range(-16.0, 16.0)],
        "playback rate, pitching samples and synths (negative: reversed): `s \"bd*2\" # speed 2`",
    ),
    ctl(
        "accelerate",
        &[],
        &[req("rate", Value).range(-16.0, 16.0)],
        "changes the speed by this much over the voice (samples: their rate; synths: freq × (1 + a)): `s \"arpy\" # accelerate \"-1\"`",
    ),
    ctl(
        "unit",
        &[],
        &[req("unit", Words)],
        "\"c\": speed in cycles (the sample lasts 1/speed cycles): `s \"arpy\" # unit \"c\" # speed 1`",
    ),
    ctl(
        "begin",
        &[],
        &[req("pos", Value).range(0.0, 1.0)],
        "sample start 0..1: `s \"arpy\" # begin 0.25`",
    ),
    ctl(
        "end",
        &[],
        &[req("pos", Value).range(0.0, 1.0)],
        "sample end 0..1: `s \"arpy\" # end 0.5`",
    ),
    ctl(
        "loop",
        &[],
        &[req("times", Value).range(0.0, 64.0)],
        "plays the begin..end part this many times: `s \"arpy\" # loop 3`",
    ),
    ctl(
        "cut",
        &[],
        &[req("group", Value).range(0.0, 64.0)],
        "a new voice stops the voices of the same cut group (0: none): `s \"hh*8\" # cut 1`",
    ),
    ctl(
        "legato",
        &[],
        &[req("ratio", Value).range(0.0, 16.0)],
        "voice length relative to its event: `s \"arpy*4\" # legato 0.5`",
    ),
    ctl(
        "sustain",
        &[],
        &[req("secs", Value).range(0.0, 60.0)],
        "voice length in seconds: `n \"0 7\" # s \"supersaw\" # sustain 0.2`",
    ),
    // ---------------------------------------------------------------- level
    ctl(
        "gain",
        &[],
        &[req("amount", Value).range(0.0, 2.0)],
        "level, linear (1 unchanged): `s \"bd*4\" # gain \"1 0.8\"`",
    ),
    ctl(
        "amp",
        &[],
        &[req("amount", Value).range(0.0, 2.0)],
        "level, linear, multiplied with gain: `s \"bd*4\" # amp 0.5`",
    ),
    ctl(
        "velocity",
        &[],
        &[req("amount", Value).range(0.0, 1.0)],
        "key velocity 0..1, multiplied with gain: `n \"0 4\" # s \"supersaw\" # velocity 0.6`",
    ),
    // ---------------------------------------------------------------- envelope
    ctl(
        "attack",
        &["att"],
        &[req("secs", Value).range(0.0, 10.0)],
        "envelope attack in seconds: `s \"arpy\" # attack 0.01`",
    ),
    ctl(
        "hold",
        &[],
        &[req("secs", Value).range(0.0, 60.0)],
        "envelope hold in seconds before the release (instead of the event's length): `s \"arpy\" # hold 0.1`",
    ),
    ctl(
        "decay",
        &["dec"],
        &[req("secs", Value).range(0.0, 10.0)],
        "envelope decay to the sustain level in seconds: `n \"0 4\" # s \"saw\" # decay 0.2 # sus 0.3`",
    ),
    ctl(
        "sus",
        &["sustainLevel"],
        &[req("level", Value).range(0.0, 1.0)],
        "envelope sustain level 0..1 (Strudel's ADSR; Tidal's sustain is a length): `n \"0 4\" # s \"saw\" # sus 0.5`",
    ),
    ctl(
        "release",
        &["rel"],
        &[req("secs", Value).range(0.0, 10.0)],
        "envelope release in seconds after the voice's length: `s \"arpy\" # legato 1 # release 0.2`",
    ),
    // ---------------------------------------------------------------- shaping
    ctl(
        "shape",
        &[],
        &[req("amount", Value).range(0.0, 0.99)],
        "waveshaping distortion 0..1 (louder as it grows): `s \"bd*4\" # shape 0.5`",
    ),
    ctl(
        "coarse",
        &[],
        &[req("factor", Value).range(1.0, 64.0)],
        "sample-rate reduction: keeps every n-th sample: `s \"bd*4\" # coarse 8`",
    ),
    ctl(
        "squiz",
        &[],
        &[req("ratio", Value).range(1.0, 16.0)],
        "pitch squeeze: each wave cycle replayed faster: `s \"bd*4\" # squiz 2`",
    ),
    // ---------------------------------------------------------------- filters
    ctl(
        "cutoff",
        &["ctf"],
        &[req("hz", Value).range(20.0, 20000.0)],
        "low-pass filter cutoff in Hz, per voice: `s \"bd*4\" # cutoff 1000`",
    ),
    ctl(
        "resonance",
        &["res", "lpq"],
        &[req("amount", Value).range(0.0, 1.0)],
        "low-pass resonance 0..1: `s \"bd*4\" # cutoff 1000 # resonance 0.3`",
    ),
    ctl(
        "hcutoff",
        &[],
        &[req("hz", Value).range(20.0, 20000.0)],
        "high-pass filter cutoff in Hz, per voice: `s \"hh*4\" # hcutoff 4000`",
    ),
    ctl(
        "hresonance",
        &["hpq"],
        &[req("amount", Value).range(0.0, 1.0)],
        "high-pass resonance 0..1: `s \"hh*4\" # hcutoff 4000 # hresonance 0.3`",
    ),
    ctl(
        "bandf",
        &[],
        &[req("hz", Value).range(20.0, 20000.0)],
        "band-pass filter centre in Hz, per voice: `s \"sn*4\" # bandf 1500`",
    ),
    ctl(
        "bandq",
        &["bpq"],
        &[req("q", Value).range(0.1, 100.0)],
        "band-pass Q (10 by default): `s \"sn*4\" # bandf 1500 # bandq 4`",
    ),
    ctl(
        "vowel",
        &[],
        &[req("vowel", Words)],
        "formant filter: \"a e i o u\" (\"~\" none): `s \"supersaw*4\" # vowel \"a o\"`",
    ),
    ctl(
        "lpenv",
        &["lpe"],
        &[req("octaves", Value).range(-10.0, 10.0)],
        "filter envelope depth in octaves above the cutoff: `s \"saw\" # cutoff 300 # lpenv 4`",
    ),
    ctl(
        "lpattack",
        &["lpa"],
        &[req("secs", Value).range(0.0, 10.0)],
        "filter envelope attack in seconds: `s \"saw\" # cutoff 300 # lpenv 4 # lpattack 0.1`",
    ),
    ctl(
        "lpdecay",
        &["lpd"],
        &[req("secs", Value).range(0.0, 10.0)],
        "filter envelope decay in seconds: `s \"saw\" # cutoff 300 # lpenv 4 # lpdecay 0.2`",
    ),
    ctl(
        "lpsustain",
        &["lps"],
        &[req("level", Value).range(0.0, 1.0)],
        "filter envelope sustain level 0..1: `s \"saw\" # cutoff 300 # lpenv 4 # lpsustain 0.5`",
    ),
    ctl(
        "lprelease",
        &["lpr"],
        &[req("secs", Value).range(0.0, 10.0)],
        "filter envelope release in seconds: `s \"saw\" # cutoff 300 # lpenv 4 # lprelease 0.3`",
    ),
    // ---------------------------------------------------------------- space
    entry(
        "pan",
        &[],
        Control,
        &[req("pos", Value).range(0.0, 1.0)],
        "stereo position 0 (left) .. 0.5 (centre) .. 1 (right), equal power: `s \"hh*4\" # pan \"0 1\"`",
        Implementation::Control {
            on_signal: Some(KernelImpl {
                build: |_, _| Box::new(fx::Pan),
                cost: 5.0,
            }),
        },
    ),
    ctl(
        "nudge",
        &[],
        &[req("seconds", Value).range(0.0, 2.0)],
        "starts a voice this many seconds late (SuperDirt's nudge, for swing and feel): `s \"bd*4\" # nudge \"0 0.02\"`",
    ),
    ctl(
        "orbit",
        &[],
        &[req("index", Value).range(0.0, 11.0)],
        "the orbit (effect bus) of a voice: one reverb and one delay each: `s \"bd*4\" # orbit 1`",
    ),
    ctl(
        "room",
        &[],
        &[req("send", Value).range(0.0, 1.0)],
        "send to its orbit's reverb: `s \"sn*2\" # room 0.3 # size 0.8`",
    ),
    ctl(
        "size",
        &["sz"],
        &[req("size", Value).range(0.0, 1.0)],
        "the orbit reverb's room size: `s \"sn*2\" # room 0.3 # size 0.9`",
    ),
    ctl(
        "dry",
        &[],
        &[req("amount", Value).range(0.0, 1.0)],
        "takes the dry signal away (1: only the sends): `s \"sn*2\" # room 0.5 # dry 1`",
    ),
    ctl(
        "delaytime",
        &["delayt"],
        &[req("secs", Value).range(0.0, 4.0)],
        "the orbit delay's time in seconds: `s \"cp\" # delay 0.5 # delaytime 0.25`",
    ),
    ctl(
        "lock",
        &[],
        &[req("on", Value).range(0.0, 1.0)],
        "1: the orbit delay's time is in cycles: `s \"cp\" # delay 0.5 # delaytime 0.375 # lock 1`",
    ),
    ctl(
        "delayfeedback",
        &["delayfb"],
        &[req("amount", Value).range(0.0, 0.99)],
        "the orbit delay's feedback: `s \"cp\" # delay 0.5 # delayfeedback 0.6`",
    ),
    // ---------------------------------------------------------------- synth parameters
    // Given to a synth that has a parameter of that name (see `render/player.rs`).
    ctl(
        "detune",
        &[],
        &[req("amount", Value).range(0.0, 10.0)],
        "a synth's detune (supersaw, superpiano, supermandolin, superzow, superreese): `n \"0 7\" # s \"supersaw\" # detune 0.5`",
    ),
    ctl(
        "voice",
        &[],
        &[req("amount", Value).range(0.0, 10.0)],
        "a synth's voice or preset (superhammond registrations, supergong, supersquare...): `n \"0 4\" # s \"superhammond\" # voice 3`",
    ),
    ctl(
        "voices",
        &[],
        &[req("count", Value).range(1.0, 9.0)],
        "how many saws a supersaw stacks: `n \"0\" # s \"supersaw\" # voices 9`",
    ),
    ctl(
        "slide",
        &[],
        &[req("amount", Value).range(-24.0, 24.0)],
        "a synth's pitch slide (superchip, superhoover, superzow): `n \"0 5\" # s \"superchip\" # slide 7`",
    ),
    ctl(
        "muffle",
        &[],
        &[req("amount", Value).range(0.0, 1.0)],
        "superpiano's muffle (1 open, 0 dark): `n \"0 4\" # s \"superpiano\" # muffle 0.3`",
    ),
    ctl(
        "perc",
        &[],
        &[req("amount", Value).range(0.0, 1.0)],
        "superhammond's percussion tone: `n \"0 4\" # s \"superhammond\" # perc 0.8`",
    ),
    ctl(
        "vibrato",
        &[],
        &[req("amount", Value).range(0.0, 1.0)],
        "superhammond's vibrato and chorus depth: `n \"0 4\" # s \"superhammond\" # vibrato 1`",
    ),
    ctl(
        "semitone",
        &[],
        &[req("semitones", Value).range(-24.0, 24.0)],
        "supersquare's second pulse, semitones below: `n \"0\" # s \"supersquare\" # semitone 7`",
    ),
    ctl(
        "lfo",
        &[],
        &[req("amount", Value).range(0.0, 10.0)],
        "supercomparator's filter wobble rate: `n \"0\" # s \"supercomparator\" # lfo 3`",
    ),
    ctl(
        "rate",
        &[],
        &[req("amount", Value).range(0.0, 10.0)],
        "a synth's rate (superpwm's width sweep, superclap's burst length): `s \"superclap*2\" # rate 2`",
    ),
    ctl(
        "pitch1",
        &[],
        &[req("amount", Value).range(0.1, 10.0)],
        "superclap's noise band: `s \"superclap*2\" # pitch1 2`",
    ),
    ctl(
        "sweep",
        &[],
        &[req("ratio", Value).range(1.0, 16.0)],
        "superkick's pitch sweep: `s \"superkick*4\" # sweep 8`",
    ),
    ctl(
        "tone",
        &[],
        &[req("hz", Value).range(10.0, 20000.0)],
        "superhat's tone in Hz: `s \"superhat*8\" # tone 6000`",
    ),
    ctl(
        "width",
        &[],
        &[req("amount", Value).range(0.0, 1.0)],
        "superpwm's pulse width: `n \"0\" # s \"superpwm\" # width 0.2`",
    ),
    ctl(
        "ratio",
        &[],
        &[req("ratio", Value).range(0.0, 16.0)],
        "superfm's modulator ratio: `n \"0 7\" # s \"superfm\" # ratio 3`",
    ),
    ctl(
        "index",
        &[],
        &[req("amount", Value).range(0.0, 20.0)],
        "superfm's modulation index: `n \"0 7\" # s \"superfm\" # index 4`",
    ),
];
