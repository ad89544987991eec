// The two lines that tell the reader what is going on: the connection's state and the last error.
const status = document.getElementById("live-status");
const sendError = document.getElementById("send-error");

export function showStatus(text) {
  status.textContent = text;
  status.hidden = false;
}

export function showError(text) {
  sendError.textContent = text;
  sendError.hidden = !text;
}
