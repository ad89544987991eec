// The unread count of messages in the page header, kept live over the page's socket.
import { subscribe } from "../frontend/live.js";

const script = document.getElementById("messaging-header-script");
const badge = document.getElementById("unread-badge");
const userKey = script ? script.dataset.userKey : "";
let unread = badge ? Number(badge.dataset.unread) || 0 : 0;

function show(count) {
  unread = Math.max(0, count);
  badge.dataset.unread = String(unread);
  badge.textContent = "";
  badge.classList.toggle("badge", unread > 0);
  if (unread > 0) {
    const number = document.createElement("span");
    number.className = "unread-count";
    number.textContent = String(unread);
    const word = document.createElement("span");
    word.className = "visually-hidden";
    word.textContent = badge.dataset.word;
    badge.append(number, " ", word);
  }
}

// The conversation the user is reading now: its messages are read there, not counted here.
function openConversation() {
  const root = document.querySelector("[data-conversation]");
  return root && !document.hidden ? Number(root.dataset.conversation) : null;
}

if (badge) {
  subscribe("message.new", (frame) => {
    const message = frame.message;
    // The open conversation page marks its messages read; read.updated then corrects the count.
    if (message.sender_key !== userKey && message.conversation !== openConversation()) {
      show(unread + 1);
    }
  });
  subscribe("read.updated", (frame) => show(frame.unread_total));
}
