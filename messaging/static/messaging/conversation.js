// Live conversation: progressive enhancement of the plain form on the conversation page.
// Without this script the page still works (POST and reload). With it, messages are sent
// over the websocket at /ws/, new ones appear without reload, and after a reconnect the
// page asks the server for everything after the last sequence number it holds.
(function () {
  "use strict";

  const root = document.querySelector("[data-conversation]");
  if (!root || !("WebSocket" in window)) {
    return;
  }
  const conversationId = Number(root.dataset.conversation);
  const log = document.getElementById("message-log");
  const form = document.getElementById("message-form");
  const textarea = form.querySelector("textarea");
  const status = document.getElementById("live-status");
  const sendError = document.getElementById("send-error");
  const CLOSED_FOR_GOOD = [4401, 4403]; // session ended, account disabled: reconnecting cannot help
  const typingStatus = document.getElementById("typing-status");
  const TYPING_EVERY_MS = 3000; // at most one typing notice per this interval
  const BEAT_MS = 20000;
  const typists = new Map(); // name -> timer that removes it by itself
  let typingSentAt = 0;
  let removed = false;

  // Sequence numbers on the page, and the highest one up to which nothing is missing.
  const have = new Set(Array.from(log.children, (item) => Number(item.dataset.seq)));
  let lastSeq = Number(root.dataset.lastSeq) || 0;
  // Every new message, edit, deletion and reaction takes the conversation's next change number;
  // lastChange is the highest one up to which the page holds every change, maxSeen the highest seen.
  let lastChange = Number(root.dataset.lastChange) || 0;
  let maxSeen = lastChange;
  const reactions = (root.dataset.reactions || "").split(" ").filter(Boolean);
  const fileInput = form.querySelector('input[type="file"]');
  // Frames sent but not yet acknowledged, resent with the same client_id after a reconnect.
  const pending = new Map();
  let socket = null;
  let retryDelay = 1000;
  let syncing = false;
  let readSent = 0;

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID exists only in secure contexts; plain-http intranets still have getRandomValues.
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  function showStatus(text) {
    status.textContent = text;
    status.hidden = false;
  }

  function showError(text) {
    sendError.textContent = text;
    sendError.hidden = !text;
  }

  function render(message) {
    const item = document.createElement("li");
    item.id = "message-" + message.seq;
    item.dataset.seq = String(message.seq);
    if (message.sender_key && message.sender_key === root.dataset.userKey) {
      item.classList.add("own");
    }
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
      edited.textContent = root.dataset.textEdited;
      const hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = " " + root.dataset.textHistory.replace("%(seq)s", String(message.seq));
      edited.append(hint);
      meta.append(" ", edited);
    }
    item.append(meta);
    if (message.reply_to) {
      const reply = document.createElement("p");
      reply.className = "chat-reply";
      const link = document.createElement("a");
      link.href = "#message-" + message.reply_to;
      link.textContent = root.dataset.textReplyTo.replace("%(seq)s", String(message.reply_to));
      reply.append(link);
      item.append(reply);
    }
    const body = document.createElement(message.deleted ? "p" : "div");
    body.className = message.deleted ? "chat-body muted" : "chat-body";
    if (message.deleted) {
      body.textContent = root.dataset.textDeleted;
      item.classList.add("deleted");
    } else {
      // Rendered from Markdown and cleaned with an allowlist on the server (frontend/markdown.py).
      body.innerHTML = message.html;
    }
    item.append(body);
    if (!message.deleted && message.attachments && message.attachments.length) {
      item.append(renderFiles(message.attachments));
    }
    const counts = Object.entries(message.reactions || {});
    if (counts.length) {
      const reactions = document.createElement("p");
      reactions.className = "chat-reactions";
      counts.forEach(([emoji, count]) => {
        const one = document.createElement("span");
        one.className = "reaction";
        one.textContent = emoji + " " + count;
        reactions.append(one, " ");
      });
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

  function fileSize(bytes) {
    const lang = document.documentElement.lang || undefined;
    const [value, unit] = bytes >= 1048576 ? [bytes / 1048576, "megabyte"] : [Math.max(bytes / 1024, 0.1), "kilobyte"];
    return new Intl.NumberFormat(lang, { style: "unit", unit: unit, maximumFractionDigits: 1 }).format(value);
  }

  function renderFiles(files) {
    const list = document.createElement("ul");
    list.className = "chat-files";
    list.setAttribute("aria-label", root.dataset.textFiles);
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

  function toolButton(text, action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.dataset.action = action;
    button.textContent = text;
    return button;
  }

  function reactionCounts(item) {
    // The counts as the server rendered them (no script) or as the last update gave them.
    const counts = {};
    item.querySelectorAll(".chat-reactions .reaction").forEach((one) => {
      const [emoji, count] = one.textContent.trim().split(" ");
      counts[emoji] = Number(count);
    });
    return counts;
  }

  // Reply, reactions and (for one's own) edit and delete: only with the script, as they need the socket.
  function addTools(item) {
    if (item.classList.contains("deleted") || item.querySelector(".chat-tools")) {
      return;
    }
    const seq = item.dataset.seq;
    const tools = document.createElement("div");
    tools.className = "chat-tools";
    const reply = toolButton(root.dataset.textReply, "reply");
    reply.setAttribute("aria-label", root.dataset.textReplyLabel.replace("%(seq)s", seq));
    tools.append(reply);
    const counts = reactionCounts(item);
    const mine = (item.dataset.mine || "").split(" ");
    reactions.forEach((emoji) => {
      const count = counts[emoji] || 0;
      const button = toolButton(count ? emoji + " " + count : emoji, "react");
      button.dataset.emoji = emoji;
      button.setAttribute("aria-pressed", String(mine.includes(emoji)));
      const label = root.dataset.textReactLabel.replace("%(emoji)s", emoji).replace("%(seq)s", seq);
      button.setAttribute("aria-label", count ? label + " (" + count + ")" : label);
      tools.append(button);
    });
    if (item.dataset.sender && item.dataset.sender === root.dataset.userKey) {
      const edit = toolButton(root.dataset.textEdit, "edit");
      edit.setAttribute("aria-label", root.dataset.textEditLabel.replace("%(seq)s", seq));
      const remove = toolButton(root.dataset.textDelete, "delete");
      remove.setAttribute("aria-label", root.dataset.textDeleteLabel.replace("%(seq)s", seq));
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

  function replace(message) {
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
      const same = Array.from(fresh.querySelectorAll("button[data-action]")).find((button) =>
        button.dataset.action === focused.dataset.action && button.dataset.emoji === focused.dataset.emoji);
      (same || fresh.querySelector("button") || log).focus();
    }
  }

  // One change number arrived: advance when it is the next one, fetch the gap when one was skipped.
  function noteChange(change) {
    if (!change) {
      return;
    }
    maxSeen = Math.max(maxSeen, change);
    if (change === lastChange + 1) {
      lastChange = change;
    } else if (change > lastChange + 1) {
      requestSync();
    }
  }

  function apply(message) {
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
    if (message.conversation !== conversationId || have.has(message.seq)) {
      return; // another conversation, or a copy we already show
    }
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const later = Array.from(log.children).find((item) => Number(item.dataset.seq) > message.seq);
    log.insertBefore(render(message), later || null);
    have.add(message.seq);
    const empty = document.getElementById("no-messages");
    if (empty) {
      empty.remove();
    }
    if (atBottom) {
      log.scrollTop = log.scrollHeight;
    }
    while (have.has(lastSeq + 1)) {
      lastSeq += 1;
    }
    if (message.seq > lastSeq) {
      requestSync(); // a copy was lost on the way: fetch the gap from the database
    }
  }

  function sendFrame(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function requestSync() {
    const frame = { type: "sync", conversation: conversationId, after: lastSeq, changes_after: lastChange };
    if (!syncing && sendFrame(frame)) {
      syncing = true;
    }
  }

  function markRead() {
    if (document.hidden || lastSeq <= readSent) {
      return;
    }
    if (sendFrame({ type: "read", conversation: conversationId, seq: lastSeq })) {
      readSent = lastSeq;
    }
  }

  function showTypists() {
    const names = Array.from(typists.keys());
    typingStatus.textContent = names.length
      ? root.dataset.textTyping.replace("%(name)s", names.join(", "))
      : "";
  }

  function someoneTypes(frame) {
    window.clearTimeout(typists.get(frame.name));
    // The notice expires by itself: no "stopped typing" frame is needed or trusted.
    typists.set(frame.name, window.setTimeout(() => {
      typists.delete(frame.name);
      showTypists();
    }, frame.expires_in * 1000));
    showTypists();
  }

  function showPresence(people) {
    Object.entries(people).forEach(([key, state]) => {
      const item = document.querySelector('#presence-list [data-person="' + CSS.escape(key) + '"] .presence');
      if (item) {
        item.dataset.state = state;
        item.className = "presence presence-" + state;
        item.textContent = root.dataset["text" + state.charAt(0).toUpperCase() + state.slice(1)] || state;
      }
    });
  }

  function beat() {
    sendFrame({ type: "heartbeat", state: document.hidden ? "away" : "online", conversation: conversationId });
  }

  function handle(frame) {
    if (frame.type === "typing" && frame.conversation === conversationId) {
      someoneTypes(frame);
    } else if (frame.type === "presence" && frame.conversation === conversationId) {
      showPresence(frame.people);
    } else if (frame.type === "conversation.removed" && frame.conversation === conversationId) {
      removed = true;
      showStatus(root.dataset.textRemoved);
      form.hidden = true;
    } else if (frame.type === "reload" && frame.conversation === conversationId) {
      syncing = false;
      showStatus(root.dataset.textReload);
    } else if (frame.type === "message.updated") {
      apply(frame.message);
    } else if (frame.type === "message.new") {
      if (frame.message.conversation === conversationId) {
        typists.delete(frame.message.sender_name);
        showTypists();
      }
      apply(frame.message);
    } else if (frame.type === "message.ack") {
      pending.delete(frame.client_id);
      apply(frame.message);
    } else if (frame.type === "sync.result" && frame.conversation === conversationId) {
      syncing = false;
      frame.messages.forEach(apply);
      lastChange = Math.max(lastChange, frame.last_change || 0);
      if (frame.more || maxSeen > lastChange) {
        requestSync(); // more to fetch, or a live change arrived past a gap meanwhile
      }
    } else if (frame.type === "reaction.ack") {
      showError("");
      const item = log.querySelector('li[data-id="' + frame.message + '"]');
      if (item) {
        item.dataset.mine = (frame.mine || []).join(" ");
        item.querySelectorAll('button[data-action="react"]').forEach((button) => {
          button.setAttribute("aria-pressed", String((frame.mine || []).includes(button.dataset.emoji)));
        });
      }
    } else if (frame.type === "message.edit.ack") {
      showError("");
      const item = log.querySelector('li[data-id="' + frame.message + '"]');
      if (item) {
        closeEditor(item, true);
      }
    } else if (frame.type === "message.delete.ack") {
      showError("");
    } else if (frame.type === "error") {
      syncing = false;
      const failed = frame.ref && pending.get(frame.ref);
      if (failed) {
        pending.delete(frame.ref);
        // Give the text back so nothing typed is lost.
        textarea.value = textarea.value ? failed.body + "\n" + textarea.value : failed.body;
      }
      showError(frame.reason);
    }
    markRead();
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.dataset.socketPath);
    socket.addEventListener("open", () => {
      retryDelay = 1000;
      syncing = false;
      showStatus(root.dataset.textLive);
      requestSync();
      pending.forEach((frame) => sendFrame(frame));
      beat();
    });
    socket.addEventListener("message", (event) => {
      // The socket path asks for batches (?batch=1): live copies that queued up come in one frame.
      const frame = JSON.parse(event.data);
      (frame.type === "batch" ? frame.frames : [frame]).forEach((one) => {
        try {
          handle(one);
        } catch (error) {
          console.error(error); // one bad frame must not cost the others in its batch
        }
      });
    });
    socket.addEventListener("close", (event) => {
      socket = null;
      if (removed) {
        return;
      }
      if (CLOSED_FOR_GOOD.includes(event.code)) {
        showStatus(root.dataset.textEnded);
        return;
      }
      showStatus(root.dataset.textReconnecting);
      window.setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  // Files go over HTTP first (the socket carries no files); the send names their ids.
  async function uploadFiles() {
    const ids = [];
    const token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
    for (const file of Array.from(fileInput.files)) {
      const body = new FormData();
      body.append("file", file);
      const response = await fetch(root.dataset.uploadUrl, {
        method: "POST", body: body, headers: { "X-CSRFToken": token }, credentials: "same-origin",
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        throw new Error(answer.error || response.statusText);
      }
      ids.push(answer.id);
    }
    return ids;
  }

  form.addEventListener("submit", async (event) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return; // offline: the ordinary form post still delivers the message (and its files)
    }
    event.preventDefault();
    const frame = {
      type: "message.send", conversation: conversationId, client_id: newClientId(), body: textarea.value,
    };
    if (fileInput && fileInput.files.length) {
      showStatus(root.dataset.textUploading);
      try {
        frame.attachments = await uploadFiles();
      } catch (error) {
        showStatus(root.dataset.textLive);
        showError(error.message);
        return; // the text and the chosen files stay for another try
      }
      showStatus(root.dataset.textLive);
      fileInput.value = "";
    }
    if (replyTo) {
      frame.reply_to = replyTo;
      replyTo = null;
      showReply();
    }
    pending.set(frame.client_id, frame);
    sendFrame(frame);
    textarea.value = "";
    showError("");
    textarea.focus();
  });

  textarea.addEventListener("keydown", (event) => {
    // Enter writes a new line; Ctrl+Enter (Cmd+Enter) sends.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  const replyStatus = document.getElementById("reply-status");
  let replyTo = null;

  function showReply() {
    replyStatus.textContent = replyTo ? root.dataset.textReplyingTo.replace("%(seq)s", String(replyTo)) : "";
  }

  log.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) {
      return;
    }
    const item = button.closest("li");
    const id = Number(item.dataset.id);
    if (button.dataset.action === "reply") {
      replyTo = Number(item.dataset.seq);
      showReply();
      textarea.focus();
    } else if (button.dataset.action === "react") {
      const on = button.getAttribute("aria-pressed") !== "true";
      sendFrame({ type: "reaction", message: id, emoji: button.dataset.emoji, on: on });
    } else if (button.dataset.action === "edit") {
      openEditor(item);
    } else if (button.dataset.action === "delete") {
      confirmDelete(item);
    } else if (button.dataset.action === "confirm-delete") {
      sendFrame({ type: "message.delete", message: id });
    } else if (button.dataset.action === "cancel-delete") {
      closeConfirm(item, true);
    } else if (button.dataset.action === "cancel-edit") {
      closeEditor(item, true);
    }
  });

  // Deleting asks first, in place: the question and both answers are ordinary buttons.
  function confirmDelete(item) {
    const tools = item.querySelector(".chat-tools");
    tools.hidden = true;
    const question = document.createElement("div");
    question.className = "delete-confirm";
    question.setAttribute("role", "group");
    const text = document.createElement("p");
    text.id = "delete-question-" + item.dataset.seq;
    text.textContent = root.dataset.textConfirmDelete;
    question.setAttribute("aria-labelledby", text.id);
    const yes = toolButton(root.dataset.textConfirmDeleteButton, "confirm-delete");
    const no = toolButton(root.dataset.textCancel, "cancel-delete");
    question.append(text, yes, no);
    item.append(question);
    no.focus();
  }

  function closeConfirm(item, refocus) {
    item.querySelector(".delete-confirm")?.remove();
    const tools = item.querySelector(".chat-tools");
    if (tools) {
      tools.hidden = false;
      if (refocus) {
        tools.querySelector('[data-action="delete"]').focus();
      }
    }
  }

  // Editing one's own message in place; Escape or Cancel gives the old text back untouched.
  function openEditor(item) {
    if (item.querySelector(".edit-form")) {
      return;
    }
    const seq = item.dataset.seq;
    const editor = document.createElement("form");
    editor.className = "edit-form";
    const label = document.createElement("label");
    label.htmlFor = "edit-" + seq;
    label.textContent = root.dataset.textEditField.replace("%(seq)s", seq);
    const field = document.createElement("textarea");
    field.id = "edit-" + seq;
    field.rows = 3;
    field.value = item.dataset.body || "";
    field.maxLength = textarea.maxLength;
    const hint = document.createElement("p");
    hint.className = "muted";
    hint.id = "edit-hint-" + seq;
    hint.textContent = root.dataset.textEditHint;
    field.setAttribute("aria-describedby", hint.id);
    const actions = document.createElement("div");
    actions.className = "actions";
    const save = document.createElement("button");
    save.type = "submit";
    save.textContent = root.dataset.textSave;
    actions.append(save, toolButton(root.dataset.textCancel, "cancel-edit"));
    editor.append(label, field, hint, actions);
    editor.addEventListener("submit", (event) => {
      event.preventDefault();
      sendFrame({ type: "message.edit", message: Number(item.dataset.id), body: field.value });
    });
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        closeEditor(item, true);
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        editor.requestSubmit();
      }
    });
    item.querySelector(".chat-body").hidden = true;
    item.querySelector(".chat-tools").hidden = true;
    item.append(editor);
    field.focus();
  }

  function closeEditor(item, refocus) {
    const editor = item.querySelector(".edit-form");
    if (!editor) {
      return;
    }
    editor.remove();
    item.querySelector(".chat-body").hidden = false;
    item.querySelector(".chat-tools").hidden = false;
    const update = item.pendingUpdate;
    item.pendingUpdate = null;
    if (update) {
      replace(update);
    }
    if (refocus || update) {
      const current = document.getElementById("message-" + item.dataset.seq);
      current?.querySelector('[data-action="edit"]')?.focus();
    }
  }
  Array.from(log.children).forEach(addTools);

  textarea.addEventListener("input", () => {
    const now = Date.now();
    if (textarea.value.trim() && now - typingSentAt > TYPING_EVERY_MS) {
      typingSentAt = now;
      sendFrame({ type: "typing", conversation: conversationId });
    }
  });

  document.addEventListener("visibilitychange", markRead);
  document.addEventListener("visibilitychange", beat);
  window.setInterval(beat, BEAT_MS);
  log.scrollTop = log.scrollHeight;
  connect();
})();
