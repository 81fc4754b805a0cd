// The people list at the door: filtered as the trainer types, each row's "Check in" / "Undo"
// form sent without leaving the page, and, in the copy of the page kept for use without a
// signal, the rows drawn from the door list stored on the phone.

import { showCount } from "./door-result.js";
import { clockTime, fold, matches } from "./door-text.js";

const ACTIONS = { "check-in": "Check in", undo: "Undo" };


export function rows(door) {
  return Array.from(door.querySelectorAll("[data-booking-id]"));
}

export function rowOf(door, bookingId) {
  return door.querySelector(`[data-booking-id="${CSS.escape(String(bookingId))}"]`);
}

/** The address of an action ("check-in" or "undo") on one person, from the page's templates. */
export function personUrl(door, action, bookingId) {
  const template = action === "undo" ? door.dataset.undoUrlTemplate : door.dataset.checkInUrlTemplate;
  return template.replace("{id}", encodeURIComponent(String(bookingId)));
}

/** Which action a row's form does: "check-in" or "undo" (from the end of its address). */
export function actionOf(form) {
  const path = new URL(form.action, location.href).pathname.replace(/\/$/, "");
  return Object.keys(ACTIONS).find((action) => path.endsWith(`/${action}`));
}

/** The line shown when no one matches: "No one on the list matches “qqq”. Check the spelling,
 * or add them as a walk-in." (a link to the walk-in form, as the page says without JavaScript). */
function noMatch(door) {
  const empty = document.createElement("p");
  empty.className = "govuk-body app-door-no-match";
  empty.hidden = true;
  const query = document.createElement("span");
  query.dataset.query = "";
  const link = Object.assign(document.createElement("a"), { href: door.dataset.walkInUrl });
  link.className = "govuk-link";
  link.textContent = "add them as a walk-in";
  empty.append("No one on the list matches “", query, "”. Check the spelling, or ", link, ".");
  return empty;
}

/** Filter the rows as the trainer types in the list's search field (the same field filters on
 * the server when the form is sent, so the page also works without JavaScript). */
export function filterAsYouType(door) {
  const field = door.querySelector("input[name='q']");
  if (!field) return;
  // The list filters as the trainer types, so the find form's button need not reload the page.
  field.form?.addEventListener("submit", (event) => event.preventDefault());
  const empty = noMatch(door);
  const list = door.querySelector("[data-people], [data-door-people]") || rows(door)[0]?.parentElement;
  list?.after(empty);
  const apply = () => {
    let shown = 0;
    for (const row of rows(door)) {
      const search = row.dataset.search ?? fold(row.textContent);
      row.hidden = !matches(search, field.value);
      if (!row.hidden) shown += 1;
    }
    empty.hidden = shown > 0 || field.value.trim() === "";
    empty.querySelector("[data-query]").textContent = field.value.trim();
  };
  field.addEventListener("input", apply);
  door.addEventListener("door:rows", apply);
  if (field.value) apply();
}

function statusLine(row, form) {
  let status = row.querySelector("[data-status], [data-door-status]");
  if (!status) {
    status = document.createElement("p");
    status.className = "govuk-body-s govuk-!-margin-bottom-2 app-door-status";
    status.dataset.status = "";
    if (form) form.before(status);
    else row.append(status);
  }
  return status;
}

/** Show a row as checked in (with when and by whom) or not, and turn its form into the other
 * action ("Undo", a secondary button, or "Check in"), as the page draws it. */
export function setRowState(door, row, { checkedIn, at = null, by = null }) {
  row.dataset.checkedIn = checkedIn ? "true" : "false";
  const form = Array.from(row.querySelectorAll("form")).find(actionOf);
  if (checkedIn) {
    const when = at ? ` at ${clockTime(new Date(at))}` : "";
    statusLine(row, form).textContent = `Checked in${when}${by ? ` by ${by}` : ""}`;
  } else {
    row.querySelector("[data-status], [data-door-status]")?.remove();
  }
  if (!form) return;
  const wanted = checkedIn ? "undo" : "check-in";
  form.action = personUrl(door, wanted, row.dataset.bookingId);
  const button = form.querySelector("button");
  button?.classList.toggle("govuk-button--secondary", checkedIn);
  const label = Array.from(button?.childNodes || []).find(
    (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim(),
  );
  if (label) label.textContent = ACTIONS[wanted];
}

/** Send each row's form through ``send(row, action, form)`` instead of leaving the page. */
export function enhanceRowForms(door, send) {
  door.addEventListener("submit", (event) => {
    const form = event.target;
    const row = form.closest("[data-booking-id]");
    const action = row && actionOf(form);
    if (!action) return;
    event.preventDefault();
    send(row, action, form);
  });
}

function paragraph(className, text) {
  const node = document.createElement("p");
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** A person's row as the page draws it: name, organisation, when checked in, and a button. */
function storedRow(door, person) {
  const row = document.createElement("li");
  row.className = "app-door-list__person";
  row.dataset.bookingId = String(person.booking_id);
  row.dataset.search = person.search ?? fold(`${person.name} ${person.organisation || ""}`);
  const name = paragraph("govuk-body govuk-!-margin-bottom-1");
  name.append(Object.assign(document.createElement("strong"), { textContent: person.name }));
  row.append(name);
  if (person.organisation) row.append(paragraph("govuk-body-s govuk-!-margin-bottom-1", person.organisation));
  const form = document.createElement("form");
  form.method = "post";
  form.className = "app-door-button";
  form.action = personUrl(door, "check-in", person.booking_id);
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "govuk-button govuk-!-margin-bottom-0";
  button.dataset.module = "govuk-button";
  const hidden = Object.assign(document.createElement("span"), { textContent: ` ${person.name}` });
  hidden.className = "govuk-visually-hidden";
  button.append("Check in", hidden);
  form.append(button);
  row.append(form);
  const checkedIn = Boolean(person.checked_in_at);
  setRowState(door, row, { checkedIn, at: person.checked_in_at, by: person.checked_in_by });
  return row;
}

/** Draw the people list and the counter from the door list stored on the phone, in its order
 * (the stored page has no rows: it keeps nobody's details beyond what the door list holds, and
 * its counter is as it was when the page was stored). */
export function drawStoredPeople(door, list) {
  const items = door.querySelector("[data-people], [data-door-people]");
  if (!list) return;
  showCount(door, list.checked_in, list.booked);
  if (!items) return;
  items.replaceChildren(...list.people.map((person) => storedRow(door, person)));
  door.dispatchEvent(new Event("door:rows"));
}

/** Bring every row in line with a door list (who is checked in, when and by whom), and the
 * counter. */
export function showList(door, list) {
  const people = new Map(list.people.map((person) => [String(person.booking_id), person]));
  for (const row of rows(door)) {
    const person = people.get(row.dataset.bookingId);
    if (!person) continue;
    const state = { checkedIn: Boolean(person.checked_in_at), at: person.checked_in_at };
    setRowState(door, row, { ...state, by: person.checked_in_by });
  }
  showCount(door, list.checked_in, list.booked);
}
