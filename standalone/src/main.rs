//! Phonon without a DAW: nice-plug's standalone wrapper hosts the plugin, with JACK, ALSA or
//! a silent dummy backend for audio and MIDI (`--backend auto|jack|alsa|dummy`, `--help` for
//! the rest) and the editor in its own window, until that window is closed or Ctrl+C
//! (SIGINT, or SIGTERM) closes it (`phonon_plugin::editor_window`).
//!
//! The wrapper reports failure (an editor window that could not open, a backend that could
//! not start, a plugin error while processing) only by returning `false`, so that becomes
//! the exit code here; otherwise a failed start would look like a clean exit to scripts.

use std::process::ExitCode;

fn main() -> ExitCode {
    if nice_plug::nice_export_standalone::<phonon_plugin::Phonon>() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
