//! The pianoroll draws the events of the playing program: under an X server, with
//! `d1 $ s "bd sn"` playing at 120 bpm, the toolbar's Roll toggle is clicked (found by
//! trying the toolbar right of Samples until the panel appears) and a screenshot is
//! taken. The panel must show two rows (bd above sn) of one-per-cycle notes, a cycle apart,
//! sn's half a cycle after bd's, and background between them. Screenshot:
//! `target/phonon-pianoroll.png`.
//!
//! Uses `DISPLAY` if set, else starts its own `Xvfb`. Needs ImageMagick's `import`; without
//! it (or an X server) it is skipped, except under CI, where that is a failure.

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

const PROGRAM: &str = "d1 $ s \"bd sn\"\n";
const RATE: f64 = 48_000.0;
const WIDTH: usize = 900;
const HEIGHT: usize = 620;

/// The pianoroll's background and its note colours (`plugin/src/pianoroll.rs`).
const BACKGROUND: [u8; 3] = [24, 26, 30];
const PALETTE: [[u8; 3]; 6] = [
    [80, 200, 120],
    [240, 160, 60],
    [90, 150, 250],
    [230, 90, 160],
    [200, 200, 80],
    [150, 110, 240],
];

fn near(p: &[u8], c: [u8; 3]) -> bool {
    p.iter()
        .zip(c)
        .all(|(a, b)| (*a as i32 - b as i32).abs() <= 2)
}

fn pixel(rgb: &[u8], x: usize, y: usize) -> &[u8] {
    &rgb[(y * WIDTH + x) * 3..][..3]
}

/// The rows (y0, y1) of column `x` in the pianoroll's background or its notes, if the
/// panel is shown: the longest such run in the lower half of the window.
fn roll_rows(rgb: &[u8], x: usize) -> Option<(usize, usize)> {
    let mut best = None;
    let mut start = None;
    for y in HEIGHT / 3..HEIGHT {
        let p = pixel(rgb, x, y);
        let inside = near(p, BACKGROUND) || PALETTE.iter().any(|c| near(p, *c));
        match (inside, start) {
            (true, None) => start = Some(y),
            (false, Some(s)) => {
                if best.is_none_or(|(a, b)| y - s > b - a) {
                    best = Some((s, y));
                }
                start = None;
            }
            _ => {}
        }
    }
    best.filter(|(a, b)| b - a > 60)
}

/// Where runs of note colour start along row `y` (x positions), from `x0` on; the white
/// playhead neither starts nor ends one.
fn note_starts(rgb: &[u8], y: usize, x0: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut inside = false;
    for x in x0..WIDTH {
        let p = pixel(rgb, x, y);
        if p.iter().all(|v| *v > 200) {
            continue; // the playhead's line, across a note or not
        }
        let note = PALETTE.iter().any(|c| near(p, *c));
        if note && !inside {
            out.push(x);
        }
        inside = note;
    }
    out
}

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

#[test]
fn the_pianoroll_draws_the_playing_events_in_their_rows_and_times() {
    for tool in ["xdotool", "import"] {
        if !on_path(tool) {
            return cannot_run("gui_pianoroll", &format!("`{tool}` is not installed"));
        }
    }
    let Some(x) = XServer::get(true) else {
        return cannot_run("gui_pianoroll", "no DISPLAY and no Xvfb (apt: xvfb)");
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
    let state = save_state(&mut instance);
    load_state(&mut instance, &with_code(state, PROGRAM));

    let done = AtomicBool::new(false);
    let position = AtomicUsize::new(0);
    let mut shot = None;
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
        // The toggle sits right of Samples; left of the font buttons.
        for bx in (255..=330).step_by(12) {
            let rgb = screenshot("pianoroll");
            if roll_rows(&rgb, 600).is_some() {
                shot = Some(rgb);
                break;
            }
            let out = Command::new("xdotool")
                .args(["mousemove", &bx.to_string(), "13", "click", "1"])
                .output()
                .expect("xdotool");
            assert!(out.status.success(), "xdotool: {out:?}");
            serve(0.4);
            let rgb = screenshot("pianoroll");
            if roll_rows(&rgb, 600).is_some() {
                shot = Some(rgb);
                break;
            }
        }
        done.store(true, Ordering::SeqCst);
        audio.join().unwrap()
    });
    instance.deactivate(stopped);
    gui.destroy(&instance.plugin_handle());
    drop(instance);
    unsafe { (xlib.XCloseDisplay)(display) };
    let rgb = shot.expect("the Roll toggle shows the pianoroll");
    let (top, bottom) = roll_rows(&rgb, 600).unwrap();
    let h = bottom - top;
    // Two sample rows, bd above sn (names sorted), each half the panel.
    let (bd_y, sn_y) = (top + h / 4, top + 3 * h / 4);
    let x0 = 60; // right of the row labels
    let bd = note_starts(&rgb, bd_y, x0);
    let sn = note_starts(&rgb, sn_y, x0);
    assert!(
        bd.len() >= 3 && sn.len() >= 3,
        "notes per row: bd {bd:?}, sn {sn:?}"
    );
    // One cycle between a row's notes (four cycles across the panel, about 210 px each).
    let cycle = bd[2] - bd[1];
    assert!(
        cycle > 150 && cycle < 260,
        "a cycle is {cycle} px: bd {bd:?}"
    );
    for w in bd[1..].windows(2).chain(sn[1..].windows(2)) {
        assert!(
            (w[1] - w[0]).abs_diff(cycle) <= 2,
            "notes one cycle apart: bd {bd:?}, sn {sn:?}"
        );
    }
    // sn half a cycle after bd, and background between the notes.
    let after = sn.iter().find(|&&x| x > bd[1]).copied().unwrap();
    assert!(
        (after - bd[1]).abs_diff(cycle / 2) <= 3,
        "sn half a cycle after bd: bd {bd:?}, sn {sn:?}"
    );
    let gap = pixel(&rgb, bd[1] + cycle * 3 / 4, bd_y);
    assert!(near(gap, BACKGROUND), "background after bd's note: {gap:?}");
    x.leave_running();
}
