//! Reading `replay_json`'s entries: each `{ command, ctx }` read straight into its two values,
//! without a map (and its keys) around them. Whatever this reading accepts, reading the text as a
//! list of `Value`s accepts too, with the same two values; anything it declines is read that way.
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// One entry of a replay, as read from its text.
pub(crate) enum Entry {
    /// An object: its `command` and `ctx` (`null` when missing); other fields are read and dropped.
    Object { command: Value, ctx: Value },
    /// Anything else, refused when its turn comes.
    NotObject,
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Entry, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a replay entry")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Entry, E> {
        Ok(Entry::NotObject)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Entry, E> {
        Ok(Entry::NotObject)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Entry, E> {
        Ok(Entry::NotObject)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Entry, E> {
        Ok(Entry::NotObject)
    }
    fn visit_str<E>(self, _: &str) -> Result<Entry, E> {
        Ok(Entry::NotObject)
    }
    fn visit_unit<E>(self) -> Result<Entry, E> {
        Ok(Entry::NotObject)
    }

    /// A list is read as `Value`s, so that it is checked exactly as before.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
        while seq.next_element::<Value>()?.is_some() {}
        Ok(Entry::NotObject)
    }

    /// The last of a repeated key wins, as in a `Map`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let (mut command, mut ctx) = (Value::Null, Value::Null);
        let mut first = true;
        while let Some(key) = map.next_key_seed(KeySeed { first })? {
            first = false;
            match key {
                Key::Command => command = map.next_value()?,
                Key::Ctx => ctx = map.next_value()?,
                Key::Other => drop(map.next_value::<Value>()?),
            }
        }
        Ok(Entry::Object { command, ctx })
    }
}

enum Key {
    Command,
    Ctx,
    Other,
}

/// Reads a key without keeping it. A first key that is serde_json's raw-value marker makes a
/// `Value` read the object another way: declined, so the text is read as `Value`s.
struct KeySeed {
    first: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        match key {
            "command" => Ok(Key::Command),
            "ctx" => Ok(Key::Ctx),
            "$serde_json::private::RawValue" if self.first => Err(E::custom("read as a value instead")),
            _ => Ok(Key::Other),
        }
    }
}
