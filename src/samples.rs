//! Sample banks: the bundled kit and Dirt-Samples-style folders.
//!
//! A *root* is a folder whose sub-folders are *banks*: `<root>/<bank>/*.wav`. The files of
//! a bank are sorted by file name; `bd:3` is the fourth file of bank `bd`, and indices wrap
//! (`bd:7` in a bank of four is `bd:3`, `bd:-1` is the last file).
//!
//! [`SampleLibrary::load`] reads every root in order. **The first root that has a folder
//! named `bd` containing `.wav` files provides bank `bd`**; later roots only add banks that
//! earlier roots lack (banks are never merged across roots). [`default_dirs`] puts the
//! folders of `PHONON_SAMPLES` first and the bundled kit last, so a user's own `bd` replaces
//! the bundled one while bundled banks the user lacks stay available.
//!
//! Files are decoded (16/24/32-bit integer PCM, 8-bit PCM, 32-bit float; mono or stereo —
//! stereo stays two channels, more channels keep the first two) and resampled to the engine
//! rate with a Kaiser-windowed sinc interpolator, all off the audio thread, on a few plain
//! threads. A file that cannot be read becomes a [`Warning`], never a panic.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// One decoded sample, resampled to the engine rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// File stem, e.g. `bd_0`.
    pub name: String,
    /// Where it was loaded from (empty for samples built in memory).
    pub path: PathBuf,
    /// Left channel (the only channel of a mono sample).
    pub left: Vec<f32>,
    /// Right channel of a stereo sample; `None` for mono.
    pub right: Option<Vec<f32>>,
    /// Rate of `left`/`right` (the engine rate the library was loaded for).
    pub sample_rate: f32,
    /// Rate of the file before resampling.
    pub source_rate: u32,
}

impl Sample {
    /// A sample built in memory (tests, synthesised sounds). `right` must be as long as
    /// `left` if present; it is truncated or zero-padded otherwise.
    pub fn new(
        name: impl Into<String>,
        left: Vec<f32>,
        right: Option<Vec<f32>>,
        sample_rate: f32,
    ) -> Sample {
        let right = right.map(|mut r| {
            r.resize(left.len(), 0.0);
            r
        });
        Sample {
            name: name.into(),
            path: PathBuf::new(),
            left,
            right,
            sample_rate,
            source_rate: sample_rate.max(0.0).round() as u32,
        }
    }

    /// Length in frames.
    pub fn len(&self) -> usize {
        self.left.len()
    }

    pub fn is_empty(&self) -> bool {
        self.left.is_empty()
    }

    /// 1 or 2.
    pub fn channels(&self) -> usize {
        if self.right.is_some() {
            2
        } else {
            1
        }
    }

    pub fn is_stereo(&self) -> bool {
        self.right.is_some()
    }

    /// Duration in seconds at [`Sample::sample_rate`].
    pub fn duration(&self) -> f64 {
        if self.sample_rate > 0.0 {
            self.len() as f64 / f64::from(self.sample_rate)
        } else {
            0.0
        }
    }

    /// Frame `i` as (left, right); a mono sample gives the same value twice; out of range
    /// gives silence.
    pub fn frame(&self, i: usize) -> (f32, f32) {
        let l = self.left.get(i).copied().unwrap_or(0.0);
        let r = match &self.right {
            Some(r) => r.get(i).copied().unwrap_or(0.0),
            None => l,
        };
        (l, r)
    }
}

/// The files of one bank, in file-name order.
#[derive(Debug, Clone, Default)]
pub struct SampleBank {
    pub name: String,
    /// The folder the bank was loaded from (empty for banks built in memory).
    pub dir: PathBuf,
    pub samples: Vec<Arc<Sample>>,
}

impl SampleBank {
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// The sample at `index`, wrapping modulo the bank size (negative counts from the end).
    pub fn get(&self, index: i64) -> Option<Arc<Sample>> {
        if self.samples.is_empty() {
            return None;
        }
        let i = index.rem_euclid(self.samples.len() as i64) as usize;
        Some(Arc::clone(&self.samples[i]))
    }
}

/// Something that went wrong while loading; loading carries on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file or folder concerned.
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// All banks available to a program, keyed by bank name.
#[derive(Debug, Clone)]
pub struct SampleLibrary {
    banks: BTreeMap<String, SampleBank>,
    dirs: Vec<PathBuf>,
    sample_rate: f32,
}

