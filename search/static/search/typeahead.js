// Type-ahead for the search field (people; groups and pages grouped under labels): the ARIA 1.2 combobox pattern (list autocomplete).
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
  // A form's people picker (data-suggest-fill="key"): choosing a person fills in that value of theirs
  // instead of opening their profile, and only people are listed.
  var fill = input.dataset.suggestFill;

  function choose(item) {
    if (!fill) { window.location.assign(item.url); return; }
    input.value = item[fill];
    close();
    if (status && status.dataset.chosen) { status.textContent = status.dataset.chosen.replace("%s", item.name); }
  }

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

  function option(item, index, name, detail) {
    var element = document.createElement("li");
    element.id = list.id + "-" + index;
    element.setAttribute("role", "option");
    element.setAttribute("aria-selected", "false");
    var label = document.createElement("span");
    label.className = "suggestion-name";
    label.textContent = name;
    element.appendChild(label);
    if (detail) {
      var small = document.createElement("span");
      small.className = "suggestion-detail";
      small.textContent = " " + detail;
      element.appendChild(small);
    }
    element.addEventListener("mousedown", function (event) { event.preventDefault(); });
    element.addEventListener("click", function () { choose(item); });
    return element;
  }

  // People, then groups and pages; when there is more than people, each kind is a labelled group.
  function render(body) {
    var people = body.suggestions || [];
    var sections = [
      { key: "people", label: list.dataset.labelPeople, items: people.map(function (item) {
        return { url: item.url, key: item.key, name: item.name, detail: [item.title, item.organisation].filter(Boolean).join(", ") };
      }) },
      { key: "groups", label: list.dataset.labelGroups, items: (body.groups || []).map(function (item) {
        return { url: item.url, name: item.title, detail: "" };
      }) },
      { key: "pages", label: list.dataset.labelPages, items: (body.pages || []).map(function (item) {
        return { url: item.url, name: item.title, detail: "" };
      }) }
    ].filter(function (section) { return section.items.length > 0 && (!fill || section.key === "people"); });
    var grouped = sections.length > 1 || (sections.length === 1 && sections[0].key !== "people");
    items = [];
    list.textContent = "";
    sections.forEach(function (section) {
      var parent = list;
      if (grouped) {
        parent = document.createElement("li");
        parent.setAttribute("role", "group");
        var heading = document.createElement("span");
        heading.id = list.id + "-" + section.key;
        heading.className = "suggestion-group-label";
        heading.setAttribute("role", "presentation");
        heading.textContent = section.label;
        parent.setAttribute("aria-labelledby", heading.id);
        parent.appendChild(heading);
        list.appendChild(parent);
      }
      section.items.forEach(function (item) {
        parent.appendChild(option(item, items.length, item.name, item.detail));
        items.push(item);
      });
    });
    var open = items.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (status) {
      var onlyPeople = !grouped;
      var template = items.length === 1 ? (onlyPeople ? status.dataset.one : status.dataset.oneAny)
        : (onlyPeople ? status.dataset.many : status.dataset.manyAny);
      status.textContent = items.length ? template.replace("%s", items.length) : "";
    }
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (text.length < 2) { render({}); return; }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(text), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (body) { if (ticket === latest) { render(body || {}); } })
      .catch(function () { if (ticket === latest) { render({}); } });
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
      choose(items[active]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
}());
