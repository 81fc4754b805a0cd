// Text the door's pages compare and show: folding for search, ticket codes, times of day.

// Letters that do not come apart under NFKD, folded as the server folds them for search.
const TRANSLITERATED = {
  ø: "o", ł: "l", æ: "ae", œ: "oe", đ: "d", ð: "d", þ: "th", ħ: "h", ı: "i", ß: "ss",
};
// Marks that join the letters either side into one word ("O'Connor" → "oconnor").
const JOINERS = /[-'.\u2010\u2011\u2019]/g;

/** Text as the people list's data-search holds it: accents and strokes folded, lower case,
 * joined words joined, anything else between words a single space. */
export function fold(text) {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[øłæœđðþħıß]/g, (letter) => TRANSLITERATED[letter])
    .replace(JOINERS, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Whether every word of the query starts a word of the folded search text. */
export function matches(search, query) {
  const words = fold(query).split(" ").filter(Boolean);
  const haystack = ` ${search} `;
  return words.every((word) => haystack.includes(` ${word}`));
}

/** The ticket's token in a scanned or typed code: the whole ticket link (…/t/<token>) or the
 * bare token, with any spaces taken out. */
export function ticketToken(code) {
  const text = code.replace(/\s+/g, "");
  const link = text.match(/\/t\/([^/?#]+)/);
  return link ? decodeURIComponent(link[1]) : text;
}

/** The SHA-256 of the text, as lower-case hex (how the door list holds ticket tokens). */
export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const CLOCK = new Intl.DateTimeFormat("en-GB", {
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
  timeZone: "Europe/London",
});

/** A time of day as the server writes it, in Europe/London: "9:12am", "4pm", "midday",
 * "midnight". */
export function clockTime(date) {
  const time = CLOCK.format(date).replace(/\s/g, "").toLowerCase().replace(":00", "");
  return { "12pm": "midday", "12am": "midnight" }[time] || time;
}

/** "N check-in(s)" style counting: "1 check-in", "3 check-ins". */
export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
