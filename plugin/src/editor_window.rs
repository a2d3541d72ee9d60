//! Closing the editor finishes its window thread before the host's call returns.
//!
//! On X11, baseview 0.4 closes a window by stopping the window thread's event loop and then
//! joining that thread. But when the thread stops before it answers the request baseview
//! sends on the way, baseview gives up without joining, and the thread tears down OpenGL
//! (Mesa unloads its driver) after the host's close call has returned. A host that then
//! unloads the plugin, or a process that exits meanwhile, crashes. [`JoiningEditor`] wraps
//! the egui editor so that closing waits for the window thread: when the app is built on that
//! thread it arms a [`ThreadExit`] there, and the window's drop waits until it fires.
//!
//! The same link carries a request to close from outside the window: in the standalone
//! application, Ctrl+C (SIGINT) or SIGTERM closes the window, which ends the application
//! as closing the window by hand does (nice-plug only listens for Ctrl+C without an editor).

use std::cell::RefCell;
use std::error::Error;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use nice_plug::context::gui::GuiContext;
use nice_plug::editor::dpi::NativeSize;
use nice_plug::editor::{
    EditorHandle, HostMethods, Modifiers, ParentWindowHandle, SpawnedEditor, VirtualKeyCode,
};
use nice_plug::prelude::*;
use nice_plug_egui::{baseview, EguiEditor, EguiEditorHandle};

use crate::editor::PhononEditor;

/// How long closing waits for the window thread before it gives up (and warns).
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

/// Whether a thread that armed this signal has finished.
#[derive(Debug, Default)]
pub struct ThreadExit {
    phase: Mutex<Phase>,
    changed: Condvar,
    /// The thread's `/proc/<pid>/task/<tid>` (Linux): gone once the thread has ended,
    /// after its last thread-local and pthread-key destructors.
    task: Mutex<Option<PathBuf>>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Phase {
    #[default]
    Unarmed,
    Running,
    Exited,
}

/// Fires its signal when the thread that holds it runs its thread-local destructors, that is
/// after everything the thread's function owned has been dropped.
struct ExitGuard(Arc<ThreadExit>);

impl Drop for ExitGuard {
    fn drop(&mut self) {
        self.0.set(Phase::Exited);
    }
}

thread_local! {
    static EXIT_GUARDS: RefCell<Vec<ExitGuard>> = const { RefCell::new(Vec::new()) };
}

impl ThreadExit {
    fn set(&self, phase: Phase) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = phase;
        self.changed.notify_all();
    }

    /// Arms the signal on the calling thread: it fires when this thread exits.
    pub fn arm_on_current_thread(self: &Arc<Self>) {
        // The link reads `<pid>/task/<tid>`, relative to /proc.
        let task = std::fs::read_link("/proc/thread-self")
            .ok()
            .map(|t| PathBuf::from("/proc").join(t));
        *self.task.lock().unwrap_or_else(|e| e.into_inner()) = task;
        self.set(Phase::Running);
        EXIT_GUARDS.with(|guards| guards.borrow_mut().push(ExitGuard(self.clone())));
    }

    /// Waits until the armed thread has exited, at most `timeout`. True if it has exited or
    /// was never armed (no thread to wait for); false on timeout. The thread-local signal
    /// comes first; where `/proc` shows threads, the wait then lasts until the thread is
    /// gone, so no code of the plugin still runs on it.
    pub fn wait(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        {
            let mut phase = self.phase.lock().unwrap_or_else(|e| e.into_inner());
            while *phase == Phase::Running {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return false;
                }
                phase = self
                    .changed
                    .wait_timeout(phase, left)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
            if *phase == Phase::Unarmed {
                return true;
            }
        }
        let task = self.task.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let Some(task) = task else {
            return true;
        };
        while task.exists() {
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        true
    }
}

/// What the editor's windows share with the app: the exit signal of the window being
/// opened (the app is built on the window thread while the host's thread waits in `spawn`),
/// and a request to close the window from outside it.
#[derive(Debug, Default)]
pub struct WindowLink {
    /// The signal of the window being opened, and the thread opening it.
    pending_exit: Mutex<Option<(Arc<ThreadExit>, ThreadId)>>,
    close: Arc<AtomicBool>,
}

impl WindowLink {
    fn put(&self, exit: Arc<ThreadExit>) {
        *self.pending_exit.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((exit, std::thread::current().id()));
        self.close.store(false, Ordering::SeqCst);
    }

