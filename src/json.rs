//! The answers' JSON writer: serde_json's compact text, with every character beyond ASCII written
//! as its `\u` escape, produced in one pass.
//!
//! Why not serde_json itself: its string escaping looks at one byte at a time, and a 10,000-credit
//! preview writes 9 MB of strings (half of them keys): that loop was the largest single cost of a
//! full `previewJson` in wasm. This writer checks eight bytes at a time, and escapes non-ASCII
//! characters in the same pass (ASCII text crosses into JavaScript as a one-byte string, several
//! times faster than UTF-8 decoding, `src/wasm.rs`). Numbers and anything it does not expect go
//! through serde_json; `tests/json_text.rs` checks the two agree on random values and on answers.
use serde::ser::{self, Serialize};
use std::fmt;

/// An answer as JSON text; `None` for what only serde_json can write (the caller falls back).
pub(crate) fn to_ascii_json<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    // Sized for the previous answer: a screen asks for the same kind of answer again and again,
    // and growing a 9 MB answer from nothing copies it twice over.
    let hint = LAST_LEN.with(std::cell::Cell::get);
    let mut w = Writer { out: Vec::with_capacity(hint + hint / 8 + 256) };
    value.serialize(&mut w).ok()?;
    LAST_LEN.with(|last| last.set(w.out.len()));
    if w.out.capacity() > 2 * w.out.len() + 4096 {
        w.out.shrink_to_fit();
    }
    String::from_utf8(w.out).ok()
}

thread_local! {
    static LAST_LEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

pub(crate) struct Writer {
    out: Vec<u8>,
}

#[derive(Debug)]
pub(crate) struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value the answer writer does not write")
    }
}
impl std::error::Error for Unsupported {}
impl ser::Error for Unsupported {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Unsupported
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether any of eight bytes is a control character, `"`, `\` or beyond ASCII.
fn needs_escape(w: u64) -> bool {
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (below_space | has_zero(w ^ (ONES * u64::from(b'"'))) | has_zero(w ^ (ONES * u64::from(b'\\'))) | (w & HIGH)) != 0
}

impl Writer {
    fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        // Up to the first byte to escape: eight at a time, then one at a time.
        let mut clean = 0;
        while let Some(word) = bytes.get(clean..clean + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            if needs_escape(u64::from_le_bytes(word)) {
                break;
            }
            clean += 8;
        }
        // The last few bytes as one word too, padded with a letter.
        if let Some(tail) = bytes.get(clean..).filter(|t| t.len() < 8) {
            let mut word = [b'a'; 8];
            if let Some(head) = word.get_mut(..tail.len()) {
                head.copy_from_slice(tail);
            }
            if !needs_escape(u64::from_le_bytes(word)) {
                clean = bytes.len();
            }
        }
        self.out.reserve(bytes.len() + 2);
        self.out.push(b'"');
        match s.split_at_checked(clean) {
            Some((plain, "")) => self.out.extend_from_slice(plain.as_bytes()),
            Some((plain, rest)) => {
                self.out.extend_from_slice(plain.as_bytes());
                self.escaped(rest);
            }
            None => self.escaped(s),
        }
        self.out.push(b'"');
    }

    /// The rest of a string, a character at a time.
    fn escaped(&mut self, s: &str) {
        let mut run = 0;
        for (at, c) in s.char_indices() {
            let short: &[u8] = match c {
                '"' => b"\\\"",
                '\\' => b"\\\\",
                '\n' => b"\\n",
                '\r' => b"\\r",
                '\t' => b"\\t",
                '\u{8}' => b"\\b",
                '\u{c}' => b"\\f",
                c if c.is_ascii() && !c.is_ascii_control() || c == '\u{7f}' => continue,
                _ => b"",
            };
            self.out.extend_from_slice(s.as_bytes().get(run..at).unwrap_or_default());
            run = at + c.len_utf8();
            if short.is_empty() {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    self.unicode_escape(*unit);
                }
            } else {
                self.out.extend_from_slice(short);
            }
        }
        self.out.extend_from_slice(s.as_bytes().get(run..).unwrap_or_default());
    }

    fn unicode_escape(&mut self, unit: u16) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            self.out.push(HEX.get(usize::from((unit >> shift) & 0xf)).copied().unwrap_or(b'0'));
        }
    }

    fn integer(&mut self, n: impl itoa::Integer) {
        self.out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// What serde_json writes for a value this writer leaves to it (floats).
    fn by_serde_json<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
        serde_json::to_writer(&mut self.out, v).map_err(|_| Unsupported)
    }
}

/// A list or object being written: whether an element was written yet.
pub(crate) struct Compound<'w> {
    w: &'w mut Writer,
    first: bool,
    close: u8,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.w.out.push(b',');
        }
    }
    /// A struct's field: its name is an identifier (the answers' fields are camelCase), written
    /// as it is.
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Unsupported> {
        debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        self.comma();
        self.w.out.push(b'"');
        self.w.out.extend_from_slice(key.as_bytes());
        self.w.out.extend_from_slice(b"\":");
        value.serialize(&mut *self.w)
    }
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.comma();
        value.serialize(&mut *self.w)
    }
    fn finish(self) -> Result<(), Unsupported> {
        self.w.out.push(self.close);
        Ok(())
    }
}

/// `serialize_<int>` methods that write the integer.
macro_rules! integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<(), Unsupported> {
            self.integer(v);
            Ok(())
        }
    )*};
}

/// `serialize_<scalar>` methods that refuse the value.
macro_rules! refused {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, _: $t) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
    )*};
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64);
    integers!(serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.by_serde_json(&v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        self.by_serde_json(&v)
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Unsupported> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Unsupported> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<(), Unsupported> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Unsupported> {
        let mut object = self.serialize_map(Some(1))?;
        object.field(variant, v)?;
        object.finish()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w>, Unsupported> {
        self.out.push(b'[');
        Ok(Compound { w: self, first: true, close: b']' })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'w>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w>, Unsupported> {
        self.out.push(b'{');
        Ok(Compound { w: self, first: true, close: b'}' })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'w>, Unsupported> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

/// Lists, tuples and tuple structs are all JSON arrays.
macro_rules! arrays {
    ($($kind:ident :: $method:ident),*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Unsupported;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
                self.element(v)
            }
            fn end(self) -> Result<(), Unsupported> {
                self.finish()
            }
        }
    )*};
}
arrays!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.comma();
        key.serialize(KeyWriter(&mut *self.w))?;
        self.w.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Unsupported> {
        self.field(key, v)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.finish()
    }
}

/// Object keys: strings only (serde_json also quotes integer keys; the answers have none).
struct KeyWriter<'w>(&'w mut Writer);

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = ser::Impossible<(), Unsupported>;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = ser::Impossible<(), Unsupported>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.0.string(v);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Unsupported> {
        self.0.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<(), Unsupported> {
        v.serialize(self)
    }
    refused!(serialize_bool: bool, serialize_char: char, serialize_f32: f32, serialize_f64: f64);
    refused!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64);
    refused!(serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

#[cfg(test)]
mod tests;
