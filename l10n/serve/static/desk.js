// The review desk for one article: segment list, page preview, segment panel.
// Every value from a catalog or the ledger is put in the page with textContent, never
// as markup. State-changing requests carry the session token in a header.
"use strict";

const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
const TOKEN = meta("l10n-token");
const BASE = `/${encodeURIComponent(meta("l10n-locale"))}/${encodeURIComponent(meta("l10n-slug"))}`;
const CAN_SIGN = meta("l10n-can-sign") === "yes";
const DIRECTION = meta("l10n-direction");
const LANG = meta("l10n-locale").replace("_", "-");
const PLACEHOLDER = /<(\/?)([1-9][0-9]*)(\/?)>/g;

let entries = [];
let current = -1;
let lastForm = null;
let checkTimer = null;
let draft = null;  // what was typed when a save was refused
let dragging = null;  // the placeholder being dragged: { token, before: Map(area → text) }

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function say(text, kind = "info") {
  const message = document.getElementById("message");
  message.textContent = text;
  message.dataset.kind = kind;
}

async function post(action, body) {
  const response = await fetch(`${BASE}/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-L10n-Token": TOKEN },
    body: JSON.stringify(body),
  });
  let data = {};
  try { data = await response.json(); } catch (_) { data = { error: `HTTP ${response.status}` }; }
  return { ok: response.ok, status: response.status, data };
}

function labelOf(entry, number) {
  const found = entry.legend.find((item) => item.number === number);
  return found ? found.label : `placeholder ${number}`;
}

// The text as pieces: strings and chips for <N>, </N>, <N/>; the source's chips can be
// dragged into the translation too.
function chipped(entry, text) {
  const out = document.createDocumentFragment();
  let at = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > at) out.append(text.slice(at, match.index));
    const kind = match[3] ? "single" : match[1] ? "close" : "open";
    const chip = el("span", { className: `chip ${kind}`, title: labelOf(entry, Number(match[2])),
      text: match[0], draggable: "true" });
    chip.addEventListener("dragstart", (event) => startDrag(event, match[0]));
    chip.addEventListener("dragend", () => { dragging = null; });
    out.append(chip);
    at = match.index + match[0].length;
  }
  if (at < text.length) out.append(text.slice(at));
  return out;
}

function wordDiff(before, after) {
  const a = before.split(/(\s+)/), b = after.split(/(\s+)/);
  const table = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  const out = document.createDocumentFragment();
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { out.append(a[i]); i++; j++; }
    else if (j < b.length && (i >= a.length || table[i][j + 1] >= table[i + 1][j])) {
      out.append(el("ins", { text: b[j] })); j++;
    } else { out.append(el("del", { text: a[i] })); i++; }
  }
  return out;
}

function renderList() {
  const list = document.getElementById("segments");
  list.replaceChildren();
  for (const entry of entries) {
    const item = el("li", { className: `segment ${entry.shown_state}`, "data-index": String(entry.index) });
    const button = el("button", { type: "button", text: entry.msgid.replace(PLACEHOLDER, "") || entry.msgid });
    button.title = entry.shown_state;
    button.addEventListener("click", () => select(entry.index));
    item.append(el("span", { className: "badge", text: entry.shown_state }), button);
    if (entry.index === current) item.classList.add("selected");
    list.append(item);
  }
}

function frameDocument() {
  const frame = document.getElementById("preview");
  try { return frame.contentDocument; } catch (_) { return null; }
}

function markFrame() {
  const doc = frameDocument();
  if (!doc) return;
  for (const node of doc.querySelectorAll("[data-l10n-selected]")) node.removeAttribute("data-l10n-selected");
  for (const node of doc.querySelectorAll("[data-l10n-seg]")) {
    if (node.getAttribute("data-l10n-seg").split(" ").includes(String(current))) {
      node.setAttribute("data-l10n-selected", "");
      node.scrollIntoView({ block: "nearest" });
    }
  }
}

function wireFrame() {
  const doc = frameDocument();
  if (!doc) return;
  // The frame runs no script; this listener is the desk's own, on the desk's side.
  doc.addEventListener("click", (event) => {
    const target = event.target.closest ? event.target.closest("[data-l10n-seg]") : null;
    event.preventDefault();
    if (target) {
      select(Number(target.getAttribute("data-l10n-seg").split(" ")[0]));
      if (forms()[0]) forms()[0].focus();  // click a segment, then type
    }
  }, true);
  doc.addEventListener("keydown", onKey);
  markFrame();
}

function forms() {
  return [...document.querySelectorAll("#forms textarea")];
}

function select(index) {
  if (index < 0 || index >= entries.length) return;
  current = index;
  const entry = entries[index];
  document.getElementById("entry").hidden = false;
  const state = document.getElementById("entry-state");
  state.textContent = entry.shown_state + (entry.stale ? " (review stale: approve again)" : "");
  state.className = `state ${entry.shown_state}`;
  document.getElementById("entry-where").textContent =
    `line ${entry.line}` + (entry.msgctxt ? ` · context: ${entry.msgctxt}` : "");
  document.getElementById("source").replaceChildren(chipped(entry, entry.msgid),
    ...(entry.msgid_plural ? [el("br"), chipped(entry, entry.msgid_plural)] : []));
  const notes = document.getElementById("notes");
  notes.replaceChildren(...entry.notes.map((note) => el("p", { text: note })),
    ...(entry.comment ? [el("p", { className: "comment", text: entry.comment })] : []));
  const previous = document.getElementById("previous");
  previous.hidden = !(entry.fuzzy && entry.previous_msgid);
  if (!previous.hidden) document.getElementById("diff").replaceChildren(wordDiff(entry.previous_msgid, entry.msgid));
  renderChips(entry);
  const box = document.getElementById("forms");
  box.replaceChildren();
  const categories = entry.plural_categories.length ? entry.plural_categories : [""];
  categories.forEach((category, form) => {
    const area = el("textarea", { dir: DIRECTION, lang: LANG, rows: "4", "data-form": String(form),
      "aria-label": category ? `translation, plural form ${form} (${category})` : "translation" });
    area.value = entry.msgstrs[form] || "";
    area.addEventListener("input", (event) => {
      if (event.inputType === "insertFromDrop" && dragging) finishDrop(area);
      scheduleCheck();
    });
    area.addEventListener("focus", () => { lastForm = area; });
    if (category) box.append(el("label", { className: "plural", text: `form ${form}: ${category}` }));
    box.append(area);
  });
  lastForm = forms()[0];
  document.getElementById("draft").hidden = true;
  showFindings(entry.findings);
  const suggestion = document.getElementById("suggestion");
  suggestion.hidden = !entry.suggestion;
  if (entry.suggestion) {
    document.getElementById("suggestion-text").textContent = entry.suggestion[0];
    document.getElementById("suggestion-origin").textContent = `from ${entry.suggestion[1]}`;
  }
  const history = document.getElementById("history");
  history.replaceChildren(...entry.history.map((event) => el("li", { className: event.event,
    text: `${event.time} ${event.event} by ${event.editor}${event.actor ? ` (${event.actor})` : ""}` +
      `${event.note ? `: ${event.note}` : ""}${event.signed ? " · signed" : " · unsigned"}` })),
    ...entry.sign_offs.map((s) => el("li", { className: `sign-off ${s.standing}`,
      text: `review line: ${s.editor} ${s.time}: ${s.standing}${s.reason ? ` (${s.reason})` : ""}` })));
  if (!history.children.length) history.append(el("li", { text: "no events yet" }));
  for (const id of ["approve", "reject", "note"]) {
    document.getElementById(id).disabled = !CAN_SIGN;
    document.getElementById(id).title = CAN_SIGN ? "" : "start the desk with --editor and a key to sign";
  }
  renderList();
  markFrame();
}

// One chip per tag of the source: <N/>, or <N> and </N> for a pair, each a button (press
// it: the tag goes to the caret; with words selected, the pair wraps them) that can also
// be dragged to where it belongs. A tag already in the text moves rather than doubles.
function renderChips(entry) {
  const chips = document.getElementById("chips");
  chips.replaceChildren();
  const seen = new Set();
  for (const match of entry.msgid.matchAll(PLACEHOLDER)) {
    const number = Number(match[2]);
    if (seen.has(number)) continue;
    seen.add(number);
    const single = Boolean(match[3]);
    const label = labelOf(entry, number);
    const group = el("span", { className: "chip-group", "data-number": String(number) });
    const tokens = single ? [`<${number}/>`] : [`<${number}>`, `</${number}>`];
    for (const token of tokens) {
      const chip = el("button", { type: "button", draggable: "true", "data-token": token,
        className: `chip ${single ? "single" : token.startsWith("</") ? "close" : "open"}`,
        title: `${label}: drag into the text, or press to put it at the caret`, text: token });
      chip.addEventListener("click", () => placeChip(number, single, token));
      chip.addEventListener("dragstart", (event) => startDrag(event, token));
      chip.addEventListener("dragend", () => { dragging = null; });
      group.append(chip);
    }
    group.append(el("small", { text: label }));
    chips.append(group);
  }
}

function withoutToken(text, token, positions) {
  let at;
  while ((at = text.indexOf(token)) >= 0) {
    text = text.slice(0, at) + text.slice(at + token.length);
    positions.forEach((position, index) => {
      if (position > at) positions[index] = Math.max(at, position - token.length);
    });
  }
  return text;
}

function placeChip(number, single, token) {
  const area = lastForm || forms()[0];
  if (!area) return;
  const positions = [area.selectionStart, area.selectionEnd];
  let text = area.value, caret;
  if (!single && positions[0] !== positions[1]) {
    const [open, close] = [`<${number}>`, `</${number}>`];
    text = withoutToken(withoutToken(text, open, positions), close, positions);
    const [start, end] = positions;
    text = text.slice(0, start) + open + text.slice(start, end) + close + text.slice(end);
    caret = end + open.length + close.length;
  } else {
    text = withoutToken(text, token, positions);
    text = text.slice(0, positions[0]) + token + text.slice(positions[1]);
    caret = positions[0] + token.length;
  }
  area.value = text;
  area.focus();
  area.setSelectionRange(caret, caret);
  scheduleCheck();
}

// A drag carries the tag as plain text, so the browser itself finds the drop point in the
// textarea and inserts it there; finishDrop then takes out the copy that was already in
// the text, which makes the drop a move.
function startDrag(event, token) {
  event.dataTransfer.setData("text/plain", token);
  event.dataTransfer.effectAllowed = "copy";
  dragging = { token, before: new Map(forms().map((area) => [area, area.value])) };
}

function finishDrop(area) {
  const { token, before } = dragging;
  dragging = null;
  const old = before.get(area);
  if (old === undefined || area.value.length !== old.length + token.length) return;
  let at = 0;
  while (at < old.length && old[at] === area.value[at]) at++;
  if (area.value.slice(at, at + token.length) !== token) return;
  const positions = [at];
  const text = withoutToken(old, token, positions);
  area.value = text.slice(0, positions[0]) + token + text.slice(positions[0]);
  const caret = positions[0] + token.length;
  area.focus();
  area.setSelectionRange(caret, caret);
  lastForm = area;
}

function showFindings(findings) {
  const list = document.getElementById("findings");
  list.replaceChildren(...findings.map((f) => el("li", { className: f.severity,
    text: `${f.severity}: ${f.message}` })));
}

function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, 250);
}

// What names the entry in every change, and the versions of it this tab was shown.
function about(entry) {
  return { msgctxt: entry.msgctxt, msgid: entry.msgid, digest: entry.digest, version: entry.version };
}

async function runCheck() {
  const entry = entries[current];
  if (!entry) return;
  const { ok, data } = await post("check", { ...about(entry),
    msgstrs: forms().map((area) => area.value) });
  if (ok && entries[current] === entry) showFindings(data.findings);
}

function replaceEntry(fresh) {
  const at = entries.findIndex((e) => e.msgctxt === fresh.msgctxt && e.msgid === fresh.msgid);
  if (at >= 0) entries[at] = { ...fresh, index: at };
}

function reloadFrame() {
  const frame = document.getElementById("preview");
  frame.src = `${BASE}/preview?t=${Date.now()}`;
}

async function act(action, extra = {}) {
  const index = current;
  const entry = entries[index];
  if (!entry) return;
  const typed = forms().map((area) => area.value);
  // A sign-off is on the saved text: approving or rejecting with edits not saved would
  // sign something else than what is on screen, and then wipe the edits.
  if (action !== "save" && typed.some((text, form) => text !== (entry.msgstrs[form] || ""))) {
    say("the translation has changes not saved: save them first (Ctrl+S), then sign", "error");
    return;
  }
  const body = { ...about(entry), ...extra };
  if (action === "save") body.msgstrs = typed;
  const { ok, data } = await post(action, body);
  if (data.entry) {
    replaceEntry(data.entry);
    reloadFrame();
  }
  const stillHere = current === index;  // the translator may have moved on meanwhile
  if ((ok || data.entry) && stillHere) select(index);
  if (ok) say([data.message, ...(data.warnings || [])].join("; "), "ok");
  else say(data.error || "refused", "error");
  if (ok && action === "reject") document.getElementById("note").value = "";
  // Refused because the entry changed meanwhile: the fresh text is in the editor, and
  // what was typed stays in view, to be put back and saved over it on purpose.
  const lost = data.entry && typed.some((text, form) => text !== (data.entry.msgstrs[form] || ""));
  if (!ok && action === "save" && stillHere && lost) {
    document.getElementById("draft-text").textContent = typed.join(" | ");
    document.getElementById("draft").hidden = false;
    draft = typed;
  }
}

document.getElementById("use-draft").addEventListener("click", () => {
  if (!draft) return;
  forms().forEach((area, form) => { area.value = draft[form] || ""; });
  document.getElementById("draft").hidden = true;
  scheduleCheck();
});

function nextWaiting() {
  for (let step = 1; step <= entries.length; step++) {
    const index = (current + step) % entries.length;
    if (entries[index].waiting || entries[index].shown_state === "untranslated") return select(index);
  }
}

function onKey(event) {
  if (event.ctrlKey && event.key === "s") { event.preventDefault(); act("save"); }
  else if (event.altKey && event.key === "ArrowDown") { event.preventDefault(); select(current + 1); }
  else if (event.altKey && event.key === "ArrowUp") { event.preventDefault(); select(current - 1); }
  else if (event.altKey && event.key === "w") { event.preventDefault(); nextWaiting(); }
  else if (event.altKey && event.key === "a" && CAN_SIGN) { event.preventDefault(); act("approve"); }
  else if (event.altKey && event.key === "r" && CAN_SIGN) {
    event.preventDefault(); document.getElementById("note").focus();
  }
}

document.addEventListener("keydown", onKey);

document.getElementById("save").addEventListener("click", () => act("save"));
document.getElementById("approve").addEventListener("click", () => act("approve"));
document.getElementById("reject").addEventListener("click", () =>
  act("reject", { note: document.getElementById("note").value }));
document.getElementById("note").addEventListener("keydown", (event) => {
  if (event.key === "Enter") act("reject", { note: event.target.value });
});
document.getElementById("use-suggestion").addEventListener("click", () => {
  const entry = entries[current];
  if (entry && entry.suggestion && forms()[0]) { forms()[0].value = entry.suggestion[0]; scheduleCheck(); }
});
document.getElementById("preview").addEventListener("load", wireFrame);

fetch(`${BASE}/entries.json`).then((response) => response.json()).then((data) => {
  if (data.error) { say(data.error, "error"); return; }
  entries = data.entries;
  renderList();
  if (frameDocument() && frameDocument().readyState === "complete") wireFrame();
  document.body.dataset.ready = "yes";
});
