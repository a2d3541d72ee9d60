//! The sample panel: the banks the engine loaded, grouped by folder with their file counts.
//! Clicking a bank auditions its next file and inserts `s "bank:n"` at the code cursor
//! (`s "bank"` for the first file); folders are added and removed here, persisted in the
//! `sample_dirs` parameter. Listing and playing are the engine's (`EngineHandle`).

use std::collections::HashMap;
use std::path::PathBuf;

use egui::text::{CCursor, CCursorRange};
use egui::{Color32, RichText};
use phonon::engine::EngineHandle;

use crate::PhononParams;

/// The panel's own state (kept across frames and window opens).
#[derive(Default)]
pub struct SamplesPanel {
    /// The path typed into the "Add" field.
    new_dir: String,
    /// The file each bank's next click plays.
    next_file: HashMap<String, usize>,
}

impl SamplesPanel {
    /// Draws the panel; returns the code to insert when a bank was clicked.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        handle: Option<&EngineHandle>,
        params: &PhononParams,
    ) -> Option<String> {
        ui.heading("Samples");
        let Some(handle) = handle else {
            ui.label("inactive: no engine");
            return None;
        };
        let mut insert = None;
        egui::ScrollArea::vertical()
            .id_salt("samples")
            .max_height(ui.available_height() - 120.0)
            .show(ui, |ui| {
                let mut root = None;
                for bank in handle.sample_banks() {
                    if root.as_ref() != Some(&bank.root) {
                        let title = if bank.root.as_os_str().is_empty() {
                            "(built in)".to_string()
                        } else {
                            bank.root.display().to_string()
                        };
                        ui.label(RichText::new(title).small().color(Color32::from_gray(150)));
                        root = Some(bank.root.clone());
                    }
                    let label = format!("{}  ({})", bank.name, bank.files);
                    if ui
                        .button(RichText::new(label).monospace())
                        .on_hover_text("Audition the next file and insert it at the cursor")
                        .clicked()
                    {
                        let next = self.next_file.entry(bank.name.clone()).or_insert(0);
                        let index = *next % bank.files.max(1);
                        *next = index + 1;
                        if handle.audition(&bank.name, index).is_ok() {
                            insert = Some(snippet(&bank.name, index));
                        }
                    }
                }
            });
        ui.separator();
        for w in handle.sample_warnings() {
            ui.label(
                RichText::new(format!("warning: {w}"))
                    .small()
                    .color(Color32::YELLOW),
            );
        }
        let mut dirs = params.sample_dirs.read().clone();
        let mut changed = false;
        let mut remove = None;
        for (i, d) in dirs.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui
                    .small_button("x")
                    .on_hover_text("Remove this folder")
                    .clicked()
                {
                    remove = Some(i);
                }
                ui.label(RichText::new(d).small());
            });
        }
        if let Some(i) = remove {
            dirs.remove(i);
            changed = true;
        }
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.new_dir)
                    .hint_text("folder of bank folders")
                    .desired_width(140.0),
            );
            let path = self.new_dir.trim().to_string();
            if ui.button("Add").clicked() && !path.is_empty() && !dirs.contains(&path) {
                dirs.push(path);
                self.new_dir.clear();
                changed = true;
            }
        });
        if changed {
            *params.sample_dirs.write() = dirs.clone();
            // Loading decodes every file: off the GUI thread.
            let handle = handle.clone();
            let paths: Vec<PathBuf> = dirs.iter().map(PathBuf::from).collect();
            std::thread::spawn(move || handle.set_sample_dirs(&paths));
        }
        insert
    }
}

/// The code a click on file `index` of `bank` inserts.
pub fn snippet(bank: &str, index: usize) -> String {
    if index == 0 {
        format!("s \"{bank}\"")
    } else {
        format!("s \"{bank}:{index}\"")
    }
}

/// Replaces the selection of the TextEdit `id` (or inserts at its cursor; at the end when
/// it never had one) with `snippet`, leaving the cursor after it. The TextEdit's undo
/// history is kept (its undoer snapshots text changes as it does for typing).
pub fn insert_at_cursor(ctx: &egui::Context, id: egui::Id, text: &mut String, snippet: &str) {
    let mut state = egui::TextEdit::load_state(ctx, id).unwrap_or_default();
    let chars = text.chars().count();
    let (start, end) = match state.cursor.char_range() {
        Some(range) => {
            let r = range.as_sorted_char_range();
            (r.start.0.min(chars), r.end.0.min(chars))
        }
        None => (chars, chars),
    };
    let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let (b0, b1) = (byte(start), byte(end));
    text.replace_range(b0..b1, snippet);
    let after = CCursor::new(start + snippet.chars().count());
    state.cursor.set_char_range(Some(CCursorRange::one(after)));
    state.store(ctx, id);
}
