/* Searchable selects (forum_site/widgets.py): each <select data-combobox> becomes a
   combobox with a list box popup, following the WAI-ARIA APG pattern. The select
   stays in the form, hidden, and holds the chosen values, so the form submits as
   without JavaScript. The list offers only the select's options (what the server
   allowed this user); nothing is fetched.

   Keyboard: type to filter (case, accents and Arabic vowel marks ignored); Down and
   Up move in the list (and open it); Enter chooses (several: toggles and keeps the
   list open); Escape closes the list, then clears the text; Backspace in the empty
   box removes the last chosen item. Chosen items of a multiple select are buttons
   ("Remove …"). A polite live region says how many results there are and what was
   chosen or removed. Strings come from the JavaScript catalog (/jsi18n/). */
(function () {
  "use strict";

  var SHOWN = 100; // options rendered at most; type more to narrow
  var _ = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (fmt, obj, named) {
    if (named) return fmt.replace(/%\((\w+)\)s/g, function (m, k) { return String(obj[k]); });
    var i = 0;
    return fmt.replace(/%s/g, function () { return String(obj[i++]); });
  };

  var MARKS;
  try { MARKS = new RegExp("\\p{M}", "gu"); } catch (e) { MARKS = /[\u0300-\u036f\u064b-\u065f\u0670]/g; }

  /* A form of the text for matching: compatibility-decomposed, without combining
     marks (accents, Arabic short vowels and hamza signs), tatweel removed, alef
     maqsura read as ya and ta marbuta as ha, lower case. */
  function fold(text) {
    var s = String(text || "");
    if (s.normalize) s = s.normalize("NFKD");
    return s.replace(MARKS, "").replace(/\u0640/g, "")
      .replace(/\u0649/g, "\u064a").replace(/\u0629/g, "\u0647").toLowerCase();
  }

  var counter = 0;

  /* The label's words, without the required-field mark (an <abbr>). */
  function labelText(label) {
    var copy = label.cloneNode(true);
    var marks = copy.querySelectorAll("abbr");
    for (var i = 0; i < marks.length; i++) marks[i].parentNode.removeChild(marks[i]);
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function Combobox(select) {
    this.select = select;
    this.multiple = select.multiple;
    var id = select.id || "combobox-" + (++counter);
    this.id = id;
    var label = id ? document.querySelector('label[for="' + id + '"]') : null;
    this.labelText = label ? labelText(label) : (select.getAttribute("aria-label") || select.name);
    this.options = [];
    for (var i = 0; i < select.options.length; i++) {
      var opt = select.options[i];
      if (opt.value === "" && !this.multiple) { this.blank = opt; continue; }
      this.options.push({ option: opt, label: opt.text, key: fold(opt.text), index: i });
    }
    this.matches = [];
    this.active = -1;
    this.build();
  }

  Combobox.prototype.build = function () {
    var self = this, select = this.select, id = this.id;
    var wrapper = document.createElement("div");
    wrapper.className = "combobox" + (this.multiple ? " combobox-multiple" : "");
    wrapper.setAttribute("data-combobox-for", id);

    if (this.multiple) {
      this.tags = document.createElement("ul");
      this.tags.className = "combobox-tags";
      this.tags.setAttribute("aria-label", interpolate(_("Chosen: %s"), [this.labelText]));
      wrapper.appendChild(this.tags);
    }
    var control = document.createElement("div");
    control.className = "combobox-control";
    var input = document.createElement("input");
    input.type = "text";
    input.className = "combobox-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-listbox");
    input.placeholder = _("Type to search");
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
    });
    if (select.required) input.setAttribute("aria-required", "true");
    input.disabled = select.disabled;
    var listbox = document.createElement("ul");
    listbox.className = "combobox-listbox";
    listbox.id = id + "-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", this.labelText);
    if (this.multiple) listbox.setAttribute("aria-multiselectable", "true");
    listbox.hidden = true;
    var empty = document.createElement("p");
    empty.className = "combobox-empty";
    empty.textContent = _("No results.");
    empty.hidden = true;
    control.appendChild(input);
    control.appendChild(listbox);
    control.appendChild(empty);
    wrapper.appendChild(control);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    // The label now names the text box: it takes the select's id.
    select.id = id + "-select";
    input.id = id;
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.required = false; // a hidden required control would block submitting
    select.parentNode.insertBefore(wrapper, select.nextSibling);
    var hint = document.querySelector('[data-combobox-hint="' + id + '"]');
    if (hint) hint.parentNode.removeChild(hint);

    this.wrapper = wrapper; this.input = input; this.listbox = listbox;
    this.empty = empty; this.status = status;

    input.addEventListener("input", function () { self.filter(true); });
    input.addEventListener("keydown", function (event) { self.onKey(event); });
    // A single select's text is selected on focus, so typing replaces it.
    if (!this.multiple) input.addEventListener("focus", function () { input.select(); });
    input.addEventListener("click", function () {
      if (self.isOpen()) self.close(); else self.open();
    });
    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    listbox.addEventListener("click", function (event) {
      var li = event.target.closest ? event.target.closest("[role=option]") : null;
      if (li) self.choose(self.matches[Number(li.getAttribute("data-match"))]);
    });
    wrapper.addEventListener("focusout", function (event) {
      if (!wrapper.contains(event.relatedTarget)) self.leave();
    });
    this.renderChosen();
  };

  Combobox.prototype.isOpen = function () { return !this.listbox.hidden || !this.empty.hidden; };

  Combobox.prototype.say = function (text) {
    var status = this.status;
    clearTimeout(this.sayTimer);
    // A short pause lets typing settle and makes repeated messages be read again.
    status.textContent = "";
    this.sayTimer = setTimeout(function () { status.textContent = text; }, 350);
  };

  /* The chosen option of a single select, or null. */
  Combobox.prototype.current = function () {
    var option = this.select.options[this.select.selectedIndex];
    return option && option.value !== "" ? option : null;
  };

  Combobox.prototype.filter = function (announce) {
    var text = this.input.value;
    var current = this.multiple ? null : this.current();
    // A single select showing its choice lists every option, from that one.
    if (current && text === current.text) text = "";
    var words = fold(text).split(/\s+/).filter(Boolean);
    var first = words.join(" ");
    var found = this.options.filter(function (item) {
      for (var i = 0; i < words.length; i++) {
        if (item.key.indexOf(words[i]) === -1) return false;
      }
      return true;
    });
    if (first) {
      // Names that start with what was typed come first; otherwise the select's order.
      found = found.map(function (item, i) { return [item.key.indexOf(first) === 0 ? 0 : 1, i, item]; })
        .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
        .map(function (t) { return t[2]; });
    }
    this.total = found.length;
    var start = 0, at = first && found.length ? 0 : -1;
    if (current && !first) {
      // The shown window of the list holds the current choice, which is active.
      for (var i = 0; i < found.length; i++) {
        if (found[i].option === current) at = i;
      }
      if (at >= SHOWN) start = Math.max(0, Math.min(at - SHOWN / 2, found.length - SHOWN));
      at -= start;
    }
    this.matches = found.slice(start, start + SHOWN);
    this.render();
    this.setActive(at);
    if (announce) this.announceCount();
  };

  Combobox.prototype.announceCount = function () {
    var n = this.total;
    if (!n) { this.say(_("No results.")); return; }
    if (n > this.matches.length) {
      this.say(interpolate(ngettext(
        "%(count)s result; the first %(shown)s are listed. Type more to narrow the list.",
        "%(count)s results; the first %(shown)s are listed. Type more to narrow the list.",
        n), { count: n, shown: this.matches.length }, true));
      return;
    }
    this.say(interpolate(ngettext("%s result available.", "%s results available.", n), [n]));
  };

  Combobox.prototype.render = function () {
    var listbox = this.listbox, id = this.id;
    while (listbox.firstChild) listbox.removeChild(listbox.firstChild);
    var fragment = document.createDocumentFragment();
    this.matches.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = id + "-option-" + item.index;
      li.className = "combobox-option";
      li.setAttribute("role", "option");
      li.setAttribute("data-match", String(i));
      li.setAttribute("aria-selected", item.option.selected ? "true" : "false");
      li.textContent = item.label;
      // An option in another language than the page (a page's title) keeps it.
      if (item.option.lang) { li.lang = item.option.lang; li.dir = "auto"; }
      fragment.appendChild(li);
    });
    listbox.appendChild(fragment);
    var none = this.matches.length === 0;
    listbox.hidden = none;
    this.empty.hidden = !none;
    this.input.setAttribute("aria-expanded", none ? "false" : "true");
  };

  Combobox.prototype.setActive = function (i) {
    var old = this.listbox.querySelector(".is-active");
    if (old) old.classList.remove("is-active");
    this.active = i;
    var li = i >= 0 ? this.listbox.children[i] : null;
    if (li) {
      li.classList.add("is-active");
      this.input.setAttribute("aria-activedescendant", li.id);
      if (li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Combobox.prototype.open = function () {
    if (this.input.disabled) return;
    this.filter(true);
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.empty.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.setActive(-1);
  };

  /* Focus left the widget: close, and a single select shows its choice again
     (an emptied box chooses the blank option where there is one). */
  Combobox.prototype.leave = function () {
    this.close();
    if (!this.multiple) {
      if (this.input.value.trim() === "" && this.blank && !this.blank.selected) {
        this.blank.selected = true;
        this.changed();
      }
      this.renderChosen();
    }
  };

  Combobox.prototype.onKey = function (event) {
    var open = this.isOpen();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open || event.altKey) {
          this.open();
          if (!event.altKey && this.active < 0) this.setActive(this.matches.length ? 0 : -1);
          return;
        }
        this.setActive(Math.min(this.active + 1, this.matches.length - 1));
        return;
      case "ArrowUp":
        event.preventDefault();
        if (!open) { this.open(); this.setActive(this.matches.length - 1); return; }
        this.setActive(Math.max(this.active - 1, 0));
        return;
      case "Enter":
        if (open && this.active >= 0) {
          event.preventDefault();
          this.choose(this.matches[this.active]);
        } else if (open) {
          event.preventDefault();
        }
        return;
      case "Escape":
        if (open) { event.preventDefault(); this.close(); return; }
        if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          if (!this.multiple) this.renderChosen();
        }
        return;
      case "Backspace":
        if (this.multiple && this.input.value === "") {
          var chosen = this.chosen();
          if (chosen.length) { event.preventDefault(); this.remove(chosen[chosen.length - 1], false); }
        }
        return;
      case "Tab":
        if (open) this.close();
        return;
    }
  };

  Combobox.prototype.chosen = function () {
    return this.options.filter(function (item) { return item.option.selected; });
  };

  Combobox.prototype.changed = function () {
    this.select.dispatchEvent(new Event("change", { bubbles: true }));
  };

  Combobox.prototype.choose = function (item) {
    if (!item) return;
    if (this.multiple) {
      item.option.selected = !item.option.selected;
      this.changed();
      this.renderChosen();
      var n = this.chosen().length;
      var done = item.option.selected
        ? interpolate(_("%s chosen."), [item.label])
        : interpolate(_("%s removed."), [item.label]);
      this.input.value = "";
      this.filter(false);
      var at = this.matches.indexOf(item);
      this.setActive(at);
      this.say(done + " " + interpolate(ngettext("%s item chosen in all.", "%s items chosen in all.", n), [n]));
    } else {
      item.option.selected = true;
      this.changed();
      this.close();
      this.renderChosen();
      this.say(interpolate(_("%s chosen."), [item.label]));
    }
  };

  Combobox.prototype.remove = function (item, fromButton) {
    var position = this.chosen().indexOf(item);
    item.option.selected = false;
    this.changed();
    this.renderChosen();
    if (this.isOpen()) this.filter(false);
    this.say(interpolate(_("%s removed."), [item.label]));
    if (fromButton) {
      // Focus goes to the next chosen item, else the previous, else the text box.
      var buttons = this.tags.querySelectorAll("button");
      var next = buttons[Math.min(position, buttons.length - 1)];
      (next || this.input).focus();
    }
  };

  Combobox.prototype.renderChosen = function () {
    var self = this;
    if (!this.multiple) {
      var current = this.current();
      this.input.value = current ? current.text : "";
      return;
    }
    var tags = this.tags;
    while (tags.firstChild) tags.removeChild(tags.firstChild);
    this.chosen().forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "combobox-tag";
      button.disabled = self.select.disabled;
      button.setAttribute("aria-label", interpolate(_("Remove %s"), [item.label]));
      var text = document.createElement("span");
      text.textContent = item.label;
      var cross = document.createElement("span");
      cross.className = "combobox-tag-remove";
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = "\u00d7";
      button.appendChild(text);
      button.appendChild(cross);
      button.addEventListener("click", function () { self.remove(item, true); });
      li.appendChild(button);
      tags.appendChild(li);
    });
  };

  function enhance(root) {
    var selects = (root || document).querySelectorAll("select[data-combobox]");
    for (var i = 0; i < selects.length; i++) {
      if (!selects[i].hasAttribute("data-combobox-ready")) {
        selects[i].setAttribute("data-combobox-ready", "");
        new Combobox(selects[i]);
      }
    }
  }

  window.forumCombobox = { enhance: enhance, fold: fold };
  enhance(document);
})();
