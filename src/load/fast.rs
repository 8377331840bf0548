//! The fast path: well-formed credits and bookings read straight from borrowed text, typed.
use super::*;

/// A required id as the full reader would accept it.
fn fast_id(s: &str) -> Option<Id> {
    acceptable(s).then(|| id(s))
}

fn acceptable(s: &str) -> bool {
    !s.trim().is_empty() && !crate::input::over_length(s, crate::limits::MAX_ID_CHARS)
}

/// An optional id: blank is missing; too long is for the full reader to report.
fn fast_opt_id(s: Option<&Cow<str>>) -> Option<Option<Id>> {
    optional(s, fast_id)
}

/// An optional id read by `read` when it is there and not blank.
fn optional(s: Option<&Cow<str>>, read: impl FnOnce(&str) -> Option<Id>) -> Option<Option<Id>> {
    match s {
        None => Some(None),
        Some(s) if s.trim().is_empty() => Some(None),
        Some(s) => read(s).map(Some),
    }
}

/// What the records of one load share: the ids they refer to (a million credits name a few
/// thousand clients and types: one copy each, never allocated per credit and freed again) and the
/// local midnights of plain-date expiries (a few hundred dates, each resolved in the zone once).
#[derive(Default)]
pub(super) struct Shared {
    ids: HashSet<Id>,
    midnights: HashMap<[u8; 10], Option<crate::time::Time>>,
}

impl Shared {
    /// A required reference, as `fast_id` reads it, shared.
    fn reference(&mut self, s: &str) -> Option<Id> {
        if !acceptable(s) {
            return None;
        }
        if let Some(shared) = self.ids.get(s) {
            return Some(shared.clone());
        }
        let fresh = id(s);
        self.ids.insert(fresh.clone());
        Some(fresh)
    }

    fn opt_reference(&mut self, s: Option<&Cow<str>>) -> Option<Option<Id>> {
        optional(s, |s| self.reference(s))
    }

    fn expiry(&mut self, s: &str, tz: &crate::time::Zone) -> Option<crate::time::Time> {
        let Ok(date) = <[u8; 10]>::try_from(s.as_bytes()) else {
            return crate::time::parse_expiry(s, tz);
        };
        *self.midnights.entry(date).or_insert_with(|| crate::time::parse_expiry(s, tz))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FastCredit<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    client_id: Cow<'a, str>,
    #[serde(borrow)]
    session_type_id: Cow<'a, str>,
    source: Source,
    #[serde(borrow, default)]
    membership_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    granted_at: Cow<'a, str>,
    #[serde(borrow, default)]
    expires_at: Option<Cow<'a, str>>,
    status: CreditStatus,
    #[serde(borrow, default)]
    booking_id: Option<Cow<'a, str>>,
    #[serde(default)]
    revocable: Option<bool>,
    #[serde(default)]
    value: Option<u64>,
}

impl FastCredit<'_> {
    pub(super) fn build(self, policy: &Policy, shared: &mut Shared) -> Option<Credit> {
        let expires_at = match self.expires_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(shared.expiry(s, &policy.timezone)?),
        };
        Some(Credit {
            id: fast_id(&self.id)?,
            client_id: shared.reference(&self.client_id)?,
            session_type_id: shared.reference(&self.session_type_id)?,
            source: self.source,
            membership_id: shared.opt_reference(self.membership_id.as_ref())?,
            granted_at: crate::time::parse_instant(&self.granted_at)?,
            expires_at,
            status: self.status,
            booking_id: fast_opt_id(self.booking_id.as_ref())?,
            revocable: self.revocable.unwrap_or(self.source != Source::Manual || policy.manual_credits_revocable),
            // Above 2^53 − 1 the full reader reports it.
            value: match self.value {
                Some(v) if v > crate::input::MAX_WHOLE => return None,
                v => v,
            },
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FastBooking<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    client_id: Cow<'a, str>,
    #[serde(borrow)]
    session_type_id: Cow<'a, str>,
    #[serde(borrow)]
    starts_at: Cow<'a, str>,
    status: BookingStatus,
    /// Absent, null, or an id: `Some(None)` is an explicit null.
    #[serde(borrow, default, deserialize_with = "explicit")]
    credit_id: Option<Option<Cow<'a, str>>>,
    #[serde(default)]
    credit_ids: Option<Vec<String>>,
}

/// Tells an explicit null from an absent field.
fn explicit<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl FastBooking<'_> {
    pub(super) fn build(self, shared: &mut Shared) -> Option<Booking> {
        let single = fast_opt_id(self.credit_id.as_ref().and_then(Option::as_ref))?;
        let credit_ids = match self.credit_ids {
            None => single.into_iter().collect(),
            Some(list) => {
                let ids = list.iter().map(|k| fast_id(k)).collect::<Option<Vec<Id>>>()?;
                // A mirror that disagrees is for the full reader to report.
                if self.credit_id.is_some() && single.as_deref() != ids.first().map(|k| &**k) {
                    return None;
                }
                ids
            }
        };
        Some(Booking {
            id: fast_id(&self.id)?,
            client_id: shared.reference(&self.client_id)?,
            session_type_id: shared.reference(&self.session_type_id)?,
            starts_at: crate::time::parse_instant(&self.starts_at)?,
            status: self.status,
            credit_ids,
        })
    }
}

// ---- one pass over the text --------------------------------------------------------------------
//
// Each record is read once, into its fields (strings borrowed from the text where they have no
// escapes). A well-formed credit or booking is then typed from those fields, by the same derived
// readers as above; anything else becomes the value the full reader reports the problems of.
// (Reading each record first as a slice of text, then again typed, was a quarter of loading.)

/// One field of a record as it was read.
pub(super) enum Field<'de> {
    Str(Cow<'de, str>),
    Bool(bool),
    Null,
    Value(Value),
}

/// A record as it was read: an object's fields in order, or the value that is not an object.
pub(super) enum Record<'de> {
    Fields(Vec<(Cow<'de, str>, Field<'de>)>),
    Value(Value),
}

