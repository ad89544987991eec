// One message as a list item of the log, from the server's MESSAGE object (docs/messaging.md).
import { root, text, userKey } from "./page.js";
import { addTools } from "./tools.js";

function fileSize(bytes) {
  const lang = document.documentElement.lang || undefined;
  const [value, unit] = bytes >= 1048576 ? [bytes / 1048576, "megabyte"] : [Math.max(bytes / 1024, 0.1), "kilobyte"];
  return new Intl.NumberFormat(lang, { style: "unit", unit: unit, maximumFractionDigits: 1 }).format(value);
}

function renderFiles(files) {
  const list = document.createElement("ul");
  list.className = "chat-files";
  list.setAttribute("aria-label", text("Files"));
  files.forEach((file) => {
    const entry = document.createElement("li");
    const link = document.createElement("a");
    link.href = file.url;
    link.download = "";
    if (file.preview_url) {
      // An image: its thumbnail (made on the server from the file) above the name.
      const thumb = document.createElement("img");
      thumb.className = "chat-thumb";
      thumb.src = file.preview_url;
      // Decorative: the link already names the file, so the image must not repeat it.
      thumb.alt = "";
      thumb.loading = "lazy";
      link.append(thumb);
    }
    link.append(file.name);
    const size = document.createElement("span");
    size.className = "muted";
    size.textContent = "(" + fileSize(file.size) + ")";
    entry.append(link, " ", size);
    list.append(entry);
  });
  return list;
}

function renderMeta(message) {
  const meta = document.createElement("p");
  meta.className = "chat-meta";
  const name = document.createElement("strong");
  name.textContent = message.sender_name;
  const time = document.createElement("time");
  time.dateTime = message.created_at;
  time.textContent = new Date(message.created_at).toLocaleString(document.documentElement.lang || undefined, {
    dateStyle: "short",
    timeStyle: "short",
  });
  meta.append(name, " ", time);
  if (message.edited_at && !message.deleted) {
    // The marker opens the message's earlier versions (a page, so it works for every member).
    const edited = document.createElement("a");
    edited.className = "edited";
    edited.href = root.dataset.historyUrl.replace("/0/history/", "/" + message.id + "/history/");
    edited.textContent = text("Edited");
    const hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = " " + text("History", { seq: message.seq });
    edited.append(hint);
    meta.append(" ", edited);
  }
  return meta;
}

function renderReactions(message) {
  const counts = Object.entries(message.reactions || {});
  if (!counts.length) {
    return null;
  }
  const reactions = document.createElement("p");
  reactions.className = "chat-reactions";
  counts.forEach(([emoji, count]) => {
    const one = document.createElement("span");
    one.className = "reaction";
    one.textContent = emoji + " " + count;
    reactions.append(one, " ");
  });
  return reactions;
}

export function render(message) {
  const item = document.createElement("li");
  item.id = "message-" + message.seq;
  item.dataset.seq = String(message.seq);
  if (message.sender_key && message.sender_key === userKey) {
    item.classList.add("own");
  }
  item.append(renderMeta(message));
  if (message.reply_to) {
    const reply = document.createElement("p");
    reply.className = "chat-reply";
    const link = document.createElement("a");
    link.href = "#message-" + message.reply_to;
    link.textContent = text("ReplyTo", { seq: message.reply_to });
    reply.append(link);
    item.append(reply);
  }
  const body = document.createElement(message.deleted ? "p" : "div");
  body.className = message.deleted ? "chat-body muted" : "chat-body";
  if (message.deleted) {
    body.textContent = text("Deleted");
    item.classList.add("deleted");
  } else {
    // Rendered from Markdown and cleaned with an allowlist on the server (frontend/markdown.py).
    body.innerHTML = message.html;
  }
  item.append(body);
  if (!message.deleted && message.attachments && message.attachments.length) {
    item.append(renderFiles(message.attachments));
  }
  const reactions = renderReactions(message);
  if (reactions) {
    item.append(reactions);
  }
  item.dataset.id = String(message.id);
  item.dataset.change = String(message.change || 0);
  item.dataset.sender = message.sender_key || "";
  item.dataset.mine = "";
  if (item.classList.contains("own") && !message.deleted) {
    item.dataset.body = message.body;
  }
  addTools(item);
  return item;
}
