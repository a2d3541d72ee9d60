//! The editor embedded the way a CLAP host embeds it, under an X server: the test opens the
//! plugin window in a parent window through the CLAP GUI extension while audio runs (a
//! transport at 120 bpm, paced at real time), types a program with xdotool, presses
//! Ctrl+Enter, and checks that the program was compiled, saved and is heard. It saves a
//! screenshot to `target/phonon-editor.png`.
//!
//! Uses `DISPLAY` if set, else starts its own `Xvfb`. Needs `xdotool` and ImageMagick's
//! `import` (`.ci/run` installs them with `xvfb`). Without an X server it is skipped, except
//! under CI (`CI` set), where that is a failure.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
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

/// An X server for the test: the one in `DISPLAY`, or an Xvfb of our own. Ours exits by
/// itself when its last client (this process) disconnects (`-terminate`): killing it while
/// the editor's connection is still open would make Xlib end this process with status 1.
/// Only a failing test kills it.
struct XServer {
    xvfb: Option<Child>,
}

impl Drop for XServer {
    fn drop(&mut self) {
        if let Some(child) = self.xvfb.as_mut() {
            if std::thread::panicking() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

fn x_server() -> Option<XServer> {
    if std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()) {
        return Some(XServer { xvfb: None });
    }
    // A display number nobody uses.
    let n = (50..250)
        .map(|k| k + std::process::id() % 200)
        .map(|k| k % 1000)
        .find(|k| !PathBuf::from(format!("/tmp/.X11-unix/X{k}")).exists())?;
    let child = Command::new("Xvfb")
        .args([
            &format!(":{n}"),
            "-screen",
            "0",
            "1024x768x24",
            "-nolisten",
            "tcp",
            "-terminate",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let server = XServer { xvfb: Some(child) };
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    let t0 = Instant::now();
    while !socket.exists() {
        if t0.elapsed() > Duration::from_secs(10) {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // The plugin's windowing (baseview) and xdotool find the server through DISPLAY. This
    // binary runs this one test, so nothing else reads the environment meanwhile.
    std::env::set_var("DISPLAY", format!(":{n}"));
    Some(server)
}

/// Runs xdotool with `args`; panics with its output if it fails.
fn xdotool(args: &[&str]) {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .expect("xdotool (apt install xdotool)");
    assert!(
        out.status.success(),
        "xdotool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The workspace's `target/` directory (this executable is in `target/<profile>/deps/`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().to_path_buf()
}

/// Frequency from zero crossings.
fn frequency(x: &[f32]) -> f64 {
    let crossings = x
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    crossings as f64 / 2.0 / (x.len() as f64 / 48_000.0)
}

const TYPED: &str = "out: sine 880 * 0.4";

#[test]
fn the_editor_compiles_what_is_typed_and_plays_it() {
    let Some(_x) = x_server() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no X server: install xvfb (and xdotool, imagemagick)"
        );
        eprintln!("skipped: no DISPLAY and no Xvfb");
        return;
    };
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
    let display = unsafe { (xlib.XOpenDisplay)(std::ptr::null()) };
    assert!(!display.is_null(), "cannot open the X display");
    let parent = unsafe {
        let root = (xlib.XDefaultRootWindow)(display);
        let w = (xlib.XCreateSimpleWindow)(display, root, 0, 0, 900, 620, 0, 0, 0x202020);
        (xlib.XMapWindow)(display, w);
        (xlib.XFlush)(display);
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
    unsafe { gui.set_parent(&instance.plugin_handle(), Window::from_x11_handle(parent)) }
        .expect("set_parent");
    gui.show(&instance.plugin_handle()).expect("show");

    let audio_config = PluginAudioConfiguration {
        sample_rate: 48_000.0,
        min_frames_count: 1,
        max_frames_count: 512,
    };
    let stopped = instance
        .activate(|_, _| (), audio_config)
        .expect("activate");
    let done = AtomicBool::new(false);
    let screenshot = target_dir().join("phonon-editor.png");
    let (stopped, heard) = std::thread::scope(|s| {
        let audio = s.spawn(|| {
            let mut proc = stopped.start_processing().expect("start_processing");
            let mut l = vec![0.0f32; 512];
            let mut r = vec![0.0f32; 512];
            let mut aux: Vec<[Vec<f32>; 2]> =
                (0..8).map(|_| [vec![0.0; 512], vec![0.0; 512]]).collect();
            let mut ports = AudioPorts::with_capacity(18, 9);
            let events = EventBuffer::new();
            let mut heard = Vec::with_capacity(48_000 * 30);
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
                heard.extend_from_slice(&l);
                pos += 512;
                let due = Duration::from_secs_f64(pos as f64 / 48_000.0);
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
            (proc.stop_processing(), heard)
        });
        // Serve main-thread callbacks while the user (xdotool) works.
        let mut serve = |secs: f64| {
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_secs_f64(secs) {
                if instance
                    .access_shared_handler(|s| s.callback_requested.swap(false, Ordering::SeqCst))
                {
                    instance.call_on_main_thread_callback();
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        };
        serve(2.0);
        // Click into the code, select all, type a program, run it.
        xdotool(&["mousemove", "400", "200", "click", "1"]);
        serve(0.3);
        xdotool(&["key", "ctrl+a"]);
        xdotool(&["type", "--delay", "20", TYPED]);
        xdotool(&["key", "ctrl+Return"]);
        serve(2.5);
        let shot = Command::new("import")
            .args(["-window", "root", "-crop", "900x620+0+0", "+repage"])
            .arg(&screenshot)
            .output();
        match shot {
            Ok(o) if o.status.success() => eprintln!("screenshot: {}", screenshot.display()),
            other => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "no screenshot (ImageMagick's import): {other:?}"
                );
                eprintln!("no screenshot (install imagemagick)");
            }
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
    gui.destroy(&instance.plugin_handle());
    unsafe { (xlib.XCloseDisplay)(display) };
    assert_eq!(
        code.trim(),
        TYPED,
        "the typed program replaced the starter and was saved"
    );
    // The last second is the typed program: a 880 Hz sine at 0.4.
    let last = &heard[heard.len() - 48_000..];
    let f = frequency(last);
    assert!((f - 880.0).abs() < 3.0, "heard {f} Hz, expected 880");
    let rms = (last.iter().map(|x| x * x).sum::<f32>() / last.len() as f32).sqrt();
    assert!((rms - 0.4 * 0.5f32.sqrt()).abs() < 0.02, "rms {rms}");
}
