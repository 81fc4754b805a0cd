// Talking to the server from the door page: JSON posts with the CSRF token, telling apart an
// answer, no signal, and a refusal (signed out, or a token the server no longer takes).

export const OFFLINE = "offline";
export const REFUSED = "refused";
export const FAILED = "failed";

function isJson(response) {
  return (response.headers.get("Content-Type") || "").includes("application/json");
}

// Refusals of what was sent rather than of the phone: sending the same again cannot help.
const BAD_INPUT = new Set(["bad_scan", "bad_batch"]);

/** Whether the server refused the phone (signed out, not allowed, or a token it no longer
 * takes), not what it sent. */
function refused(response, data = null) {
  if (response.type === "opaqueredirect" || [401, 403].includes(response.status)) return true;
  return response.status === 400 && !BAD_INPUT.has(data?.error?.code);
}

/** A fresh CSRF token from the door's token address: the token, or OFFLINE or REFUSED. */
export async function freshToken(door) {
  let response;
  try {
    response = await fetch(door.dataset.csrfUrl, {
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
  } catch {
    return OFFLINE;
  }
  if (!response.ok || !isJson(response)) return refused(response) ? REFUSED : FAILED;
  const { csrf_token: token } = await response.json();
  door.dataset.csrfToken = token;
  return token;
}

function pageToken(door) {
  return (
    door.dataset.csrfToken ||
    document.querySelector("meta[name='csrf-token']")?.content ||
    document.querySelector("input[name='csrf_token']")?.value ||
    ""
  );
}

async function post(url, body, token) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": token,
      },
      body: JSON.stringify(body),
    });
  } catch {
    return { state: OFFLINE };
  }
  const data = isJson(response) ? await response.json().catch(() => null) : null;
  if (data && (response.ok || data.outcome)) return { state: "ok", data };
  return { state: refused(response, data) ? REFUSED : FAILED, status: response.status };
}

/** POST ``body`` as JSON; answers ``{state: "ok", data}``, or a state OFFLINE / REFUSED /
 * FAILED. A refusal is tried once more with a fresh token (a page kept on the phone holds an
 * old one); if that too is refused, the person is most likely signed out. */
export async function postJson(door, url, body) {
  const first = await post(url, body, pageToken(door));
  if (first.state !== REFUSED) return first;
  const token = await freshToken(door);
  if (token === OFFLINE || token === REFUSED || token === FAILED) {
    return { state: token === OFFLINE ? OFFLINE : REFUSED };
  }
  return post(url, body, token);
}

/** GET a JSON document of the door (its list): the data, or null when it cannot be had. */
export async function getJson(url) {
  try {
    const response = await fetch(url, {
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
    return response.ok && isJson(response) ? await response.json() : null;
  } catch {
    return null;
  }
}
