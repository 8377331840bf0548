//! Walking the snapshot document with serde, one record at a time.
use super::*;

/// A visitor's answers to a scalar where an object or list belongs: an issue, not a parse error.
macro_rules! scalars_are {
    ($answer:ident) => {
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            self.$answer()
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            self.$answer()
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            self.$answer()
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            self.$answer()
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            self.$answer()
        }
    };
}

pub(super) struct Top<'l, 'p>(pub(super) &'l mut Loader<'p>);
struct Records<'l, 'p>(&'l mut Loader<'p>, Collection);

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a snapshot object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut unknown = 0usize;
        while let Some(key) = map.next_key::<String>()? {
            match COLLECTIONS.iter().find(|(k, ..)| *k == key) {
                Some((_, c, _)) if !self.0.seen.contains(c) => {
                    self.0.seen.push(*c);
                    map.next_value_seed(Records(&mut *self.0, *c))?;
                }
                Some((k, ..)) => {
                    map.next_value::<IgnoredAny>()?;
                    self.0.issues.error(Issue::new(Code::Duplicate, *k, format!("The snapshot has {k} twice.")));
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                    unknown += 1;
                }
            }
        }
        // Other top-level fields are the caller's business and are ignored.
        let _ = unknown;
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.issues.error(required(String::new(), "snapshot"));
        Ok(())
    }
    scalars_are!(not_object);
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_object()
    }
}

impl Top<'_, '_> {
    fn not_object<E>(self) -> Result<(), E> {
        self.0.issues.error(invalid(String::new(), "an object (the snapshot)"));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        // Each record read once; a whole, well-formed credit or booking is typed straight into
        // the model, anything else goes to the reader that reports every problem.
        while let Some(record) = seq.next_element_seed(super::fast::RecordSeed)? {
            if n >= MAX_RECORDS {
                self.0.record(self.1, n, &Value::Null);
            } else if !self.0.fast(self.1, &record) {
                self.0.record(self.1, n, &record.into_value());
            }
            n += 1;
        }
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(()) // null: an empty collection
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.not_list()
    }
    scalars_are!(not_list);
}

impl Records<'_, '_> {
    fn not_list<E>(self) -> Result<(), E> {
        self.0.issues.error(invalid(self.1.key().to_owned(), "a list of records"));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Records<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}