    /// Arms the pending window's signal on the calling thread, when that is a window thread
    /// of its own (baseview on X11). Where the app is built on the host's thread (Windows,
    /// macOS), there is no thread to wait for.
    pub fn arm_on_current_thread(&self) {
        let pending = self
            .pending_exit
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some((exit, opener)) = pending {
            if opener != std::thread::current().id() {
                exit.arm_on_current_thread();
            }
        }
    }

    /// Whether the window was asked to close (the app checks this every frame).
    pub fn close_requested(&self) -> bool {
        self.close.load(Ordering::SeqCst)
    }
}

/// The egui editor, with windows that finish their thread when they close.
pub struct JoiningEditor {
    pub inner: EguiEditor<PhononEditor>,
    pub link: Arc<WindowLink>,
}

/// The editor's window; dropping it closes the window and waits for the window thread.
pub struct JoinedWindow {
    window: Option<baseview::Window>,
    exit: Arc<ThreadExit>,
    link: Arc<WindowLink>,
}

impl JoinedWindow {
    fn get(&self) -> &baseview::Window {
        self.window.as_ref().expect("present until dropped")
    }
}

impl Drop for JoinedWindow {
    fn drop(&mut self) {
        drop(self.window.take());
        if !self.exit.wait(CLOSE_TIMEOUT) {
            nice_warn!("the editor's window thread did not finish within {CLOSE_TIMEOUT:?}");
        }
    }
}

pub struct JoiningHandle(EguiEditorHandle);

impl Editor for JoiningEditor {
    type Handle = JoiningHandle;

    fn spawn(
        &self,
        parent: Option<ParentWindowHandle>,
        wait_for_parent: bool,
        fallback_scale_factor: Option<f64>,
        gui_context: GuiContext,
        host: Option<HostMethods>,
    ) -> Result<SpawnedEditor<JoiningHandle>, Box<dyn Error>> {
        let exit = Arc::new(ThreadExit::default());
        self.link.put(exit.clone());
        let spawned = self.inner.spawn(
            parent,
            wait_for_parent,
            fallback_scale_factor,
            gui_context,
            host,
        )?;
        Ok(SpawnedEditor {
            handle: JoiningHandle(spawned.handle),
            window: JoinedWindow {
                window: Some(spawned.window),
                exit,
                link: self.link.clone(),
            },
        })
    }

    fn size(&self) -> NativeSize<u32> {
        self.inner.size()
    }

    fn resize_hint(&self) -> ResizeHint {
        self.inner.resize_hint()
    }

    fn track_info_updated(&self, info: TrackInfo) {
        self.inner.track_info_updated(info)
    }

    unsafe fn assume_standalone_in_process(&self) {
        // SAFETY: the caller upholds the same contract for the wrapped editor.
        unsafe { self.inner.assume_standalone_in_process() }
    }
}

impl EditorHandle for JoiningHandle {
    type Window = JoinedWindow;
    type Error = baseview::Error;

    /// The standalone application's window, until it is closed by hand, by Ctrl+C or by
    /// SIGTERM.
    fn run_until_closed(mut window: JoinedWindow) -> Result<(), baseview::Error> {
        let inner = window.window.take().expect("present until dropped");
        let _signals = CloseOnSignals::register(&window.link);
        EguiEditorHandle::run_until_closed(inner)
    }

    fn set_parent(
        &self,
        parent: ParentWindowHandle,
        window: &JoinedWindow,
    ) -> Result<(), baseview::Error> {
        self.0.set_parent(parent, window.get())
    }

    fn show(&self, window: &JoinedWindow) -> Result<(), baseview::Error> {
        self.0.show(window.get())
    }

    fn hide(&self, window: &JoinedWindow) -> Result<(), baseview::Error> {
        self.0.hide(window.get())
    }

    fn set_size(
        &self,
        new_size: NativeSize<u32>,
        window: &JoinedWindow,
    ) -> Result<(), baseview::Error> {
        self.0.set_size(new_size, window.get())
    }

    fn host_main_thread_callback(&self, window: &JoinedWindow) {
        self.0.host_main_thread_callback(window.get())
    }

    fn adjust_size(
        &self,
        new_size: NativeSize<u32>,
        window: &JoinedWindow,
    ) -> Option<NativeSize<u32>> {
        self.0.adjust_size(new_size, window.get())
    }

