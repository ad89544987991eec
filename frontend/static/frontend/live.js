// The page's one websocket, shared by every part of the page that shows something live.
//
// Parts subscribe to frame types and send frames; this module alone opens the socket, unpacks batches
// and reconnects. The socket's address is declared by the app that serves it, on any element of the
// page: data-live-socket="/path/". Without one, nothing connects and sends are refused.
//
// Close codes: 4401 (the session ended) and 4403 (the account was disabled) are final, reconnecting
// cannot help; 4409 (the session continues under a new key) reconnects at once with the new cookie;
// any other close backs off, 1 s doubling up to 30 s.

const FINAL_CODES = [4401, 4403];
const SESSION_RENEWED = 4409;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

const handlers = new Map(); // frame type -> Set of functions
const stateListeners = new Set();
let socket = null;
let state = "idle"; // "connecting", "open", "closed" (a retry is scheduled) or "ended" (final)
let retryDelay = FIRST_DELAY_MS;
let started = false;

// Calls handler(frame) for every frame of this type; returns a function that unsubscribes.
export function subscribe(type, handler) {
  if (!handlers.has(type)) {
    handlers.set(type, new Set());
  }
  handlers.get(type).add(handler);
  return () => handlers.get(type).delete(handler);
}

// Calls listener(state, closeCode) on every change of the connection's state, and once at once with
// the current one, so a part that starts late still learns that the socket is open.
export function onState(listener) {
  stateListeners.add(listener);
  listener(state, null);
  return () => stateListeners.delete(listener);
}

// Sends a frame (an object, serialised here) when the socket is open; false when it is not.
export function send(frame) {
  if (socket === null || socket.readyState !== WebSocket.OPEN) {
    return false;
  }
  socket.send(JSON.stringify(frame));
  return true;
}

export function isOpen() {
  return state === "open";
}

function setState(next, code) {
  state = next;
  stateListeners.forEach((listener) => {
    try {
      listener(next, code);
    } catch (error) {
      console.error(error); // one part's failure must not keep the others from hearing it
    }
  });
}

function deliver(frame) {
  const subscribed = frame && handlers.get(frame.type);
  if (!subscribed) {
    return;
  }
  subscribed.forEach((handler) => {
    try {
      handler(frame);
    } catch (error) {
      console.error(error); // one bad frame or handler must not cost the others theirs
    }
  });
}

function socketUrl() {
  const declared = document.querySelector("[data-live-socket]");
  if (!declared) {
    return null;
  }
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  return scheme + window.location.host + declared.dataset.liveSocket;
}

function connect() {
  const url = socketUrl();
  if (url === null) {
    return;
  }
  socket = new WebSocket(url);
  setState("connecting", null);
  socket.addEventListener("open", () => {
    retryDelay = FIRST_DELAY_MS;
    setState("open", null);
  });
  socket.addEventListener("message", (event) => {
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch (error) {
      console.error(error);
      return;
    }
    // Live copies that queued up on the server may come together: {"type": "batch", "frames": [...]}.
    (frame.type === "batch" && Array.isArray(frame.frames) ? frame.frames : [frame]).forEach(deliver);
  });
  socket.addEventListener("close", (event) => {
    socket = null;
    if (FINAL_CODES.includes(event.code)) {
      setState("ended", event.code);
      return;
    }
    let delay = 0;
    if (event.code !== SESSION_RENEWED) {
      delay = retryDelay;
      retryDelay = Math.min(retryDelay * 2, MAX_DELAY_MS);
    }
    setState("closed", event.code);
    window.setTimeout(connect, delay);
  });
}

function start() {
  if (started || !("WebSocket" in window)) {
    return;
  }
  started = true;
  connect();
}

// Open once every module of the page has run and subscribed (module scripts run before
// DOMContentLoaded), so none misses the frames the server sends on connect.
if (document.readyState === "complete") {
  start();
} else {
  document.addEventListener("DOMContentLoaded", start, { once: true });
  window.addEventListener("load", start, { once: true }); // for a module imported after DOMContentLoaded
}
