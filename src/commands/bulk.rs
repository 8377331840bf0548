//! Bulk commands: one item per client or credit, `allOrNothing` or `skipInvalid`.
use super::Cx;
use crate::answer::ItemVerdict;
use crate::issue::{at, Code, Issue, Issues};
use rustc_hash::FxHashSet as HashSet;

pub use crate::forms::Mode;

/// One client or credit of a bulk command, and what was found about it.
pub struct Item<'a> {
    /// The id as given (`None` when the element was not an id at all).
    pub id: Option<&'a str>,
    key: &'static str,
    index: usize,
    pub issues: Issues,
}

impl Item<'_> {
    /// Its path (`creditIds.3`), made only for an issue: most of 10,000 items have none.
    pub fn path(&self) -> String {
        at(self.key, self.index)
    }
    pub fn ok(&self) -> bool {
        !self.issues.has_errors()
    }
    pub fn error(&mut self, issue: Issue) {
        self.issues.error(issue);
    }
    pub fn warn(&mut self, issue: Issue) {
        self.issues.warn(issue);
    }
}

/// Turns a list of ids into items, with malformed elements and repeats already reported.
pub fn items<'a>(key: &'static str, list: Vec<Result<&'a str, Issue>>) -> Vec<Item<'a>> {
    let mut seen = HashSet::with_capacity_and_hasher(list.len(), Default::default());
    list.into_iter()
        .enumerate()
        .map(|(n, element)| {
            let mut issues = Issues::default();
            let id = match element {
                Ok(id) => {
                    if !seen.insert(id) {
                        issues.error(super::duplicate_item(id, &at(key, n)));
                    }
                    Some(id)
                }
                Err(issue) => {
                    issues.error(issue);
                    None
                }
            };
            Item { id, key, index: n, issues }
        })
        .collect()
}

/// Checks the list is within `maxBulkItems`.
pub fn within_limit(cx: &mut Cx, key: &str, len: usize) -> bool {
    let max = usize::try_from(cx.policy.max_bulk_items).unwrap_or(usize::MAX);
    if len > max {
        let issue = Issue::new(Code::TooMany, key, format!("At most {max} may be handled at once; {len} were given."))
            .with("max", max)
            .with("count", len);
        cx.issues.error(issue);
        return false;
    }
    true
}

/// The items of a bulk command refused whole before they were judged (too many): each listed,
/// none with an issue of its own, so that the answer has them all and counts them.
pub fn unjudged(cx: &mut Cx, list: &[Result<&str, Issue>]) {
    let verdict = |id: &str| ItemVerdict { id: id.to_owned(), ok: true, errors: Vec::new(), warnings: Vec::new() };
    cx.items = Some(list.iter().map(|e| verdict(e.as_ref().map_or("", |id| id))).collect());
}

/// Publishes the items' verdicts under the mode's rules; returns whether each is to be applied.
pub fn settle(cx: &mut Cx, key: &str, items: Vec<Item>, mode: Mode) -> Vec<bool> {
    let mut apply = Vec::with_capacity(items.len());
    let mut verdicts = Vec::with_capacity(items.len());
    for item in items {
        let ok = item.ok();
        apply.push(ok);
        let path = if ok { String::new() } else { item.path() };
        let Issues { errors, warnings } = item.issues;
        if ok {
            cx.issues.warnings.extend(warnings.iter().cloned());
        } else {
            match mode {
                Mode::AllOrNothing => cx.issues.errors.extend(errors.iter().cloned()),
                Mode::SkipInvalid => {
                    let why = errors.first().map_or("", |e| e.code.as_str());
                    let issue = Issue::new(
                        Code::ItemSkipped,
                        path,
                        format!(
                            "{} is left out: {}",
                            item.id.unwrap_or("This item"),
                            errors.first().map_or("it is not valid.", |e| e.message.as_str())
                        ),
                    );
                    cx.issues.warn(issue.with("reason", why));
                }
            }
        }
        let id = item.id.map_or_else(String::new, str::to_owned);
        verdicts.push(ItemVerdict { id, ok, errors, warnings });
    }
    if mode == Mode::SkipInvalid && !apply.iter().any(|&a| a) && !apply.is_empty() {
        cx.issues.error(Issue::new(
            Code::NothingToApply,
            key,
            "None of the items is valid, so there is nothing to apply.",
        ));
    }
    cx.items = Some(verdicts);
    apply
}
