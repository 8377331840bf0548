//! Reading `replay_json`'s entries: each `{ command, ctx }` read straight into its two values,
//! without a map (and its keys) around them, and a context of plain strings (the usual one) kept
//! as those strings, borrowed from the text. Whatever this reading accepts, reading the text as a
//! list of `Value`s accepts too, with the same values; anything it declines is read that way.
use crate::call::PlainCtx;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// One entry of a replay, as read from its text.
pub(crate) enum Entry<'a> {
    /// An object: its `command` and `ctx` (`null` when missing); other fields are read and dropped.
    Object { command: Part<'a>, ctx: Part<'a> },
    /// Anything else, refused when its turn comes.
    NotObject,
}

impl<'de> Deserialize<'de> for Entry<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Entry<'de>, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a replay entry")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Entry<'de>, E> {
        Ok(Entry::NotObject)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Entry<'de>, E> {
        Ok(Entry::NotObject)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Entry<'de>, E> {
        Ok(Entry::NotObject)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Entry<'de>, E> {
        Ok(Entry::NotObject)
    }
    fn visit_str<E>(self, _: &str) -> Result<Entry<'de>, E> {
        Ok(Entry::NotObject)
    }
    fn visit_unit<E>(self) -> Result<Entry<'de>, E> {
        Ok(Entry::NotObject)
    }

    /// A list is read as `Value`s, so that it is checked exactly as before.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry<'de>, A::Error> {
        while seq.next_element::<Value>()?.is_some() {}
        Ok(Entry::NotObject)
    }

    /// The last of a repeated key wins, as in a `Map`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry<'de>, A::Error> {
        let (mut command, mut ctx) = (Part::Value(Value::Null), Part::Value(Value::Null));
        let mut first = true;
        while let Some(key) = map.next_key_seed(KeySeed { first })? {
            first = false;
            match key {
                Key::Command => command = map.next_value_seed(PartSeed(Kind::Strings))?,
                Key::Ctx => ctx = map.next_value_seed(PartSeed(CTX))?,
                Key::Other(_) => drop(map.next_value::<Value>()?),
            }
        }
        Ok(Entry::Object { command, ctx })
    }
}

/// What is read as plain strings: a string, an object of these fields (each once), or an object
/// of string fields of any names (a command: most are).
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Str,
    Fields(&'static [(&'static str, Kind)]),
    Strings,
}

const ACTOR: Kind = Kind::Fields(&[("id", Kind::Str), ("role", Kind::Str)]);
/// The context of a call, as its callers write it.
const CTX: Kind = Kind::Fields(&[("actor", ACTOR), ("now", Kind::Str), ("commandId", Kind::Str)]);

/// A value read as its [`Kind`] says (a string borrowed from the text when it has no escapes,
/// an object's fields at their places in the kind's list), or as the `Value` it is when it is anything else.
pub(crate) enum Part<'a> {
    Str(Cow<'a, str>),
    Fields(&'static [(&'static str, Kind)], Vec<Option<Part<'a>>>),
    /// Each field in the order given (a repeated key's last value is its value).
    Strings(Vec<(Cow<'a, str>, Cow<'a, str>)>),
    Value(Value),
}

impl<'a> Part<'a> {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Part::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Field `n` of an object of plain fields, when it was given.
    pub(crate) fn field(&self, n: usize) -> Option<&Part<'a>> {
        match self {
            Part::Fields(_, parts) => parts.get(n)?.as_ref(),
            _ => None,
        }
    }

    /// A context of the usual shape, all plain strings.
    pub(crate) fn plain_ctx(&self) -> Option<PlainCtx<'_>> {
        let actor = self.field(0)?;
        Some(PlainCtx {
            actor_id: actor.field(0)?.as_str()?,
            role: actor.field(1)?.as_str()?,
            now: self.field(1)?.as_str()?,
            command_id: self.field(2)?.as_str()?,
        })
    }

    /// The `Value` reading the same text gives.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Part::Str(s) => Value::String(s.as_ref().to_owned()),
            Part::Fields(names, parts) => Value::Object(fields_map(names, parts.iter().map(|p| p.as_ref()))),
            Part::Strings(pairs) => Value::Object(strings_map(pairs)),
            Part::Value(v) => v.clone(),
        }
    }
}

fn fields_map<'p, 'a: 'p>(
    names: &[(&str, Kind)],
    parts: impl Iterator<Item = Option<&'p Part<'a>>>,
) -> Map<String, Value> {
    // Inserted one by one: collecting into a `Map` would sort, and bring a sort into the `.wasm`.
    let mut map = Map::new();
    for ((name, _), part) in names.iter().zip(parts) {
        if let Some(part) = part {
            map.insert((*name).to_owned(), part.to_value());
        }
    }
    map
}

struct PartSeed(Kind);

