//! `cargo xtask bundle phonon-plugin --release` writes target/bundled/Phonon.{clap,vst3}.
fn main() -> nice_plug_xtask::Result<()> {
    nice_plug_xtask::main()
}
