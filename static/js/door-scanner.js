// The "Scan tickets" camera area: scans continuously, with no tap per person, and sends each
// code it reads once (the same code held in view is not sent again until it has been out of
// sight for a few seconds). Starts by itself when the camera is already allowed.

import QrScanner from "./vendor/qr-scanner.min.js";

const SAME_CODE_MS = 3000;
const SAYS = {
  running: "Hold a ticket's QR code in the frame: each one is checked as soon as it is seen.",
  stopped: "",
  blocked:
    "The camera is blocked for this site. Allow it in the browser's settings, or type the " +
    "ticket code below.",
  none: "No camera was found on this device. Type the ticket code below instead.",
  unsupported: "This browser cannot use the camera here. Type the ticket code below instead.",
};

function element(tag, className) {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

function why(error) {
  const name = error?.name || String(error);
  if (/NotAllowed|Permission|Security/i.test(name)) return "blocked";
  if (/NotFound|not found|Overconstrained/i.test(name)) return "none";
  return "unsupported";
}

/** Build the camera area in ``place``; each newly seen code goes to ``onCode(code)``, one at
 * a time, in the order seen. ``onTap`` runs on the toggle (to let the phone make sounds). */
export function cameraArea(place, onCode, onTap = () => {}) {
  const area = element("div", "app-scanner");
  const view = element("div", "app-scanner__view");
  const video = element("video", "app-scanner__video");
  video.muted = true;
  video.playsInline = true;
  video.setAttribute("aria-hidden", "true");
  const frame = element("div", "app-scanner__frame");
  view.append(video, frame);
  view.hidden = true;
  const toggle = element("button", "govuk-button app-scanner__toggle");
  toggle.type = "button";
  toggle.dataset.module = "govuk-button";
  toggle.textContent = "Start camera";
  const status = element("p", "govuk-body app-scanner__status");
  status.setAttribute("role", "status");
  area.append(view, toggle, status);
  place.append(area);

  const say = (what) => {
    status.textContent = SAYS[what];
    status.hidden = !SAYS[what];
  };
  if (!navigator.mediaDevices?.getUserMedia) {
    toggle.hidden = true;
    say("unsupported");
    return null;
  }

  let scanner = null;
  let running = false;
  let last = { code: null, at: 0 };
  let queue = Promise.resolve();
  const seen = (result) => {
    const now = Date.now();
    const code = result.data;
    const again = code === last.code && now - last.at < SAME_CODE_MS;
    last = { code, at: now };
    if (!again && code) queue = queue.then(() => onCode(code)).catch(() => {});
  };

  const start = async () => {
    scanner ??= new QrScanner(video, seen, {
      returnDetailedScanResult: true,
      maxScansPerSecond: 10,
      highlightScanRegion: true,
      overlay: frame,
      preferredCamera: "environment",
      onDecodeError: () => {},
    });
    view.hidden = false;
    try {
      await scanner.start();
      running = true;
      toggle.textContent = "Stop camera";
      say("running");
    } catch (error) {
      view.hidden = true;
      say(why(error));
    }
  };
  const stop = () => {
    scanner?.stop();
    running = false;
    view.hidden = true;
    toggle.textContent = "Start camera";
    say("stopped");
  };
  toggle.addEventListener("click", () => {
    onTap();
    if (running) stop();
    else start();
  });
  navigator.permissions
    ?.query({ name: "camera" })
    .then((permission) => permission.state === "granted" && start())
    .catch(() => {});
  return { start, stop };
}
