//! Help while typing: under an X server, `d1 $ deg` is typed into the editor; the
//! completion popup must appear (its chosen entry in the light colour) offering `degrade`
//! first, Tab must insert it, Ctrl+/ must comment the line out, and Ctrl+Enter must run
//! and save what was typed. Screenshot: `target/phonon-completion.png`.

use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clack_extensions::gui::{GuiApiType, GuiConfiguration, PluginGui, Window};
use clack_host::prelude::*;

#[path = "support/host.rs"]
mod host;

use host::{
    entry, instantiate, load_state, main_thread_callbacks, save_state, transport_event, with_code,
};

#[path = "support/xserver.rs"]
mod xserver;

use xserver::{cannot_run, on_path, target_dir, XServer};

const RATE: f64 = 48_000.0;
const WIDTH: usize = 900;
const HEIGHT: usize = 620;

/// A screenshot of the parent window as RGB rows.
fn screenshot(name: &str) -> Vec<u8> {
    let png = target_dir().join(format!("phonon-{name}.png"));
    let ppm = target_dir().join(format!("phonon-{name}.ppm"));
    let crop = format!("{WIDTH}x{HEIGHT}+0+0");
    let out = Command::new("import")
        .args(["-window", "root", "-crop", &crop, "+repage", "-depth", "8"])
        .arg(format!("ppm:{}", ppm.display()))
        .output()
        .expect("import (apt install imagemagick)");
    assert!(out.status.success(), "import: {out:?}");
    let _ = Command::new("convert").arg(&ppm).arg(&png).output();
    let data = std::fs::read(&ppm).unwrap();
    let _ = std::fs::remove_file(&ppm);
    // P6 header: "P6\n<w> <h>\n<max>\n"
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    data[at + 1..].to_vec()
}

/// The chosen completion entry's colour (`editor.rs`: the popup's chosen entry).
const CHOSEN: [u8; 3] = [0xff, 0xd2, 0x3c];

fn count_chosen(rgb: &[u8]) -> usize {
    rgb.chunks(3)
        .filter(|p| {
            p.iter()
                .zip(CHOSEN)
                .all(|(a, b)| (*a as i32 - b as i32).abs() < 24)
        })
        .count()
}

fn xdotool(args: &[&str]) {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .expect("xdotool");
    assert!(out.status.success(), "xdotool {args:?}: {out:?}");
}

#[test]
fn typing_deg_offers_degrade_and_tab_inserts_it() {
    for tool in ["xdotool", "import"] {
        if !on_path(tool) {
            return cannot_run("gui_assist", &format!("`{tool}` is not installed"));
        }
    }
    let Some(x) = XServer::get(true) else {
        return cannot_run("gui_assist", "no DISPLAY and no Xvfb (apt: xvfb)");
    };
    std::env::set_var("DISPLAY", &x.display);
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
    // A program without atoms, so nothing else is lit in the light colour.
    let state = save_state(&mut instance);
    load_state(&mut instance, &with_code(state, "out: sine 440 * 0\n"));
    gui.create(&instance.plugin_handle(), config)
        .expect("create");
    unsafe { gui.set_parent(&instance.plugin_handle(), Window::from_x11_handle(parent)) }
        .expect("set_parent");
    gui.show(&instance.plugin_handle()).expect("show");
    let audio_config = PluginAudioConfiguration {
        sample_rate: RATE,
        min_frames_count: 1,
        max_frames_count: 512,
    };
    let stopped = instance
        .activate(|_, _| (), audio_config)
        .expect("activate");
    let done = AtomicBool::new(false);
    let position = AtomicUsize::new(0);
    let mut counts = Vec::new();
    let stopped = std::thread::scope(|s| {
        let audio = s.spawn(|| {
            let mut proc = stopped.start_processing().expect("start_processing");
            let mut l = vec![0.0f32; 512];
            let mut r = vec![0.0f32; 512];
            let mut aux: Vec<[Vec<f32>; 2]> =
                (0..8).map(|_| [vec![0.0; 512], vec![0.0; 512]]).collect();
            let mut ports = AudioPorts::with_capacity(18, 9);
            let events = EventBuffer::new();
            let mut pos = 0usize;
            let started = Instant::now();
            while !done.load(Ordering::SeqCst) {
                let tr = transport_event(pos as f64 / RATE * 2.0, 120.0, true, None);
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
                position.store(pos, Ordering::SeqCst);
                let due = Duration::from_secs_f64(pos as f64 / RATE);
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
            proc.stop_processing()
        });
        let mut serve = |secs: f64| {
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_secs_f64(secs) {
                main_thread_callbacks(&mut instance);
                std::thread::sleep(Duration::from_millis(5));
            }
        };
        serve(1.5);
        xdotool(&["mousemove", "400", "200", "click", "1"]);
        serve(0.3);
        xdotool(&["key", "ctrl+a"]);
        xdotool(&["type", "--delay", "30", "d1 $ "]);
        serve(1.0);
        counts.push(count_chosen(&screenshot("completion-before")));
        xdotool(&["type", "--delay", "30", "deg"]);
        serve(1.0);
        counts.push(count_chosen(&screenshot("completion")));
        xdotool(&["key", "Tab"]);
        serve(1.0);
        counts.push(count_chosen(&screenshot("completion-after")));
        xdotool(&["type", "--delay", "30", " $ s \"bd*8\""]);
        serve(0.8);
        xdotool(&["key", "ctrl+Return"]);
        serve(1.5);
        done.store(true, Ordering::SeqCst);
        audio.join().unwrap()
    });
    instance.deactivate(stopped);
    let json = save_state(&mut instance);
    let code: String = serde_json::from_str(json["fields"]["code"].as_str().unwrap()).unwrap();
    gui.destroy(&instance.plugin_handle());
    drop(instance);
    unsafe { (xlib.XCloseDisplay)(display) };
    assert_eq!(counts[0], 0, "no popup before a word is typed: {counts:?}");
    assert!(
        counts[1] > 20,
        "the popup shows its chosen entry: {counts:?}"
    );
    assert_eq!(counts[2], 0, "Tab closes the popup: {counts:?}");
    assert_eq!(
        code.trim(),
        "d1 $ degrade $ s \"bd*8\"",
        "Tab inserted the first candidate, degrade"
    );
    let _ = position.load(Ordering::SeqCst);
    x.leave_running();
}
