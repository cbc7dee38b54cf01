//! `cargo bench -p ordergen-bench [-- ARGS]`: the same measurements as the `ordergen-bench`
//! binary (see `ordergen_bench::USAGE`).

use std::process::ExitCode;

use ordergen_bench::alloc::CountingAlloc;
use ordergen_bench::{Options, USAGE};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match Options::parse(&args) {
        Ok(options) => {
            ordergen_bench::run(&options);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}