impl SampleLibrary {
    /// A library with no banks (every lookup misses).
    pub fn empty(engine_rate: f32) -> SampleLibrary {
        SampleLibrary {
            banks: BTreeMap::new(),
            dirs: Vec::new(),
            sample_rate: engine_rate,
        }
    }

    /// Loads every `<root>/<bank>/*.wav` under `dirs`, resampled to `engine_rate`.
    ///
    /// Roots are read in order; the first root with a `<bank>` folder holding `.wav` files
    /// provides that bank and later roots only add new banks. Hidden files and folders
    /// (`.name`) and non-`.wav` files are ignored. A missing root, an unreadable folder or
    /// a file that does not decode gives a [`Warning`]; a bank whose files all fail is left
    /// out (with a warning per file).
    pub fn load(dirs: &[PathBuf], engine_rate: f32) -> (SampleLibrary, Vec<Warning>) {
        let mut warnings = Vec::new();
        let rate = if engine_rate.is_finite() && engine_rate > 0.0 {
            engine_rate
        } else {
            warnings.push(Warning {
                path: PathBuf::new(),
                message: format!("invalid engine sample rate {engine_rate}; samples not resampled"),
            });
            0.0
        };

        // Scan: which files make up which bank (first root wins).
        let mut claimed: BTreeMap<String, (PathBuf, Vec<PathBuf>)> = BTreeMap::new();
        for root in dirs {
            if !root.is_dir() {
                let message = if root.exists() {
                    "sample folder is not a directory"
                } else {
                    "sample folder does not exist"
                };
                warnings.push(Warning {
                    path: root.clone(),
                    message: message.to_string(),
                });
                continue;
            }
            let subdirs = match sorted_entries(root) {
                Ok(entries) => entries,
                Err(e) => {
                    warnings.push(Warning {
                        path: root.clone(),
                        message: format!("cannot read sample folder: {e}"),
                    });
                    continue;
                }
            };
            for dir in subdirs.into_iter().filter(|p| p.is_dir()) {
                let Some(name) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string)
                else {
                    warnings.push(Warning {
                        path: dir.clone(),
                        message: "bank folder name is not valid UTF-8; skipped".to_string(),
                    });
                    continue;
                };
                if name.starts_with('.') || claimed.contains_key(&name) {
                    continue;
                }
                let files = match sorted_entries(&dir) {
                    Ok(entries) => entries
                        .into_iter()
                        .filter(|p| is_wav(p))
                        .collect::<Vec<_>>(),
                    Err(e) => {
                        warnings.push(Warning {
                            path: dir.clone(),
                            message: format!("cannot read bank folder: {e}"),
                        });
                        continue;
                    }
                };
                if !files.is_empty() {
                    claimed.insert(name, (dir, files));
                }
            }
        }

        // Decode everything on a few threads, then assemble banks in order.
        let all: Vec<&Path> = claimed
            .values()
            .flat_map(|(_, files)| files.iter().map(PathBuf::as_path))
            .collect();
        let mut decoded = decode_all(&all, rate).into_iter();
        let mut banks = BTreeMap::new();
        for (name, (dir, files)) in claimed {
            let mut samples = Vec::with_capacity(files.len());
            for path in files {
                match decoded.next() {
                    Some(Ok(sample)) => samples.push(Arc::new(sample)),
                    Some(Err(message)) => warnings.push(Warning { path, message }),
                    None => {}
                }
            }
            if samples.is_empty() {
                warnings.push(Warning {
                    path: dir,
                    message: format!("bank '{name}' has no readable .wav files; left out"),
                });
                continue;
            }
            banks.insert(name.clone(), SampleBank { name, dir, samples });
        }

