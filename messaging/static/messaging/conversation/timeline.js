// The messages on the page, in seq order, never missing one: live copies are applied as they come, and
// a gap (a copy the channel layer dropped, or time offline) is fetched with a sync (docs/messaging.md,
// "Delivery semantics").
import { send } from "../../frontend/live.js";
import { conversationId, log, root } from "./page.js";
import { render } from "./render.js";
import { addTools } from "./tools.js";

// Sequence numbers on the page, and the highest one up to which nothing is missing.
const have = new Set(log ? Array.from(log.children, (item) => Number(item.dataset.seq)) : []);
let lastSeq = root ? Number(root.dataset.lastSeq) || 0 : 0;
// Every new message, edit, deletion and reaction takes the conversation's next change number;
// lastChange is the highest one up to which the page holds every change, maxSeen the highest seen.
let lastChange = root ? Number(root.dataset.lastChange) || 0 : 0;
let maxSeen = lastChange;
// Change numbers seen above lastChange + 1, waiting for those between to arrive.
const ahead = new Set();
let syncing = false;
// Copies of messages sent at the same moment may arrive out of order (each transaction publishes after its
// own commit): a gap gets this long to fill by itself before the page asks the server.
const REORDER_MS = 300;
let gapTimer = null;

export function highestSeq() {
  return lastSeq;
}

export function requestSync() {
  const frame = { type: "sync", conversation: conversationId, after: lastSeq, changes_after: lastChange };
  if (!syncing && send(frame)) {
    syncing = true;
  }
}

// No answer to a sync is coming (the socket reopened, or the server answered with an error or reload).
export function syncStopped() {
  syncing = false;
}

export function syncResult(frame) {
  syncing = false;
  frame.messages.forEach(apply);
  lastChange = Math.max(lastChange, frame.last_change || 0);
  advance();
  if (frame.more || maxSeen > lastChange) {
    requestSync(); // more to fetch, or a live change arrived past a gap meanwhile
  }
}

// The conversation's latest change number, as the heartbeat's answer tells it: a page behind it lost a
// live copy (one the channel layer dropped, or published while Redis restarted) and fetches it now,
// without waiting for the next message to reveal the gap.
export function noteLatest(change) {
  if (typeof change === "number" && change > lastChange) {
    maxSeen = Math.max(maxSeen, change);
    requestSync();
  }
}

function advance() {
  while (ahead.has(lastChange + 1)) {
    lastChange += 1;
  }
  ahead.forEach((change) => {
    if (change <= lastChange) {
      ahead.delete(change);
    }
  });
}

function behind() {
  return maxSeen > lastChange || Array.from(have).some((seq) => seq > lastSeq);
}

// A gap: wait REORDER_MS for the copies that are merely late, then fetch what is still missing.
function gapSeen() {
  if (gapTimer === null) {
    gapTimer = window.setTimeout(() => {
      gapTimer = null;
      if (behind()) {
        requestSync();
      }
    }, REORDER_MS);
  }
}

// One change number arrived: advance over every number now held without a hole; a hole waits for gapSeen.
function noteChange(change) {
  if (!change) {
    return;
  }
  maxSeen = Math.max(maxSeen, change);
  if (change > lastChange) {
    ahead.add(change);
  }
  advance();
  if (maxSeen > lastChange) {
    gapSeen();
  }
}

export function apply(message) {
  if (message.conversation !== conversationId) {
    return;
  }
  noteChange(message.change);
  if (have.has(message.seq)) {
    replace(message);
  } else if (message.seq > lastSeq) {
    append(message);
  } // else: older than the first message on this page, not shown here
}

function append(message) {
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  const later = Array.from(log.children).find((item) => Number(item.dataset.seq) > message.seq);
  log.insertBefore(render(message), later || null);
  have.add(message.seq);
  document.getElementById("no-messages")?.remove();
  if (atBottom) {
    log.scrollTop = log.scrollHeight;
  }
  while (have.has(lastSeq + 1)) {
    lastSeq += 1;
  }
  if (message.seq > lastSeq) {
    gapSeen(); // a copy late or lost on the way: fetched from the database unless it comes
  }
}

// A newer state of a message on the page (edited, deleted, reacted to).
export function replace(message) {
  const old = document.getElementById("message-" + message.seq);
  if (!old || Number(old.dataset.change || 0) >= (message.change || 0)) {
    return; // a copy older than what the page shows (a live copy overtaken by a sync)
  }
  if (old.querySelector(".edit-form")) {
    old.pendingUpdate = message; // applied when the writer closes the editor
    return;
  }
  const fresh = render(message);
  fresh.dataset.mine = old.dataset.mine || "";
  fresh.querySelector(".chat-tools")?.remove();
  addTools(fresh);
  const focused = old.contains(document.activeElement) ? document.activeElement : null;
  old.replaceWith(fresh);
  if (focused && focused.dataset.action) {
    // Keep the keyboard where it was: the same button in the new rendering.
    const same = Array.from(fresh.querySelectorAll("button[data-action]")).find(
      (button) => button.dataset.action === focused.dataset.action && button.dataset.emoji === focused.dataset.emoji,
    );
    (same || fresh.querySelector("button") || log).focus();
  }
}
