//! Playing events light up in the editor, in time with what is heard: the plugin window is
//! embedded under an X server as a CLAP host embeds it, a project with `d1 $ s "bd sn"` is
//! loaded and played at 120 bpm (one cycle every 2 s, paced at real time), and screenshots
//! are taken while each atom sounds. The outlined atom must be `bd` in the first half of a
//! cycle and `sn` in the second, and the same `bd` again in the next cycle. Screenshots go
//! to `target/phonon-lights-*.png`.
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
/// Seconds per cycle at 120 bpm and 4 beats a cycle.
const CYCLE_SECS: f64 = 2.0;
const WIDTH: usize = 900;
const HEIGHT: usize = 620;

/// A box of pixels: x0, x1, y0, y1.
type PixelBox = (usize, usize, usize, usize);

/// The editor's light colour (`plugin/src/lights.rs`: `LIGHT`).
const LIGHT: [u8; 3] = [0xff, 0xd2, 0x3c];

/// A screenshot of the parent window as RGB rows.
fn screenshot(name: &str) -> Vec<u8> {
    let png = target_dir().join(format!("phonon-lights-{name}.png"));
    let ppm = target_dir().join(format!("phonon-lights-{name}.ppm"));
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

/// The bounding box (x0, x1, y0, y1) of the pixels in the light colour, if any.
fn lit_box(rgb: &[u8]) -> Option<PixelBox> {
    let mut bbox: Option<PixelBox> = None;
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let p = &rgb[(y * WIDTH + x) * 3..][..3];
            let near = p
                .iter()
                .zip(LIGHT)
                .all(|(a, b)| (*a as i32 - b as i32).abs() < 24);
            if near {
                bbox = Some(match bbox {
                    None => (x, x, y, y),
                    Some((x0, x1, y0, y1)) => (x0.min(x), x1.max(x), y0.min(y), y1.max(y)),
                });
            }
        }
    }
    bbox
}

#[test]
fn the_atom_that_sounds_is_outlined_on_the_beat() {
    if !on_path("import") {
        return cannot_run("gui_lights", "`import` is not installed (apt: imagemagick)");
    }
    let Some(x) = XServer::get(true) else {
        return cannot_run("gui_lights", "no DISPLAY and no Xvfb (apt: xvfb)");
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
    let mut shots: Vec<(f64, f64, Option<PixelBox>)> = Vec::new();
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
        let cycle = || position.load(Ordering::SeqCst) as f64 / RATE / CYCLE_SECS;
        let mut serve = |secs: f64| {
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_secs_f64(secs) {
                main_thread_callbacks(&mut instance);
                std::thread::sleep(Duration::from_millis(5));
            }
        };
        serve(1.0);
        // Screenshots a quarter into each half cycle: bd, sn, bd, sn.
        let mut target = cycle().ceil() + 0.25;
        let t0 = Instant::now();
        while shots.len() < 4 && t0.elapsed() < Duration::from_secs(40) {
            while cycle() < target {
                serve(0.01);
            }
            let before = cycle();
            let rgb = screenshot(&format!("{}", shots.len()));
            let after = cycle();
            // Kept only if the whole capture lay within the atom's half cycle.
            let half = |c: f64| (c.fract() * 2.0).floor();
            if half(before) == half(target) && half(after) == half(target) && after - before < 0.2 {
                shots.push((before, after, lit_box(&rgb)));
                target += 0.5;
            } else {
                target = cycle().ceil() + 0.25 + if shots.len() % 2 == 1 { 0.5 } else { 0.0 };
            }
        }
        done.store(true, Ordering::SeqCst);
        audio.join().unwrap()
    });
    instance.deactivate(stopped);
    gui.destroy(&instance.plugin_handle());
    drop(instance);
    unsafe { (xlib.XCloseDisplay)(display) };
    assert_eq!(
        shots.len(),
        4,
        "screenshots taken while an atom sounded: {shots:?}"
    );
    let boxes: Vec<PixelBox> = shots
        .iter()
        .map(|(b, a, bx)| bx.unwrap_or_else(|| panic!("nothing lit at cycle {b:.3}..{a:.3}")))
        .collect();
    let (bd, sn, bd2, sn2) = (boxes[0], boxes[1], boxes[2], boxes[3]);
    // One atom of two characters lit at a time: bd, then sn three characters on.
    let width = |b: PixelBox| b.1 - b.0;
    assert!(
        width(bd) > 8 && width(bd) < 60 && b_height(bd) < 40,
        "one short atom lit: {bd:?}"
    );
    assert!(sn.0 > bd.1, "sn is lit right of bd: bd {bd:?}, sn {sn:?}");
    let step = sn.0 - bd.0;
    assert!(
        (step as f64 - 1.5 * width(bd) as f64).abs() < 0.4 * width(bd) as f64,
        "sn starts three characters after bd (\"bd sn\"): bd {bd:?}, sn {sn:?}"
    );
    assert_eq!(
        (bd.1, bd.2),
        (bd2.1, bd2.2),
        "the next cycle lights the same bd"
    );
    assert_eq!((sn.0, sn.2), (sn2.0, sn2.2), "and the same sn");
    x.leave_running();
}

fn b_height(b: PixelBox) -> usize {
    b.3 - b.2
}
