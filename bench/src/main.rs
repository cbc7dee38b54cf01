//! `ordergen-bench`: prints the measurements of BENCHMARKS.md as Markdown. See
//! `ordergen_bench::USAGE`.

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
        Err(err) if err.is_empty() => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}
