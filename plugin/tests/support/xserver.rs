//! An X server for the GUI tests (`plugin/tests/gui_embed.rs`,
//! `standalone/tests/standalone_window.rs`, which includes this file by path): the one in
//! `DISPLAY`, or a private `Xvfb`. Also the test helpers both need: where `target/` is,
//! whether a tool is installed, and skipping (or failing under CI) without them.

#![allow(dead_code)] // each test uses its own part

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// `target/` of this workspace (tests run as `target/<profile>/deps/<name>-<hash>`).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).expect("target dir").to_path_buf()
}

pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// Without the tools a test needs: a failure under CI (`CI` set), otherwise a skip that
/// says why.
pub fn cannot_run(test: &str, why: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{why} (CI is set, so this is a failure)");
    }
    // Straight to stderr: the test harness would hide an `eprintln!` of a passing test.
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

pub fn read_log(path: &Path) -> String {
    let mut s = String::new();
    if let Ok(mut f) = File::open(path) {
        let _ = f.read_to_string(&mut s);
    }
    s
}

/// The X server a test draws on. A private Xvfb is stopped when this is dropped, unless
/// [`XServer::leave_running`] was called.
pub struct XServer {
    pub display: String,
    xvfb: Option<Child>,
}

impl XServer {
    /// `DISPLAY` if set; else a private Xvfb if it is installed; else `None`. With
    /// `terminate`, the Xvfb also exits by itself when its last client disconnects.
    pub fn get(terminate: bool) -> Option<XServer> {
        match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => Some(XServer {
                display: d,
                xvfb: None,
            }),
            _ if on_path("Xvfb") => Some(XServer::start_xvfb(terminate)),
            _ => None,
        }
    }

    /// Starts Xvfb on a free display, numbered from the process id (100..899) so that
    /// concurrent runs do not collide, and waits until it accepts connections (it writes
    /// the display number to `-displayfd` then; it exits if the display is taken, and the
    /// next number is tried).
    fn start_xvfb(terminate: bool) -> XServer {
        let pid = std::process::id();
        let log_path = target_dir().join(format!("xvfb-{pid}.log"));
        for n in (0..20).map(|i| 100 + (pid + i) % 800) {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                || Path::new(&format!("/tmp/.X{n}-lock")).exists()
            {
                continue;
            }
            let mut args = vec![
                format!(":{n}"),
                "-displayfd".into(),
                "1".into(),
                "-screen".into(),
                "0".into(),
                "1280x800x24".into(),
                "-nolisten".into(),
                "tcp".into(),
            ];
            if terminate {
                args.push("-terminate".into());
            }
            let mut xvfb = Command::new("Xvfb")
                .args(&args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(File::create(&log_path).unwrap())
                .spawn()
                .expect("start Xvfb");
            let stdout = xvfb.stdout.take().unwrap();
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let mut line = String::new();
                let _ = BufReader::new(stdout).read_line(&mut line);
                let _ = tx.send(line);
            });
            let ready = rx.recv_timeout(Duration::from_secs(10));
            let server = XServer {
                display: format!(":{n}"),
                xvfb: Some(xvfb),
            };
            if ready.is_ok_and(|line| line.trim() == n.to_string()) {
                let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
                let t0 = Instant::now();
                while !socket.exists() {
                    assert!(
                        t0.elapsed() < Duration::from_secs(10),
                        "Xvfb :{n} is ready but {} did not appear",
                        socket.display()
                    );
                    std::thread::sleep(Duration::from_millis(20));
                }
                let _ = std::fs::remove_file(&log_path);
                return server;
            }
            drop(server); // stops it; try the next number
        }
        panic!(
            "could not start Xvfb; its last output ({}):\n{}",
            log_path.display(),
            read_log(&log_path)
        );
    }

    /// Leaves a private Xvfb running: one started with `terminate` exits by itself once
    /// this process's connections close. (Stopping it while a window's connection is still
    /// open would make Xlib end this process with status 1.)
    pub fn leave_running(mut self) {
        self.xvfb.take();
    }
}

impl Drop for XServer {
    /// SIGTERM lets Xvfb remove its socket; SIGKILL if it lingers.
    fn drop(&mut self) {
        let Some(mut xvfb) = self.xvfb.take() else {
            return;
        };
        unsafe { libc::kill(xvfb.id() as libc::pid_t, libc::SIGTERM) };
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(3) {
            if let Ok(Some(_)) = xvfb.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = xvfb.kill();
        let _ = xvfb.wait();
    }
}
