//! The editor embedded the way a CLAP host embeds it. Needs an X server, so it is ignored by
//! default: `DISPLAY=:99 cargo test -p phonon-plugin --test gui_embed -- --ignored --nocapture`
//! (with `Xvfb :99 &`). The plugin is active and processing (a transport at 120 bpm, paced at
//! real time) for `GUI_SECS` seconds (default 4) while the editor is open; drive it meanwhile
//! with xdotool and take screenshots with `import -window root`. If `EXPECT_CODE` is set,
//! the saved program must contain it (text typed and run with Ctrl+Enter).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clack_extensions::gui::{
    GuiApiType, GuiConfiguration, GuiSize, HostGui, HostGuiImpl, PluginGui, Window,
};
use clack_extensions::state::PluginState;
use clack_host::events::event_types::{TransportEvent, TransportFlags};
use clack_host::events::{EventFlags, EventHeader};
use clack_host::prelude::*;
use clack_host::utils::{BeatTime, SecondsTime};

#[derive(Default)]
struct HostShared {
    callback_requested: AtomicBool,
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

struct TestHost;

impl HostHandlers for TestHost {
    type Shared<'a> = HostShared;
    type MainThread<'a> = ();
    type AudioProcessor<'a> = ();
    fn declare_extensions(builder: &mut HostExtensions<Self>, _shared: &Self::Shared<'_>) {
        // nice-plug's gui.create needs the host's gui extension.
        builder.register::<HostGui>();
    }
}

fn transport(pos_samples: usize) -> TransportEvent {
    let secs = pos_samples as f64 / 48_000.0;
    TransportEvent {
        header: EventHeader::new_core(0, EventFlags::empty()),
        flags: TransportFlags::HAS_TEMPO
            | TransportFlags::HAS_BEATS_TIMELINE
            | TransportFlags::HAS_SECONDS_TIMELINE
            | TransportFlags::IS_PLAYING,
        song_pos_beats: BeatTime::from_float(secs * 2.0),
        song_pos_seconds: SecondsTime::from_float(secs),
        tempo: 120.0,
        tempo_inc: 0.0,
        loop_start_beats: BeatTime::from_int(0),
        loop_end_beats: BeatTime::from_int(0),
        loop_start_seconds: SecondsTime::from_int(0),
        loop_end_seconds: SecondsTime::from_int(0),
        bar_start: BeatTime::from_int(0),
        bar_number: 0,
        time_signature_numerator: 4,
        time_signature_denominator: 4,
    }
}

#[test]
#[ignore]
fn editor_embeds_in_an_x11_parent() {
    let path = std::env::var("PHONON_CLAP")
        .map(Into::into)
        .unwrap_or_else(|_| {
            std::env::current_exe()
                .unwrap()
                .parent()
                .unwrap()
                .join("libphonon_plugin.so")
        });
    let entry = unsafe { PluginEntry::load(&path) }.expect("load plugin");
    let info = HostInfo::new(
        "phonon-gui-test",
        "phonon",
        "https://example.invalid",
        "0.1",
    )
    .unwrap();
    let mut instance = PluginInstance::<TestHost>::new(
        |_| HostShared::default(),
        |_| (),
        &entry,
        c"com.phonon.phonon",
        &info,
    )
    .expect("instantiate");

    let xlib = x11_dl::xlib::Xlib::open().expect("libX11");
    let parent = unsafe {
        let d = (xlib.XOpenDisplay)(std::ptr::null());
        assert!(!d.is_null(), "no DISPLAY");
        let root = (xlib.XDefaultRootWindow)(d);
        let w = (xlib.XCreateSimpleWindow)(d, root, 0, 0, 900, 620, 0, 0, 0x202020);
        (xlib.XMapWindow)(d, w);
        (xlib.XFlush)(d);
        w
    };

    let gui = instance
        .plugin_handle()
        .get_extension::<PluginGui>()
        .expect("gui extension");
    let config = GuiConfiguration {
        api_type: GuiApiType::X11,
        is_floating: false,
    };
    assert!(gui.is_api_supported(&instance.plugin_handle(), config));
    gui.create(&instance.plugin_handle(), config)
        .expect("create");
    assert!(
        gui.can_resize(&instance.plugin_handle()),
        "the editor is resizable"
    );
    eprintln!("editor size {:?}", gui.get_size(&instance.plugin_handle()));
    unsafe { gui.set_parent(&instance.plugin_handle(), Window::from_x11_handle(parent)) }
        .expect("set_parent");
    gui.show(&instance.plugin_handle()).expect("show");

    let secs: u64 = std::env::var("GUI_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    let audio_config = PluginAudioConfiguration {
        sample_rate: 48_000.0,
        min_frames_count: 1,
        max_frames_count: 512,
    };
    let stopped = instance
        .activate(|_, _| (), audio_config)
        .expect("activate");
    let done = AtomicBool::new(false);
    let stopped = std::thread::scope(|s| {
        let audio = s.spawn(|| {
            let mut proc = stopped.start_processing().expect("start_processing");
            let mut l = vec![0.0f32; 512];
            let mut r = vec![0.0f32; 512];
            let mut aux: Vec<[Vec<f32>; 2]> =
                (0..8).map(|_| [vec![0.0; 512], vec![0.0; 512]]).collect();
            let mut ports = AudioPorts::with_capacity(18, 9);
            let events = EventBuffer::new();
            let mut pos = 0;
            let started = Instant::now();
            while !done.load(Ordering::SeqCst) {
                let tr = transport(pos);
                let mut main = vec![[&mut l[..], &mut r[..]]];
                main.extend(aux.iter_mut().map(|[a, b]| [&mut a[..], &mut b[..]]));
                let mut outputs =
                    ports.with_output_buffers(main.into_iter().map(|chs| AudioPortBuffer {
                        latency: 0,
                        channels: AudioPortBufferType::f32_output_only(
                            chs.into_iter().collect::<Vec<_>>(),
                        ),
                    }));
                proc.process(
                    &InputAudioBuffers::empty(),
                    &mut outputs,
                    &InputEvents::from_buffer(&events),
                    &mut OutputEvents::void(),
                    Some(pos as u64),
                    Some(&tr),
                )
                .expect("process");
                pos += 512;
                let due = Duration::from_secs_f64(pos as f64 / 48_000.0);
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
            proc.stop_processing()
        });
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(secs) {
            if instance
                .access_shared_handler(|s| s.callback_requested.swap(false, Ordering::SeqCst))
            {
                instance.call_on_main_thread_callback();
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        done.store(true, Ordering::SeqCst);
        audio.join().unwrap()
    });
    instance.deactivate(stopped);

    let state = instance
        .plugin_handle()
        .get_extension::<PluginState>()
        .unwrap();
    let mut saved = Vec::new();
    state.save(&instance.plugin_handle(), &mut saved).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&saved[8..]).unwrap();
    let code: String = serde_json::from_str(json["fields"]["code"].as_str().unwrap()).unwrap();
    eprintln!("saved program:\n{code}");
    if let Ok(expected) = std::env::var("EXPECT_CODE") {
        assert!(
            code.contains(&expected),
            "typed text {expected:?} is in the saved program"
        );
    }
    gui.destroy(&instance.plugin_handle());
}
