//! The editor window (nice-plug-egui): code editor with highlighting and line numbers,
//! Run / Ctrl+Enter, diagnostics at their lines, status line, meters, scope, examples and
//! a help panel listing the registry. Compiling runs on nice-plug's background thread
//! ([`Task::Compile`]), never in a GUI frame.

use std::sync::Arc;
use std::time::Duration;

use egui::{Color32, FontId, Key, Modifiers, RichText, Sense, Stroke, Vec2};
use nice_plug::context::gui::GuiContext;
use nice_plug::editor::dpi::LogicalSize;
use nice_plug::prelude::*;
use nice_plug_egui::resizable_window::ResizableWindow;
use nice_plug_egui::widgets::ParamSlider;
use nice_plug_egui::{
    create_egui_editor, EguiEditorState, EguiNiceSettings, Frame, NiceEguiApp, RepaintNotifier,
};
use phonon::engine::{StatusSnapshot, SCOPE_LEN};
use phonon::registry;

use crate::assist;
use crate::editor_window::{JoiningEditor, WindowLink};
use crate::examples::EXAMPLES;
use crate::highlight;
use crate::lights::{self, Lights};
use crate::pianoroll;
use crate::samples_panel::{self, SamplesPanel};
use crate::{Phonon, PhononParams, Shared, Task};

const DEFAULT_SIZE: (f32, f32) = (900.0, 620.0);
const MIN_SIZE: (f32, f32) = (520.0, 360.0);
/// The code editor's widget id (the sample panel inserts at its cursor).
const CODE_ID: &str = "phonon-code";
const OUTPUT_NAMES: [&str; 9] = ["Main", "1", "2", "3", "4", "5", "6", "7", "8"];

pub fn default_state() -> Arc<EguiEditorState> {
    EguiEditorState::from_size(LogicalSize::new(DEFAULT_SIZE.0, DEFAULT_SIZE.1), 1.0)
}

pub fn create(
    state: Arc<EguiEditorState>,
    params: Arc<PhononParams>,
    shared: Arc<Shared>,
    executor: AsyncExecutor<Phonon>,
) -> Option<JoiningEditor> {
    let link = Arc::new(WindowLink::default());
    let settings = EguiNiceSettings::new()
        .with_tile("Phonon")
        .with_resize_hint(
            ResizeHint::RESIZABLE.with_min_logical_size(LogicalSize::new(MIN_SIZE.0, MIN_SIZE.1)),
        );
    let inner = create_egui_editor(
        state,
        RepaintNotifier::new(),
        settings,
        PhononEditor {
            params,
            shared,
            executor,
            gui: None,
            text: String::new(),
            loaded_generation: u64::MAX,
            cache: highlight::Cache::default(),
            show_help: false,
            show_samples: false,
            samples: SamplesPanel::default(),
            help_filter: String::new(),
            scope: Box::new([0.0; SCOPE_LEN]),
            meters: [0.0; 9],
            status: StatusSnapshot::default(),
            requested_serial: 0,
            lights: Lights::default(),
            keys: EditorKeys::default(),
            completion: Vec::new(),
            chosen: 0,
            signature: None,
            hushed: false,
            window: link.clone(),
            show_roll: false,
            roll_events: Vec::new(),
            roll_queried: None,
            roll_layout: pianoroll::Layout::default(),
            playhead: pianoroll::Playhead::default(),
        },
    )?;
    Some(JoiningEditor { inner, link })
}

