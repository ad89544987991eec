// The heartbeat that keeps this user "online" (or "away" while the tab is hidden), on every page.
// On a conversation page it names the conversation, and the server answers with its members' presence.
import { onState, send } from "../frontend/live.js";

const BEAT_MS = 20000; // a third of the server's presence lifetime
let conversation = null;

function beat() {
  const frame = { type: "heartbeat", state: document.hidden ? "away" : "online" };
  if (conversation !== null) {
    frame.conversation = conversation;
  }
  send(frame);
}

// The conversation whose presence the page shows (null: none, e.g. after the user was removed from it).
export function beatFor(conversationId) {
  conversation = conversationId;
  beat();
}

onState((state) => {
  if (state === "open") {
    beat();
  }
});
document.addEventListener("visibilitychange", beat);
window.setInterval(beat, BEAT_MS);