        let library = SampleLibrary {
            banks,
            dirs: dirs.to_vec(),
            sample_rate: rate,
        };
        (library, warnings)
    }

    /// Loads [`default_dirs`].
    pub fn load_default(engine_rate: f32) -> (SampleLibrary, Vec<Warning>) {
        SampleLibrary::load(&default_dirs(), engine_rate)
    }

    /// Sample `index` of `bank`, wrapping modulo the bank size; `None` if no such bank.
    pub fn get(&self, bank: &str, index: i64) -> Option<Arc<Sample>> {
        self.banks.get(bank).and_then(|b| b.get(index))
    }

    /// The whole bank.
    pub fn bank(&self, name: &str) -> Option<&SampleBank> {
        self.banks.get(name)
    }

    pub fn contains(&self, bank: &str) -> bool {
        self.banks.contains_key(bank)
    }

    /// Bank names in sorted order.
    pub fn bank_names(&self) -> impl Iterator<Item = &str> {
        self.banks.keys().map(String::as_str)
    }

    /// Number of banks.
    pub fn len(&self) -> usize {
        self.banks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.banks.is_empty()
    }

    /// Every bank with its file count and the root it was found in, grouped by root in
    /// search order (banks built in memory last), by name within a root.
    pub fn bank_list(&self) -> Vec<crate::engine::BankInfo> {
        let root_of = |bank: &SampleBank| {
            self.dirs
                .iter()
                .position(|d| bank.dir.parent() == Some(d.as_path()))
        };
        let mut list: Vec<(Option<usize>, crate::engine::BankInfo)> = self
            .banks
            .values()
            .map(|b| {
                let root = root_of(b);
                let info = crate::engine::BankInfo {
                    name: b.name.clone(),
                    files: b.len(),
                    root: root.map_or_else(PathBuf::new, |i| self.dirs[i].clone()),
                };
                (root, info)
            })
            .collect();
        list.sort_by(|(ra, a), (rb, b)| {
            (ra.unwrap_or(usize::MAX), &a.name).cmp(&(rb.unwrap_or(usize::MAX), &b.name))
        });
        list.into_iter().map(|(_, info)| info).collect()
    }

    /// The roots this library was loaded from, in search order.
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// The engine rate samples were resampled to (0 if loading was told an invalid rate).
    pub fn sample_rate(&self) -> f32 {
        self.sample_rate
    }

    /// Adds or replaces a bank built in memory.
    pub fn insert(&mut self, name: &str, samples: Vec<Arc<Sample>>) {
        self.banks.insert(
            name.to_string(),
            SampleBank {
                name: name.to_string(),
                dir: PathBuf::new(),
                samples,
            },
        );
    }

    /// The names among `names` that no bank answers, deduplicated, in first-seen order.
    /// A `:index` suffix is ignored (`"bd:3"` asks for `bd`); `~` and empty names are rests.
    pub fn missing<'a>(&self, names: &[&'a str]) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for &n in names {
            let bank = n.split(':').next().unwrap_or("").trim();
            if bank.is_empty() || bank == "~" || self.contains(bank) || out.contains(&bank) {
                continue;
            }
            out.push(bank);
        }
        out
    }

    /// `None` if every name is a loaded bank; otherwise a one-line message naming the
    /// missing banks and the folders searched, e.g.
    /// `sample banks not found: foo, bar (searched: /a/samples, /b (does not exist))`.
    pub fn missing_report(&self, names: &[&str]) -> Option<String> {
        let missing = self.missing(names);
        if missing.is_empty() {
            return None;
        }
        let what = if missing.len() == 1 {
            "sample bank not found"
        } else {
            "sample banks not found"
        };
        let searched = if self.dirs.is_empty() {
            "no sample folders were searched; set PHONON_SAMPLES".to_string()
        } else {
            let dirs: Vec<String> = self
                .dirs
                .iter()
                .map(|d| {
                    if d.is_dir() {
                        d.display().to_string()
                    } else {
                        format!("{} (does not exist)", d.display())
                    }
                })
                .collect();
            format!("searched: {}", dirs.join(", "))
        };
        Some(format!("{what}: {} ({searched})", missing.join(", ")))
    }
}

/// The default search path, in order:
/// 1. every folder in `PHONON_SAMPLES` (separated by `:` — `;` on Windows — in the given
///    order; empty entries skipped), then
/// 2. the bundled kit, [`bundled_dir`], if found.
///
/// Because the first root providing a bank wins, user folders override bundled banks.
pub fn default_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(value) = std::env::var_os("PHONON_SAMPLES") {
        for p in std::env::split_paths(&value) {
            if !p.as_os_str().is_empty() && !dirs.contains(&p) {
                dirs.push(p);
            }
        }
    }
    if let Some(b) = bundled_dir() {
        if !dirs.contains(&b) {
            dirs.push(b);
        }
    }
    dirs
}

