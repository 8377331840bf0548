// Edit of a queued command: its form, reopened prefilled from the command (form.js reads the values
// from `app.editing`; a field's own `fromCommand(command)` when the form's value is not the
// command's). Saving replaces the queued command in its place in the queue (a new commandId: the
// server never accepted the old one). null when what the command refers to is gone.

import { S } from "./state.js";
import { addCreditsForm } from "./forms/addCredits.js";
import { assignForm } from "./forms/assignCredit.js";
import { bookForm } from "./forms/book.js";
import { cancelForm } from "./forms/cancelBooking.js";
import { changeTypeForm } from "./forms/changeCreditType.js";
import { checkInForm } from "./forms/checkIn.js";
import { deleteForm } from "./forms/deleteBooking.js";
import { extendForm } from "./forms/extendExpiry.js";
import { rebookForm } from "./forms/forgiveAndRebook.js";
import { markNoShowForm } from "./forms/markNoShow.js";
import { removeForm } from "./forms/removeCredits.js";
import { revertAttendanceForm } from "./forms/revertAttendance.js";
import { transferForm } from "./forms/transferCredits.js";
import { holdForm, removeHoldForm } from "./forms/holdMembership.js";

const BY_BOOKING = {
  cancelBooking: cancelForm, deleteBooking: deleteForm, forgiveAndRebook: rebookForm, checkIn: checkInForm,
  markNoShow: markNoShowForm, revertAttendance: revertAttendanceForm, assignCredit: assignForm,
};

/** A function that opens the entry's form prefilled, or null. */
export function editOpener(entry) {
  const c = entry.command || {};
  if (BY_BOOKING[c.type]) {
    const b = S.snap.bookings.find((x) => x.id === c.bookingId);
    return b ? () => BY_BOOKING[c.type](b) : null;
  }
  const hasClient = (id) => S.clients.has(id);
  switch (c.type) {
    case "book": return hasClient(c.clientId) ? () => bookForm(c.clientId) : null;
    case "addCredits": return Array.isArray(c.clientIds) && c.clientIds.length ? () => addCreditsForm(c.clientIds) : null;
    case "changeCreditType": return Array.isArray(c.creditIds) ? () => changeTypeForm(c.creditIds) : null;
    case "extendExpiry": return Array.isArray(c.creditIds) ? () => extendForm(c.creditIds) : null;
    case "removeCredits": return hasClient(c.clientId) ? () => removeForm(c.clientId, c.creditIds || []) : null;
    case "transferCredits": return hasClient(c.fromClientId) ? () => transferForm(c.fromClientId, c.creditIds || []) : null;
    case "holdMembership": {
      const m = S.snap.memberships.find((x) => x.id === c.membershipId);
      return m ? () => holdForm(m) : null;
    }
    case "removeHold": {
      const m = S.snap.memberships.find((x) => x.id === c.membershipId);
      const hold = m?.holds?.find((x) => x.id === c.holdId);
      return hold ? () => removeHoldForm(m, hold) : null;
    }
    default: return null;
  }
}
