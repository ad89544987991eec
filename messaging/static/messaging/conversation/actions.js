// What the buttons under a message do: reply, react, and for one's own messages edit in place (Escape
// or Cancel gives the old text back untouched) and delete (asked first, in place).
import { send } from "../../frontend/live.js";
import { log, text, textarea } from "./page.js";
import { replyToMessage } from "./composer.js";
import { replace } from "./timeline.js";
import { toolButton } from "./tools.js";

function confirmDelete(item) {
  const tools = item.querySelector(".chat-tools");
  tools.hidden = true;
  const question = document.createElement("div");
  question.className = "delete-confirm";
  question.setAttribute("role", "group");
  const ask = document.createElement("p");
  ask.id = "delete-question-" + item.dataset.seq;
  ask.textContent = text("ConfirmDelete");
  question.setAttribute("aria-labelledby", ask.id);
  const yes = toolButton(text("ConfirmDeleteButton"), "confirm-delete");
  const no = toolButton(text("Cancel"), "cancel-delete");
  question.append(ask, yes, no);
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

function openEditor(item) {
  if (item.querySelector(".edit-form")) {
    return;
  }
  const seq = item.dataset.seq;
  const editor = document.createElement("form");
  editor.className = "edit-form";
  const label = document.createElement("label");
  label.htmlFor = "edit-" + seq;
  label.textContent = text("EditField", { seq });
  const field = document.createElement("textarea");
  field.id = "edit-" + seq;
  field.rows = 3;
  field.value = item.dataset.body || "";
  field.maxLength = textarea.maxLength;
  const hint = document.createElement("p");
  hint.className = "muted";
  hint.id = "edit-hint-" + seq;
  hint.textContent = text("EditHint");
  field.setAttribute("aria-describedby", hint.id);
  const actions = document.createElement("div");
  actions.className = "actions";
  const save = document.createElement("button");
  save.type = "submit";
  save.textContent = text("Save");
  actions.append(save, toolButton(text("Cancel"), "cancel-edit"));
  editor.append(label, field, hint, actions);
  editor.addEventListener("submit", (event) => {
    event.preventDefault();
    send({ type: "message.edit", message: Number(item.dataset.id), body: field.value });
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

// Closes the editor; an update that arrived while it was open is applied now.
export function closeEditor(item, refocus) {
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

function onClick(event) {
  const button = event.target.closest("button[data-action]");
  if (!button) {
    return;
  }
  const item = button.closest("li");
  const id = Number(item.dataset.id);
  const action = button.dataset.action;
  if (action === "reply") {
    replyToMessage(Number(item.dataset.seq));
  } else if (action === "react") {
    const on = button.getAttribute("aria-pressed") !== "true";
    send({ type: "reaction", message: id, emoji: button.dataset.emoji, on: on });
  } else if (action === "edit") {
    openEditor(item);
  } else if (action === "delete") {
    confirmDelete(item);
  } else if (action === "confirm-delete") {
    send({ type: "message.delete", message: id });
  } else if (action === "cancel-delete") {
    closeConfirm(item, true);
  } else if (action === "cancel-edit") {
    closeEditor(item, true);
  }
}

export function enableActions() {
  log.addEventListener("click", onClick);
}

// The message whose ack just came, if it is on this page.
export function itemOf(messageId) {
  return log.querySelector('li[data-id="' + messageId + '"]');
}
