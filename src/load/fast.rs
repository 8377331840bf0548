//! The fast path: well-formed credits and bookings read straight from borrowed text, typed.
use super::*;

/// A required id as the full reader would accept it.
fn fast_id(s: &str) -> Option<Id> {
    (!s.trim().is_empty() && !crate::input::over_length(s, crate::limits::MAX_ID_CHARS)).then(|| id(s))
}

/// An optional id: blank is missing; too long is for the full reader to report.
fn fast_opt_id(s: Option<&Cow<str>>) -> Option<Option<Id>> {
    match s {
        None => Some(None),
        Some(s) if s.trim().is_empty() => Some(None),
        Some(s) => fast_id(s).map(Some),
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
}

impl FastCredit<'_> {
    pub(super) fn build(self, policy: &Policy) -> Option<Credit> {
        let expires_at = match self.expires_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(crate::time::parse_expiry(s, &policy.timezone)?),
        };
        Some(Credit {
            id: fast_id(&self.id)?,
            client_id: fast_id(&self.client_id)?,
            session_type_id: fast_id(&self.session_type_id)?,
            source: self.source,
            membership_id: fast_opt_id(self.membership_id.as_ref())?,
            granted_at: crate::time::parse_instant(&self.granted_at)?,
            expires_at,
            status: self.status,
            booking_id: fast_opt_id(self.booking_id.as_ref())?,
            revocable: self.revocable.unwrap_or(self.source != Source::Manual || policy.manual_credits_revocable),
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
    #[serde(borrow, default)]
    credit_id: Option<Cow<'a, str>>,
}

impl FastBooking<'_> {
    pub(super) fn build(self) -> Option<Booking> {
        Some(Booking {
            id: fast_id(&self.id)?,
            client_id: fast_id(&self.client_id)?,
            session_type_id: fast_id(&self.session_type_id)?,
            starts_at: crate::time::parse_instant(&self.starts_at)?,
            status: self.status,
            credit_id: fast_opt_id(self.credit_id.as_ref())?,
        })
    }
}
