// The door's service worker (served as /door/sw.js, scope /door/): keeps the files the door page
// needs, so that it opens and scans with no signal. Door pages come from the network first; with
// no signal, the copy of the page that the page itself stored (without anybody's details: see
// door-offline.js) is served instead. Files come from the phone at once and are refreshed
// behind. Posts, the door list and the CSRF token always go to the network.

const FILES = "door-files-v2"; // renamed when the modules change what they share: never mixed
const PAGES = "door-pages";
const STATIC_FILES = [
  "/static/css/app.css",
  "/static/favicon.svg",
  "/static/js/govuk-frontend.min.js",
  "/static/js/door.js",
  "/static/js/door-checkin.js",
  "/static/js/door-offline.js",
  "/static/js/door-people.js",
  "/static/js/door-result.js",
  "/static/js/door-scanner.js",
  "/static/js/door-send.js",
  "/static/js/door-store.js",
  "/static/js/door-sync.js",
  "/static/js/door-text.js",
  "/static/js/vendor/qr-scanner.min.js",
  "/static/js/vendor/qr-scanner-worker.min.js",
  "/static/js/vendor/qr-scanner-worker.js",
];
const DOOR_PAGE = /^\/door\/\d+\/?$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(FILES)
      .then((cache) => cache.addAll(STATIC_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const old = (name) => name.startsWith("door-files-") && name !== FILES;
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter(old).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

async function doorPage(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const url = new URL(request.url);
    const stored = await caches.open(PAGES).then((cache) => cache.match(url.pathname));
    if (stored) return stored;
    throw error;
  }
}

async function file(event) {
  const cache = await caches.open(FILES);
  const kept = await cache.match(event.request, { ignoreSearch: true });
  const fresh = fetch(event.request).then((response) => {
    if (response.ok) cache.put(event.request, response.clone());
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => null));
    return kept;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && DOOR_PAGE.test(url.pathname)) {
    event.respondWith(doorPage(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(file(event));
  }
});
