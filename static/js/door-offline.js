// Getting the door ready for no signal: the service worker keeps the page's files; a copy of
// the page without anybody's details, and the door list (names, organisations and hashes of
// ticket tokens), are kept on the phone. Both are deleted when the event's door closes or when
// the trainer signs out on this phone.

import { doorUrl, refreshStoredList } from "./door-checkin.js";
import { deleteLists } from "./door-store.js";
import { clockTime, plural } from "./door-text.js";

export const PAGES = "door-pages"; // the cache of stored door pages (the service worker reads it)
const KEPT_HEADERS = ["Content-Security-Policy", "Permissions-Policy", "Referrer-Policy"];
const PRIVATE = "[data-booking-id], [data-door-private], .govuk-notification-banner, .govuk-error-summary";

/** Register the door's service worker (scope /door/), if the browser has them. */
export function registerWorker(door) {
  if (!("serviceWorker" in navigator)) return Promise.resolve(null);
  const url = door.dataset.swUrl || "/door/sw.js";
  return navigator.serviceWorker.register(url, { scope: "/door/" }).catch(() => null);
}

/** Keep a copy of this door page for use without a signal: fetched afresh, with every person's
 * row (and anything marked private) taken out; the rows are drawn from the stored list. */
async function storePage(door) {
  if (!("caches" in window)) return false;
  const page = doorUrl(door);
  const response = await fetch(page, { credentials: "same-origin", redirect: "manual" });
  if (!response.ok) return false;
  const copy = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const node of copy.querySelectorAll(PRIVATE)) node.remove();
  copy.querySelector("#door-result")?.replaceChildren();
  copy.querySelector("[data-door]")?.setAttribute("data-door-stored", "");
  const headers = { "Content-Type": "text/html; charset=utf-8" };
  for (const name of KEPT_HEADERS) {
    if (response.headers.has(name)) headers[name] = response.headers.get(name);
  }
  const html = `<!DOCTYPE html>\n${copy.documentElement.outerHTML}`;
  const pages = await caches.open(PAGES);
  await pages.put(page, new Response(html, { headers }));
  return true;
}

/** Store the page and the door list; answers the list, or null without a signal. */
export async function getReady(door) {
  if (navigator.onLine === false) return null;
  const [list] = await Promise.all([refreshStoredList(door, 0), storePage(door).catch(() => false)]);
  return list;
}

/** Delete the stored door lists (and their pages) whose door has closed; all of them with
 * ``everything``. The check-ins waiting to be sent are kept. */
export async function forget({ everything = false } = {}) {
  const pages = await deleteLists(everything ? {} : { closedBefore: new Date() });
  if (everything && "caches" in window) await caches.delete(PAGES);
  else if (pages.length && "caches" in window) {
    const cache = await caches.open(PAGES);
    await Promise.all(pages.map((page) => cache.delete(page)));
  }
}

/** Signing out on this phone first sends what waits (``sendFirst`` answers how many check-ins
 * are still waiting after): signing out deletes everything the site stored on the phone, so if
 * any could not be sent the trainer is asked first. Then the stored lists go, and the form is
 * sent. */
export function forgetOnSignOut(sendFirst) {
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!new URL(form.action, location.href).pathname.endsWith("/sign-out")) return;
    if (form.dataset.forgotten) return;
    event.preventDefault();
    const left = await sendFirst().catch(() => 0);
    const lose =
      `${plural(left, "check-in")} saved on this phone could not be sent, and signing out ` +
      "deletes them. Sign out anyway?";
    if (left && !window.confirm(lose)) return;
    await forget({ everything: true }).catch(() => {});
    form.dataset.forgotten = "true";
    form.submit();
  });
}

/** When a door list was last fetched from the server: stored lists carry the time they were
 * saved; a list just fetched is saved now. */
function updated(list) {
  return list.savedAt ? new Date(list.savedAt) : new Date();
}

/** The "Get ready for offline use" button, and the line that says what is stored. */
export function readyButton(door, place) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary";
  button.dataset.module = "govuk-button";
  button.textContent = "Get ready for offline use";
  const said = document.createElement("p");
  said.className = "govuk-body-s app-door-ready";
  said.setAttribute("role", "status");
  const say = (list) => {
    said.textContent = list
      ? `Ready for offline use: this page and the door list (${plural(list.people.length, "person", "people")}) ` +
        `are saved on this phone, updated ${clockTime(updated(list))}. They are deleted when the door closes ` +
        "or you sign out."
      : "Not saved: this needs a signal. Try again when the phone is back online.";
  };
  button.addEventListener("click", async () => {
    button.disabled = true;
    said.textContent = "Saving…";
    await registerWorker(door);
    say(await getReady(door));
    button.disabled = false;
  });
  place.append(button, said);
  return say;
}
