//! The standalone application opens its editor window, keeps running with audio being
//! processed (dummy backend: no sound card needed), and quits with status 0 when the window
//! is closed, or on Ctrl+C (SIGINT) in its terminal.
//!
//! Needs an X server: `DISPLAY` if set, otherwise a private `Xvfb` started here. Uses
//! `xdotool` (find the window) and ImageMagick's `import` (read its pixels, and a screenshot
//! of the screen to `target/phonon-standalone.png`; the application's output goes to
//! `target/phonon-standalone.log`). Without them (apt: xvfb xdotool imagemagick) the test is
//! skipped, or fails when `CI` is set.
//!
//! "Audio is processed" is read from the editor: the status line (cycle, beat, DSP load) and
//! the scope change only when the plugin's `process()` runs, so two captures of that part of
//! the window a second apart must differ. (Checked the other way round by giving the
//! application `--period-size 480000`, one block per 10 s: nothing there changed. The level
//! meters at the left are left out: they decay on their own between blocks.)

use std::ffi::CString;
use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long the window may take to appear (a debug build on a loaded machine; about 0.5 s
/// on an idle one).
const WINDOW_TIMEOUT: Duration = Duration::from_secs(15);
/// How long the application may take to quit once its window is asked to close.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);
/// The compared region, as fractions of the window size: the bottom panel (status line,
/// meters, scope, macro sliders) is the bottom quarter, and the meters are its left quarter.
const STATUS_REGION_TOP: f64 = 0.7;
const STATUS_REGION_LEFT: f64 = 0.3;

#[path = "../../plugin/tests/support/xserver.rs"]
mod xserver;

use xserver::{on_path, read_log, target_dir, XServer};

fn cannot_run(why: &str) {
    xserver::cannot_run("standalone_window", why)
}

/// Kills the application on drop (also when the test panics), before the X server goes.
struct App(Child);

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The first visible window titled exactly "Phonon".
fn find_window(display: &str) -> Option<u64> {
    let out = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "^Phonon$"])
        .env("DISPLAY", display)
        .stderr(Stdio::null())
        .output()
        .expect("run xdotool");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|s| s.trim().parse().ok())
}

