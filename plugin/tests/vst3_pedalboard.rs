//! The VST3 in a real VST3 host: pedalboard (Spotify's JUCE-based host, from PyPI) loads
//! `Phonon.vst3`, renders offline and plays MIDI into it. pedalboard reports no transport,
//! so the starter program plays free-running, and its `~midi` voices answer the notes.
//! Needs `python3` with `pedalboard` and `mido` (`.ci/run` installs them).

use std::path::PathBuf;
use std::process::Command;

fn plugin_so() -> PathBuf {
    std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .join("libphonon_plugin.so")
}

const SCRIPT: &str = r#"
import sys, numpy as np, mido
from pedalboard import load_plugin
p = load_plugin(sys.argv[1])
assert p.is_instrument, "not an instrument"
names = list(p.parameters.keys())
plain = p([], duration=2.0, sample_rate=48000, num_channels=2, buffer_size=512)
p.reset()
notes = [mido.Message("note_on", note=81, velocity=110, time=0.0),
         mido.Message("note_off", note=81, velocity=0, time=1.5)]
keyed = p(notes, duration=2.0, sample_rate=48000, num_channels=2, buffer_size=512)
def band(x, f):
    x = x[0, 4800:67200]
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    freqs = np.fft.rfftfreq(len(x), 1 / 48000)
    return float(spectrum[(freqs > f * 0.97) & (freqs < f * 1.03)].max())
print(len(names), float(np.sqrt((plain ** 2).mean())), band(plain, 880), band(keyed, 880),
      int(np.isfinite(keyed).all()))
"#;

#[test]
fn pedalboard_plays_the_vst3_free_running_and_with_midi() {
    // A VST3 bundle around the freshly built library.
    let dir = std::env::temp_dir().join(format!("phonon-vst3-{}", std::process::id()));
    let inner = dir.join("Phonon.vst3/Contents/x86_64-linux");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::copy(plugin_so(), inner.join("Phonon.so")).expect("the plugin library is built");
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(dir.join("Phonon.vst3"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pedalboard failed (pip install pedalboard mido):\n{}\n{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| !l.contains("WARN"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let v: Vec<f64> = stdout
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    let (params, rms, plain_880, keyed_880, finite) = (v[0], v[1], v[2], v[3], v[4]);
    assert!(
        params >= 11.0,
        "Master, Macro 1..8, Run when stopped, Beats per cycle: {params}"
    );
    assert!(
        rms > 0.02,
        "the starter program plays without a transport: rms {rms}"
    );
    assert!(
        keyed_880 > 10.0 * plain_880,
        "an A5 note sounds: {keyed_880} vs {plain_880}"
    );
    assert_eq!(finite, 1.0);
}
