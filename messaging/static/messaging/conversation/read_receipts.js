// Tells the server how far the reader has read: the highest contiguous seq on the page, while the tab
// is visible (the server answers read.ack, and read.updated with the new unread total to the header).
import { send } from "../../frontend/live.js";
import { conversationId } from "./page.js";
import { highestSeq } from "./timeline.js";

let readSent = 0;

export function markRead() {
  const seq = highestSeq();
  if (document.hidden || seq <= readSent) {
    return;
  }
  if (send({ type: "read", conversation: conversationId, seq: seq })) {
    readSent = seq;
  }
}

export function watchVisibility() {
  document.addEventListener("visibilitychange", markRead);
}
