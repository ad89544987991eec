// Who of the other members is online, away or offline, from the server's answer to the heartbeat.
import { text } from "./page.js";

export function showPresence(people) {
  Object.entries(people).forEach(([key, state]) => {
    const item = document.querySelector('#presence-list [data-person="' + CSS.escape(key) + '"] .presence');
    if (item) {
      item.dataset.state = state;
      item.className = "presence presence-" + state;
      item.textContent = text(state.charAt(0).toUpperCase() + state.slice(1)) || state;
    }
  });
}