/// The editor's state; lives as long as the plugin (across window opens).
pub struct PhononEditor {
    params: Arc<PhononParams>,
    shared: Arc<Shared>,
    executor: AsyncExecutor<Phonon>,
    gui: Option<GuiContext>,
    /// The text being edited (stored into the params on Run).
    text: String,
    /// The code generation (state loads) the text was taken from.
    loaded_generation: u64,
    cache: highlight::Cache,
    show_help: bool,
    show_samples: bool,
    samples: SamplesPanel,
    help_filter: String,
    scope: Box<[f32; SCOPE_LEN]>,
    /// Displayed meter levels (peak with decay).
    meters: [f32; 9],
    status: StatusSnapshot,
    /// Compile serial expected after the last Run (shows "compiling…" until reached).
    requested_serial: u64,
    /// The code of the events sounding now, outlined.
    lights: Lights,
    /// Editing keys of this frame, taken before the text editor sees them.
    keys: EditorKeys,
    /// Completion candidates for the word at the cursor (registry names), and the chosen one.
    completion: Vec<&'static registry::FunctionSpec>,
    chosen: usize,
    /// The call the cursor is in: signature around the argument being typed, and its doc.
    signature: Option<(String, String, String, String)>,
    /// Ctrl+. silenced the engine; the next run plays again.
    hushed: bool,
    /// The link to the open window: its thread-exit signal, a request to close it.
    window: Arc<WindowLink>,
    /// The pianoroll panel: shown or not, and its events and layout (reused every frame).
    show_roll: bool,
    roll_events: Vec<phonon::preview::PreviewEvent>,
    /// The playhead's cycle and the compile serial `roll_events` were queried for.
    roll_queried: Option<(i64, u64)>,
    roll_layout: pianoroll::Layout,
    playhead: pianoroll::Playhead,
}

impl PhononEditor {
    fn reload_text_if_state_loaded(&mut self) {
        let generation = self.params.code.generation();
        if generation != self.loaded_generation {
            self.loaded_generation = generation;
            self.text = self.params.code.get();
        }
    }

    fn run(&mut self) {
        self.params.code.set_from_editor(&self.text);
        self.requested_serial = self.shared.outcome.lock().serial + 1;
        self.executor.execute_background(Task::Compile);
    }

    fn font(&self) -> FontId {
        FontId::monospace(self.params.font_size.read().clamp(8.0, 32.0))
    }

