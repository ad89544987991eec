// Messages sent but not yet acknowledged: resent with the same client_id after a reconnect, so the
// server stores each once (docs/messaging.md, "Idempotency"). Kept in memory: a reload loses them.
import { send } from "../../frontend/live.js";

const pending = new Map(); // client_id -> frame

function newClientId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  // randomUUID exists only in secure contexts; plain-http intranets still have getRandomValues.
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// A message.send frame with a fresh client_id, sent now if the socket is open and kept until acknowledged.
export function sendMessage(fields) {
  const frame = { type: "message.send", client_id: newClientId(), ...fields };
  pending.set(frame.client_id, frame);
  send(frame);
}

export function acknowledged(clientId) {
  pending.delete(clientId);
}

// The server refused the send with this ref: forget it and hand it back (null if it was not ours).
export function refused(ref) {
  const frame = ref ? pending.get(ref) : null;
  if (frame) {
    pending.delete(ref);
  }
  return frame || null;
}

export function resendAll() {
  pending.forEach((frame) => send(frame));
}
