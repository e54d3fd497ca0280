//! A zip archive of one stored (uncompressed) file, written out by hand: Lambda takes function
//! code as a zip, and one small file needs no compression library (the entry's CRC-32 comes
//! from `crc32fast`, which aws-op's S3 checksums already build).

/// A zip archive holding one stored (uncompressed) file: local header, data, central
/// directory entry and end record, as the zip format lays them out.
pub fn zip_one_file(name: &str, contents: &[u8]) -> Vec<u8> {
    let (crc, size, name_len) = (
        crc32fast::hash(contents),
        contents.len() as u32,
        name.len() as u16,
    );
    const DOS_DATE_1980_01_01: u16 = (1 << 5) | 1;
    let mut zip = Vec::new();
    zip.extend(0x0403_4b50u32.to_le_bytes()); // local file header
    zip.extend(20u16.to_le_bytes()); // version needed: 2.0
    zip.extend(0u16.to_le_bytes()); // flags
    zip.extend(0u16.to_le_bytes()); // method: stored
    zip.extend(0u16.to_le_bytes()); // time
    zip.extend(DOS_DATE_1980_01_01.to_le_bytes());
    zip.extend(crc.to_le_bytes());
    zip.extend(size.to_le_bytes()); // compressed
    zip.extend(size.to_le_bytes()); // uncompressed
    zip.extend(name_len.to_le_bytes());
    zip.extend(0u16.to_le_bytes()); // extra field length
    zip.extend(name.as_bytes());
    zip.extend(contents);
    let directory_start = zip.len() as u32;
    zip.extend(0x0201_4b50u32.to_le_bytes()); // central directory header
    zip.extend(0x0314u16.to_le_bytes()); // made by: Unix, 2.0
    zip.extend(20u16.to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip.extend(DOS_DATE_1980_01_01.to_le_bytes());
    zip.extend(crc.to_le_bytes());
    zip.extend(size.to_le_bytes());
    zip.extend(size.to_le_bytes());
    zip.extend(name_len.to_le_bytes());
    zip.extend([0u8; 8]); // extra and comment lengths, disk number, internal attributes
    zip.extend((0o100_644u32 << 16).to_le_bytes()); // external attributes: a 0644 file
    zip.extend(0u32.to_le_bytes()); // the local header's offset
    zip.extend(name.as_bytes());
    let directory_size = zip.len() as u32 - directory_start;
    zip.extend(0x0605_4b50u32.to_le_bytes()); // end of central directory
    zip.extend([0u8; 4]); // this disk, the directory's disk
    zip.extend(1u16.to_le_bytes()); // entries on this disk
    zip.extend(1u16.to_le_bytes()); // entries in all
    zip.extend(directory_size.to_le_bytes());
    zip.extend(directory_start.to_le_bytes());
    zip.extend(0u16.to_le_bytes()); // comment length
    zip
}