impl<'de> DeserializeSeed<'de> for PartSeed {
    type Value = Part<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Part<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PartSeed {
    type Value = Part<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Part<'de>, E> {
        Ok(Part::Value(Value::Bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Part<'de>, E> {
        Ok(Part::Value(Value::from(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Part<'de>, E> {
        Ok(Part::Value(Value::from(n)))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Part<'de>, E> {
        Ok(Part::Value(Value::from(n)))
    }
    fn visit_unit<E>(self) -> Result<Part<'de>, E> {
        Ok(Part::Value(Value::Null))
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Part<'de>, E> {
        Ok(match self.0 {
            Kind::Str => Part::Str(Cow::Borrowed(s)),
            Kind::Fields(_) | Kind::Strings => Part::Value(Value::String(s.to_owned())),
        })
    }
    fn visit_str<E>(self, s: &str) -> Result<Part<'de>, E> {
        Ok(match self.0 {
            Kind::Str => Part::Str(Cow::Owned(s.to_owned())),
            Kind::Fields(_) | Kind::Strings => Part::Value(Value::String(s.to_owned())),
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Part<'de>, A::Error> {
        Ok(Part::Value(Value::deserialize(SeqAccessDeserializer::new(seq))?))
    }

    /// The kind's fields (in any order, each once) while they come; from the first that is not
    /// (another key, a repeat, another kind of value), the rest is read into the object's `Value`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Part<'de>, A::Error> {
        let names = match self.0 {
            Kind::Fields(names) => names,
            Kind::Strings => return strings(map),
            Kind::Str => return Ok(Part::Value(Value::deserialize(MapAccessDeserializer::new(map))?)),
        };
        let mut parts: Vec<Option<Part<'de>>> = names.iter().map(|_| None).collect();
        let mut first = true;
        while let Some(key) = map.next_key_seed(KeySeed { first })? {
            first = false;
            let name = key.name();
            let slot =
                names.iter().position(|(n, _)| *n == name).filter(|&n| parts.get(n).is_some_and(Option::is_none));
            if let Some((n, (_, kind))) = slot.and_then(|n| Some((n, names.get(n)?))) {
                let part = map.next_value_seed(PartSeed(*kind))?;
                let plain = !matches!(part, Part::Value(_));
                if let Some(p) = parts.get_mut(n) {
                    *p = Some(part);
                }
                if plain {
                    continue;
                }
            }
            let mut values = fields_map(names, parts.iter().map(Option::as_ref));
            if slot.is_none() {
                values.insert(key.into_owned(), map.next_value()?);
            }
            while let Some((key, value)) = map.next_entry()? {
                values.insert(key, value);
            }
            return Ok(Part::Value(Value::Object(values)));
        }
        if parts.iter().all(Option::is_some) {
            Ok(Part::Fields(names, parts))
        } else {
            Ok(Part::Value(Value::Object(fields_map(names, parts.iter().map(Option::as_ref)))))
        }
    }
}

/// An object of string fields, while its values are strings; from the first that is not, the
/// rest is read into the object's `Value`.
fn strings<'de, A: MapAccess<'de>>(mut map: A) -> Result<Part<'de>, A::Error> {
    let mut pairs = Vec::with_capacity(4);
    let mut first = true;
    while let Some(key) = map.next_key_seed(KeySeed { first })? {
        first = false;
        match map.next_value_seed(PartSeed(Kind::Str))? {
            Part::Str(value) => pairs.push((key.into_cow(), value)),
            other => {
                let mut values = strings_map(&pairs);
                let value = if let Part::Value(v) = other { v } else { other.to_value() };
                values.insert(key.into_owned(), value);
                while let Some((key, value)) = map.next_entry()? {
                    values.insert(key, value);
                }
                return Ok(Part::Value(Value::Object(values)));
            }
        }
    }
    Ok(Part::Strings(pairs))
}

fn strings_map(pairs: &[(Cow<str>, Cow<str>)]) -> Map<String, Value> {
    let mut map = Map::new();
    for (k, v) in pairs {
        map.insert(k.as_ref().to_owned(), Value::String(v.as_ref().to_owned()));
    }
    map
}

/// Makes `command` the object these string fields are (the same `Map` as reading them gives),
/// rewriting its keys' values in place: a replay's commands mostly have the same fields, so the
/// one object serves them all without allocating.
pub(crate) fn fill(command: &mut Value, pairs: &[(Cow<str>, Cow<str>)]) {
    if !command.is_object() {
        *command = Value::Object(Map::new());
    }
    let Value::Object(map) = command else { return };
    // A key the new command lacks empties the map (not `retain`: its rebalancing code is large).
    if map.keys().any(|k| !pairs.iter().any(|(p, _)| p == k)) {
        map.clear();
    }
    for (k, v) in pairs {
        match map.get_mut(k.as_ref()) {
            Some(Value::String(s)) => {
                s.clear();
                s.push_str(v);
            }
            Some(other) => *other = Value::String(v.as_ref().to_owned()),
            None => {
                map.insert(k.as_ref().to_owned(), Value::String(v.as_ref().to_owned()));
            }
        }
    }
}

enum Key<'a> {
    Command,
    Ctx,
    Other(Cow<'a, str>),
}

impl<'a> Key<'a> {
    fn name(&self) -> &str {
        match self {
            Key::Command => "command",
            Key::Ctx => "ctx",
            Key::Other(name) => name,
        }
    }

    fn into_cow(self) -> Cow<'a, str> {
        match self {
            Key::Command => Cow::Borrowed("command"),
            Key::Ctx => Cow::Borrowed("ctx"),
            Key::Other(name) => name,
        }
    }

    fn into_owned(self) -> String {
        match self {
            Key::Command => "command".to_owned(),
            Key::Ctx => "ctx".to_owned(),
            Key::Other(name) => name.into_owned(),
        }
    }
}

/// Reads a key without keeping it. A first key that is serde_json's raw-value marker makes a
/// `Value` read the object another way: declined, so the text is read as `Value`s.
struct KeySeed {
    first: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        self.key(key, Cow::Borrowed)
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        self.key(key, |k| Cow::Owned(k.to_owned()))
    }
}

impl KeySeed {
    fn key<'k, 'de, E: de::Error>(
        self,
        key: &'k str,
        keep: impl FnOnce(&'k str) -> Cow<'de, str>,
    ) -> Result<Key<'de>, E> {
        match key {
            "command" => Ok(Key::Command),
            "ctx" => Ok(Key::Ctx),
            "$serde_json::private::RawValue" if self.first => Err(E::custom("read as a value instead")),
            _ => Ok(Key::Other(keep(key))),
        }
    }
}
