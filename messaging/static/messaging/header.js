// The unread count in the page header, kept live over the websocket, and the heartbeat
// that keeps this user "online" (or "away" while the tab is hidden). Loaded on every page.
(function () {
  "use strict";

  const script = document.getElementById("messaging-header-script");
  const badge = document.getElementById("unread-badge");
  if (!script || !badge || !("WebSocket" in window)) {
    return;
  }
  const userKey = script.dataset.userKey;
  const BEAT_MS = 20000; // a third of the server's presence lifetime
  const CLOSED_FOR_GOOD = [4401, 4403];
  const hiddenLabel = badge.querySelector(".visually-hidden");
  const unreadWord = hiddenLabel ? hiddenLabel.textContent : (badge.dataset.word || "unread");
  badge.dataset.word = unreadWord;
  let unread = Number(badge.dataset.unread) || 0;
  let socket = null;
  let retryDelay = 1000;

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

  function openConversation() {
    const root = document.querySelector("[data-conversation]");
    return root && !document.hidden ? Number(root.dataset.conversation) : null;
  }

  function beat() {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "heartbeat", state: document.hidden ? "away" : "online" }));
    }
  }

  function handle(frame) {
    if (frame.type === "message.new") {
      const message = frame.message;
      // The open conversation reads its own messages (conversation.js); read.updated corrects us.
      if (message.sender_key !== userKey && message.conversation !== openConversation()) {
        show(unread + 1);
      }
    } else if (frame.type === "read.updated") {
      show(frame.unread_total);
    }
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + script.dataset.socketPath);
    socket.addEventListener("open", () => {
      retryDelay = 1000;
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
      if (!CLOSED_FOR_GOOD.includes(event.code)) {
        window.setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      }
    });
  }

  document.addEventListener("visibilitychange", beat);
  window.setInterval(beat, BEAT_MS);
  connect();
})();