/// The bundled kit folder: the first existing one of
/// 1. `assets/samples` next to the executable or up to three folders above it (covers
///    `target/release/phonon` in a checkout), or `<exe>/../share/phonon/samples`;
/// 2. `<CARGO_MANIFEST_DIR>/assets/samples` (the crate this was compiled from, then the
///    `CARGO_MANIFEST_DIR` variable at run time, as under `cargo run`/`cargo test`);
/// 3. `./assets/samples` in the current directory.
pub fn bundled_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        let exe = exe.canonicalize().unwrap_or(exe);
        for dir in exe.ancestors().skip(1).take(4) {
            candidates.push(dir.join("assets").join("samples"));
        }
        if let Some(prefix) = exe.parent().and_then(Path::parent) {
            candidates.push(prefix.join("share").join("phonon").join("samples"));
        }
    }
    candidates.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join("samples"),
    );
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        candidates.push(PathBuf::from(dir).join("assets").join("samples"));
    }
    if let Ok(cwd) = std::env::current_dir() {
        candidates.push(cwd.join("assets").join("samples"));
    }
    candidates.into_iter().find(|p| p.is_dir())
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        out.push(entry.path());
    }
    out.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(out)
}

fn is_wav(p: &Path) -> bool {
    p.is_file()
        && p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("wav"))
}

/// Decodes `paths` on up to `available_parallelism` threads, results in input order.
/// A panic inside the decoder becomes an error for the files that thread had not finished.
fn decode_all(paths: &[&Path], rate: f32) -> Vec<Result<Sample, String>> {
    let n = paths.len();
    if n == 0 {
        return Vec::new();
    }
    let workers = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .clamp(1, 8)
        .min(n);
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Result<Sample, String>>> = (0..n).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        done.push((i, load_wav(paths[i], rate)));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            if let Ok(done) = handle.join() {
                for (i, r) in done {
                    results[i] = Some(r);
                }
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("the decoder crashed on this file".to_string())))
        .collect()
}

/// Reads one WAV file and resamples it to `engine_rate` (no resampling if `engine_rate`
/// is 0 or equals the file's rate).
pub fn load_wav(path: &Path, engine_rate: f32) -> Result<Sample, String> {
    let mut reader =
        hound::WavReader::open(path).map_err(|e| format!("not a readable WAV file: {e}"))?;
    let spec = reader.spec();
    let channels = usize::from(spec.channels);
    if channels == 0 {
        return Err("WAV file declares 0 channels".to_string());
    }
    if spec.sample_rate == 0 {
        return Err("WAV file declares a sample rate of 0".to_string());
    }
    // Never trust the header's length for allocation: bound it by the file size.
    let file_len = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bytes_per_sample = u64::from(spec.bits_per_sample.div_ceil(8).max(1));
    let cap = (u64::from(reader.len()).min(file_len / bytes_per_sample)) as usize;
    let mut interleaved: Vec<f32> = Vec::with_capacity(cap);
    match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Float, 32) => {
            for s in reader.samples::<f32>() {
                let v = s.map_err(|e| format!("corrupt sample data: {e}"))?;
                interleaved.push(if v.is_finite() { v } else { 0.0 });
            }
        }
        (hound::SampleFormat::Int, bits @ 8..=32) => {
            let scale = 1.0 / (1u64 << (bits - 1)) as f64;
            for s in reader.samples::<i32>() {
                let v = s.map_err(|e| format!("corrupt sample data: {e}"))?;
                interleaved.push((f64::from(v) * scale) as f32);
            }
        }
        (format, bits) => {
            return Err(format!("unsupported WAV format: {bits}-bit {format:?}"));
        }
    }
    let frames = interleaved.len() / channels;
    if frames == 0 {
        return Err("WAV file has no audio".to_string());
    }
    let (left, right) = if channels == 1 {
        (interleaved, None)
    } else {
        let l: Vec<f32> = (0..frames).map(|i| interleaved[i * channels]).collect();
        let r: Vec<f32> = (0..frames).map(|i| interleaved[i * channels + 1]).collect();
        (l, Some(r))
    };
    let from = spec.sample_rate as f32;
    let (left, right, rate) = if engine_rate > 0.0 && engine_rate != from {
        let l = resample(&left, f64::from(from), f64::from(engine_rate));
        let r = right.map(|r| resample(&r, f64::from(from), f64::from(engine_rate)));
        (l, r, engine_rate)
    } else {
        (left, right, from)
    };
    Ok(Sample {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_path_buf(),
        left,
        right,
        sample_rate: rate,
        source_rate: spec.sample_rate,
    })
}

