// What messaging adds to every page's header: the unread count of messages and the heartbeat.
import "./unread_badge.js";
import "./heartbeat.js";
