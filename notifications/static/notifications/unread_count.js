// The unread count of notifications in the page header, kept live over the page's socket: the server
// sends the count when the socket opens and again whenever it changes.
import { subscribe } from "../frontend/live.js";

const badge = document.querySelector(".notifications-link [data-unread-count]");

if (badge) {
  subscribe("notifications.unread", (frame) => {
    if (typeof frame.unread === "number") {
      badge.textContent = String(frame.unread);
      badge.hidden = frame.unread === 0;
    }
  });
}
