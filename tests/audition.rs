//! Auditioning a sample through the engine: it plays on the main output at the audition
//! gain from the next block (no program, transport stopped), a new audition replaces the
//! previous one, an unknown bank is an error, and `process` allocates nothing meanwhile.

mod support;

use phonon::engine::{Engine, EngineConfig, EngineHandle, HostTransport, AUDITION_GAIN};
use phonon::render::Outputs;
use phonon::samples::{bundled_dir, SampleLibrary};
use support::alloc::count_here;

#[global_allocator]
static GLOBAL: support::alloc::CountingAlloc = support::alloc::CountingAlloc;

const RATE: f32 = 48_000.0;
const BLOCK: usize = 256;

fn engine() -> (Engine, EngineHandle) {
    Engine::new(
        EngineConfig {
            sample_rate: RATE,
            max_block: 1024,
            threads: 1,
            offline: false,
        },
        &[],
    )
}

/// `blocks` blocks with the transport stopped, left and right channels; also the
/// allocations counted inside `process`.
fn render(e: &mut Engine, blocks: usize) -> (Vec<f32>, Vec<f32>, usize) {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let (mut l, mut r) = (vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]);
    let mut allocations = 0;
    for _ in 0..blocks {
        let mut outs = Outputs {
            main: [l.as_mut_slice(), r.as_mut_slice()],
            numbered: Default::default(),
        };
        let ((), n) = count_here(|| e.process(&mut outs, BLOCK, &HostTransport::default(), &[]));
        allocations += n;
        left.extend_from_slice(&l);
        right.extend_from_slice(&r);
    }
    (left, right, allocations)
}

/// The bundled kit's frames of `bank:index` at the engine rate (left, right).
fn kit_frames(bank: &str, index: i64) -> (Vec<f32>, Vec<f32>) {
    let (kit, _) = SampleLibrary::load(&[bundled_dir().expect("bundled kit")], RATE);
    let s = kit.get(bank, index).expect("kit sample");
    (0..s.len()).map(|i| s.frame(i)).unzip()
}

#[test]
fn an_auditioned_sample_plays_exactly_at_the_audition_gain_from_the_next_block() {
    let (mut e, h) = engine();
    assert!(!e.has_program());
    let (silent, _, _) = render(&mut e, 2);
    assert!(silent.iter().all(|x| *x == 0.0));
    h.audition("bd", 0).unwrap();
    let (want_l, want_r) = kit_frames("bd", 0);
    let blocks = want_l.len() / BLOCK + 2;
    let (l, r, allocations) = render(&mut e, blocks);
    assert_eq!(allocations, 0);
    for i in 0..want_l.len() {
        assert_eq!(l[i], want_l[i] * AUDITION_GAIN, "left frame {i}");
        assert_eq!(r[i], want_r[i] * AUDITION_GAIN, "right frame {i}");
    }
    assert!(
        want_l.iter().any(|x| x.abs() > 0.1),
        "the kick is not silent"
    );
    // Played once: silence after the sample's end.
    assert!(l[want_l.len()..].iter().all(|x| *x == 0.0));
}

#[test]
fn a_second_audition_replaces_the_first_with_a_short_fade() {
    let (mut e, h) = engine();
    h.audition("bd", 0).unwrap();
    render(&mut e, 1);
    h.audition("hh", 0).unwrap();
    let (hh, _) = kit_frames("hh", 0);
    let (bd, _) = kit_frames("bd", 0);
    let (l, _, allocations) = render(&mut e, hh.len() / BLOCK + 2);
    assert_eq!(allocations, 0);
    let fade = (phonon::engine::AUDITION_FADE_SECONDS * RATE) as usize;
    // The kick fades out under the hat: never louder than the hat plus the kick.
    for i in 0..fade {
        let extra = (l[i] - hh[i] * AUDITION_GAIN).abs();
        assert!(
            extra <= (bd[BLOCK + i] * AUDITION_GAIN).abs() + 1e-6,
            "frame {i}"
        );
    }
    // After the fade only the hat sounds.
    for i in fade..hh.len() {
        assert_eq!(l[i], hh[i] * AUDITION_GAIN, "frame {i}");
    }
    assert!(l[hh.len()..].iter().all(|x| *x == 0.0));
}

#[test]
fn auditioning_an_unknown_bank_is_an_error_and_plays_nothing() {
    let (mut e, h) = engine();
    let err = h.audition("no-such-bank", 0).unwrap_err();
    assert!(err.contains("no-such-bank"), "{err}");
    let (l, r, _) = render(&mut e, 4);
    assert!(l.iter().chain(&r).all(|x| *x == 0.0));
}

#[test]
fn the_bank_list_names_the_bundled_kit_with_its_file_counts() {
    let (_e, h) = engine();
    let banks = h.sample_banks();
    let kit = bundled_dir().unwrap();
    let (lib, _) = SampleLibrary::load(std::slice::from_ref(&kit), RATE);
    let bd = banks.iter().find(|b| b.name == "bd").expect("bd listed");
    assert_eq!(bd.files, lib.bank("bd").unwrap().len());
    assert_eq!(bd.root, kit);
}

#[test]
fn a_missing_sample_folder_is_a_warning_not_a_failure() {
    let (_e, h) = engine();
    h.set_sample_dirs(&["/nonexistent/phonon-samples".into()]);
    let warnings = h.sample_warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("/nonexistent/phonon-samples") && w.contains("does not exist")),
        "{warnings:?}"
    );
    assert!(h.sample_banks().iter().any(|b| b.name == "bd"));
}
