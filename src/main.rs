//! The `doisoat` binary: see `doisoat --help` and README.md.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