/// Half-width of the interpolation kernel in zero crossings of the sinc.
const SINC_ZEROS: usize = 16;
/// Table entries per zero crossing (linear interpolation between them).
const TABLE_RES: usize = 512;
/// Kaiser window shape: about −90 dB stop band.
const KAISER_BETA: f64 = 9.0;
/// Pass band edge as a fraction of the lower Nyquist frequency.
const PASS_BAND: f64 = 0.94;

fn bessel_i0(x: f64) -> f64 {
    let mut sum = 1.0;
    let mut term = 1.0;
    let q = x * x / 4.0;
    for k in 1..64 {
        term *= q / (k * k) as f64;
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
    }
    sum
}

/// Kaiser-windowed sinc sampled at `1/TABLE_RES` steps over `0..=SINC_ZEROS` (+1 guard).
fn sinc_table() -> &'static [f32] {
    static TABLE: OnceLock<Vec<f32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let n = SINC_ZEROS * TABLE_RES;
        let norm = bessel_i0(KAISER_BETA);
        (0..=n + 1)
            .map(|i| {
                if i >= n {
                    return 0.0;
                }
                let x = i as f64 / TABLE_RES as f64;
                let sinc = if i == 0 {
                    1.0
                } else {
                    (std::f64::consts::PI * x).sin() / (std::f64::consts::PI * x)
                };
                let r = x / SINC_ZEROS as f64;
                let w = bessel_i0(KAISER_BETA * (1.0 - r * r).max(0.0).sqrt()) / norm;
                (sinc * w) as f32
            })
            .collect()
    })
}

