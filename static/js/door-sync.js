// Sending the check-ins kept on the phone: the whole queue in one request (chunks of the most
// the server takes), with a fresh CSRF token, by itself when the signal comes back, when the page
// opens and every little while. Each entry carries the id the phone gave it, so sending it twice
// changes nothing; what the server reports (someone checked in earlier by another phone) is
// said, not treated as an error.

import { eventId, refreshStoredList } from "./door-checkin.js";
import { showCount, showSent, showWaiting } from "./door-result.js";
import { FAILED, OFFLINE, REFUSED, freshToken, postJson } from "./door-send.js";
import { dequeue, getList, waiting } from "./door-store.js";
import { plural } from "./door-text.js";

const MOST_A_REQUEST = 1000;
const EVERY_MS = 30_000;
let sending = null;
let again = false;

function payload(entry) {
  const scan = { client_id: entry.client_id, scanned_at: entry.scanned_at };
  return entry.code != null ? { ...scan, code: entry.code } : { ...scan, booking_id: entry.booking_id };
}

async function report(door, results) {
  const list = await getList(eventId(door));
  const names = new Map((list?.people || []).map((p) => [p.booking_id, p.name]));
  const others = results.filter((result) => result.outcome !== "checked_in");
  const sent = `Sent ${plural(results.length, "check-in")} saved on this phone.`;
  const lines = others.map((result) => {
    const name = names.get(result.booking_id);
    return name ? `${name}: ${result.message}` : result.message;
  });
  showSent(door, sent, lines);
}

async function sendAll(door) {
  let entries = await waiting(eventId(door));
  if (!entries.length || navigator.onLine === false) {
    if (entries.length) showWaiting(door, entries.length);
    return;
  }
  const token = await freshToken(door);
  if (token === OFFLINE || token === REFUSED || token === FAILED) {
    showWaiting(door, entries.length, token === REFUSED ? "signed_out" : "offline");
    return;
  }
  const results = [];
  let totals = null;
  while (entries.length) {
    const chunk = entries.slice(0, MOST_A_REQUEST);
    const reply = await postJson(door, door.dataset.syncUrl, { scans: chunk.map(payload) });
    if (reply.state !== "ok") {
      showWaiting(door, entries.length, reply.state === REFUSED ? "signed_out" : "offline");
      break;
    }
    const answered = reply.data.results.map((result) => result.client_id);
    await dequeue(answered);
    results.push(...reply.data.results);
    totals = reply.data;
    entries = entries.filter((entry) => !answered.includes(entry.client_id));
    if (answered.length === 0) break; // the server took none: try again later
  }
  if (totals) showCount(door, totals.checked_in, totals.booked);
  await refreshStoredList(door, 0);
  if (results.length) await report(door, results);
}

/** Send what waits on this phone now: one sending at a time, and one more after it when asked
 * meanwhile (the signal may have come back while the last one was failing). */
export function sync(door) {
  if (sending) {
    again = true;
    return sending;
  }
  sending = sendAll(door).finally(() => {
    sending = null;
    if (again) {
      again = false;
      sync(door);
    }
  });
  return sending;
}

/** Send by itself: now, whenever the signal comes back, and every half minute. */
export function syncByItself(door) {
  window.addEventListener("online", () => sync(door));
  setInterval(() => sync(door), EVERY_MS);
  return sync(door);
}
