// The buttons under each message: reply, reactions and, for one's own, edit and delete. Only with the
// script, as they need the socket; without it the page links to the edit and delete pages instead.
import { root, text, userKey } from "./page.js";

const reactions = (root ? root.dataset.reactions || "" : "").split(" ").filter(Boolean);

export function toolButton(label, action) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.dataset.action = action;
  button.textContent = label;
  return button;
}

// The counts as the server rendered them (no script) or as the last update gave them.
function reactionCounts(item) {
  const counts = {};
  item.querySelectorAll(".chat-reactions .reaction").forEach((one) => {
    const [emoji, count] = one.textContent.trim().split(" ");
    counts[emoji] = Number(count);
  });
  return counts;
}

export function addTools(item) {
  if (item.classList.contains("deleted") || item.querySelector(".chat-tools")) {
    return;
  }
  const seq = item.dataset.seq;
  const tools = document.createElement("div");
  tools.className = "chat-tools";
  const reply = toolButton(text("Reply"), "reply");
  reply.setAttribute("aria-label", text("ReplyLabel", { seq }));
  tools.append(reply);
  const counts = reactionCounts(item);
  const mine = (item.dataset.mine || "").split(" ");
  reactions.forEach((emoji) => {
    const count = counts[emoji] || 0;
    const button = toolButton(count ? emoji + " " + count : emoji, "react");
    button.dataset.emoji = emoji;
    button.setAttribute("aria-pressed", String(mine.includes(emoji)));
    const label = text("ReactLabel", { emoji, seq });
    button.setAttribute("aria-label", count ? label + " (" + count + ")" : label);
    tools.append(button);
  });
  if (item.dataset.sender && item.dataset.sender === userKey) {
    const edit = toolButton(text("Edit"), "edit");
    edit.setAttribute("aria-label", text("EditLabel", { seq }));
    const remove = toolButton(text("Delete"), "delete");
    remove.setAttribute("aria-label", text("DeleteLabel", { seq }));
    tools.append(edit, remove);
  }
  // The buttons show the counts: the plain list is for pages without the script.
  const plain = item.querySelector(".chat-reactions");
  if (plain) {
    plain.hidden = true;
  }
  // Edit and Delete work in place here: the links to their pages are for pages without the script.
  item.querySelector(".chat-links")?.remove();
  item.append(tools);
}

// This user's own reactions to a message, as the server acknowledged them.
export function showMine(item, mine) {
  item.dataset.mine = mine.join(" ");
  item.querySelectorAll('button[data-action="react"]').forEach((button) => {
    button.setAttribute("aria-pressed", String(mine.includes(button.dataset.emoji)));
  });
}
