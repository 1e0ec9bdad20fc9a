/* Suggestions under every search box that has data-suggest-url (ARIA 1.2 combobox).
   Without this script the search boxes are plain forms and work the same. */
(function () {
  "use strict";
  var counter = 0;

  function enhance(input) {
    var url = input.getAttribute("data-suggest-url");
    if (!url || !window.fetch) { return; }
    counter += 1;
    var listId = "search-suggestions-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var label = input.labels && input.labels[0];
    if (label) { list.setAttribute("aria-label", label.textContent); }
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [], active = -1, timer = null, controller = null, lastQuery = "";

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function dismiss() {
      // Closed by the user: the same text typed again (or ArrowDown) reopens it.
      close();
      lastQuery = "";
    }

    function setActive(index) {
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function render(suggestions) {
      close();
      if (!suggestions.length) { return; }
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-url", s.url);
        // The title in its own direction (a French title in the Arabic interface).
        var title = document.createElement("bdi");
        title.textContent = s.title;
        li.appendChild(title);
        li.appendChild(document.createTextNode(" "));  // so the name reads "Title Practice"
        var type = document.createElement("span");
        type.className = "suggestion-type";
        type.textContent = s.type;
        li.appendChild(type);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = s.url;
        });
        list.appendChild(li);
        items.push(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) { return; }
      lastQuery = query;
      if (query.length < 2) { close(); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var sep = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(query), {
        headers: { "Accept": "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      }).then(function (data) {
        if (input.value.trim() === query) { render(data.suggestions || []); }
      }).catch(function () { /* offline or aborted: the form still works */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (items.length) { event.preventDefault(); setActive(active + 1); }
        else if (input.value.trim().length >= 2) { event.preventDefault(); lastQuery = ""; fetchSuggestions(); }
      }
      else if (event.key === "ArrowUp") { if (items.length) { event.preventDefault(); setActive(active - 1); } }
      else if (event.key === "Escape") {
        // Only close the open list; a search field would also clear what was typed.
        if (!list.hidden) { event.preventDefault(); }
        dismiss();
      }
      else if (event.key === "Enter" && active >= 0 && items[active]) {
        event.preventDefault();
        window.location.href = items[active].getAttribute("data-url");
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(dismiss, 150); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest-url]"), enhance);
})();