/// Band-limited resampling of `input` from `from` Hz to `to` Hz (Kaiser-windowed sinc,
/// 16 zero crossings each side, cut-off at 94% of the lower Nyquist frequency). The output
/// has `round(len · to / from)` samples; sample 0 stays aligned with input sample 0.
pub fn resample(input: &[f32], from: f64, to: f64) -> Vec<f32> {
    if input.is_empty() || !(from > 0.0 && to > 0.0) || from == to {
        return input.to_vec();
    }
    let table = sinc_table();
    let ratio = to / from;
    let step = from / to;
    // Kernel scale: zero crossings per input sample.
    let fc = ratio.min(1.0) * PASS_BAND;
    let half = SINC_ZEROS as f64 / fc;
    let out_len = ((input.len() as f64 * ratio).round() as usize).max(1);
    let last = input.len() as i64 - 1;
    let res = TABLE_RES as f64;
    (0..out_len)
        .map(|j| {
            let p = j as f64 * step;
            let lo = ((p - half).ceil() as i64).max(0);
            let hi = ((p + half).floor() as i64).min(last);
            let mut acc = 0.0f64;
            for k in lo..=hi {
                let x = (p - k as f64).abs() * fc * res;
                let i = x as usize;
                if i + 1 >= table.len() {
                    continue;
                }
                let fr = (x - i as f64) as f32;
                let w = table[i] + (table[i + 1] - table[i]) * fr;
                acc += f64::from(input[k as usize] * w);
            }
            (acc * fc) as f32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// A fresh temporary folder, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> TempDir {
            static N: AtomicUsize = AtomicUsize::new(0);
            let p = std::env::temp_dir().join(format!(
                "phonon-samples-{tag}-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = fs::remove_dir_all(&p);
            fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn write_wav<F: Fn(usize, usize) -> f64>(
        path: &Path,
        spec: hound::WavSpec,
        frames: usize,
        value: F,
    ) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..frames {
            for c in 0..usize::from(spec.channels) {
                let v = value(i, c);
                match (spec.sample_format, spec.bits_per_sample) {
                    (hound::SampleFormat::Float, _) => w.write_sample(v as f32).unwrap(),
                    (_, 16) => w.write_sample((v * 32767.0).round() as i16).unwrap(),
                    (_, bits) => {
                        let full = ((1i64 << (bits - 1)) - 1) as f64;
                        w.write_sample((v * full).round() as i32).unwrap()
                    }
                }
            }
        }
        w.finalize().unwrap();
    }

    fn spec(channels: u16, rate: u32, bits: u16, float: bool) -> hound::WavSpec {
        hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: bits,
            sample_format: if float {
                hound::SampleFormat::Float
            } else {
                hound::SampleFormat::Int
            },
        }
    }

    fn mono16(path: &Path, frames: usize) {
        write_wav(path, spec(1, 44_100, 16, false), frames, |i, _| {
            (i as f64 * 0.01).sin() * 0.5
        });
    }

    #[test]
    fn loads_the_generated_kit() {
        let tmp = TempDir::new("kit");
        let written = crate::kit::write_kit(&tmp.0, 44_100).unwrap();
        let (lib, warnings) = SampleLibrary::load(std::slice::from_ref(&tmp.0), 44_100.0);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(lib.len() >= 14, "{} banks", lib.len());
        let mut total = 0;
        for name in crate::kit::KIT_BANKS {
            let bank = lib.bank(name).unwrap_or_else(|| panic!("no bank {name}"));
            assert!(
                (2..=4).contains(&bank.len()),
                "{name}: {} files",
                bank.len()
            );
            total += bank.len();
            for s in &bank.samples {
                assert!(!s.is_stereo() && s.len() > 100 && s.sample_rate == 44_100.0);
            }
        }
        assert_eq!(total, written);
        // sorted by file name
        let bd = lib.bank("bd").unwrap();
        let names: Vec<&str> = bd.samples.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["bd_0", "bd_1", "bd_2", "bd_3"]);
        assert_eq!(lib.missing_report(&["bd", "sn:2", "hh", "arpy:9"]), None);
    }

    #[test]
    fn index_wraps() {
        let tmp = TempDir::new("wrap");
        for name in ["c.wav", "a.wav", "b.wav"] {
            mono16(&tmp.0.join("x").join(name), 100);
        }
        // not samples: ignored
        fs::write(tmp.0.join("x").join("notes.txt"), "hi").unwrap();
        fs::write(tmp.0.join("x").join(".hidden.wav"), "junk").unwrap();
        let (lib, warnings) = SampleLibrary::load(std::slice::from_ref(&tmp.0), 44_100.0);
        assert!(warnings.is_empty(), "{warnings:?}");
        let name = |i: i64| lib.get("x", i).unwrap().name.clone();
        assert_eq!([name(0), name(1), name(2)], ["a", "b", "c"]);
        assert_eq!(name(3), "a");
        assert_eq!(name(7), "b");
        assert_eq!(name(-1), "c");
        assert!(lib.get("y", 0).is_none());
    }

    #[test]
    fn decodes_24_bit_and_float_and_8_bit_with_correct_values() {
        let tmp = TempDir::new("formats");
        let ramp = |i: usize, _c: usize| (i as f64 / 50.0) - 1.0; // -1 .. 0.98
        write_wav(
            &tmp.0.join("a/i24.wav"),
            spec(1, 44_100, 24, false),
            100,
            ramp,
        );
        write_wav(
            &tmp.0.join("b/f32.wav"),
            spec(1, 44_100, 32, true),
            100,
            ramp,
        );
        write_wav(
            &tmp.0.join("c/i32.wav"),
            spec(1, 44_100, 32, false),
            100,
            ramp,
        );
        write_wav(
            &tmp.0.join("d/i8.wav"),
            spec(1, 44_100, 8, false),
            100,
            ramp,
        );
        let (lib, warnings) = SampleLibrary::load(std::slice::from_ref(&tmp.0), 44_100.0);
        assert!(warnings.is_empty(), "{warnings:?}");
        for (bank, tol) in [("a", 1e-6), ("b", 1e-7), ("c", 1e-6), ("d", 1.5 / 128.0)] {
            let s = lib.get(bank, 0).unwrap();
            assert_eq!(s.len(), 100, "{bank}");
            for (i, v) in s.left.iter().enumerate() {
                let want = (i as f64 / 50.0) - 1.0;
                assert!(
                    (f64::from(*v) - want).abs() <= tol,
                    "{bank}[{i}] = {v}, want {want}"
                );
            }
        }
        // exact values of 24-bit codes
        let s = lib.get("a", 0).unwrap();
        assert_eq!(s.left[50], 0.0);
        assert!((s.left[0] + 8_388_607.0 / 8_388_608.0).abs() < 1e-9);
    }

    #[test]
    fn stereo_stays_stereo() {
        let tmp = TempDir::new("stereo");
        write_wav(
            &tmp.0.join("st/s.wav"),
            spec(2, 44_100, 16, false),
            64,
            |i, c| {
                if c == 0 {
                    0.5
                } else if i % 2 == 0 {
                    -0.25
                } else {
                    0.25
                }
            },
        );
        let (lib, warnings) = SampleLibrary::load(std::slice::from_ref(&tmp.0), 44_100.0);
        assert!(warnings.is_empty(), "{warnings:?}");
        let s = lib.get("st", 0).unwrap();
        assert!(s.is_stereo());
        assert_eq!(s.channels(), 2);
        let right = s.right.as_ref().unwrap();
        assert_eq!((s.left.len(), right.len()), (64, 64));
        assert!(s.left.iter().all(|v| (v - 0.5).abs() < 1e-4));
        assert!((right[0] + 0.25).abs() < 1e-4 && (right[1] - 0.25).abs() < 1e-4);
        assert_eq!(s.frame(0), (s.left[0], right[0]));
    }

    fn rms(x: &[f32]) -> f64 {
        (x.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>() / x.len() as f64).sqrt()
    }

    /// Frequency from rising zero crossings (linear interpolation between samples).
    fn zero_crossing_freq(x: &[f32], rate: f64) -> f64 {
        let mut crossings = Vec::new();
        for i in 1..x.len() {
            let (a, b) = (f64::from(x[i - 1]), f64::from(x[i]));
            if a < 0.0 && b >= 0.0 {
                crossings.push(i as f64 - 1.0 + a / (a - b));
            }
        }
        let n = crossings.len() - 1;
        rate * n as f64 / (crossings[n] - crossings[0])
    }

    #[test]
    fn resampling_keeps_pitch_and_level() {
        let tmp = TempDir::new("resample");
        let amp = 0.5;
        write_wav(
            &tmp.0.join("sine/s.wav"),
            spec(2, 44_100, 32, true),
            44_100,
            |i, c| {
                let f = if c == 0 { 1000.0 } else { 3000.0 };
                amp * (2.0 * PI * f * i as f64 / 44_100.0).sin()
            },
        );
        for to in [48_000.0f32, 96_000.0, 22_050.0, 44_100.0] {
            let (lib, warnings) = SampleLibrary::load(std::slice::from_ref(&tmp.0), to);
            assert!(warnings.is_empty(), "{warnings:?}");
            let s = lib.get("sine", 0).unwrap();
            assert_eq!(s.sample_rate, to);
            assert_eq!(s.source_rate, 44_100);
            assert_eq!(s.len(), to as usize, "one second stays one second");
            // ignore the edges, where the kernel runs off the end of the input
            let edge = to as usize / 20;
            for (x, f) in [(&s.left, 1000.0), (s.right.as_ref().unwrap(), 3000.0)] {
                let mid = &x[edge..x.len() - edge];
                let got = zero_crossing_freq(mid, f64::from(to));
                assert!((got / f - 1.0).abs() < 0.005, "{to}: {got} Hz, want {f}");
                let level = rms(mid);
                let want = amp / 2f64.sqrt();
                assert!(
                    (level / want - 1.0).abs() < 0.01,
                    "{to}: rms {level}, want {want}"
                );
            }
        }
    }

    #[test]
    fn resampling_is_band_limited_when_downsampling() {
        // 15 kHz at 44.1 kHz cannot exist at 22.05 kHz: it must be filtered, not aliased.
        let x: Vec<f32> = (0..44_100)
            .map(|i| (2.0 * PI * 15_000.0 * i as f64 / 44_100.0).sin() as f32)
            .collect();
        let y = resample(&x, 44_100.0, 22_050.0);
        let mid = &y[1000..y.len() - 1000];
        assert!(rms(mid) < 1e-3, "aliased energy {}", rms(mid));
    }

    #[test]
    fn missing_bank_is_reported_with_the_folders_searched() {
        let tmp = TempDir::new("missing");
        mono16(&tmp.0.join("bd/0.wav"), 100);
        let nowhere = tmp.0.join("nowhere");
        let (lib, warnings) = SampleLibrary::load(&[tmp.0.clone(), nowhere.clone()], 44_100.0);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].path, nowhere);
        assert!(warnings[0].to_string().contains("does not exist"));

        assert_eq!(lib.missing_report(&["bd", "bd:5", "~"]), None);
        assert_eq!(lib.missing(&["foo", "bd", "foo:2", "bar"]), ["foo", "bar"]);
        let report = lib.missing_report(&["bd", "foo", "bar:1"]).unwrap();
        assert!(report.contains("foo") && report.contains("bar"), "{report}");
        assert!(!report.contains("bd,"), "{report}");
        assert!(report.contains(&tmp.0.display().to_string()), "{report}");
        assert!(
            report.contains(&format!("{} (does not exist)", nowhere.display())),
            "{report}"
        );

        let empty = SampleLibrary::empty(44_100.0);
        assert!(empty
            .missing_report(&["bd"])
            .unwrap()
            .contains("PHONON_SAMPLES"));
    }

    #[test]
    fn corrupt_files_are_warnings_not_panics() {
        let tmp = TempDir::new("corrupt");
        mono16(&tmp.0.join("bd/a.wav"), 100);
        fs::write(tmp.0.join("bd/b.wav"), b"RIFF\x10\x00\x00\x00WAVEjunkjunk").unwrap();
        // a valid header claiming far more data than the file holds
        mono16(&tmp.0.join("bd/c.wav"), 1000);
        let full = fs::read(tmp.0.join("bd/c.wav")).unwrap();
        fs::write(tmp.0.join("bd/c.wav"), &full[..200]).unwrap();
        fs::create_dir_all(tmp.0.join("bad")).unwrap();
        fs::write(tmp.0.join("bad/only.wav"), b"").unwrap();
        let (lib, warnings) = SampleLibrary::load(std::slice::from_ref(&tmp.0), 48_000.0);
        let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert!(text.iter().any(|w| w.contains("b.wav")), "{text:?}");
        assert!(text.iter().any(|w| w.contains("c.wav")), "{text:?}");
        assert!(text.iter().any(|w| w.contains("only.wav")), "{text:?}");
        assert!(text.iter().any(|w| w.contains("'bad'")), "{text:?}");
        assert_eq!(lib.bank("bd").unwrap().len(), 1);
        assert!(!lib.contains("bad"));
    }

    #[test]
    fn first_root_wins_and_later_roots_add_banks() {
        let (a, b) = (TempDir::new("root-a"), TempDir::new("root-b"));
        mono16(&a.0.join("bd/a1.wav"), 100);
        mono16(&b.0.join("bd/b1.wav"), 100);
        mono16(&b.0.join("bd/b2.wav"), 100);
        mono16(&b.0.join("sn/b3.wav"), 100);
        let (lib, warnings) = SampleLibrary::load(&[a.0.clone(), b.0.clone()], 44_100.0);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(lib.bank("bd").unwrap().len(), 1);
        assert_eq!(lib.get("bd", 1).unwrap().name, "a1");
        assert_eq!(lib.get("sn", 0).unwrap().name, "b3");
        assert_eq!(lib.bank_names().collect::<Vec<_>>(), ["bd", "sn"]);
        assert_eq!(lib.dirs(), [a.0.clone(), b.0.clone()]);
    }

    #[test]
    fn default_dirs_end_with_an_existing_bundled_kit_or_nothing() {
        let dirs = default_dirs();
        if let Some(b) = bundled_dir() {
            assert_eq!(dirs.last(), Some(&b));
            assert!(b.is_dir());
        }
    }

    #[test]
    fn in_memory_banks() {
        let mut lib = SampleLibrary::empty(48_000.0);
        let s = Arc::new(Sample::new("x", vec![0.1, 0.2], Some(vec![0.3]), 48_000.0));
        lib.insert("x", vec![s]);
        let got = lib.get("x", 5).unwrap();
        assert_eq!(got.frame(1), (0.2, 0.0));
        assert_eq!(got.frame(9), (0.0, 0.0));
        assert!((got.duration() - 2.0 / 48_000.0).abs() < 1e-12);
    }
}
