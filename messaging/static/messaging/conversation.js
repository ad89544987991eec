// The live conversation page: progressive enhancement of its plain form. Without these modules the page
// still works (POST and reload). With them, messages go over the page's one socket (frontend/live.js),
// new ones appear without a reload, and after a reconnect the page asks for everything it missed.
// This module only wires the frames and the connection's state to the parts in ./conversation/.
import { onState, subscribe } from "../frontend/live.js";
import { beatFor } from "./heartbeat.js";
import { closeEditor, enableActions, itemOf } from "./conversation/actions.js";
import { enableComposer, giveBack } from "./conversation/composer.js";
import { acknowledged, refused, resendAll } from "./conversation/outbox.js";
import { conversationId, form, isHere, log, root, text, textarea } from "./conversation/page.js";
import { showPresence } from "./conversation/presence.js";
import { markRead, watchVisibility } from "./conversation/read_receipts.js";
import { showError, showStatus } from "./conversation/status.js";
import { apply, noteLatest, requestSync, syncResult, syncStopped } from "./conversation/timeline.js";
import { addTools, showMine } from "./conversation/tools.js";
import { announceTyping, someoneTypes, stoppedTyping } from "./conversation/typing.js";

let removed = false; // the user is no longer a member: this page stops, the socket goes on for the rest

function whenHere(handler) {
  return (frame) => {
    if (!removed && isHere(frame)) {
      handler(frame);
    }
  };
}

function listen() {
  subscribe("message.new", (frame) => {
    if (isHere(frame.message)) {
      stoppedTyping(frame.message.sender_name);
    }
    apply(frame.message);
    markRead();
  });
  subscribe("message.updated", (frame) => apply(frame.message));
  subscribe("message.ack", (frame) => {
    acknowledged(frame.client_id);
    apply(frame.message);
    markRead();
  });
  subscribe(
    "sync.result",
    whenHere((frame) => {
      syncResult(frame);
      markRead();
    }),
  );
  subscribe(
    "reload",
    whenHere(() => {
      syncStopped();
      showStatus(text("Reload"));
    }),
  );
  subscribe("typing", whenHere(someoneTypes));
  subscribe(
    "presence",
    whenHere((frame) => {
      showPresence(frame.people);
      noteLatest(frame.last_change);
    }),
  );
  subscribe(
    "conversation.removed",
    whenHere(() => {
      removed = true;
      beatFor(null);
      showStatus(text("Removed"));
      form.hidden = true;
    }),
  );
  subscribe("reaction.ack", (frame) => {
    showError("");
    const item = itemOf(frame.message);
    if (item) {
      showMine(item, frame.mine || []);
    }
  });
  subscribe("message.edit.ack", (frame) => {
    showError("");
    const item = itemOf(frame.message);
    if (item) {
      closeEditor(item, true);
    }
  });
  subscribe("message.delete.ack", () => showError(""));
  subscribe("error", (frame) => {
    syncStopped();
    const failed = refused(frame.ref);
    if (failed) {
      giveBack(failed);
    }
    showError(frame.reason);
  });
}

function followConnection(state) {
  if (removed) {
    return;
  }
  if (state === "open") {
    syncStopped();
    showStatus(text("Live"));
    requestSync();
    resendAll();
  } else if (state === "closed") {
    showStatus(text("Reconnecting"));
  } else if (state === "ended") {
    showStatus(text("Ended"));
  }
}

if (root && log && textarea && "WebSocket" in window) {
  Array.from(log.children).forEach(addTools);
  listen();
  enableComposer();
  enableActions();
  announceTyping(textarea);
  watchVisibility();
  beatFor(conversationId);
  onState(followConnection);
  log.scrollTop = log.scrollHeight;
}
