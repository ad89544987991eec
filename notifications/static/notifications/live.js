// Keeps the unread count in the header current: the server pushes the count over a websocket.
(function () {
  "use strict";
  var link = document.querySelector("[data-notifications-socket]");
  if (!link || !window.WebSocket) { return; }
  var badge = link.querySelector("[data-unread-count]");
  var retry = 1000;

  function show(count) {
    badge.textContent = String(count);
    badge.hidden = count === 0;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + link.dataset.notificationsSocket);
    socket.addEventListener("open", function () { retry = 1000; });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      if (frame.type === "unread" && typeof frame.unread === "number") { show(frame.unread); }
    });
    socket.addEventListener("close", function (event) {
      // A refused handshake, a session ended (4401) or an account disabled (4403) is final;
      // otherwise reconnect with backoff.
      // 4409: the password changed in this session, which has a new key: reconnect with it.
      if (event.code === 1006 || event.code === 1011 || event.code === 1001 || event.code === 4409) {
        window.setTimeout(connect, retry);
        retry = Math.min(retry * 2, 30000);
      }
    });
  }
  connect();
}());
