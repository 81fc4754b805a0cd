// What a phone keeps for the door in IndexedDB: each event's door list (names, organisations and
// hashes of ticket tokens, as list.json gives them) and the queue of check-ins made without a
// signal, each with the id the phone gave it, until the server has them.

const NAME = "door";
const VERSION = 1;
let opening = null;

function request(operation) {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

function open() {
  if (!opening) {
    const operation = indexedDB.open(NAME, VERSION);
    operation.onupgradeneeded = () => {
      const db = operation.result;
      db.createObjectStore("lists", { keyPath: "event.id" });
      const queue = db.createObjectStore("queue", { keyPath: "client_id" });
      queue.createIndex("event_id", "event_id");
    };
    opening = request(operation);
  }
  return opening;
}

async function inStore(name, mode, work) {
  const db = await open();
  const transaction = db.transaction(name, mode);
  const done = new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  const result = await work(transaction.objectStore(name));
  await done;
  return result;
}

/** The stored door list of an event, or undefined. */
export function getList(eventId) {
  return inStore("lists", "readonly", (store) => request(store.get(eventId)));
}

/** Store an event's door list (replacing the one before), with the address of its door page
 * and when it was saved (``savedAt``, an ISO time). */
export function saveList(list, pageUrl) {
  const savedAt = new Date().toISOString();
  return inStore("lists", "readwrite", (store) => request(store.put({ ...list, pageUrl, savedAt })));
}

/** Change one person on a stored list (after a check-in or an undo made here). */
export function updatePerson(eventId, bookingId, changes) {
  return inStore("lists", "readwrite", async (store) => {
    const list = await request(store.get(eventId));
    const person = list?.people.find((p) => p.booking_id === bookingId);
    if (!person) return undefined;
    Object.assign(person, changes);
    list.checked_in = list.people.filter((p) => p.checked_in_at).length;
    await request(store.put(list));
    return list;
  });
}

/** Delete stored lists: those whose door has closed (before ``now``), or all of them. Answers
 * the door pages whose lists went, so their stored copies can go too. */
export function deleteLists({ closedBefore = null } = {}) {
  return inStore("lists", "readwrite", async (store) => {
    const lists = await request(store.getAll());
    const going = lists.filter(
      (list) => closedBefore === null || new Date(list.event.door_closes_at) <= closedBefore,
    );
    for (const list of going) await request(store.delete(list.event.id));
    return going.map((list) => list.pageUrl).filter(Boolean);
  });
}

/** The check-ins waiting to be sent for an event, oldest first. */
export function waiting(eventId) {
  return inStore("queue", "readonly", async (store) => {
    const entries = await request(store.index("event_id").getAll(eventId));
    return entries.sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
  });
}

/** Add a check-in to the queue: ``{code}`` or ``{booking_id}``, given an id and the time now. */
export function enqueue(eventId, what) {
  const entry = {
    client_id: crypto.randomUUID(),
    event_id: eventId,
    scanned_at: new Date().toISOString(),
    ...what,
  };
  return inStore("queue", "readwrite", (store) => request(store.add(entry))).then(() => entry);
}

/** Take entries off the queue (those the server has answered, or one undone here). */
export function dequeue(clientIds) {
  return inStore("queue", "readwrite", async (store) => {
    for (const id of clientIds) await request(store.delete(id));
  });
}
