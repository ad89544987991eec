// The conversation page's elements and texts, read once from its markup (messaging/conversation.html).
export const root = document.querySelector("[data-conversation]");
export const conversationId = root ? Number(root.dataset.conversation) : null;
export const userKey = root ? root.dataset.userKey : "";
export const log = document.getElementById("message-log");
export const form = document.getElementById("message-form");
export const textarea = form ? form.querySelector("textarea") : null;
export const fileInput = form ? form.querySelector('input[type="file"]') : null;

// A translated text of the page (its data-text-* attributes), with %(name)s placeholders filled in.
export function text(name, values = {}) {
  let value = root.dataset["text" + name] || "";
  Object.entries(values).forEach(([key, filling]) => {
    value = value.replace("%(" + key + ")s", String(filling));
  });
  return value;
}

// Whether a frame is about the conversation on this page (the socket carries every conversation's).
export function isHere(frame) {
  return frame.conversation === conversationId;
}
