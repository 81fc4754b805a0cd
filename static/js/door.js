// The door page of an event, on the trainer's phone. Everything here improves a page that works
// as plain forms: the camera scans tickets continuously, the code field and each row's
// "Check in" / "Undo" answer without leaving the page, the list filters as the trainer types,
// and with no signal check-ins are kept on the phone and sent by themselves later.

import { act, eventId, scan, withWaiting } from "./door-checkin.js";
import { forget, forgetOnSignOut, getReady, readyButton, registerWorker } from "./door-offline.js";
import { drawStoredPeople, enhanceRowForms, filterAsYouType } from "./door-people.js";
import { allowSound, resultRegion } from "./door-result.js";
import { cameraArea } from "./door-scanner.js";
import { getList, waiting } from "./door-store.js";
import { sync, syncByItself } from "./door-sync.js";

/** The code field sends its code without leaving the page, and is ready for the next one. */
function enhanceCodeForm(door) {
  const field = door.querySelector("input[name='code']");
  const form = field?.form;
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    allowSound();
    const code = field.value.trim();
    if (!code) return;
    field.value = "";
    field.focus();
    await scan(door, code);
    showAnswerBy(door, field);
  });
}

/** Bring the answer into view beside the code field it answers (the counter and the answer sit
 * just above the field, but a phone's keyboard can push them off the screen). */
function showAnswerBy(door, field) {
  resultRegion(door).scrollIntoView({ block: "nearest" });
  field.scrollIntoView({ block: "nearest" });
}

/** The door list stored on this phone, with the check-ins still waiting here counted in it. */
async function storedList(door) {
  const list = await getList(eventId(door)).catch(() => null);
  return list && withWaiting(list, await waiting(eventId(door)).catch(() => []));
}

function doorOpen(door) {
  const closes = door.dataset.closesAt && new Date(door.dataset.closesAt);
  return !closes || closes > new Date();
}

async function start(door) {
  resultRegion(door);
  forgetOnSignOut(async () => {
    await sync(door);
    return (await waiting(eventId(door))).length;
  });
  await forget().catch(() => {}); // stored lists of doors that have closed
  if (door.hasAttribute("data-door-stored")) {
    drawStoredPeople(door, await storedList(door));
  }
  filterAsYouType(door);
  enhanceRowForms(door, (row, action, form) => {
    allowSound();
    return act(door, row, action, form);
  });
  enhanceCodeForm(door);
  const scanner = door.querySelector("#scanner");
  if (scanner) cameraArea(scanner, (code) => scan(door, code), allowSound);
  document.addEventListener("pointerdown", allowSound, { capture: true });
  if (doorOpen(door)) {
    const place = door.querySelector("[data-door-offline]") || scanner || door;
    const say = readyButton(door, place);
    registerWorker(door)
      .then(() => getReady(door))
      // Without a signal, what is already stored (and when it was last updated) is said.
      .then(async (list) => list || (await storedList(door)))
      .then((list) => list && say(list))
      .catch(() => {});
  }
  await syncByItself(door);
}

const door = document.querySelector("[data-door]");
if (door) start(door);
