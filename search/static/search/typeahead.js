// Type-ahead for the people search field: the ARIA 1.2 combobox pattern (list autocomplete).
// The input keeps focus; arrow keys move the active option (aria-activedescendant), Enter opens
// the active person's profile, Escape closes the list. Without JavaScript the form still works.
(function () {
  "use strict";
  var input = document.querySelector("[data-suggest-url]");
  if (!input) { return; }
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var status = document.getElementById(input.dataset.suggestStatus);
  var url = input.dataset.suggestUrl;
  var timer = null;
  var active = -1;
  var items = [];
  var latest = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(suggestions) {
    items = suggestions;
    list.textContent = "";
    suggestions.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var name = document.createElement("span");
      name.className = "suggestion-name";
      name.textContent = item.name;
      option.appendChild(name);
      var detail = [item.title, item.organisation].filter(Boolean).join(", ");
      if (detail) {
        var small = document.createElement("span");
        small.className = "suggestion-detail";
        small.textContent = " " + detail;
        option.appendChild(small);
      }
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { window.location.assign(item.url); });
      list.appendChild(option);
    });
    var open = suggestions.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (status) {
      var template = suggestions.length === 1 ? status.dataset.one : status.dataset.many;
      status.textContent = suggestions.length ? template.replace("%s", suggestions.length) : "";
    }
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (text.length < 2) { render([]); return; }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(text), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (body) { if (ticket === latest) { render(body.suggestions || []); } })
      .catch(function () { if (ticket === latest) { render([]); } });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) {
        if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        else { return; }
      }
      event.preventDefault();
      var next = active + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= items.length) { next = 0; }
      if (next < 0) { next = items.length - 1; }
      highlight(next);
    } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
      event.preventDefault();
      window.location.assign(items[active].url);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
}());
