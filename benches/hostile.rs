//! Writes the hostile set (see `bench/hostile.rs`) for `bench/linearity.sh`:
//! `cargo bench --bench hostile -- DIR SCALE`. Not a criterion benchmark: timing and memory are
//! measured per file on the release binary by the script.

#[path = "../bench/hostile.rs"]
mod hostile;

fn main() {
    // `cargo bench` passes `--bench`; the directory and scale are the other arguments.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (Some(dir), Some(scale)) = (args.first(), args.get(1).and_then(|s| s.parse().ok())) else {
        eprintln!("usage: cargo bench --bench hostile -- DIR SCALE");
        return;
    };
    match hostile::write_all(std::path::Path::new(dir), scale) {
        Ok(paths) => {
            for p in paths {
                println!("{}", p.display());
            }
        }
        Err(e) => {
            eprintln!("cannot write the hostile set: {e}");
            std::process::exit(2);
        }
    }
}