    fn toolbar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new("Run").strong())
                .on_hover_text("Compile and play (Ctrl+Enter)")
                .clicked()
            {
                self.run();
            }
            let mut chosen = None;
            ui.menu_button("Examples", |ui| {
                for (name, source) in EXAMPLES {
                    if ui.button(*name).clicked() {
                        chosen = Some(*source);
                        ui.close();
                    }
                }
            });
            if let Some(source) = chosen {
                self.text = source.to_string();
                self.run();
            }
            ui.toggle_value(&mut self.show_help, "Help");
            ui.toggle_value(&mut self.show_samples, "Samples")
                .on_hover_text("Sample banks: audition, insert, add folders");
            ui.toggle_value(&mut self.show_roll, "Roll")
                .on_hover_text("Pianoroll: the events around the playhead");
            ui.separator();
            ui.label("Font");
            let mut size = *self.params.font_size.read();
            if ui.small_button("-").clicked() {
                size = (size - 1.0).max(8.0);
            }
            if ui.small_button("+").clicked() {
                size = (size + 1.0).min(32.0);
            }
            *self.params.font_size.write() = size;
            ui.separator();
            if let Some(gui) = &self.gui {
                let setter = gui.param_setter();
                ui.label("Master");
                ui.add(ParamSlider::for_param(&self.params.gain, &setter).with_width(110.0));
                ui.label("Beats/cycle");
                ui.add(
                    ParamSlider::for_param(&self.params.beats_per_cycle, &setter).with_width(70.0),
                );
                let mut run = self.params.run_when_stopped.value();
                if ui.checkbox(&mut run, "Run when stopped").changed() {
                    setter.begin_set_parameter(&self.params.run_when_stopped);
                    setter.set_parameter(&self.params.run_when_stopped, run);
                    setter.end_set_parameter(&self.params.run_when_stopped);
                }
                let mut orbits = self.params.orbit_outputs.value();
                if ui
                    .checkbox(&mut orbits, "Orbits to outputs")
                    .on_hover_text("Outputs 1..8 carry orbits 0..7 instead of d1..d8")
                    .changed()
                {
                    setter.begin_set_parameter(&self.params.orbit_outputs);
                    setter.set_parameter(&self.params.orbit_outputs, orbits);
                    setter.end_set_parameter(&self.params.orbit_outputs);
                }
            }
        });
    }

    fn status_line(&self, ui: &mut egui::Ui) {
        let outcome = self.shared.outcome.lock().clone();
        let s = &self.status;
        let transport = if s.playing {
            "playing"
        } else if self.params.run_when_stopped.value() {
            "stopped (free-running)"
        } else {
            "stopped"
        };
        let mut line = String::new();
        if self.requested_serial > outcome.serial {
            line.push_str("compiling…  ");
        }
        match &outcome.report {
            Some(r) => line.push_str(&format!(
                "compiled in {:.1} ms · {} nodes · {} tasks · {} stages",
                r.compile_ms, r.nodes, r.tasks, r.stages
            )),
            None => line.push_str("no program"),
        }
        let (by_workers, by_caller) = s.worker_tasks;
        line.push_str(&format!(
            " · workers {by_workers}/{} · DSP {:.1}% · cycle {:.2} · beat {:.2} · {transport}",
            by_workers + by_caller,
            s.dsp_load,
            s.cycle,
            s.beat
        ));
        let note = self.params.code.load_note();
        if !note.is_empty() {
            line.push_str(&format!(" · state: {note}"));
        }
        if s.late_events > 0 {
            line.push_str(&format!(" · late {}", s.late_events));
        }
        if s.nans > 0 {
            line.push_str(&format!(" · NaN {}", s.nans));
        }
        if s.limited > 0 {
            // The safety stage kept these under +6 dBFS.
            line.push_str(&format!(
                " · limited {} (peak {:+.1} dBFS)",
                s.limited,
                20.0 * s.worst_peak.max(1e-9).log10()
            ));
        }
        if self.shared.handle.read().is_none() {
            line.push_str(" · inactive");
        }
        ui.label(RichText::new(line).small());
        if let Some(r) = &outcome.report {
            for w in &r.warnings {
                ui.label(
                    RichText::new(format!("warning: {w}"))
                        .small()
                        .color(Color32::YELLOW),
                );
            }
        }
        if !outcome.errors.is_empty() {
            ui.label(
                RichText::new("errors (the previous program keeps playing):")
                    .small()
                    .color(Color32::LIGHT_RED),
            );
            egui::ScrollArea::vertical()
                .id_salt("errors")
                .max_height(110.0)
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(&outcome.rendered)
                            .monospace()
                            .color(Color32::from_rgb(0xff, 0x70, 0x70)),
                    );
                });
        }
    }

    fn meters_and_scope(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            for (k, level) in self.meters.iter().enumerate() {
                ui.vertical(|ui| {
                    let (rect, _) = ui.allocate_exact_size(Vec2::new(14.0, 60.0), Sense::hover());
                    let p = ui.painter();
                    p.rect_filled(rect, 2.0, Color32::from_gray(30));
                    // -60..0 dB mapped to the bar height.
                    let db = 20.0 * level.max(1e-6).log10();
                    let frac = ((db + 60.0) / 60.0).clamp(0.0, 1.0);
                    let mut bar = rect;
                    bar.min.y = rect.max.y - rect.height() * frac;
                    let color = if *level >= 1.0 {
                        Color32::RED
                    } else if db > -6.0 {
                        Color32::YELLOW
                    } else {
                        Color32::from_rgb(0x60, 0xc0, 0x60)
                    };
                    p.rect_filled(bar, 2.0, color);
                    ui.label(RichText::new(OUTPUT_NAMES[k]).small());
                });
            }
            ui.separator();
            let width = ui.available_width().max(100.0);
            let (rect, _) = ui.allocate_exact_size(Vec2::new(width, 72.0), Sense::hover());
            let p = ui.painter();
            p.rect_filled(rect, 2.0, Color32::from_gray(20));
            let n = self.scope.len();
            let points: Vec<egui::Pos2> = self
                .scope
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    egui::pos2(
                        rect.min.x + rect.width() * i as f32 / (n - 1) as f32,
                        rect.center().y - v.clamp(-1.0, 1.0) * rect.height() * 0.48,
                    )
                })
                .collect();
            p.add(egui::Shape::line(
                points,
                Stroke::new(1.0, Color32::from_rgb(0x7f, 0xd8, 0xe8)),
            ));
        });
    }

    fn macros(&self, ui: &mut egui::Ui) {
        let Some(gui) = &self.gui else { return };
        let setter = gui.param_setter();
        egui::Grid::new("macros").num_columns(8).show(ui, |ui| {
            for (i, p) in self.params.macros().iter().enumerate() {
                ui.label(format!("m{}", i + 1));
                ui.add(ParamSlider::for_param(*p, &setter).with_width(70.0));
                if i % 4 == 3 {
                    ui.end_row();
                }
            }
        });
    }

    /// The pianoroll: the preview is queried once per cycle of the playhead (and after each
    /// compile), for a window a cycle wider than shown, into the reused event list.
    fn pianoroll(&mut self, ui: &mut egui::Ui, handle: Option<&phonon::engine::EngineHandle>) {
        let playhead = self.playhead.update(
            self.status.cycle,
            self.status.playing,
            std::time::Instant::now(),
        );
        let (from, to) = (playhead - pianoroll::BEHIND, playhead + pianoroll::AHEAD);
        let key = (playhead.floor() as i64, self.shared.outcome.lock().serial);
        if self.roll_queried != Some(key) {
            self.roll_queried = Some(key);
            let base = key.0 as f64;
            match handle {
                Some(h) => h.preview(
                    base - pianoroll::BEHIND - 1.0,
                    base + pianoroll::AHEAD + 1.0,
                    &mut self.roll_events,
                ),
                None => self.roll_events.clear(),
            }
        }
        let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
        pianoroll::layout(
            &self.roll_events,
            from,
            to,
            playhead,
            rect,
            &mut self.roll_layout,
        );
        pianoroll::draw(ui.painter(), rect, &self.roll_layout);
    }

    fn help(&mut self, ui: &mut egui::Ui) {
        ui.heading("Functions");
        ui.add(egui::TextEdit::singleline(&mut self.help_filter).hint_text("filter"));
        let filter = self.help_filter.to_lowercase();
        egui::ScrollArea::vertical().id_salt("help").show(ui, |ui| {
            for f in registry::all() {
                let matches = filter.is_empty()
                    || f.name.contains(&filter)
                    || f.aliases.iter().any(|a| a.contains(&filter))
                    || f.doc.to_lowercase().contains(&filter);
                if !matches {
                    continue;
                }
                let mut title = format!("{} {}", f.name, f.param_list());
                if !f.aliases.is_empty() {
                    title.push_str(&format!("  (also {})", f.aliases.join(", ")));
                }
                ui.label(
                    RichText::new(title)
                        .monospace()
                        .color(highlight::color(highlight::Kind::Function)),
                );
                ui.label(RichText::new(format!("{:?} — {}", f.category, f.doc)).small());
                ui.add_space(4.0);
            }
        });
    }

    /// Typing help on the code editor's output: comment toggling, completion (popup under
    /// the cursor; Up/Down choose, Tab or Enter accept, Escape closes) and the signature of
    /// the call being typed.
    fn assist(&mut self, ui: &egui::Ui, output: &egui::text_edit::TextEditOutput) {
        let Some(range) = output.cursor_range else {
            self.completion.clear();
            self.signature = None;
            return;
        };
        let byte = |c: egui::text::CCursor| {
            self.text
                .char_indices()
                .nth(c.index.into())
                .map_or(self.text.len(), |(b, _)| b)
        };
        let (a, b) = (byte(range.primary), byte(range.secondary));
        let cursor = a;
        let mut new_cursor: Option<(usize, usize)> = None;
        if self.keys.comment {
            let edited = assist::toggle_comment(&self.text, a.min(b), a.max(b));
            self.text = edited.text;
            new_cursor = Some((edited.start, edited.end));
        } else if self.keys.accept && !self.completion.is_empty() {
            if let Some(word) = assist::word_before(&self.text, cursor) {
                let name = self.completion[self.chosen.min(self.completion.len() - 1)].name;
                self.text.replace_range(word.clone(), name);
                let at = word.start + name.len();
                new_cursor = Some((at, at));
            }
            self.completion.clear();
        }
        if let Some((start, end)) = new_cursor {
            let chars = |b: usize| self.text[..b].chars().count();
            let mut state = output.state.clone();
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::two(
                    egui::text::CCursor::new(chars(start)),
                    egui::text::CCursor::new(chars(end)),
                )));
            state.store(ui.ctx(), output.response.id);
            self.completion.clear();
            return;
        }
        if self.keys.close {
            self.completion.clear();
        } else if output.response.changed() || !self.completion.is_empty() {
            let word = assist::word_before(&self.text, cursor)
                .map(|w| self.text[w].to_string())
                .unwrap_or_default();
            let before = self.completion.first().map(|f| f.name);
            self.completion = assist::candidates(&word);
            if self.completion.first().map(|f| f.name) != before {
                self.chosen = 0;
            }
            if self.completion.len() == 1 && self.completion[0].name == word {
                self.completion.clear(); // already complete
            }
        }
        let n = self.completion.len();
        if n > 0 {
            if self.keys.down {
                self.chosen = (self.chosen + 1) % n;
            }
            if self.keys.up {
                self.chosen = (self.chosen + n - 1) % n;
            }
            let at = output.galley.pos_from_cursor(range.primary);
            let pos = output.galley_pos + at.left_bottom().to_vec2();
            egui::Area::new(egui::Id::unique("phonon-completion"))
                .fixed_pos(pos)
                .order(egui::Order::Foreground)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        for (k, f) in self.completion.iter().enumerate() {
                            let text = RichText::new(format!("{} ({})", f.name, f.param_list()))
                                .monospace();
                            let text = if k == self.chosen {
                                text.strong().color(Color32::from_rgb(0xff, 0xd2, 0x3c))
                            } else {
                                text
                            };
                            ui.label(text);
                        }
                    });
                });
        }
        self.signature = assist::call_at(&self.text, cursor).and_then(|call| {
            let f = registry::lookup(&call.name)?;
            let (before, arg, after) = assist::signature_parts(f, call.arg);
            Some((before, arg, after, f.doc.to_string()))
        });
    }

    /// The signature of the call at the cursor, the argument being typed in bold, and the
    /// function's doc line; "hushed" after Ctrl+.
    fn signature_line(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if self.hushed {
                ui.label(RichText::new("hushed (Ctrl+Enter plays again)").color(Color32::YELLOW));
            }
            if let Some((before, arg, after, doc)) = &self.signature {
                ui.spacing_mut().item_spacing.x = 0.0;
                ui.label(RichText::new(before).monospace());
                ui.label(
                    RichText::new(arg)
                        .monospace()
                        .strong()
                        .color(Color32::from_rgb(0xff, 0xd2, 0x3c)),
                );
                ui.label(RichText::new(after).monospace());
                ui.label(RichText::new(format!("   {doc}")).weak());
            }
        });
    }

    fn code(&mut self, ui: &mut egui::Ui) {
        let font = self.font();
        let error_lines: Vec<(usize, String)> = self
            .shared
            .outcome
            .lock()
            .errors
            .iter()
            .map(|d| (d.line, format!("{}:{}: {}", d.line, d.col, d.message)))
            .collect();
        let mut error_spans: Vec<std::ops::Range<usize>> = self
            .shared
            .outcome
            .lock()
            .errors
            .iter()
            .map(|d| d.span.clone())
            .filter(|r| r.end > r.start)
            .collect();
        error_spans.sort_unstable_by_key(|r| (r.start, r.end));
        let line_count = self.text.split('\n').count();
        let digits = line_count.to_string().len().max(2);
        let gutter = ui.fonts_mut(|f| f.glyph_width(&font, '0')) * digits as f32 + 10.0;
        // Taken out for the frame, so the layouter does not hold `self`.
        let mut cache = std::mem::take(&mut self.cache);
        let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
            let mut job = cache.job(buf.as_str(), &font);
            job.wrap.max_width = wrap_width;
            ui.fonts_mut(|f| f.layout_job(job))
        };
        egui::ScrollArea::both()
            .id_salt("code")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    let (gutter_rect, _) =
                        ui.allocate_exact_size(Vec2::new(gutter, 1.0), Sense::hover());
                    let output = egui::TextEdit::multiline(&mut self.text)
                        .code_editor()
                        .id(egui::Id::unique(CODE_ID))
                        .font(font.clone())
                        .desired_width(f32::INFINITY)
                        .desired_rows(24)
                        .lock_focus(true)
                        .layouter(&mut layouter)
                        .show(ui);
                    self.assist(ui, &output);
                    let painter = ui.painter();
                    // Errors underlined at their exact characters.
                    let mut rects = Vec::new();
                    lights::rects(
                        &output.galley,
                        output.galley_pos,
                        &self.text,
                        &error_spans,
                        &mut rects,
                    );
                    for r in &rects {
                        painter.line_segment(
                            [r.left_bottom(), r.right_bottom()],
                            Stroke::new(2.0, Color32::from_rgb(0xff, 0x50, 0x50)),
                        );
                    }
                    let mut rects = std::mem::take(&mut self.lights.rects);
                    lights::rects(
                        &output.galley,
                        output.galley_pos,
                        &self.text,
                        self.lights.ranges(),
                        &mut rects,
                    );
                    lights::paint(&painter.with_clip_rect(output.text_clip_rect), &rects);
                    self.lights.rects = rects;
                    let mut line = 1;
                    let mut new_line = true;
                    for row in &output.galley.rows {
                        let y = output.galley_pos.y + row.pos.y;
                        let rect = row.rect().translate(output.galley_pos.to_vec2());
                        let error = error_lines.iter().find(|(l, _)| *l == line);
                        if let Some((_, msg)) = error {
                            let mut band = rect;
                            band.min.x = output.galley_pos.x;
                            band.max.x = output.text_clip_rect.max.x;
                            painter.rect_filled(
                                band,
                                0.0,
                                Color32::from_rgba_unmultiplied(255, 0, 0, 28),
                            );
                            if row.ends_with_newline || new_line {
                                painter.text(
                                    egui::pos2(output.text_clip_rect.max.x - 4.0, y),
                                    egui::Align2::RIGHT_TOP,
                                    msg,
                                    FontId::proportional(font.size * 0.85),
                                    Color32::from_rgb(0xff, 0x70, 0x70),
                                );
                            }
                        }
                        if new_line {
                            painter.text(
                                egui::pos2(gutter_rect.max.x - 6.0, y),
                                egui::Align2::RIGHT_TOP,
                                line.to_string(),
                                font.clone(),
                                if error.is_some() {
                                    Color32::from_rgb(0xff, 0x70, 0x70)
                                } else {
                                    Color32::from_gray(110)
                                },
                            );
                        }
                        new_line = row.ends_with_newline;
                        if row.ends_with_newline {
                            line += 1;
                        }
                    }
                });
            });
        self.cache = cache;
    }
}

