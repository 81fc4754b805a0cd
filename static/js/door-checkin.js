// Checking people in at the door, with a signal or without: a scan or a name goes to the server
// at once; with no signal (or when the server refuses the phone) it is kept on the phone with an
// id of its own, answered from the stored door list, and sent with the others later.

import { rowOf, setRowState, showList } from "./door-people.js";
import { showCount, showResult, showWaiting } from "./door-result.js";
import { OFFLINE, REFUSED, getJson, postJson } from "./door-send.js";
import { dequeue, enqueue, getList, saveList, updatePerson, waiting } from "./door-store.js";
import { clockTime, sha256Hex, ticketToken } from "./door-text.js";

const CHECKED_IN = new Set(["checked_in", "already_checked_in"]);
const THIS_PHONE = "this phone";

export function eventId(door) {
  return Number(door.dataset.eventId);
}

/** The door page's own address (the page may have come from its find form's POST). */
export function doorUrl(door) {
  return door.dataset.doorUrl || location.pathname;
}

/** Show the server's answer to a scan, a check-in or an undo, and bring the page up to date. */
function answered(door, data) {
  const { tone, outcome, headline, detail } = data;
  showResult(door, { tone, outcome, headline, detail });
  showCount(door, data.checked_in, data.booked);
  const row = data.booking_id != null && rowOf(door, data.booking_id);
  if (row && data.outcome === "checked_in") {
    // Written as the server writes a row: when, and by the trainer signed in on this phone.
    const by = door.dataset.checkerName || null;
    setRowState(door, row, { checkedIn: true, at: new Date().toISOString(), by });
  } else if (row && CHECKED_IN.has(data.outcome) && !row.querySelector("[data-status]")) {
    setRowState(door, row, { checkedIn: true }); // when and by whom come with the list
  } else if (row && data.outcome === "undone") {
    setRowState(door, row, { checkedIn: false });
  }
  refreshStoredList(door);
}

/** A list from the server (or the one stored), with the check-ins still waiting on this phone
 * marked in it and counted. */
export function withWaiting(list, entries) {
  for (const entry of entries) {
    const bookingId = entry.booking_id ?? entry.booking_id_here;
    const person = list.people.find((p) => p.booking_id === bookingId);
    if (person && !person.checked_in_at) {
      Object.assign(person, { checked_in_at: entry.scanned_at, checked_in_by: THIS_PHONE });
    }
  }
  list.checked_in = list.people.filter((p) => p.checked_in_at).length;
  return list;
}

let refreshing = null;
let waiters = [];

/** Fetch the door list again, store it and show it (a moment after the last change; everyone
 * who asked meanwhile gets the same list, or null without a signal). */
export function refreshStoredList(door, delay = 1500) {
  clearTimeout(refreshing);
  return new Promise((resolve) => {
    waiters.push(resolve);
    refreshing = setTimeout(async () => {
      const answering = waiters;
      waiters = [];
      const list = await getJson(door.dataset.listUrl);
      if (list) {
        withWaiting(list, await waiting(eventId(door)).catch(() => []));
        await saveList(list, doorUrl(door)).catch(() => {});
        showList(door, list);
      }
      for (const answer of answering) answer(list);
    }, delay);
  });
}

/** Keep a check-in on the phone, answer it from the stored list, and say what waits. */
async function keep(door, what, answer, reason) {
  await enqueue(eventId(door), what);
  const count = (await waiting(eventId(door))).length;
  showResult(door, answer);
  showWaiting(door, count, reason); // the line under the result: "Saved on this phone — …"
}

async function markHere(door, person) {
  const at = new Date().toISOString();
  const list = await updatePerson(eventId(door), person.booking_id, {
    checked_in_at: at,
    checked_in_by: THIS_PHONE,
  });
  const row = rowOf(door, person.booking_id);
  if (row) setRowState(door, row, { checkedIn: true, at, by: THIS_PHONE });
  if (list) showCount(door, list.checked_in, list.booked);
}

function already(person) {
  const at = new Date(person.checked_in_at);
  const by = person.checked_in_by ? ` by ${person.checked_in_by}` : "";
  return {
    tone: "warning",
    headline: "Already checked in",
    detail: `${person.name}, at ${clockTime(at)}${by}`,
  };
}

