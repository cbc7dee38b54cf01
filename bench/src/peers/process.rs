//! Running a tool as a whole process, the way a user runs it: wall-clock time, peak memory (from
//! `/usr/bin/time -v`), a time limit, and what kind of failure it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `/usr/bin/time`, which reports a process's peak resident memory with `-v`.
pub const TIME: &str = "/usr/bin/time";

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Exit status 0.
    Success,
    /// A non-zero exit with the tool's own message.
    Error(String),
    /// A crash: a Rust panic, an uncaught Java exception, or death by a signal.
    Panic(String),
    /// Killed at the time limit.
    Timeout(Duration),
    /// The process could not be started.
    NotRun(String),
}

impl Outcome {
    /// Whether the process exited with status 0.
    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Success)
    }

    /// A short word for tables: `ok`, `error`, `panic`, `timeout`, `not run`.
    pub fn word(&self) -> &'static str {
        match self {
            Outcome::Success => "ok",
            Outcome::Error(_) => "error",
            Outcome::Panic(_) => "panic",
            Outcome::Timeout(_) => "timeout",
            Outcome::NotRun(_) => "not run",
        }
    }

    /// The message, if any.
    pub fn message(&self) -> Option<String> {
        match self {
            Outcome::Success => None,
            Outcome::Error(m) | Outcome::Panic(m) | Outcome::NotRun(m) => Some(m.clone()),
            Outcome::Timeout(limit) => Some(format!("killed after {} s", limit.as_secs())),
        }
    }
}

/// One run of a process.
#[derive(Debug, Clone)]
pub struct Run {
    pub outcome: Outcome,
    /// Wall-clock time from start to exit.
    pub seconds: f64,
    /// Peak resident memory in bytes, when `/usr/bin/time` is there.
    pub peak_rss: Option<u64>,
    pub stdout: String,
    pub stderr: String,
}