impl Record<'_> {
    pub(super) fn into_value(self) -> Value {
        match self {
            // Repeated keys: the last one counts, as when JSON text is read into a value.
            Record::Fields(fields) => {
                Value::Object(fields.into_iter().map(|(k, f)| (k.into_owned(), f.into_value())).collect())
            }
            Record::Value(v) => v,
        }
    }

    /// The record typed as `T` reads it (a serde error, and so the full reader, for anything odd).
    pub(super) fn typed<'r, T: Deserialize<'r>>(&'r self) -> Option<T> {
        let Record::Fields(fields) = self else { return None };
        let map = serde::de::value::MapDeserializer::new(fields.iter().map(|(k, f)| (StrDe(k), FieldDe(f))));
        T::deserialize(map).ok()
    }
}

impl Field<'_> {
    fn into_value(self) -> Value {
        match self {
            Field::Str(s) => Value::String(s.into_owned()),
            Field::Bool(b) => Value::Bool(b),
            Field::Null => Value::Null,
            Field::Value(v) => v,
        }
    }
}

/// Reads one record of a collection.
pub(super) struct RecordSeed;

impl<'de> DeserializeSeed<'de> for RecordSeed {
    type Value = Record<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Record<'de>, D::Error> {
        d.deserialize_any(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record<'de>, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(10));
        while let Some(Key(k)) = map.next_key()? {
            fields.push((k, map.next_value::<Field>()?));
        }
        Ok(Record::Fields(fields))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Record<'de>, A::Error> {
        Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Record::Value)
    }
    fn visit_str<E>(self, s: &str) -> Result<Record<'de>, E> {
        Ok(Record::Value(Value::from(s)))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Record<'de>, E> {
        Ok(Record::Value(Value::Bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Record<'de>, E> {
        Ok(Record::Value(Value::from(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Record<'de>, E> {
        Ok(Record::Value(Value::from(n)))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Record<'de>, E> {
        Ok(Record::Value(Value::from(n)))
    }
    fn visit_unit<E>(self) -> Result<Record<'de>, E> {
        Ok(Record::Value(Value::Null))
    }
}

/// An object key, borrowed from the text when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Field<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Field<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Field<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Field<'de>, E> {
                Ok(Field::Str(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Field<'de>, E> {
                Ok(Field::Str(Cow::Owned(s.to_owned())))
            }
            fn visit_bool<E>(self, b: bool) -> Result<Field<'de>, E> {
                Ok(Field::Bool(b))
            }
            fn visit_unit<E>(self) -> Result<Field<'de>, E> {
                Ok(Field::Null)
            }
            fn visit_i64<E>(self, n: i64) -> Result<Field<'de>, E> {
                Ok(Field::Value(Value::from(n)))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Field<'de>, E> {
                Ok(Field::Value(Value::from(n)))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Field<'de>, E> {
                Ok(Field::Value(Value::from(n)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field<'de>, A::Error> {
                Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Field::Value)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<'de>, A::Error> {
                Value::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Field::Value)
            }
        }
        d.deserialize_any(V)
    }
}

type DeError = serde::de::value::Error;

/// A key or string field handed to a derived reader.
struct StrDe<'a, 'de>(&'a Cow<'de, str>);

impl<'de> Deserializer<'de> for StrDe<'_, 'de> {
    type Error = DeError;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.0 {
            Cow::Borrowed(s) => v.visit_borrowed_str(s),
            Cow::Owned(s) => v.visit_str(s),
        }
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A field handed to a derived reader, as the JSON it was read from would be.
struct FieldDe<'a, 'de>(&'a Field<'de>);

impl<'de> Deserializer<'de> for FieldDe<'_, 'de> {
    type Error = DeError;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.0 {
            Field::Str(s) => StrDe(s).deserialize_any(v),
            Field::Bool(b) => v.visit_bool(*b),
            Field::Null => v.visit_unit(),
            // Only an odd record has one where a typed field is read: a copy costs nothing then.
            Field::Value(x) => x.clone().deserialize_any(v).map_err(serde::de::Error::custom),
        }
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.0 {
            Field::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        match self.0 {
            Field::Str(s) => v.visit_enum(serde::de::IntoDeserializer::<DeError>::into_deserializer(s.as_ref())),
            _ => self.deserialize_any(v),
        }
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'a, 'de> serde::de::IntoDeserializer<'de, DeError> for StrDe<'a, 'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'a, 'de> serde::de::IntoDeserializer<'de, DeError> for FieldDe<'a, 'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}
