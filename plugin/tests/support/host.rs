//! The minimal CLAP host the plugin tests share (`clap_host.rs`, `gui_embed.rs`): loading
//! the freshly built plugin, main-thread callbacks, the host GUI extension (nice-plug's
//! `gui.create` needs it) and host transports.

#![allow(dead_code)] // each test uses its own part

use std::ffi::CStr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clack_extensions::gui::{GuiSize, HostGui, HostGuiImpl};
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