/// Whether `/usr/bin/time` can measure peak memory here.
pub fn time_available() -> bool {
    Command::new(TIME)
        .args(["-v", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// A command to run: program, arguments, working directory and extra environment.
#[derive(Debug, Clone)]
pub struct Job {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub dir: PathBuf,
    pub env: Vec<(String, String)>,
}

impl Job {
    /// `program args...` in `dir`.
    pub fn new(program: impl Into<PathBuf>, args: &[&str], dir: &Path) -> Job {
        Job {
            program: program.into(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            dir: dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    /// The command line, for messages.
    pub fn display(&self) -> String {
        let mut line = self.program.display().to_string();
        for arg in &self.args {
            line.push(' ');
            line.push_str(arg);
        }
        line
    }
}

/// Runs `job` to its end or to `limit`, under `/usr/bin/time -v` when `measure_memory`. Output
/// goes to files in `logs` (named after `label`), so a chatty tool cannot block on a full pipe.
pub fn run(job: &Job, limit: Duration, measure_memory: bool, logs: &Path, label: &str) -> Run {
    let not_run = |message: String| Run {
        outcome: Outcome::NotRun(message),
        seconds: 0.0,
        peak_rss: None,
        stdout: String::new(),
        stderr: String::new(),
    };
    if let Err(err) = std::fs::create_dir_all(logs) {
        return not_run(format!("creating {}: {err}", logs.display()));
    }
    let out_path = logs.join(format!("{label}.stdout"));
    let err_path = logs.join(format!("{label}.stderr"));
    let time_path = logs.join(format!("{label}.time"));
    let _ = std::fs::remove_file(&time_path);
    let (Ok(out), Ok(err)) = (
        std::fs::File::create(&out_path),
        std::fs::File::create(&err_path),
    ) else {
        return not_run(format!("creating logs in {}", logs.display()));
    };
    let mut command = if measure_memory {
        let mut c = Command::new(TIME);
        c.arg("-v").arg("-o").arg(&time_path).arg(&job.program);
        c
    } else {
        Command::new(&job.program)
    };
    command
        .args(&job.args)
        .current_dir(&job.dir)
        .envs(job.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    // Its own process group, so that a timeout kills the tool and whatever it started.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let start = Instant::now();
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(err) => return not_run(format!("starting `{}`: {err}", job.display())),
    };
    // A thread waits for the exit, so that it is seen when it happens: polling would round every
    // time up to the polling step, which is as long as a small document's whole run.
    let pid = child.id();
    let (sender, receiver) = std::sync::mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        let seconds = start.elapsed().as_secs_f64();
        let _ = sender.send((status, seconds));
    });
    let (status, seconds) = match receiver.recv_timeout(limit) {
        Ok((status, seconds)) => (Some(status), seconds),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .status();
            // The waiter reaps the killed process; its status says nothing more than the limit.
            let _ = receiver.recv();
            (None, start.elapsed().as_secs_f64())
        }
    };
    let _ = waiter.join();
    let status = match status {
        Some(Ok(status)) => Some(status),
        Some(Err(err)) => return not_run(format!("waiting for `{}`: {err}", job.display())),
        None => None,
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let time_report = std::fs::read_to_string(&time_path).unwrap_or_default();
    let peak_rss = peak_rss_kib(&time_report).map(|kib| kib * 1024);
    let outcome = match status {
        None => Outcome::Timeout(limit),
        Some(status) => {
            // Under `time`, the tool's own end is in the report: a signal shows there.
            let signal = std::os::unix::process::ExitStatusExt::signal(&status)
                .or_else(|| signal_in_time_report(&time_report));
            classify(status.code(), signal, &stdout, &stderr)
        }
    };
    Run {
        outcome,
        seconds,
        peak_rss,
        stdout,
        stderr,
    }
}

/// `Maximum resident set size (kbytes): N` of a `/usr/bin/time -v` report.
pub fn peak_rss_kib(report: &str) -> Option<u64> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|n| n.trim().parse().ok())
}

/// `Command terminated by signal N` of a `/usr/bin/time` report.
fn signal_in_time_report(report: &str) -> Option<i32> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Command terminated by signal"))
        .and_then(|n| n.trim().parse().ok())
}

/// What kind of end an exit code, a signal and the output describe.
pub fn classify(code: Option<i32>, signal: Option<i32>, stdout: &str, stderr: &str) -> Outcome {
    if let Some(signal) = signal {
        return Outcome::Panic(format!("killed by signal {signal}"));
    }
    let crash = stderr
        .lines()
        .find(|l| l.contains("panicked at") || l.starts_with("Exception in thread"));
    if let Some(line) = crash {
        if line.starts_with("Exception in thread") {
            // A Java tool that refuses a document may say so with an uncaught exception
            // (openapi-generator's `SpecValidationException`): that is a refusal, not a crash.
            let mut lines = stderr.lines().skip_while(|l| *l != line);
            let message: Vec<&str> = lines
                .by_ref()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("at ") && !l.starts_with("| "))
                .take(3)
                .collect();
            let message = shorten(&message.join(" "));
            return if line.contains("ValidationException") {
                Outcome::Error(message)
            } else {
                Outcome::Panic(message)
            };
        }
        // A Rust panic prints the message on the line after `panicked at`.
        let mut lines = stderr.lines().skip_while(|l| *l != line);
        let first = lines.next().unwrap_or_default().trim();
        let next = lines.next().unwrap_or_default().trim();
        let message = if first.ends_with(':') && !next.is_empty() {
            format!("{first} {next}")
        } else {
            first.to_owned()
        };
        return Outcome::Panic(shorten(&message));
    }
    match code {
        Some(0) => Outcome::Success,
        Some(code) => Outcome::Error(shorten(
            &first_error(stderr, stdout)
                .unwrap_or_else(|| format!("exit status {code}, no message")),
        )),
        None => Outcome::Panic("ended without an exit status".into()),
    }
}

/// The line that best says why a tool failed: the first that mentions an error, else the first
/// that is not blank.
pub fn first_error(stderr: &str, stdout: &str) -> Option<String> {
    let lines = || stderr.lines().chain(stdout.lines()).map(str::trim);
    // progenitor prints what went wrong to stdout (`gen fail: ...`) and only a summary to stderr.
    if let Some(line) = lines().find(|l| l.starts_with("gen fail:")) {
        return Some(line.to_owned());
    }
    lines()
        .find(|l| {
            let lower = l.to_ascii_lowercase();
            lower.starts_with("error") || lower.contains("exception") || lower.contains("error:")
        })
        .or_else(|| lines().find(|l| !l.is_empty()))
        .map(str::to_owned)
}

