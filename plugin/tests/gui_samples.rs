//! The sample panel under an X server: the test opens the editor through the CLAP GUI
//! extension with the transport stopped and no program, opens the Samples panel, clicks
//! down the panel's first rows until a bank button answers, and checks that the saved code
//! now holds `s "arpy"` (the kit's first bank) and that the audition is heard. It saves a
//! screenshot to `target/phonon-samples.png`.
//!
//! Uses `DISPLAY` if set, else starts its own `Xvfb`. Needs `xdotool` and ImageMagick's
//! `import`; without them it is skipped, except under CI (`CI` set), where that fails.

use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clack_extensions::gui::{GuiApiType, GuiConfiguration, PluginGui, Window};
use clack_host::prelude::*;

#[path = "support/host.rs"]
mod host;

use host::{entry, instantiate, load_state, main_thread_callbacks, save_state, transport_event};

#[path = "support/xserver.rs"]
mod xserver;

use xserver::{cannot_run, on_path, target_dir, XServer};

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

/// The program saved in the plugin's state.
fn saved_code(instance: &mut host::Instance) -> String {
    let state = save_state(instance);
    serde_json::from_str(state["fields"]["code"].as_str().unwrap()).unwrap()
}

#[test]
fn clicking_a_bank_inserts_it_and_auditions_it() {
    for tool in ["xdotool", "import"] {
        if !on_path(tool) {
            return cannot_run("gui_samples", &format!("`{tool}` is not installed"));
        }
    }
    let Some(x) = XServer::get(true) else {
        return cannot_run("gui_samples", "no DISPLAY and no Xvfb (apt: xvfb)");
    };
    std::env::set_var("DISPLAY", &x.display);
    let mut instance = instantiate(&entry());
    // No program: whatever is heard is the audition.
    let empty = host::with_code(save_state(&mut instance), "");
    load_state(&mut instance, &empty);

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
    gui.create(&instance.plugin_handle(), config)
        .expect("create");
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
    // Samples rendered so far, and everything heard.
    let rendered = AtomicUsize::new(0);
    let heard = Mutex::new(Vec::<f32>::with_capacity(48_000 * 40));
    let screenshot = target_dir().join("phonon-samples.png");
    let (stopped, clicked_at) = std::thread::scope(|s| {
        let audio = s.spawn(|| {
            let mut proc = stopped.start_processing().expect("start_processing");
            let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
            let mut aux: Vec<[Vec<f32>; 2]> =
                (0..8).map(|_| [vec![0.0; 512], vec![0.0; 512]]).collect();
            let mut ports = AudioPorts::with_capacity(18, 9);
            let events = EventBuffer::new();
            let started = Instant::now();
            let mut pos = 0;
            // The transport stands still at the start.
            let tr = transport_event(0.0, 120.0, false, None);
            while !done.load(Ordering::SeqCst) {
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
                heard.lock().unwrap().extend_from_slice(&l);
                pos += 512;
                rendered.store(pos, Ordering::SeqCst);
                let due = Duration::from_secs_f64(pos as f64 / 48_000.0);
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
            proc.stop_processing()
        });
        let serve = |instance: &mut host::Instance, secs: f64| {
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_secs_f64(secs) {
                main_thread_callbacks(instance);
                std::thread::sleep(Duration::from_millis(5));
            }
        };
        serve(&mut instance, 2.0);
        // The toolbar's "Samples" toggle (after Run, Examples, Help): tried at points right
        // of the Examples menu (clicking that could run an example) until a click on the
        // panel's first rows inserts a bank.
        let mut opened = false;
        for x_pos in (160..=240).step_by(10) {
            xdotool(&["mousemove", &x_pos.to_string(), "16", "click", "1"]);
            serve(&mut instance, 0.3);
            // Probe the first bank row; a click there inserts only when the panel is open.
            for y in (60..=140).step_by(8) {
                xdotool(&["mousemove", "40", &y.to_string(), "click", "1"]);
                serve(&mut instance, 0.15);
                if saved_code(&mut instance).contains("s \"") {
                    opened = true;
                    break;
                }
            }
            if opened {
                break;
            }
            // Not the toggle (or it closed the panel): undo a possible toggle.
            xdotool(&["mousemove", &x_pos.to_string(), "16", "click", "1"]);
            serve(&mut instance, 0.2);
        }
        let clicked_at = opened.then(|| rendered.load(Ordering::SeqCst));
        serve(&mut instance, 1.0);
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
        (audio.join().unwrap(), clicked_at)
    });
    instance.deactivate(stopped);
    let code = saved_code(&mut instance);
    gui.destroy(&instance.plugin_handle());
    drop(instance);
    unsafe { (xlib.XCloseDisplay)(display) };
    let clicked_at = clicked_at.expect("no click on the panel inserted a bank");
    assert!(code.contains("s \"arpy\""), "saved code: {code:?}");
    let heard = heard.into_inner().unwrap();
    let before = &heard[..clicked_at.saturating_sub(48_000).min(heard.len())];
    let after = &heard[clicked_at.saturating_sub(512 * 8)..];
    let rms_after = host::rms(after);
    eprintln!(
        "rms before the click {:.5}, after {rms_after:.5}",
        host::rms(before)
    );
    assert!(rms_after > 0.01, "the audition is heard: rms {rms_after}");
    x.leave_running();
}
