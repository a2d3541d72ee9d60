//! The example programs of `assets/examples`, embedded at compile time.

/// (file stem, source), in alphabetical order.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("acid", include_str!("../../assets/examples/acid.ph")),
    (
        "breakbeat",
        include_str!("../../assets/examples/breakbeat.ph"),
    ),
    ("chords", include_str!("../../assets/examples/chords.ph")),
    (
        "euclid_polymeter",
        include_str!("../../assets/examples/euclid_polymeter.ph"),
    ),
    (
        "feedback_delay",
        include_str!("../../assets/examples/feedback_delay.ph"),
    ),
    (
        "fm_bells",
        include_str!("../../assets/examples/fm_bells.ph"),
    ),
    ("gates", include_str!("../../assets/examples/gates.ph")),
    (
        "language_tour",
        include_str!("../../assets/examples/language_tour.ph"),
    ),
    ("lofi", include_str!("../../assets/examples/lofi.ph")),
    ("macros", include_str!("../../assets/examples/macros.ph")),
    (
        "modulation",
        include_str!("../../assets/examples/modulation.ph"),
    ),
    (
        "multi_out",
        include_str!("../../assets/examples/multi_out.ph"),
    ),
    (
        "noise_textures",
        include_str!("../../assets/examples/noise_textures.ph"),
    ),
    (
        "sample_chops",
        include_str!("../../assets/examples/sample_chops.ph"),
    ),
    (
        "superdirt",
        include_str!("../../assets/examples/superdirt.ph"),
    ),
    (
        "supersynths",
        include_str!("../../assets/examples/supersynths.ph"),
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn lists_every_example_file() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/examples");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let p = e.ok()?.path();
                (p.extension()? == "ph")
                    .then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
            })
            .collect();
        on_disk.sort();
        let listed: Vec<String> = super::EXAMPLES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(listed, on_disk, "plugin/src/examples.rs is out of date");
    }
}