/// `text` on one line, at most 200 characters, without `|` (it is a table cell).
pub fn shorten(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = line.replace('|', "/");
    if line.chars().count() > 200 {
        let cut: String = line.chars().take(197).collect();
        format!("{cut}...")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_memory_from_the_time_report() {
        let report =
            "\tCommand being timed: \"true\"\n\tMaximum resident set size (kbytes): 2048\n";
        assert_eq!(peak_rss_kib(report), Some(2048));
        assert_eq!(peak_rss_kib("nothing"), None);
        assert_eq!(
            signal_in_time_report("Command terminated by signal 9\n"),
            Some(9)
        );
    }

    #[test]
    fn panics_errors_and_signals_are_told_apart() {
        let panic =
            "thread 'main' panicked at src/lib.rs:3:5:\nnot yet\nnote: run with RUST_BACKTRACE";
        assert_eq!(
            classify(Some(101), None, "", panic),
            Outcome::Panic("thread 'main' panicked at src/lib.rs:3:5: not yet".into())
        );
        let java = "Exception in thread \"main\" java.lang.RuntimeException: bad spec\n\tat x";
        assert_eq!(classify(Some(1), None, "", java).word(), "panic");
        let refusal = "[main] ERROR x - noise\nException in thread \"main\" org.openapitools.codegen.SpecValidationException: There were issues\n | Error count: 4\nErrors: \n\t-attribute a.b is missing\n\tat org.x(X.java:1)\n";
        assert_eq!(
            classify(Some(1), None, "", refusal),
            Outcome::Error(
                "Exception in thread \"main\" org.openapitools.codegen.SpecValidationException: \
                 There were issues Errors: -attribute a.b is missing"
                    .into()
            )
        );
        assert_eq!(
            classify(Some(1), None, "", "reading spec\nerror: no such file\n"),
            Outcome::Error("error: no such file".into())
        );
        assert_eq!(
            classify(
                Some(1),
                None,
                "types...\ngen fail: UnexpectedFormat(\"x\")\n",
                "Error: generation experienced errors\n"
            ),
            Outcome::Error("gen fail: UnexpectedFormat(\"x\")".into())
        );
        assert_eq!(
            classify(Some(2), None, "", ""),
            Outcome::Error("exit status 2, no message".into())
        );
        assert_eq!(classify(None, Some(9), "", "").word(), "panic");
        assert_eq!(classify(Some(0), None, "done", ""), Outcome::Success);
    }

    #[test]
    fn a_process_is_timed_measured_and_stopped_at_its_limit() {
        let logs =
            std::env::temp_dir().join(format!("ordergen-peers-process-{}", std::process::id()));
        let memory = time_available();
        let job = Job::new(
            "sh",
            &["-c", "echo hi; echo oops >&2; exit 3"],
            &logs.clone(),
        );
        std::fs::create_dir_all(&logs).unwrap();
        let run1 = run(&job, Duration::from_secs(20), memory, &logs, "fails");
        assert_eq!(run1.outcome, Outcome::Error("oops".into()));
        assert_eq!(run1.stdout, "hi\n");
        assert!(run1.seconds > 0.0);
        assert_eq!(run1.peak_rss.is_some(), memory);
        let job = Job::new("sh", &["-c", "sleep 30"], &logs);
        let run2 = run(&job, Duration::from_millis(200), memory, &logs, "sleeps");
        assert_eq!(run2.outcome.word(), "timeout");
        assert!(run2.seconds < 10.0);
        let job = Job::new(logs.join("no-such-program"), &[], &logs);
        assert_eq!(
            run(&job, Duration::from_secs(5), false, &logs, "missing")
                .outcome
                .word(),
            "not run"
        );
        let _ = std::fs::remove_dir_all(&logs);
    }

    #[test]
    fn an_exit_is_seen_when_it_happens() {
        // A process that exits at once is timed at what it took, well under a polling step
        // (polling every 2 ms rounded every small document's run up to a multiple of 2 ms).
        let logs = std::env::temp_dir().join(format!("ordergen-peers-exit-{}", std::process::id()));
        let job = Job::new("true", &[], &logs);
        let mut times: Vec<f64> = (0..21)
            .map(|i| {
                run(
                    &job,
                    Duration::from_secs(20),
                    false,
                    &logs,
                    &format!("true-{i}"),
                )
            })
            .inspect(|r| assert!(r.outcome.is_success(), "{:?}", r.outcome))
            .map(|r| r.seconds)
            .collect();
        let _ = std::fs::remove_dir_all(&logs);
        let median = crate::stats::median(&mut times);
        assert!(
            median < 0.0019,
            "`true` took {:.2} ms (median)",
            median * 1e3
        );
    }
}
