// What the door shows and sounds after each check-in: a full-width banner in the result's tone
// (a colour, an icon and its headline: never colour alone), read out by screen readers, with
// a beep and a buzz where the phone allows; the counter; and the count of check-ins waiting on
// this phone for a signal.

const TONES = {
  success: { notes: [[880, 0.12]], buzz: [120] },
  warning: { notes: [[660, 0.1], [660, 0.1]], buzz: [100, 80, 100] },
  error: { notes: [[220, 0.4]], buzz: [400] },
};
let audio = null;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The region the results appear in: the page's own (it holds the result of a form sent
 * without JavaScript), or one made at the top of the scanner area. */
export function resultRegion(door) {
  let region = door.querySelector("#door-result, [data-door-result]");
  if (!region) {
    region = element("div", "app-door-result");
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    (door.querySelector("#scanner") || door).prepend(region);
  }
  region.dataset.doorResult = "";
  return region;
}

/** Show a result ``{tone, outcome, headline, detail}`` as the page shows a form's
 * result (its tone a colour, an icon and words), and sound it. */
export function showResult(door, result) {
  const region = resultRegion(door);
  const banner = element("div", `app-result app-result--${result.tone}`);
  if (result.outcome) banner.dataset.outcome = result.outcome;
  banner.append(element("h2", "app-result__headline", result.headline));
  // Line breaks between the parts, as the page's own markup has: its text reads as words.
  if (result.detail) banner.append("\n", element("p", "app-result__detail", result.detail));
  region.replaceChildren(banner);
  signal(result.tone);
}

/** Let sounds play: browsers start audio only from a tap, so the first tap on the page
 * (Start camera, Check in, …) opens it. */
export function allowSound() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!audio && Context) audio = new Context();
  if (audio?.state === "suspended") audio.resume().catch(() => {});
}

function signal(tone) {
  const { notes, buzz } = TONES[tone] || TONES.error;
  if (navigator.vibrate) navigator.vibrate(buzz);
  if (!audio || audio.state !== "running") return;
  let at = audio.currentTime;
  for (const [frequency, seconds] of notes) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + seconds);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds);
    at += seconds + 0.08;
  }
}

/** Write the counter: "41 of 78 checked in". */
export function showCount(door, checkedIn, booked) {
  if (typeof checkedIn !== "number" || typeof booked !== "number") return;
  for (const counter of door.querySelectorAll("#door-count, [data-door-counter]")) {
    counter.textContent = `${checkedIn} of ${booked} checked in`;
    Object.assign(counter.dataset, { checkedIn, booked });
  }
}

/** The line under the banner that tells what waits on this phone, or what was sent. */
export function waitingLine(door) {
  let line = door.querySelector("[data-door-waiting]");
  if (!line) {
    line = element("div", "govuk-inset-text app-door-waiting");
    line.dataset.doorWaiting = "";
    line.setAttribute("role", "status");
    line.hidden = true;
    resultRegion(door).after(line);
  }
  return line;
}

/** Say how many check-ins wait on this phone (the line hides when none do). */
export function showWaiting(door, count, reason = "offline") {
  const line = waitingLine(door);
  line.hidden = count === 0;
  line.textContent = count === 0 ? "" : waitingMessage(count, reason);
}

/** Say what a sync sent, and what the server reported back (as a list of lines). */
export function showSent(door, text, lines) {
  const line = waitingLine(door);
  line.replaceChildren(element("p", "govuk-body govuk-!-margin-bottom-0", text));
  if (lines.length) {
    const items = element("ul", "govuk-list govuk-list--bullet govuk-!-margin-top-2");
    items.append(...lines.map((text) => element("li", "", text)));
    line.append(items);
  }
  line.hidden = false;
}

/** "Saved on this phone — will send when back online (7 waiting)", or, when the server
 * refused the phone (signed out), what to do about it. */
function waitingMessage(count, reason = "offline") {
  if (reason === "signed_out") {
    return `Saved on this phone — sign in again to send the check-ins waiting here (${count} waiting)`;
  }
  return `Saved on this phone — will send when back online (${count} waiting)`;
}
