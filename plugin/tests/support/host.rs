//! The minimal CLAP host the plugin tests share (`clap_host.rs`, `gui_embed.rs`): loading
//! the freshly built plugin, main-thread callbacks, the host GUI extension (nice-plug's
//! `gui.create` needs it), host transports, saved states and the measures of rendered audio.

#![allow(dead_code)] // each test uses its own part

use std::ffi::CStr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clack_extensions::gui::{GuiSize, HostGui, HostGuiImpl};
use clack_extensions::state::PluginState;
use clack_host::events::event_types::{TransportEvent, TransportFlags};
use clack_host::events::{EventFlags, EventHeader};
use clack_host::prelude::*;
use clack_host::utils::{BeatTime, SecondsTime};

pub const PLUGIN_ID: &CStr = c"com.phonon.phonon";

#[derive(Default)]
pub struct HostShared {
    pub callback_requested: AtomicBool,
}

impl<'a> SharedHandler<'a> for HostShared {
    fn request_restart(&self) {}
    fn request_process(&self) {}
    fn request_callback(&self) {
        self.callback_requested.store(true, Ordering::SeqCst);
    }
}

impl HostGuiImpl for HostShared {
    fn resize_hints_changed(&self) {}
    fn request_resize(&self, s: GuiSize) -> Result<(), HostError> {
        eprintln!("editor asked for {}x{}", s.width, s.height);
        Ok(())
    }
    fn request_show(&self) -> Result<(), HostError> {
        Ok(())
    }
    fn request_hide(&self) -> Result<(), HostError> {
        Ok(())
    }
    fn closed(&self, _was_destroyed: bool) {}
}

pub struct TestHost;

impl HostHandlers for TestHost {
    type Shared<'a> = HostShared;
    type MainThread<'a> = ();
    type AudioProcessor<'a> = ();
    fn declare_extensions(builder: &mut HostExtensions<Self>, _shared: &Self::Shared<'_>) {
        builder.register::<HostGui>();
    }
}

pub type Instance = PluginInstance<TestHost>;

/// `PHONON_CLAP`, or the cdylib `cargo test` builds next to this test's executable
/// (target/<profile>/deps/; target/<profile>/libphonon_plugin.so is only refreshed by
/// `cargo build`).
pub fn plugin_path() -> PathBuf {
    if let Ok(p) = std::env::var("PHONON_CLAP") {
        return p.into();
    }
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().join("libphonon_plugin.so")
}

pub fn entry() -> PluginEntry {
    let path = plugin_path();
    assert!(path.exists(), "plugin not built at {}", path.display());
    unsafe { PluginEntry::load(&path) }.expect("load plugin entry")
}

/// A fresh instance of Phonon in this host.
pub fn instantiate(entry: &PluginEntry) -> Instance {
    let info = HostInfo::new(
        "phonon-test-host",
        "phonon",
        "https://example.invalid",
        "0.1",
    )
    .unwrap();
    PluginInstance::<TestHost>::new(|_| HostShared::default(), |_| (), entry, PLUGIN_ID, &info)
        .expect("instantiate")
}

/// Runs the main-thread callback if the plugin asked for one.
pub fn main_thread_callbacks(instance: &mut Instance) {
    if instance.access_shared_handler(|s| s.callback_requested.swap(false, Ordering::SeqCst)) {
        instance.call_on_main_thread_callback();
    }
}

/// A host transport at `beats` (quarter notes), `tempo` bpm, playing or stopped, with an
/// optional active loop (start, end) in beats.
pub fn transport_event(
    beats: f64,
    tempo: f64,
    playing: bool,
    looping: Option<(f64, f64)>,
) -> TransportEvent {
    let mut flags = TransportFlags::HAS_TEMPO
        | TransportFlags::HAS_BEATS_TIMELINE
        | TransportFlags::HAS_SECONDS_TIMELINE
        | TransportFlags::HAS_TIME_SIGNATURE;
    if playing {
        flags |= TransportFlags::IS_PLAYING;
    }
    if looping.is_some() {
        flags |= TransportFlags::IS_LOOP_ACTIVE;
    }
    let (loop_start, loop_end) = looping.unwrap_or((0.0, 0.0));
    TransportEvent {
        header: EventHeader::new_core(0, EventFlags::empty()),
        flags,
        song_pos_beats: BeatTime::from_float(beats),
        song_pos_seconds: SecondsTime::from_float(beats * 60.0 / tempo),
        tempo,
        tempo_inc: 0.0,
        loop_start_beats: BeatTime::from_float(loop_start),
        loop_end_beats: BeatTime::from_float(loop_end),
        loop_start_seconds: SecondsTime::from_float(loop_start * 60.0 / tempo),
        loop_end_seconds: SecondsTime::from_float(loop_end * 60.0 / tempo),
        bar_start: BeatTime::from_int(0),
        bar_number: 0,
        time_signature_numerator: 4,
        time_signature_denominator: 4,
    }
}

