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

function build(place) {
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
  status.hidden = true;
  place.classList.add("app-scanner");
  place.replaceChildren(view, toggle, status); // in place of what the page says without a camera
  return { view, video, frame, toggle, status };
}

class Camera {
  constructor(parts, onCode) {
    Object.assign(this, parts);
    this.onCode = onCode;
    this.scanner = null;
    this.running = false;
    this.last = { code: null, at: 0 };
    this.sending = Promise.resolve();
  }

  say(what) {
    this.status.textContent = SAYS[what];
    this.status.hidden = !SAYS[what];
  }

  /** A code read: sent unless it is the one in view a moment ago (one at a time, in order). */
  seen(code) {
    const now = Date.now();
    const again = code === this.last.code && now - this.last.at < SAME_CODE_MS;
    this.last = { code, at: now };
    if (again || !code) return;
    this.sending = this.sending.then(() => this.onCode(code)).catch(() => {});
  }

  async start() {
    this.scanner ??= new QrScanner(this.video, (result) => this.seen(result.data), {
      returnDetailedScanResult: true,
      maxScansPerSecond: 10,
      highlightScanRegion: true,
      overlay: this.frame,
      preferredCamera: "environment",
      onDecodeError: () => {},
    });
    this.view.hidden = false;
    try {
      await this.scanner.start();
      this.running = true;
      this.toggle.textContent = "Stop camera";
      this.say("running");
    } catch (error) {
      this.view.hidden = true;
      this.say(why(error));
    }
  }

  stop() {
    this.scanner?.stop();
    this.running = false;
    this.view.hidden = true;
    this.toggle.textContent = "Start camera";
    this.say("stopped");
  }
}

/** Build the camera area in ``place``; each newly seen code goes to ``onCode(code)``, one at
 * a time, in the order seen. ``onTap`` runs on the toggle (to let the phone make sounds). */
export function cameraArea(place, onCode, onTap = () => {}) {
  const camera = new Camera(build(place), onCode);
  if (!navigator.mediaDevices?.getUserMedia) {
    camera.toggle.hidden = true;
    camera.say("unsupported");
    return null;
  }
  camera.toggle.addEventListener("click", () => {
    onTap();
    if (camera.running) camera.stop();
    else camera.start();
  });
  navigator.permissions
    ?.query({ name: "camera" })
    .then((permission) => permission.state === "granted" && camera.start())
    .catch(() => {});
  return camera;
}