    fn set_fallback_scale_factor(
        &self,
        scale_factor: f64,
        window: &JoinedWindow,
    ) -> Result<(), baseview::Error> {
        self.0.set_fallback_scale_factor(scale_factor, window.get())
    }

    fn on_virtual_key_from_host(
        &self,
        key_code: VirtualKeyCode,
        is_down: bool,
        modifiers: Modifiers,
    ) -> bool {
        self.0
            .on_virtual_key_from_host(key_code, is_down, modifiers)
    }

    fn state_changed(&self) {
        self.0.state_changed()
    }

    fn param_value_changed(&self, id: &str, normalized_value: f32) {
        self.0.param_value_changed(id, normalized_value)
    }

    fn param_modulation_changed(&self, id: &str, modulation_offset: f32) {
        self.0.param_modulation_changed(id, modulation_offset)
    }
}

/// While alive, SIGINT and SIGTERM ask the window to close, and a second one ends the
/// process. Registered after nice-plug's own Ctrl+C handler, which signal-hook keeps
/// calling.
struct CloseOnSignals(#[cfg(unix)] Vec<signal_hook::SigId>);

impl CloseOnSignals {
    fn register(link: &WindowLink) -> CloseOnSignals {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGINT, SIGTERM};
            use signal_hook::flag;
            let mut ids = Vec::new();
            for sig in [SIGINT, SIGTERM] {
                // A second signal, while the window has not closed yet (no frames are drawn
                // while it is minimised), ends the process at once, as 128 + the signal.
                ids.extend(
                    flag::register_conditional_shutdown(sig, 128 + sig, link.close.clone()).ok(),
                );
                ids.extend(flag::register(sig, link.close.clone()).ok());
            }
            CloseOnSignals(ids)
        }
        #[cfg(not(unix))]
        {
            let _ = link;
            CloseOnSignals()
        }
    }
}

impl Drop for CloseOnSignals {
    fn drop(&mut self) {
        #[cfg(unix)]
        for id in self.0.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_ends_after_the_thread_has_dropped_what_it_owned() {
        struct SlowDrop(Arc<Mutex<bool>>);
        impl Drop for SlowDrop {
            fn drop(&mut self) {
                std::thread::sleep(Duration::from_millis(200));
                *self.0.lock().unwrap() = true;
            }
        }
        let link = Arc::new(WindowLink::default());
        let exit = Arc::new(ThreadExit::default());
        link.put(exit.clone());
        let torn_down = Arc::new(Mutex::new(false));
        let (armed_tx, armed_rx) = std::sync::mpsc::channel();
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let thread = {
            let (link, torn_down) = (link.clone(), torn_down.clone());
            std::thread::spawn(move || {
                let _owned = SlowDrop(torn_down);
                link.arm_on_current_thread();
                armed_tx.send(()).unwrap();
                let _ = go_rx.recv();
            })
        };
        armed_rx.recv().unwrap();
        assert!(
            !exit.wait(Duration::from_millis(50)),
            "the thread still runs"
        );
        drop(go_tx);
        assert!(exit.wait(Duration::from_secs(10)));
        assert!(
            *torn_down.lock().unwrap(),
            "the wait returned before the thread dropped what it owned"
        );
        let task = exit.task.lock().unwrap().clone();
        if cfg!(target_os = "linux") {
            let task = task.expect("/proc/thread-self names the thread on Linux");
            assert!(
                task.is_absolute() && task.components().count() == 5,
                "{task:?}"
            );
            assert!(
                !task.exists(),
                "the wait returned before the thread was gone"
            );
        }
        thread.join().unwrap();
    }

    #[test]
    fn an_app_built_on_the_opening_thread_is_not_waited_for() {
        // Windows and macOS build the app on the host's thread, which lives on.
        let link = WindowLink::default();
        let exit = Arc::new(ThreadExit::default());
        link.put(exit.clone());
        link.arm_on_current_thread();
        let t0 = Instant::now();
        assert!(exit.wait(Duration::from_secs(5)));
        assert!(t0.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn a_window_that_never_armed_is_not_waited_for() {
        let exit = ThreadExit::default();
        let t0 = Instant::now();
        assert!(exit.wait(Duration::from_secs(5)));
        assert!(t0.elapsed() < Duration::from_secs(1));
    }
}