impl NiceEguiApp for PhononEditor {
    fn build(
        &mut self,
        _egui_ctx: egui::Context,
        gui: GuiContext,
        _frame: &mut Frame,
    ) -> Result<(), nice_plug_egui::baseview::HandlerError> {
        // First open, or reopened after a state load: take the stored text (otherwise keep
        // edits that were not run yet).
        self.reload_text_if_state_loaded();
        self.gui = Some(gui);
        // Built on the window thread: closing the window waits for this thread to finish.
        self.window.arm_on_current_thread();
        Ok(())
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut Frame) {
        // Before the TextEdit sees the key (see notes: a fast press+release is otherwise lost).
        let run_key = ui.input_mut(|i| {
            i.consume_key(Modifiers::CTRL, Key::Enter)
                || i.consume_key(Modifiers::COMMAND, Key::Enter)
        });
        self.keys = EditorKeys::take(ui, !self.completion.is_empty());
        if self.keys.hush {
            if let Some(h) = self.shared.handle.read().as_ref() {
                h.silence();
            }
            self.hushed = true;
        }
        if self.window.close_requested() {
            // Ctrl+C in the standalone application (see `editor_window`).
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.reload_text_if_state_loaded();
        let handle = self.shared.handle.read().clone();
        if let Some(h) = &handle {
            self.status = h.status();
            h.scope(&mut self.scope);
        }
        for (m, p) in self.meters.iter_mut().zip(self.status.peaks) {
            *m = p.max(*m * 0.85);
        }
        self.lights
            .update(handle.as_ref(), self.status.cycle, &self.text);

        ResizableWindow::new("phonon-window")
            .min_size(Vec2::new(MIN_SIZE.0, MIN_SIZE.1))
            .show(ui, |ui| {
                egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui));
                egui::Panel::bottom("status").show(ui, |ui| {
                    self.signature_line(ui);
                    self.status_line(ui);
                    ui.separator();
                    self.meters_and_scope(ui);
                    self.macros(ui);
                });
                if self.show_roll {
                    egui::Panel::bottom("pianoroll")
                        .default_size(160.0)
                        .show(ui, |ui| self.pianoroll(ui, handle.as_ref()));
                }
                if self.show_help {
                    egui::Panel::right("help")
                        .default_size(280.0)
                        .show(ui, |ui| self.help(ui));
                }
                if self.show_samples {
                    let inserted = egui::Panel::left("samples")
                        .default_size(220.0)
                        .show(ui, |ui| {
                            self.samples.show(ui, handle.as_ref(), &self.params)
                        })
                        .inner;
                    if let Some(code) = inserted {
                        let id = egui::Id::unique(CODE_ID);
                        samples_panel::insert_at_cursor(ui.ctx(), id, &mut self.text, &code);
                        // Saved with the project at once (running it is still the musician's call).
                        self.params.code.set_from_editor(&self.text);
                    }
                }
                egui::CentralPanel::default().show(ui, |ui| self.code(ui));
            });

