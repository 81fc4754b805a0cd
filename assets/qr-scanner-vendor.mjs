// Copy qr-scanner into static/js/vendor/ so that it runs under the app's Content-Security-Policy.
//
// The package's worker module builds the decoder as a Blob URL, which `worker-src 'self'`
// refuses. Its source is taken out here into a plain same-origin worker file, and the module
// that qr-scanner imports ("./qr-scanner-worker.min.js") is replaced by one that starts it.
// Source-map comments are dropped (the maps are not copied).
//
// Usage: node qr-scanner-vendor.mjs <output folder>
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const pkg = new URL("./node_modules/qr-scanner/", import.meta.url);
const out = process.argv[2];
const withoutSourceMap = (text) => text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");

async function workerSource() {
  let source = null;
  globalThis.Blob = class {
    constructor(parts) {
      source = parts.join("");
    }
  };
  URL.createObjectURL = () => "blob:worker";
  globalThis.Worker = class {};
  const module = await import(new URL("qr-scanner-worker.min.js", pkg).href);
  module.createWorker();
  if (!source || !source.includes("onmessage")) {
    throw new Error("qr-scanner's worker module no longer builds its worker from a Blob");
  }
  return source;
}

const scanner = await readFile(new URL("qr-scanner.min.js", pkg), "utf8");
if (!scanner.includes('import("./qr-scanner-worker.min.js")')) {
  throw new Error("qr-scanner.min.js no longer imports ./qr-scanner-worker.min.js");
}
await writeFile(join(out, "qr-scanner.min.js"), withoutSourceMap(scanner));
await writeFile(join(out, "qr-scanner-worker.js"), await workerSource());
await writeFile(
  join(out, "qr-scanner-worker.min.js"),
  "// The decoder runs from a same-origin file (worker-src 'self'), not a Blob URL.\n" +
    'export const createWorker = () => new Worker(new URL("./qr-scanner-worker.js", import.meta.url));\n',
);
await copyFile(new URL("LICENSE", pkg), join(out, "qr-scanner.LICENSE.txt"));
console.log(`qr-scanner-vendor: wrote qr-scanner into ${pathToFileURL(out).pathname}`);
