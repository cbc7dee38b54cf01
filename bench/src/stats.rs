//! Timing helpers: medians of repeated runs, and ratios of two workloads measured interleaved in
//! the same run, so that both see the same machine state.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The median of `values` (sorted in place); 0 for none.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// The `q` quantile (0..=1) of `values` (sorted in place), nearest rank.
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((values.len() - 1) as f64 * q).round() as usize;
    values[rank]
}

/// Seconds `f` takes.
pub fn seconds<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = black_box(f());
    (value, start.elapsed().as_secs_f64())
}

/// The median time of `samples` runs of `f`, after one unmeasured warm-up run when there are
/// more than three (large workloads warm up in their first run).
pub fn median_time<T>(samples: usize, mut f: impl FnMut() -> T) -> Duration {
    if samples > 3 {
        black_box(f());
    }
    let mut times: Vec<f64> = (0..samples.max(1)).map(|_| seconds(&mut f).1).collect();
    Duration::from_secs_f64(median(&mut times))
}

/// A subject measured against its baseline in the same run.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    /// Median time of one run of the subject.
    pub subject: Duration,
    /// Median time of one run of the baseline.
    pub baseline: Duration,
    /// Median over rounds of (subject batch time / baseline batch time).
    pub ratio: f64,
    /// The 25th and 75th percentile of the per-round ratios: how much the ratio moves.
    pub spread: (f64, f64),
}

/// Runs `subject` and `baseline` in `rounds` rounds of `batch` calls each, alternating which
/// goes first, and compares the batch times round by round.
pub fn ratio(
    rounds: usize,
    batch: usize,
    mut subject: impl FnMut(),
    mut baseline: impl FnMut(),
) -> Ratio {
    let run_batch = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        start.elapsed().as_secs_f64() / batch as f64
    };
    // Warm both up: caches, allocator pools, lazily built state.
    run_batch(&mut subject);
    run_batch(&mut baseline);
    let mut subject_times = Vec::with_capacity(rounds);
    let mut baseline_times = Vec::with_capacity(rounds);
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (s, b) = if round % 2 == 0 {
            let s = run_batch(&mut subject);
            (s, run_batch(&mut baseline))
        } else {
            let b = run_batch(&mut baseline);
            (run_batch(&mut subject), b)
        };
        subject_times.push(s);
        baseline_times.push(b);
        ratios.push(s / b);
    }
    Ratio {
        subject: Duration::from_secs_f64(median(&mut subject_times)),
        baseline: Duration::from_secs_f64(median(&mut baseline_times)),
        ratio: median(&mut ratios),
        spread: (quantile(&mut ratios, 0.25), quantile(&mut ratios, 0.75)),
    }
}

/// A duration in the unit that reads best: `ns`, `µs`, `ms` or `s`.
pub fn show(duration: Duration) -> String {
    let s = duration.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else if s >= 1e-6 {
        format!("{:.2} µs", s * 1e6)
    } else {
        format!("{:.0} ns", s * 1e9)
    }
}

/// Bytes as KiB or MiB.
pub fn show_bytes(bytes: usize) -> String {
    let b = bytes as f64;
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", b / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_quantiles() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(quantile(&mut [5.0, 1.0, 3.0, 2.0, 4.0], 0.25), 2.0);
    }

    #[test]
    fn units_read_well() {
        assert_eq!(show(Duration::from_nanos(1500)), "1.50 µs");
        assert_eq!(show(Duration::from_millis(12)), "12.00 ms");
        assert_eq!(show_bytes(3 * 1024 * 1024), "3.0 MiB");
    }
}