/// The plugin's saved state (a length-prefixed JSON blob), parsed.
pub fn save_state(instance: &mut Instance) -> serde_json::Value {
    let handle = instance.plugin_handle();
    let ext = handle
        .get_extension::<PluginState>()
        .expect("state extension");
    let mut blob = Vec::new();
    ext.save(&handle, &mut blob).expect("save state");
    let len = u64::from_le_bytes(blob[..8].try_into().unwrap()) as usize;
    assert_eq!(len, blob.len() - 8, "length prefix");
    serde_json::from_slice(&blob[8..]).expect("state is JSON")
}

/// Loads `state` the way a host restores a project, then runs the main-thread callback.
pub fn load_state(instance: &mut Instance, state: &serde_json::Value) {
    let json = serde_json::to_vec(state).unwrap();
    let mut blob = (json.len() as u64).to_le_bytes().to_vec();
    blob.extend_from_slice(&json);
    {
        let handle = instance.plugin_handle();
        let ext = handle
            .get_extension::<PluginState>()
            .expect("state extension");
        ext.load(&handle, &mut blob.as_slice()).expect("load state");
    }
    main_thread_callbacks(instance);
}

/// A state with `code` as the program (fields are JSON inside JSON).
pub fn with_code(mut state: serde_json::Value, code: &str) -> serde_json::Value {
    state["fields"]["code"] = serde_json::Value::String(serde_json::to_string(code).unwrap());
    state
}

/// Root mean square of `x` (0 for an empty slice).
pub fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|v| v * v).sum::<f32>() / x.len().max(1) as f32).sqrt()
}

/// Sign changes in `x`.
pub fn zero_crossings(x: &[f32]) -> usize {
    x.windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count()
}

/// First sample within ±480 samples (10 ms at 48 kHz) of `expected` whose level exceeds `threshold`.
pub fn onset_near(x: &[f32], expected: usize, threshold: f32) -> Option<usize> {
    let from = expected.saturating_sub(480);
    let to = (expected + 480).min(x.len());
    (from..to).find(|&i| x[i].abs() > threshold)
}

/// Frequency from zero crossings over `x`, at `sample_rate`.
pub fn frequency(x: &[f32], sample_rate: f64) -> f64 {
    zero_crossings(x) as f64 / 2.0 / (x.len() as f64 / sample_rate)
}

/// Runs the test `test` of this executable again, alone (even if ignored), in a child
/// process with `env_var` set, where the test runs its session instead: for a session that
/// may abort the process (nice-plug's allocation checker, a panic inside a plugin
/// callback), so that it fails one test instead of ending the run.
pub fn run_in_child(test: &str, env_var: &str) -> std::process::Output {
    std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            test,
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(env_var, "1")
        .output()
        .expect("run the child")
}

/// Runs `test`'s session in a child process (see [`run_in_child`]) and asserts that it
/// exited cleanly after printing `done`.
pub fn assert_session_in_child(test: &str, env_var: &str, done: &str) {
    let out = run_in_child(test, env_var);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains(done),
        "the session failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
}

/// Offers `bytes` to the plugin's state `load` as they are (no length prefix added), the
/// way a host hands back a damaged or foreign project; returns whether the plugin
/// accepted them. Runs the main-thread callback after.
pub fn load_state_bytes(instance: &mut Instance, bytes: &[u8]) -> bool {
    let ok = {
        let handle = instance.plugin_handle();
        let ext = handle
            .get_extension::<PluginState>()
            .expect("state extension");
        ext.load(&handle, &mut &bytes[..]).is_ok()
    };
    main_thread_callbacks(instance);
    ok
}

/// `json` with the plugin's length prefix, as its own `save` writes it.
pub fn state_blob(json: &[u8]) -> Vec<u8> {
    let mut blob = (json.len() as u64).to_le_bytes().to_vec();
    blob.extend_from_slice(json);
    blob
}
