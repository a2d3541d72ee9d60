//! The editor embedded the way a CLAP host embeds it, under an X server: the test opens the
//! plugin window in a parent window through the CLAP GUI extension while audio runs (a
//! transport at 120 bpm, paced at real time), types a program with xdotool, presses
//! Ctrl+Enter, and checks that the program was compiled, saved and is heard. It saves a
//! screenshot to `target/phonon-editor.png`. Closing the editor (twice: it is reopened)
//! returns only once its window thread is gone, and destroying the plugin leaves no thread
//! of its own running.
//!
//! Uses `DISPLAY` if set, else starts its own `Xvfb` (`support/xserver.rs`). Needs
//! `xdotool` and ImageMagick's `import` (`.ci/run` installs them with `xvfb`). Without them
//! it is skipped, except under CI (`CI` set), where that is a failure.

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clack_extensions::gui::{GuiApiType, GuiConfiguration, PluginGui, Window};
use clack_extensions::state::PluginState;
use clack_host::events::event_types::TransportEvent;
use clack_host::prelude::*;

#[path = "support/host.rs"]
mod host;

use host::{entry, instantiate, main_thread_callbacks, transport_event};

#[path = "support/xserver.rs"]
mod xserver;

use xserver::{cannot_run, on_path, target_dir, XServer};

/// The transport at sample `pos` of a song playing at 120 bpm.
fn transport(pos_samples: usize) -> TransportEvent {
    transport_event(pos_samples as f64 / 48_000.0 * 2.0, 120.0, true, None)
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

/// Frequency from zero crossings.
fn frequency(x: &[f32]) -> f64 {
    let crossings = x
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    crossings as f64 / 2.0 / (x.len() as f64 / 48_000.0)
}

/// The ids of this process's threads.
fn thread_ids() -> BTreeSet<u32> {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect()
}

/// A thread's name (`comm`), for messages.
fn thread_name(tid: u32) -> String {
    std::fs::read_to_string(format!("/proc/self/task/{tid}/comm"))
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// Closes the editor; by the time the host's call returns, its window thread must be gone
/// (a host may unload the plugin right after), and the call must not have timed out.
fn close_editor(
    gui: &PluginGui,
    instance: &mut host::Instance,
    threads: &BTreeSet<u32>,
    what: &str,
) {
    let t0 = Instant::now();
    gui.destroy(&instance.plugin_handle());
    let took = t0.elapsed();
    let left: Vec<(u32, String)> = thread_ids()
        .intersection(threads)
        .map(|&t| (t, thread_name(t)))
        .collect();
    assert!(
        left.is_empty(),
        "{what}: threads {left:?} still run after destroy"
    );
    assert!(
        took < Duration::from_secs(1),
        "{what}: destroy took {took:?}"
    );
}

/// Waits (at most 2 s) until none of `threads` runs any more; panics naming `what` if some do.
fn assert_threads_end(threads: &BTreeSet<u32>, what: &str) {
    let t0 = Instant::now();
    loop {
        let left: Vec<u32> = thread_ids().intersection(threads).copied().collect();
        if left.is_empty() {
            return;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(2),
            "{what}: threads {left:?} still run"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

const TYPED: &str = "out: sine 880 * 0.4";

#[test]
fn the_editor_compiles_what_is_typed_and_plays_it() {
    for tool in ["xdotool", "import"] {
        if !on_path(tool) {
            return cannot_run(
                "gui_embed",
                &format!("`{tool}` is not installed (apt: xdotool imagemagick)"),
            );
        }
    }
    let Some(x) = XServer::get(true) else {
        return cannot_run("gui_embed", "no DISPLAY and no Xvfb (apt: xvfb)");
    };
    // The editor's windowing (baseview) and xdotool find the server through DISPLAY; this
    // binary runs this one test, so nothing else reads the environment meanwhile.
    std::env::set_var("DISPLAY", &x.display);
    let before_plugin = thread_ids();
    let mut instance = instantiate(&entry());

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
    let before_editor = thread_ids();
    gui.create(&instance.plugin_handle(), config)
        .expect("create");
    assert!(
        gui.can_resize(&instance.plugin_handle()),
        "the editor is resizable"
    );
    unsafe { gui.set_parent(&instance.plugin_handle(), Window::from_x11_handle(parent)) }
        .expect("set_parent");
    gui.show(&instance.plugin_handle()).expect("show");
    let editor_threads: BTreeSet<u32> = thread_ids().difference(&before_editor).copied().collect();
    assert!(
        !editor_threads.is_empty(),
        "the editor runs a window thread"
    );

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
                main_thread_callbacks(&mut instance);
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
        assert!(
            shot.as_ref().is_ok_and(|o| o.status.success()),
            "screenshot with import: {shot:?}"
        );
        eprintln!("screenshot: {}", screenshot.display());
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
    close_editor(&gui, &mut instance, &editor_threads, "the closed editor");
    // Reopened, it shows again and closes as cleanly.
    let before_editor = thread_ids();
    gui.create(&instance.plugin_handle(), config)
        .expect("create again");
    unsafe { gui.set_parent(&instance.plugin_handle(), Window::from_x11_handle(parent)) }
        .expect("set_parent again");
    gui.show(&instance.plugin_handle()).expect("show again");
    for _ in 0..50 {
        main_thread_callbacks(&mut instance);
        std::thread::sleep(Duration::from_millis(5));
    }
    let editor_threads: BTreeSet<u32> = thread_ids().difference(&before_editor).copied().collect();
    assert!(
        !editor_threads.is_empty(),
        "the reopened editor runs a window thread"
    );
    close_editor(
        &gui,
        &mut instance,
        &editor_threads,
        "the editor closed a second time",
    );
    let plugin_threads: BTreeSet<u32> = thread_ids().difference(&before_plugin).copied().collect();
    drop(instance);
    assert_threads_end(&plugin_threads, "the destroyed plugin");
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
    x.leave_running();
}
