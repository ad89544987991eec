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
    if (message.edited_at) {
      const edited = document.createElement("span");
      edited.className = "edited";
      edited.textContent = root.dataset.textEdited;
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
    item.dataset.sender = message.sender_key || "";
    addTools(item);
    return item;
  }

  function toolButton(text, action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.dataset.action = action;
    button.textContent = text;
    return button;
  }

  // Reply, react and (for one's own) delete: only with the script, as they need the socket.
  function addTools(item) {
    if (item.classList.contains("deleted") || item.querySelector(".chat-tools")) {
      return;
    }
    const seq = item.dataset.seq;
    const tools = document.createElement("div");
    tools.className = "chat-tools";
    const reply = toolButton(root.dataset.textReply, "reply");
    reply.setAttribute("aria-label", root.dataset.textReplyLabel.replace("%(seq)s", seq));
    const like = toolButton("👍", "react");
    like.setAttribute("aria-label", root.dataset.textReactLabel.replace("%(seq)s", seq));
    tools.append(reply, like);
    if (item.dataset.sender && item.dataset.sender === root.dataset.userKey) {
      const remove = toolButton(root.dataset.textDelete, "delete");
      remove.setAttribute("aria-label", root.dataset.textDeleteLabel.replace("%(seq)s", seq));
      tools.append(remove);
    }
    item.append(tools);
  }

  function replace(message) {
    const old = document.getElementById("message-" + message.seq);
    if (message.conversation === conversationId && old) {
      old.replaceWith(render(message));
    }
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
    if (!syncing && sendFrame({ type: "sync", conversation: conversationId, after: lastSeq })) {
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
      replace(frame.message);
    } else if (frame.type === "message.new") {
      if (frame.message.conversation === conversationId) {
        typists.delete(frame.message.sender_name);
        showTypists();
      }
      append(frame.message);
    } else if (frame.type === "message.ack") {
      pending.delete(frame.client_id);
      append(frame.message);
    } else if (frame.type === "sync.result" && frame.conversation === conversationId) {
      syncing = false;
      frame.messages.forEach(append);
      if (frame.more) {
        requestSync();
      }
    } else if (frame.type === "message.delete.ack" || frame.type === "reaction.ack") {
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
    socket.addEventListener("message", (event) => handle(JSON.parse(event.data)));
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

  form.addEventListener("submit", (event) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return; // offline: the ordinary form post still delivers the message
    }
    event.preventDefault();
    const frame = {
      type: "message.send", conversation: conversationId, client_id: newClientId(), body: textarea.value,
    };
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
      sendFrame({ type: "reaction", message: id, emoji: "👍", on: true });
    } else if (button.dataset.action === "delete") {
      sendFrame({ type: "message.delete", message: id });
    }
  });
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
