//! Sample folders with damaged and unusual files: zero-length, text named `.wav`,
//! truncated, odd rates (11025, 96000 Hz), 8-bit, 24-bit and 32-bit float, six channels.
//! Loading never panics; each bad file gives a warning naming it; good files next to the
//! bad ones load with the right length and level.

use std::path::{Path, PathBuf};

use phonon::samples::SampleLibrary;

/// A fresh folder under the system's temp dir, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p =
            std::env::temp_dir().join(format!("phonon-sample-files-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes `frames` frames of a 0.5-amplitude 441 Hz sine in every channel.
fn write_sine(path: &Path, channels: u16, rate: u32, bits: u16, float: bool, frames: usize) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format: if float {
            hound::SampleFormat::Float
        } else {
            hound::SampleFormat::Int
        },
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..frames {
        let v = 0.5 * (i as f64 * 441.0 * std::f64::consts::TAU / f64::from(rate)).sin();
        for _ in 0..channels {
            if float {
                w.write_sample(v as f32).unwrap();
            } else {
                let full = ((1i64 << (bits - 1)) - 1) as f64;
                w.write_sample((v * full).round() as i32).unwrap();
            }
        }
    }
    w.finalize().unwrap();
}

fn peak_left(lib: &SampleLibrary, bank: &str) -> f32 {
    let s = lib
        .get(bank, 0)
        .unwrap_or_else(|| panic!("no sample in bank {bank}"));
    (0..s.len()).map(|i| s.frame(i).0.abs()).fold(0.0, f32::max)
}

#[test]
fn bad_files_warn_by_name_and_good_ones_next_to_them_load() {
    let tmp = TempDir::new("bad");
    let bank = tmp.0.join("mix");
    std::fs::create_dir_all(&bank).unwrap();
    write_sine(&bank.join("a_good.wav"), 1, 44_100, 16, false, 4410);
    std::fs::write(bank.join("b_empty.wav"), b"").unwrap();
    std::fs::write(
        bank.join("c_text.wav"),
        b"this is not a WAV file, only text\n",
    )
    .unwrap();
    write_sine(&bank.join("d_full.wav"), 2, 44_100, 16, false, 44_100);
    let full = std::fs::read(bank.join("d_full.wav")).unwrap();
    std::fs::write(bank.join("d_truncated.wav"), &full[..30]).unwrap();
    std::fs::remove_file(bank.join("d_full.wav")).unwrap();

    let (lib, warnings) = SampleLibrary::load(std::slice::from_ref(&tmp.0), 44_100.0);
    for name in ["b_empty.wav", "c_text.wav", "d_truncated.wav"] {
        let w = warnings
            .iter()
            .find(|w| w.path.file_name().and_then(|n| n.to_str()) == Some(name))
            .unwrap_or_else(|| panic!("no warning for {name}: {warnings:?}"));
        assert!(w.message.contains("WAV"), "{name}: {}", w.message);
    }
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    let good = lib.bank("mix").expect("the bank with one good file loads");
    assert_eq!(good.len(), 1);
    let s = lib.get("mix", 0).unwrap();
    assert_eq!(s.len(), 4410);
    assert!((peak_left(&lib, "mix") - 0.5).abs() < 0.01);
}

#[test]
fn odd_rates_depths_and_channel_counts_load_at_the_right_length_and_level() {
    let tmp = TempDir::new("odd");
    // (bank, channels, rate, bits, float)
    let cases = [
        ("r11025", 1, 11_025, 16, false),
        ("r96000", 2, 96_000, 16, false),
        ("b8", 1, 44_100, 8, false),
        ("b24", 1, 44_100, 24, false),
        ("f32", 2, 44_100, 32, true),
        ("six", 6, 48_000, 16, false),
    ];
    for (bank, ch, rate, bits, float) in cases {
        let dir = tmp.0.join(bank);
        std::fs::create_dir_all(&dir).unwrap();
        // half a second at the file's rate
        write_sine(&dir.join("x.wav"), ch, rate, bits, float, rate as usize / 2);
    }
    let (lib, warnings) = SampleLibrary::load(std::slice::from_ref(&tmp.0), 44_100.0);
    assert!(warnings.is_empty(), "{warnings:?}");
    for (bank, ..) in cases {
        let s = lib
            .get(bank, 0)
            .unwrap_or_else(|| panic!("{bank} did not load"));
        assert!(
            (s.duration() - 0.5).abs() < 0.002,
            "{bank}: {} s",
            s.duration()
        );
        let peak = peak_left(&lib, bank);
        // 8-bit quantisation and resampling overshoot stay within 2%
        assert!((peak - 0.5).abs() < 0.02, "{bank}: peak {peak}");
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_bank_folder_warns_and_the_others_load() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new("perm");
    for bank in ["locked", "open"] {
        let dir = tmp.0.join(bank);
        std::fs::create_dir_all(&dir).unwrap();
        write_sine(&dir.join("x.wav"), 1, 44_100, 16, false, 441);
    }
    let locked = tmp.0.join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root (or with CAP_DAC_OVERRIDE) mode 000 denies nothing: nothing to test then.
    let denied = std::fs::read_dir(&locked).is_err();
    let (lib, warnings) = SampleLibrary::load(std::slice::from_ref(&tmp.0), 44_100.0);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(lib.get("open", 0).is_some(), "the readable bank loads");
    if !denied {
        eprintln!("skipped: mode 000 does not deny reading here (running as root?)");
        return;
    }
    assert!(lib.bank("locked").is_none());
    assert!(
        warnings
            .iter()
            .any(|w| w.path == locked && w.message.contains("cannot read")),
        "{warnings:?}"
    );
}