        if run_key {
            self.hushed = false;
            self.run();
        }
        // Lights follow the beat closely: a frame every 16 ms while events sound.
        let frame = if self.lights.active() { 16 } else { 50 };
        ui.ctx().request_repaint_after(Duration::from_millis(frame));
    }

    fn editor_closed(&mut self) {
        self.gui = None;
    }
}

/// The editing keys of one frame, consumed before the text editor sees them.
#[derive(Default, Clone, Copy)]
struct EditorKeys {
    /// Ctrl+/: toggle `--` comments on the selected lines.
    comment: bool,
    /// Ctrl+.: hush.
    hush: bool,
    /// With the completion popup open: Tab or Enter accepts, Up/Down choose, Escape closes.
    accept: bool,
    up: bool,
    down: bool,
    close: bool,
}

impl EditorKeys {
    fn take(ui: &egui::Ui, popup: bool) -> EditorKeys {
        ui.input_mut(|i| {
            let mut k = EditorKeys {
                comment: i.consume_key(Modifiers::CTRL, Key::Slash),
                hush: i.consume_key(Modifiers::CTRL, Key::Period),
                ..Default::default()
            };
            if popup {
                k.accept = i.consume_key(Modifiers::NONE, Key::Tab)
                    || i.consume_key(Modifiers::NONE, Key::Enter);
                k.up = i.consume_key(Modifiers::NONE, Key::ArrowUp);
                k.down = i.consume_key(Modifiers::NONE, Key::ArrowDown);
                k.close = i.consume_key(Modifiers::NONE, Key::Escape);
            }
            k
        })
    }
}
