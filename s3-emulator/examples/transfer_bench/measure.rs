//! What both transfer benchmarks share, so that aws-op's (`s3-emulator/examples/transfer_bench`)
//! and the SDK's (`benches/s3-peer`, which includes this file) measure alike: the options, the
//! source file's contents, the key, CPU and peak RSS read from `/proc/self` (Linux), and the
//! line printed.

use std::io::Write;
use std::path::{Path, PathBuf};

pub const BUCKET: &str = "bench";
pub const MIB: u64 = 1024 * 1024;

/// The modes: a file in a multipart upload or one `PutObject`; an object in concurrent ranged
/// `GetObject`s or one, into a file.
pub const MODES: [&str; 4] = ["upload", "upload-single", "download", "download-single"];

/// The command line.
pub struct Args {
    pub endpoint: String,
    pub mode: String,
    pub size_mib: u64,
    pub part_size_mib: u64,
    pub concurrency: usize,
}

impl Args {
    /// Reads `--endpoint-url URL --mode MODE [--size-mib 64] [--part-size-mib 8]
    /// [--concurrency 8]`.
    pub fn parse() -> Result<Args, String> {
        let mut args = Args {
            endpoint: String::new(),
            mode: String::new(),
            size_mib: 64,
            part_size_mib: 8,
            concurrency: 8,
        };
        let mut argv = std::env::args().skip(1);
        while let Some(flag) = argv.next() {
            let value = argv.next().ok_or(format!("{flag} needs a value"))?;
            let number = || {
                value
                    .parse::<u64>()
                    .map_err(|_| format!("{flag}: {value:?} is not a number"))
            };
            match flag.as_str() {
                "--endpoint-url" => args.endpoint = value.clone(),
                "--mode" => args.mode = value.clone(),
                "--size-mib" => args.size_mib = number()?,
                "--part-size-mib" => args.part_size_mib = number()?,
                "--concurrency" => args.concurrency = number()?.max(1) as usize,
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        if args.endpoint.is_empty() || !MODES.contains(&args.mode.as_str()) {
            return Err(format!(
                "--endpoint-url and --mode {} are required\nusage: transfer_bench \
                 --endpoint-url URL --mode MODE --size-mib N [--part-size-mib N] \
                 [--concurrency N]",
                MODES.join("|")
            ));
        }
        Ok(args)
    }

    pub fn size(&self) -> u64 {
        self.size_mib * MIB
    }

    /// The object's key: an upload leaves it for the downloads of the same size.
    pub fn key(&self) -> String {
        format!("bench-{}.bin", self.size_mib)
    }

    /// The local file of this run, in the temporary directory.
    pub fn path(&self, program: &str) -> PathBuf {
        std::env::temp_dir().join(format!(
            "{program}-transfer-bench-{}-{}",
            std::process::id(),
            self.mode
        ))
    }

    /// Runs `transfer` (which returns the bytes moved) timed, removes the local file at `path`,
    /// checks that the whole object moved and prints the run's line.
    pub async fn measure<E: From<String>>(
        &self,
        path: &Path,
        transfer: impl std::future::Future<Output = Result<u64, E>>,
    ) -> Result<(), E> {
        let (cpu0, started) = (cpu_seconds(), std::time::Instant::now());
        let moved = transfer.await;
        let (seconds, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
        std::fs::remove_file(path).ok();
        let moved = moved?;
        if moved != self.size() {
            return Err(format!("moved {moved} bytes of {}", self.size()).into());
        }
        self.report(seconds, cpu);
        Ok(())
    }

    /// Prints the run's line: throughput, CPU per GiB, peak RSS.
    fn report(&self, seconds: f64, cpu: f64) {
        let size = self.size() as f64;
        println!(
            "{:<15} {:>6} MiB  {:>8.1} MiB/s  {:>6.2} s CPU/GiB  peak RSS {:>7.1} MiB",
            self.mode,
            self.size_mib,
            size / MIB as f64 / seconds,
            cpu / (size / (1024.0 * MIB as f64)),
            peak_rss_mib()
        );
    }
}

/// User plus system CPU of this process, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime, the 12th and 13th fields after the command name, in 1/100 s.
    (ticks(11) + ticks(12)) / 100.0
}

/// The peak resident set of this process, in MiB (`VmHWM`).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Writes `size` pseudo-random bytes to `path`, 1 MiB at a time.
pub fn write_source(path: &Path, size: u64) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut block = vec![0u8; MIB as usize];
    let mut left = size;
    while left > 0 {
        for chunk in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let bytes = state.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        let n = left.min(MIB) as usize;
        file.write_all(&block[..n])?;
        left -= n as u64;
    }
    file.flush()
}