/// A window's pixels as (width, height, RGB bytes), read through `import` as binary PPM.
fn capture(display: &str, window: u64) -> (usize, usize, Vec<u8>) {
    let out = Command::new("import")
        .args(["-window", &window.to_string(), "-depth", "8", "ppm:-"])
        .env("DISPLAY", display)
        .output()
        .expect("run import");
    assert!(
        out.status.success(),
        "import -window {window} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse_ppm(&out.stdout)
}

/// Binary PPM (`P6`, 8 bits): header fields separated by whitespace, `#` comments.
fn parse_ppm(data: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        if data[i] == b'#' {
            while data[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P6", "binary PPM");
    assert_eq!(fields[3], "255", "8-bit PPM");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = data[i + 1..].to_vec();
    assert_eq!(pixels.len(), w * h * 3, "PPM size");
    (w, h, pixels)
}

/// Asks the window to close the way a window manager does (`WM_DELETE_WINDOW`).
fn request_close(display: &str, window: u64) {
    use x11_dl::xlib;
    let x = xlib::Xlib::open().expect("libX11");
    let name = CString::new(display).unwrap();
    unsafe {
        let d = (x.XOpenDisplay)(name.as_ptr());
        assert!(!d.is_null(), "cannot open {display}");
        let protocols = (x.XInternAtom)(d, c"WM_PROTOCOLS".as_ptr(), xlib::False);
        let delete = (x.XInternAtom)(d, c"WM_DELETE_WINDOW".as_ptr(), xlib::False);
        let mut data = xlib::ClientMessageData::new();
        data.set_long(0, delete as std::os::raw::c_long);
        data.set_long(1, xlib::CurrentTime as std::os::raw::c_long);
        let mut event = xlib::XEvent {
            client_message: xlib::XClientMessageEvent {
                type_: xlib::ClientMessage,
                serial: 0,
                send_event: xlib::True,
                display: d,
                window,
                message_type: protocols,
                format: 32,
                data,
            },
        };
        let sent = (x.XSendEvent)(d, window, xlib::False, xlib::NoEventMask, &mut event);
        assert!(sent != 0, "XSendEvent failed");
        (x.XFlush)(d);
        (x.XCloseDisplay)(d);
    }
}

/// The application running on `display`, its output going to a log file.
struct Running {
    app: App,
    display: String,
    log_path: PathBuf,
}

impl Running {
    fn start(display: &str, log_path: PathBuf) -> Running {
        let log = File::create(&log_path).unwrap();
        let app = Command::new(env!("CARGO_BIN_EXE_phonon-standalone"))
            .args([
                "--backend",
                "dummy",
                "--sample-rate",
                "48000",
                "--period-size",
                "512",
            ])
            .env("DISPLAY", display)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start phonon-standalone");
        Running {
            app: App(app),
            display: display.to_string(),
            log_path,
        }
    }

    fn fail(&self, what: String) -> ! {
        panic!(
            "{what}\n--- phonon-standalone output ({}) ---\n{}",
            self.log_path.display(),
            read_log(&self.log_path)
        )
    }

    fn still_running(&mut self, when: &str) {
        if let Some(status) = self.app.0.try_wait().expect("try_wait") {
            self.fail(format!("phonon-standalone exited ({status}) {when}"));
        }
    }

    /// Waits for the application's window; fails if it exits first or takes too long.
    fn window(&mut self) -> u64 {
        let t0 = Instant::now();
        loop {
            self.still_running("before its window appeared");
            if let Some(w) = find_window(&self.display) {
                return w;
            }
            if t0.elapsed() > WINDOW_TIMEOUT {
                self.fail(format!(
                    "no visible window named \"Phonon\" on {} within {} s",
                    self.display,
                    WINDOW_TIMEOUT.as_secs()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for the application to quit after `why`; fails unless it quits with status 0,
    /// without a panic, within [`CLOSE_TIMEOUT`].
    fn exit(&mut self, why: &str) -> ExitStatus {
        let t0 = Instant::now();
        let exit = loop {
            if let Some(status) = self.app.0.try_wait().expect("try_wait") {
                break status;
            }
            if t0.elapsed() > CLOSE_TIMEOUT {
                self.fail(format!(
                    "phonon-standalone still runs {} s after {why}",
                    CLOSE_TIMEOUT.as_secs()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        if !exit.success() {
            self.fail(format!("phonon-standalone quit with {exit} after {why}"));
        }
        if read_log(&self.log_path).contains("panicked") {
            self.fail("phonon-standalone panicked".into());
        }
        exit
    }
}

#[test]
fn standalone_opens_its_editor_processes_audio_and_quits_on_close_or_ctrl_c() {
    for tool in ["xdotool", "import"] {
        if !on_path(tool) {
            return cannot_run(&format!(
                "`{tool}` is not installed (apt: xdotool imagemagick)"
            ));
        }
    }
    let Some(x) = XServer::get(false) else {
        return cannot_run("no DISPLAY and no Xvfb (apt: xvfb)");
    };
    let display = x.display.clone();

    let target = target_dir();
    let log_path = target.join("phonon-standalone.log");
    let mut running = Running::start(&display, log_path.clone());
    let t0 = Instant::now();
    let window = running.window();
    let appeared = t0.elapsed();

    // Let the first frames settle, then compare the status panel across one second.
    std::thread::sleep(Duration::from_secs(1));
    running.still_running("after its window appeared");
    let (w, h, before) = capture(&display, window);
    std::thread::sleep(Duration::from_secs(1));
    let (w2, h2, after) = capture(&display, window);
    running.still_running("while it was running");
    assert_eq!((w, h), (w2, h2), "window size stayed the same");
    let (top, left) = (
        (h as f64 * STATUS_REGION_TOP) as usize,
        (w as f64 * STATUS_REGION_LEFT) as usize,
    );
    let changed = (top..h)
        .flat_map(|y| (left..w).map(move |x| (y * w + x) * 3))
        .filter(|&i| before[i..i + 3] != after[i..i + 3])
        .count();

    let shot = target.join("phonon-standalone.png");
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&shot)
        .env("DISPLAY", &display)
        .status()
        .expect("run import");
    assert!(status.success(), "screenshot with import failed");
    running.still_running("after the screenshot");
    if changed == 0 {
        running.fail(format!(
            "the editor's status line and scope did not change in 1 s: is process() running? \
             (window {window}, {w}x{h}; screenshot {})",
            shot.display()
        ));
    }

    // Closing the window ends the application cleanly.
    request_close(&display, window);
    let t1 = Instant::now();
    let exit = running.exit("its window was asked to close");
    ctrl_c_closes_the_window_and_quits(&display);
    eprintln!(
        "window {window} ({w}x{h}) on {display} after {:.1} s; status line and scope: {changed} pixels \
         changed in 1 s; quit with {exit} {:.1} s after the close request; screenshot {}",
        appeared.as_secs_f64(),
        t1.elapsed().as_secs_f64(),
        shot.display()
    );
}

/// Ctrl+C (SIGINT) in the terminal closes the window and quits with status 0. Run after the
/// other check on the same display, not beside it: both windows are named "Phonon".
fn ctrl_c_closes_the_window_and_quits(display: &str) {
    let log_path = target_dir().join("phonon-standalone-sigint.log");
    let mut running = Running::start(display, log_path);
    running.window();
    std::thread::sleep(Duration::from_millis(500));
    let pid = running.app.0.id() as libc::pid_t;
    unsafe { libc::kill(pid, libc::SIGINT) };
    running.exit("Ctrl+C (SIGINT)");
}
