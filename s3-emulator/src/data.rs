//! The bytes of an object or a part, where the emulator keeps them: in memory, or in a file
//! of its directory, read back by the range asked for.

use crate::error::S3Error;
use bytes::Bytes;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;

/// Stored bytes. Cloning shares them (the bytes, or the file's path).
#[derive(Clone, Debug)]
pub(crate) enum Data {
    Memory(Bytes),
    File { path: Arc<PathBuf>, len: u64 },
}

impl Data {
    pub(crate) fn len(&self) -> u64 {
        match self {
            Data::Memory(bytes) => bytes.len() as u64,
            Data::File { len, .. } => *len,
        }
    }

    /// Bytes `start..end` (within [`len`](Self::len)).
    ///
    /// # Errors
    ///
    /// `500 InternalError` when the file cannot be read.
    pub(crate) fn read(&self, start: u64, end: u64) -> Result<Bytes, S3Error> {
        match self {
            // Offsets within bytes held in memory fit in usize.
            Data::Memory(bytes) => Ok(bytes.slice(start as usize..end as usize)),
            Data::File { path, .. } => {
                let read = || -> std::io::Result<Vec<u8>> {
                    let mut file = std::fs::File::open(path.as_path())?;
                    file.seek(SeekFrom::Start(start))?;
                    let mut buffer = Vec::with_capacity(usize::try_from(end - start).unwrap_or(0));
                    file.take(end - start).read_to_end(&mut buffer)?;
                    Ok(buffer)
                };
                match read() {
                    Ok(buffer) if buffer.len() as u64 == end - start => Ok(Bytes::from(buffer)),
                    Ok(buffer) => Err(S3Error::internal(format!(
                        "{} holds {} bytes from {start}, not {}",
                        path.display(),
                        buffer.len(),
                        end - start
                    ))),
                    Err(e) => Err(S3Error::internal(format!("{}: {e}", path.display()))),
                }
            }
        }
    }

    /// All the bytes.
    pub(crate) fn read_all(&self) -> Result<Bytes, S3Error> {
        self.read(0, self.len())
    }
}
