// "… is writing": the notices of others, which expire by themselves (no "stopped typing" frame is
// needed or trusted), and this page's own notice, at most one every few seconds while the user types.
import { send } from "../../frontend/live.js";
import { conversationId, text } from "./page.js";

const TYPING_EVERY_MS = 3000;
const typingStatus = document.getElementById("typing-status");
const typists = new Map(); // name -> the timer that removes it
let typingSentAt = 0;

function showTypists() {
  const names = Array.from(typists.keys());
  typingStatus.textContent = names.length ? text("Typing", { name: names.join(", ") }) : "";
}

export function someoneTypes(frame) {
  window.clearTimeout(typists.get(frame.name));
  typists.set(
    frame.name,
    window.setTimeout(() => {
      typists.delete(frame.name);
      showTypists();
    }, frame.expires_in * 1000),
  );
  showTypists();
}

// Their message arrived: they are done writing it.
export function stoppedTyping(name) {
  window.clearTimeout(typists.get(name));
  typists.delete(name);
  showTypists();
}

export function announceTyping(textarea) {
  textarea.addEventListener("input", () => {
    const now = Date.now();
    if (textarea.value.trim() && now - typingSentAt > TYPING_EVERY_MS) {
      typingSentAt = now;
      send({ type: "typing", conversation: conversationId });
    }
  });
}