function checkedIn(person) {
  const detail = [person.name, person.organisation].filter(Boolean).join(", ");
  return { tone: "success", headline: "Checked in", detail };
}

/** A scan with no answer from the server: answered from the stored door list by the hash of
 * the ticket's token, and kept to send (unless the list shows it needs nothing sending). */
async function scanHere(door, { client_id, code }, reason) {
  const list = await getList(eventId(door));
  const token = ticketToken(code);
  if (!token || /[^A-Za-z0-9_~.-]/.test(token)) {
    showResult(door, { tone: "error", headline: "Not a ticket for this event" });
    return;
  }
  const hash = await sha256Hex(token);
  const person = list?.people.find((p) => p.token_hash === hash);
  if (person?.checked_in_at) {
    showResult(door, already(person));
  } else if (person) {
    await markHere(door, person);
    const what = { client_id, code, booking_id_here: person.booking_id };
    await keep(door, what, checkedIn(person), reason);
  } else {
    const answer = {
      tone: "warning",
      headline: "Not on the door list saved on this phone",
      detail: "Kept to check with the server when back online",
    };
    await keep(door, { client_id, code }, answer, reason);
  }
}

/** Check a scanned or typed code in. It goes with an id of its own, so if it reaches the
 * server but the answer is lost, sending it again from the phone's queue changes nothing. */
export async function scan(door, code) {
  const clientId = crypto.randomUUID();
  const body = { client_id: clientId, code };
  const reply = navigator.onLine === false ? { state: OFFLINE } : await send(door, body);
  if (reply.state === "ok") answered(door, reply.data);
  else if (reply.state === OFFLINE || reply.state === REFUSED) {
    await scanHere(door, body, reply.state === REFUSED ? "signed_out" : "offline");
  } else if (reply.status === 400) {
    showResult(door, { tone: "error", headline: "Not a ticket for this event" });
  } else showProblem(door, reply.status);
}

function send(door, body) {
  return postJson(door, door.dataset.scanUrl, body);
}

function showProblem(door, status) {
  showResult(door, {
    tone: "error",
    headline: "Not checked",
    detail: `The server could not answer (${status}): try again, or check the person in by name`,
  });
}

/** Check a person in by name, or undo a check-in, from their row's form. */
export async function act(door, row, action, form) {
  const bookingId = Number(row.dataset.bookingId);
  const offline = navigator.onLine === false;
  const reply = offline ? { state: OFFLINE } : await postJson(door, form.action, {});
  if (reply.state === "ok") return answered(door, reply.data);
  if (reply.state !== OFFLINE && reply.state !== REFUSED) return showProblem(door, reply.status);
  const reason = reply.state === REFUSED ? "signed_out" : "offline";
  const list = await getList(eventId(door));
  const person = list?.people.find((p) => p.booking_id === bookingId);
  if (action === "undo") return undoHere(door, person, bookingId);
  if (person?.checked_in_at) return showResult(door, already(person));
  if (person) await markHere(door, person);
  const answer = person ? checkedIn(person) : { tone: "success", headline: "Checked in" };
  return keep(door, { booking_id: bookingId }, answer, reason);
}

/** Undo without a signal: possible only for a check-in still waiting on this phone. */
async function undoHere(door, person, bookingId) {
  const entries = await waiting(eventId(door));
  const mine = entries.filter((e) => (e.booking_id ?? e.booking_id_here) === bookingId);
  if (!mine.length) {
    const detail = "Undoing a check-in the server has needs a signal: try again when back online";
    return showResult(door, { tone: "error", headline: "Not undone", detail });
  }
  await dequeue(mine.map((entry) => entry.client_id));
  const list = await updatePerson(eventId(door), bookingId, {
    checked_in_at: null,
    checked_in_by: null,
  });
  const row = rowOf(door, bookingId);
  if (row) setRowState(door, row, { checkedIn: false });
  if (list) showCount(door, list.checked_in, list.booked);
  const count = entries.length - mine.length;
  showWaiting(door, count);
  return showResult(door, { tone: "success", headline: "Undone", detail: person?.name });
}
