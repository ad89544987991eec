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
    const body = document.createElement("p");
    body.className = "chat-body";
    body.textContent = message.body;
    item.append(meta, body);
    return item;
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

  function handle(frame) {
    if (frame.type === "message.new") {
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
    });
    socket.addEventListener("message", (event) => handle(JSON.parse(event.data)));
    socket.addEventListener("close", (event) => {
      socket = null;
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

  document.addEventListener("visibilitychange", markRead);
  log.scrollTop = log.scrollHeight;
  connect();
})();
