// Files go over HTTP first (the socket carries no files); the send then names their ids.
import { form, root } from "./page.js";

export async function uploadFiles(files) {
  const ids = [];
  const token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
  for (const file of Array.from(files)) {
    const body = new FormData();
    body.append("file", file);
    const response = await fetch(root.dataset.uploadUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(answer.error || response.statusText);
    }
    ids.push(answer.id);
  }
  return ids;
}
