//! What a 200-line program costs the editor: highlighting it (on the GUI thread, once per
//! edit of the text) and compiling it (on the background thread, never in a GUI frame), next
//! to a 60 Hz frame (16.7 ms).

use criterion::{black_box, criterion_group, criterion_main, Criterion};

use phonon::engine::{Engine, EngineConfig};
use phonon_plugin::{highlight, pianoroll};

/// 200 lines: 196 buses of patterns, oscillators, filters and effects, a mix, comments.
fn program() -> String {
    let mut src = String::from("-- 200 lines\ncps: 0.5\n");
    let mut names = Vec::new();
    for k in 0..196 {
        let line = match k % 4 {
            0 => format!(
                "~b{k} $ s \"bd*4 [sn cp] hh*8\" $ every {} (fast 2) # gain 0.1",
                2 + k % 5
            ),
            1 => format!(
                "~b{k}: saw \"<a1 c2 e2 g1>\" # lpf ({} + ~m1 * 2000) 0.7 * 0.01",
                300 + k
            ),
            2 => format!(
                "~b{k}: sine {} * (ad 0.01 0.2) # delay 0.25 0.4 0.3 * 0.01",
                200 + k
            ),
            _ => format!(
                "~b{k}: pulse {} 0.3 # hpf 200 0.7 * 0.01  -- a comment",
                100 + k
            ),
        };
        src.push_str(&line);
        src.push('\n');
        names.push(format!("~b{k}"));
    }
    src.push_str(&format!("out: {}\n", names.join(" + ")));
    src
}

fn bench(c: &mut Criterion) {
    let src = program();
    assert_eq!(src.lines().count(), 199);
    let font = egui::FontId::monospace(14.0);
    c.bench_function("highlight 200 lines (GUI thread, per edit)", |b| {
        b.iter(|| black_box(highlight::layout_job(black_box(&src), &font)))
    });
    lights_bench(c, &src, &font);
    let (_engine, handle) = Engine::new(
        EngineConfig {
            sample_rate: 48_000.0,
            max_block: 512,
            threads: 1,
            offline: false,
        },
        &[],
    );
    let mut group = c.benchmark_group("background");
    group.sample_size(20);
    group.bench_function("compile 200 lines (background thread)", |b| {
        b.iter(|| {
            // Alternate two texts so every compile builds and installs a program.
            black_box(handle.compile(&src).expect("compiles"));
            black_box(
                handle
                    .compile(&src.replace("cps: 0.5", "cps: 0.6"))
                    .expect("compiles"),
            );
        })
    });
    group.finish();
    pianoroll_frame(c, &handle);
}

/// One GUI frame of the pianoroll for the 200-line program plus 16 sample/synth lines:
/// the preview query (4 cycles), the layout, painting and tessellating it.
fn pianoroll_frame(c: &mut Criterion, handle: &phonon::engine::EngineHandle) {
    let mut src = program();
    for k in 0..16 {
        src.push_str(&format!(
            "o{}: n \"0 [3 7] <5 10> 12*2\" # s \"superpiano\" # orbit {}\n",
            1 + k % 8,
            k % 3
        ));
    }
    handle.compile(&src).expect("compiles");
    let ctx = egui::Context::default();
    let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::Vec2::new(900.0, 160.0));
    let mut events = Vec::new();
    let mut layout = pianoroll::Layout::default();
    c.bench_function("pianoroll: preview query alone (4 cycles)", |b| {
        b.iter(|| handle.preview(10.0, 14.0, black_box(&mut events)))
    });
    // The editor queries the preview once per cycle (and per compile), not per frame.
    handle.preview(9.0, 15.0, &mut events);
    c.bench_function("egui frame alone (baseline: run_ui + tessellate)", |b| {
        b.iter(|| {
            let out = ctx.run_ui(egui::RawInput::default(), |ui| {
                ui.painter().rect_filled(rect, 0.0, egui::Color32::BLACK);
            });
            black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
        })
    });
    c.bench_function(
        "pianoroll frame: layout + paint + tessellate (preview cached per cycle)",
        |b| {
            b.iter(|| {
                let out = ctx.run_ui(egui::RawInput::default(), |ui| {
                    pianoroll::layout(&events, 10.0, 14.0, 11.0, rect, &mut layout);
                    pianoroll::draw(ui.painter(), rect, &layout);
                });
                black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
            })
        },
    );
    eprintln!(
        "pianoroll: {} preview events, {} rectangles drawn",
        events.len(),
        layout.notes.len()
    );
}

/// A frame's work for the lights of a busy 200-line program: finding what sounds among
/// 2000 recorded events (three spans each) and placing an outline on every sounding atom.
fn lights_bench(c: &mut Criterion, src: &str, font: &egui::FontId) {
    use phonon::pattern::Sources;
    use phonon::render::played::{map_span, PlayedEvent, Sounding};
    // Spans of the words of every line, as atoms would be.
    let mut words = Vec::new();
    let mut at = 0;
    for w in src.split_inclusive([' ', '\n']) {
        let t = w.trim_end();
        if !t.is_empty() {
            words.push((at, at + t.len()));
        }
        at += w.len();
    }
    let events: Vec<PlayedEvent> = (0..2000)
        .map(|k| {
            let w = |i: usize| words[(k * 7 + i * 13) % words.len()];
            let source = Sources::one(w(0).0, w(0).1)
                .union(Sources::one(w(1).0, w(1).1))
                .union(Sources::one(w(2).0, w(2).1));
            let begin = (k % 100) as f64 / 100.0;
            PlayedEvent {
                program: 1,
                begin,
                end: begin + 0.25,
                source,
            }
        })
        .collect();
    let ctx = egui::Context::default();
    let mut lit = Vec::new();
    let mut ranges = Vec::new();
    let mut rects = Vec::new();
    let _ = ctx.run_ui(egui::RawInput::default(), |ui| {
        let job = highlight::layout_job(src, font);
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        c.bench_function(
            "lights: sounding atoms of 2000 events, 200 lines (per frame)",
            |b| {
                b.iter(|| {
                    let mut s = Sounding::default();
                    s.add(&events);
                    s.at(0.5, &mut lit);
                    ranges.clear();
                    for (_, span) in &lit {
                        if let Some((a, b)) = map_span(src, src, *span) {
                            ranges.push(a..b);
                        }
                    }
                    phonon_plugin::lights::rects(
                        &galley,
                        egui::Pos2::ZERO,
                        src,
                        &ranges,
                        &mut rects,
                    );
                    black_box(rects.len())
                })
            },
        );
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
