//! An index of the records a draft adds, by id or by client. Most drafts add a record or two (a
//! replay's `book`, one booking), which a short list finds as fast as a map does, without the map.
use crate::model::Id;
use crate::state::Ix;
use rustc_hash::FxHashMap as HashMap;

/// Past this many records the list becomes a map (a bulk command adds thousands).
const SHORT: usize = 8;

#[derive(Default)]
pub struct AddedIndex {
    /// While short: each record's key and index, in the order added; the first needs no Vec.
    first: Option<(Id, Ix)>,
    more: Vec<(Id, Ix)>,
    /// Once long (the list is then empty): the indexes under each key, in the order added.
    map: HashMap<Id, Vec<Ix>>,
}

impl AddedIndex {
    pub fn push(&mut self, key: Id, n: Ix) {
        if self.map.is_empty() {
            if self.first.is_none() {
                self.first = Some((key, n));
                return;
            }
            if self.more.len() + 1 < SHORT {
                self.more.push((key, n));
                return;
            }
        }
        for (k, m) in self.first.take().into_iter().chain(self.more.drain(..)) {
            self.map.entry(k).or_default().push(m);
        }
        self.map.entry(key).or_default().push(n);
    }

    /// Every record under `key`, in the order added.
    pub fn get<'a>(&'a self, key: &'a str) -> impl Iterator<Item = Ix> + 'a {
        let listed = self.first.iter().chain(&self.more).filter(move |(k, _)| &**k == key).map(|(_, n)| *n);
        listed.chain(self.map.get(key).into_iter().flatten().copied())
    }

    /// The last record added under `key`: for an index by id, where a later one replaces it.
    pub fn last(&self, key: &str) -> Option<Ix> {
        self.get(key).last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_find_the_same() {
        let mut index = AddedIndex::default();
        let key = |k: usize| Id::from(format!("k{}", k % 3));
        for n in 0..20u32 {
            index.push(key(n as usize), n);
            for k in 0..3 {
                let expected: Vec<Ix> = (0..=n).filter(|m| *m as usize % 3 == k).collect();
                assert_eq!(index.get(&key(k)).collect::<Vec<_>>(), expected);
                assert_eq!(index.last(&key(k)), expected.last().copied());
            }
            assert_eq!(index.last("none"), None);
        }
    }
}
