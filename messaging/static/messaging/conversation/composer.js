// The form at the bottom: sends over the socket when it is open (else the ordinary form post delivers
// the message and its files), replies, Ctrl+Enter, and the text given back when a send is refused.
import { isOpen } from "../../frontend/live.js";
import { conversationId, fileInput, form, text, textarea } from "./page.js";
import { sendMessage } from "./outbox.js";
import { showError, showStatus } from "./status.js";
import { uploadFiles } from "./uploads.js";

const replyStatus = document.getElementById("reply-status");
let replyTo = null;

function showReply() {
  replyStatus.textContent = replyTo ? text("ReplyingTo", { seq: replyTo }) : "";
}

export function replyToMessage(seq) {
  replyTo = seq;
  showReply();
  textarea.focus();
}

// A refused send: give its text back so nothing typed is lost.
export function giveBack(frame) {
  textarea.value = textarea.value ? frame.body + "\n" + textarea.value : frame.body;
}

async function submit(event) {
  if (!isOpen()) {
    return; // offline: the ordinary form post still delivers the message (and its files)
  }
  event.preventDefault();
  const fields = { conversation: conversationId, body: textarea.value };
  if (fileInput && fileInput.files.length) {
    showStatus(text("Uploading"));
    try {
      fields.attachments = await uploadFiles(fileInput.files);
    } catch (error) {
      showStatus(text("Live"));
      showError(error.message);
      return; // the text and the chosen files stay for another try
    }
    showStatus(text("Live"));
    fileInput.value = "";
  }
  if (replyTo) {
    fields.reply_to = replyTo;
    replyTo = null;
    showReply();
  }
  sendMessage(fields);
  textarea.value = "";
  showError("");
  textarea.focus();
}

export function enableComposer() {
  form.addEventListener("submit", submit);
  textarea.addEventListener("keydown", (event) => {
    // Enter writes a new line; Ctrl+Enter (Cmd+Enter) sends.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}
