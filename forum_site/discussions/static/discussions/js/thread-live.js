/* Live discussion threads (protocol: docs/realtime.md).
 *
 * Enhances every `[data-thread-socket]` section rendered by
 * discussions/includes/thread.html. Without this script (or without a
 * socket) the plain forms post and the page reloads, as before.
 *
 * - posts go over the socket with a client id, so a retry after a reconnect
 *   never creates a second comment; the form falls back to a normal submit
 *   while the socket is not open;
 * - new, edited, hidden and deleted comments appear without reloading: the
 *   server renders each comment for this page's user with the page's own
 *   template (the `fragment` of comment events), so a live comment has the
 *   controls, links and date format it has after a reload; its forms are
 *   wired by event delegation on the section (no inline handlers: CSP);
 * - an ARIA live region announces others' new comments politely; the author
 *   hears that their comment was posted, and focus returns to the composer;
 * - presence ("here now") and "is typing" (cleared when the typer posts).
 * - reconnects with exponential backoff and resumes from the last sequence
 *   number seen (the heartbeat reveals silently missed broadcasts).
 */
(function () {
  "use strict";

  var FATAL_CODES = { 4401: true, 4403: true, 4429: true };
  var MAX_BACKOFF = 30000;

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key] == null ? "" : values[key]; });
  }

  // Strings from Django's JavaScript catalog (/jsi18n/, loaded in <head>);
  // English if it could not be loaded.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, count) { return count === 1 ? one : many; };

  function strings() {
    return {
      connecting: gettext("Connecting to the live discussion…"),
      live: gettext("Live: new comments appear automatically."),
      offline: gettext("Connection lost. Reconnecting in %(seconds)s s; you can still post, the page will reload."),
      unavailable: gettext("Live updates are not available; reload the page to see new comments."),
      too_many: gettext("Too many open tabs: live updates are off in this one."),
      newComment: gettext("New comment by %(name)s"),
      posted: gettext("Your comment was posted."),
      deleted: gettext("This comment was deleted by its author."),
      hidden: gettext("This comment was hidden by a moderator."),
      locked: gettext("This discussion is locked: no new comments can be posted.")
    };
  }

  // "Ana, Ben and Chen" in the page's language where the browser can: the
  // parts, names ("element") and the words between them ("literal").
  function listParts(names) {
    try {
      return new Intl.ListFormat(document.documentElement.lang || undefined, { type: "conjunction" }).formatToParts(names);
    } catch (e) {
      var parts = [];
      names.forEach(function (name, i) {
        if (i) { parts.push({ type: "literal", value: ", " }); }
        parts.push({ type: "element", value: name });
      });
      return parts;
    }
  }

  // A name in its own direction (an Arabic name in an English sentence, a
  // Latin one in Arabic): <bdi>, as the server's templates do.
  function bdi(text) {
    var el = document.createElement("bdi");
    el.textContent = text;
    return el;
  }

  // A comment's text in the language it was written in, as the server's
  // {% content_lang comment %} marks it: dir="auto" always, and its lang when
  // that differs from the page's ('' for unknown: no lang).
  function markLanguage(el, language) {
    el.setAttribute("dir", "auto");
    var page = (document.documentElement.lang || "").toLowerCase().split("-")[0];
    if (language && language.toLowerCase().split("-")[0] !== page) {
      el.setAttribute("lang", language);
    }
  }

  // ``el`` filled with ``template`` (translated), its %(key)s replaced by the
  // people's names, each isolated; ``person`` maps a person to a node.
  function fillWithNames(el, template, key, people, person) {
    var marker = "%(" + key + ")s";
    var at = template.indexOf(marker);
    el.textContent = "";
    if (at < 0) { el.textContent = template; return; }
    el.appendChild(document.createTextNode(template.slice(0, at)));
    var index = 0;
    listParts(people.map(function (p, i) { return String(i); })).forEach(function (part) {
      if (part.type === "element") { el.appendChild(person(people[index])); index += 1; }
      else { el.appendChild(document.createTextNode(part.value)); }
    });
    el.appendChild(document.createTextNode(template.slice(at + marker.length)));
  }

  function LiveThread(section) {
    this.section = section;
    this.path = section.getAttribute("data-thread-socket");
    this.timeZone = section.getAttribute("data-time-zone") || undefined;
    this.t = strings();
    this.announcer = section.querySelector("[data-thread-live]");
    this.list = section.querySelector("[data-comment-list]");
    this.lastSeq = parseInt(section.getAttribute("data-last-seq") || "0", 10) || 0;
    this.lastId = null;
    // Server time (s) of the last thread event seen; at first, of the page.
    this.lastTs = parseFloat(section.getAttribute("data-rendered-at") || "") || null;
    this.pending = {};          // client_id -> {message, form}
    this.backoff = 1000;
    this.socket = null;
    this.ready = false;
    this.lastTyping = 0;
    this.typers = {};
    this.userId = null;
    this.noteSeenOnPage();
    this.buildStatus();
    this.enhanceForms();
    this.connect();
  }

  LiveThread.prototype.noteSeenOnPage = function () {
    var self = this;
    this.section.querySelectorAll("[data-comment-id]").forEach(function (el) {
      var id = parseInt(el.getAttribute("data-comment-id"), 10);
      if (!self.lastId || id > self.lastId) { self.lastId = id; }
    });
  };

  LiveThread.prototype.buildStatus = function () {
    var heading = this.section.querySelector("h2");
    var bar = document.createElement("div");
    bar.className = "live-bar";
    this.state = document.createElement("p");
    this.state.className = "live-state";
    this.state.setAttribute("role", "status");
    this.presence = document.createElement("p");
    this.presence.className = "live-presence";
    this.typing = document.createElement("p");
    this.typing.className = "live-typing";
    this.typing.setAttribute("aria-live", "polite");
    bar.appendChild(this.state);
    bar.appendChild(this.presence);
    (heading && heading.nextSibling) ? this.section.insertBefore(bar, heading.nextSibling) : this.section.appendChild(bar);
    var form = this.section.querySelector("[data-comment-form]");
    if (form) { form.appendChild(this.typing); } else { bar.appendChild(this.typing); }
  };

  LiveThread.prototype.setState = function (key, extra) {
    var text = this.t[key] || key;
    this.state.textContent = extra ? format(text, extra) : text;
    this.state.setAttribute("data-state", key);
    this.section.setAttribute("data-live-state", key);
  };

  // ``text``, or with a ``name``: the template ``text`` with %(name)s, the name isolated.
  LiveThread.prototype.announce = function (text, name) {
    if (!this.announcer) { return; }
    // Clear then set, so screen readers announce repeated texts too.
    this.announcer.textContent = "";
    var el = this.announcer;
    window.setTimeout(function () {
      if (name == null) { el.textContent = text; } else { fillWithNames(el, text, "name", [name], bdi); }
    }, 50);
  };

  // --- Connection -------------------------------------------------------------

  // The page's language and address, so that the server renders comments as
  // this page does (the language of its texts and dates, the forms' return
  // address).
  LiveThread.prototype.socketUrl = function () {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var query = "lang=" + encodeURIComponent(document.documentElement.lang || "");
    var next = this.section.getAttribute("data-next-url");
    if (next) { query += "&next=" + encodeURIComponent(next); }
    return scheme + window.location.host + this.path + "?" + query;
  };

  LiveThread.prototype.connect = function () {
    var self = this;
    this.setState("connecting");
    var socket;
    try {
      socket = new WebSocket(this.socketUrl());
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      self.handle(message);
    };
    socket.onclose = function (event) {
      self.ready = false;
      if (self.socket !== socket) { return; }
      if (FATAL_CODES[event.code]) {
        self.setState(event.code === 4429 ? "too_many" : "unavailable");
        return;
      }
      self.scheduleReconnect();
    };
  };

  LiveThread.prototype.scheduleReconnect = function () {
    var self = this;
    var delay = Math.round(this.backoff * (0.75 + Math.random() * 0.5));
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF);
    this.setState("offline", { seconds: Math.ceil(delay / 1000) });
    window.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = window.setTimeout(function () { self.connect(); }, delay);
  };

  LiveThread.prototype.send = function (message) {
    if (!this.ready || !this.socket || this.socket.readyState !== 1) { return false; }
    this.socket.send(JSON.stringify(message));
    return true;
  };

  LiveThread.prototype.resume = function () {
    this.resuming = true;
    var message = { type: "resume", last_id: this.lastId, last_seq: this.lastSeq };
    // Server time of the last thread event seen: the server also replays the
    // edits, deletions and moderation made since then.
    if (this.lastTs) { message.since = this.lastTs; }
    this.send(message);
  };

  // Ask for the comments on the page again, rendered for the user's new rights
  // (a lock takes Edit and Reply away; unlocking gives them back).
  LiveThread.prototype.refresh = function () {
    var ids = [];
    this.section.querySelectorAll("li[data-comment-id]").forEach(function (el) {
      var id = parseInt(el.getAttribute("data-comment-id"), 10);
      if (id) { ids.push(id); }
    });
    if (ids.length) { this.send({ type: "refresh", ids: ids.slice(0, 500) }); }
  };

  LiveThread.prototype.resumeIfBehind = function (latest) {
    if (latest > this.lastSeq && !this.resuming) { this.resume(); }
  };

  // --- Incoming ---------------------------------------------------------------

  // Events that carry the thread's state; their server time is where a
  // resume after a reconnect starts replaying changes.
  var STATE_EVENTS = {
    "comment.created": 1, "comment.updated": 1, "comment.deleted": 1,
    "thread.updated": 1, "resumed": 1
  };

  LiveThread.prototype.handle = function (m) {
    if (STATE_EVENTS[m.type] && m.ts && m.ts > (this.lastTs || 0)) { this.lastTs = m.ts; }
    switch (m.type) {
      case "hello":
        this.ready = true;
        this.backoff = 1000;
        this.resuming = false;
        // Back after a reconnect with other rights (locked, may post): the
        // comments' controls change too.
        var rightsChanged = this.canPost !== undefined &&
          (this.canPost !== m.can_post || this.locked !== m.locked);
        this.canPost = m.can_post;
        this.userId = m.user ? m.user.id : null;
        this.setState("live");
        this.setLocked(m.locked);
        if (rightsChanged) { this.refresh(); }
        if (this.lastTs) {
          this.resume();  // catch up on changes as well as new comments
        } else {
          this.resumeIfBehind(m.last_seq);
        }
        this.resendPending();
        break;
      case "heartbeat":
        this.resumeIfBehind(m.last_seq);
        break;
      case "resumed":
        this.resuming = false;
        if (m.more) { this.resumeIfBehind(this.lastSeq + 1); }
        break;
      case "comment.created":
        this.showComment(m.comment, true, m.fragment);
        break;
      case "comment.updated":
      case "comment.deleted":
        this.updateComment(m.comment, m.fragment);
        break;
      case "thread.updated":
        if (m.thread.locked !== this.locked) {
          this.setLocked(m.thread.locked);
          this.refresh();
        }
        break;
      case "access":
        if (m.can_post !== this.canPost) {
          this.canPost = m.can_post;
          this.refresh();
        }
        break;
      case "ack":
        this.acknowledge(m);
        break;
      case "presence":
        this.showPresence(m.people || []);
        break;
      case "typing":
        this.showTyping(m.user);
        break;
      case "error":
        this.showError(m);
        break;
    }
  };

  // The comment's <li> from the server's HTML, parsed inert in a <template>.
  LiveThread.prototype.parseFragment = function (html) {
    if (!html) { return null; }
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var li = template.content.querySelector("li.comment");
    if (!li) { return null; }
    // Forms rendered without a CSRF token (no cookie on the socket) take the page's.
    var token = this.section.ownerDocument.querySelector("input[name=csrfmiddlewaretoken]");
    li.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      if (!input.value && token) { input.value = token.value; }
    });
    return document.importNode(li, true);
  };

  // Bring a comment on the page up to the server's rendering: its article
  // (text, notices, controls) and its reply form. Its replies are list items
  // of their own, updated by their own events; an open reply form with text
  // in it is kept.
  LiveThread.prototype.replaceComment = function (li, fresh) {
    var oldArticle = li.querySelector(":scope > article");
    var newArticle = fresh.querySelector(":scope > article");
    if (newArticle) {
      if (oldArticle) { li.replaceChild(newArticle, oldArticle); } else { li.insertBefore(newArticle, li.firstChild); }
    }
    var oldForm = li.querySelector(":scope > details.reply-form");
    var newForm = fresh.querySelector(":scope > details.reply-form");
    var draft = oldForm && oldForm.querySelector("textarea");
    if (!newForm && oldForm && !(draft && draft.value.trim())) {
      oldForm.remove();  // (a reply being written stays, disabled if locked)
    } else if (newForm && !oldForm) {
      li.appendChild(newForm);
    }
    li.className = fresh.className;
    li.setAttribute("data-seq", fresh.getAttribute("data-seq") || "");
  };

  LiveThread.prototype.commentElement = function (comment) {
    var li = document.createElement("li");
    li.className = "comment" + (comment.parent ? " reply" : "");
    li.id = "comment-" + comment.id;
    li.setAttribute("data-comment-id", comment.id);
    li.setAttribute("data-seq", comment.seq || "");
    var article = document.createElement("article");
    article.className = "comment-body";
    article.setAttribute("aria-labelledby", "comment-" + comment.id + "-by");
    var header = document.createElement("header");
    header.className = "comment-meta";
    var name = document.createElement("strong");
    name.id = "comment-" + comment.id + "-by";
    name.textContent = comment.author.name;
    header.appendChild(name);
    if (comment.organisation) {
      header.appendChild(document.createTextNode(", " + comment.organisation.name));
    }
    var meta = document.createElement("span");
    meta.className = "meta";
    var link = document.createElement("a");
    link.href = "#comment-" + comment.id;
    var time = document.createElement("time");
    time.dateTime = comment.created_at;
    // As the server writes it (forum_site/js/dates.js), in the page's time zone.
    time.textContent = window.forumDates
      ? window.forumDates.format(comment.created_at, "DATETIME_FORMAT", this.timeZone)
      : comment.created_at;
    link.appendChild(time);
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(link);
    header.appendChild(meta);
    article.appendChild(header);
    var body = document.createElement("div");
    article.appendChild(body);
    li.appendChild(article);
    this.fillBody(li, comment);
    return li;
  };

  LiveThread.prototype.fillBody = function (li, comment) {
    var article = li.querySelector("article");
    var old = article.querySelector(".comment-text, p.empty-state, .live-text");
    var body;
    if (comment.deleted || comment.hidden) {
      body = document.createElement("p");
      body.className = "empty live-text";
      body.textContent = comment.deleted ? this.t.deleted : this.t.hidden;
    } else {
      body = document.createElement("div");
      body.className = "comment-text";
      markLanguage(body, comment.language);
      body.innerHTML = comment.html;  // sanitised on the server (Markdown + nh3)
    }
    if (old) {
      // Remove every body part of the server-rendered comment (text, notices).
      article.querySelectorAll(".comment-text, p.empty-state").forEach(function (el) { el.remove(); });
    }
    var actions = article.querySelector(".comment-actions");
    if (comment.deleted && actions) { actions.remove(); actions = null; }
    article.insertBefore(body, actions || null);
  };

  LiveThread.prototype.showComment = function (comment, announce, fragment) {
    if (comment.seq && comment.seq > this.lastSeq) { this.lastSeq = comment.seq; }
    if (!this.lastId || comment.id > this.lastId) { this.lastId = comment.id; }
    var own = this.userId != null && comment.author && comment.author.id === this.userId;
    if (comment.author) { this.stopTyping(comment.author.id); }
    var fresh = this.parseFragment(fragment);
    var existing = document.getElementById("comment-" + comment.id);
    if (existing) {
      if (fresh) { this.replaceComment(existing, fresh); } else { this.fillBody(existing, comment); }
      return;
    }
    var li = fresh || this.commentElement(comment);
    var target = this.list;
    if (comment.parent) {
      // A reply goes under its comment; a reply to a comment on another page of
      // the thread is not shown here (a reload would not show it either).
      var parent = document.getElementById("comment-" + comment.parent);
      if (!parent) { return; }
      target = parent.querySelector(":scope > ol.comment-replies");
      if (!target) {
        target = document.createElement("ol");
        target.className = "comment-replies";
        var form = parent.querySelector(":scope > details.reply-form");
        parent.insertBefore(target, form || null);
      }
    }
    if (!target) { return; }
    target.appendChild(li);
    var empty = this.section.querySelector("[data-comment-empty]");
    if (empty) { empty.remove(); }
    // The author was told "Your comment was posted." (ack); others who it is from.
    if (announce && !own) { this.announce(this.t.newComment, comment.author.name); }
  };

  LiveThread.prototype.updateComment = function (comment, fragment) {
    var li = document.getElementById("comment-" + comment.id);
    if (!li) { return; }
    var fresh = this.parseFragment(fragment);
    if (fresh) { this.replaceComment(li, fresh); } else { this.fillBody(li, comment); }
  };

  LiveThread.prototype.setLocked = function (locked) {
    this.locked = locked;
    this.section.querySelectorAll("form[data-comment-form], details.reply-form form").forEach(function (form) {
      form.querySelectorAll("textarea, button, select").forEach(function (el) { el.disabled = !!locked; });
    });
    var note = this.section.querySelector(".live-locked");
    if (locked && !note) {
      note = document.createElement("p");
      note.className = "help live-locked";
      note.textContent = this.t.locked;
      this.state.parentNode.appendChild(note);
      this.announce(this.t.locked);
    } else if (!locked && note) {
      note.remove();
    }
  };

  LiveThread.prototype.showPresence = function (people) {
    if (!people.length) { this.presence.textContent = ""; return; }
    fillWithNames(this.presence, gettext("Here now: %(names)s"), "names", people, function (p) {
      if (!(p.organisations && p.organisations.length)) { return bdi(p.name); }
      var span = document.createElement("span");
      span.appendChild(bdi(p.name));
      span.appendChild(document.createTextNode(" ("));
      p.organisations.forEach(function (org, i) {
        if (i) { span.appendChild(document.createTextNode(", ")); }
        span.appendChild(bdi(org));
      });
      span.appendChild(document.createTextNode(")"));
      return span;
    });
  };

  var TYPING_SHOWN = 4000;  // ms after the last "typing" event of a person

  LiveThread.prototype.renderTyping = function () {
    var self = this;
    var now = Date.now();
    Object.keys(this.typers).forEach(function (k) { if (self.typers[k].until <= now) { delete self.typers[k]; } });
    var names = Object.keys(this.typers).map(function (k) { return self.typers[k].name; });
    var key = names.join("\n");
    if (this.typingKey === key) { return; }
    this.typingKey = key;
    if (!names.length) { this.typing.textContent = ""; return; }
    fillWithNames(this.typing, ngettext("%(names)s is typing…", "%(names)s are typing…", names.length), "names", names, bdi);
  };

  LiveThread.prototype.showTyping = function (user) {
    var self = this;
    this.typers[user.id] = { name: user.name, until: Date.now() + TYPING_SHOWN };
    this.renderTyping();
    window.setTimeout(function () { self.renderTyping(); }, TYPING_SHOWN + 100);
  };

  // Someone posted: they are no longer typing.
  LiveThread.prototype.stopTyping = function (userId) {
    if (this.typers[userId]) {
      delete this.typers[userId];
      this.renderTyping();
    }
  };

  // --- Posting ------------------------------------------------------------------

  // The composer and the reply forms, also those of comments that arrive
  // live: one listener on the section for each event (delegation).
  var POSTING_FORMS = "form[data-comment-form], details.reply-form > form";

  LiveThread.prototype.enhanceForms = function () {
    var self = this;
    this.section.addEventListener("submit", function (event) {
      var form = event.target.closest && event.target.closest(POSTING_FORMS);
      if (form && self.section.contains(form)) { self.submit(event, form); }
    });
    this.section.addEventListener("input", function (event) {
      var target = event.target;
      if (!target.matches || !target.matches("textarea[name=body]") || !target.closest(POSTING_FORMS)) { return; }
      var now = Date.now();
      if (now - self.lastTyping > 2000) {
        self.lastTyping = now;
        self.send({ type: "typing" });
      }
    });
  };

  LiveThread.prototype.submit = function (event, form) {
    if (!this.ready) { return; }  // plain POST and reload
    var textarea = form.querySelector("textarea[name=body]");
    if (!textarea || !textarea.value.trim()) { return; }  // let the browser say it is required
    var message = { type: "comment.post", body: textarea.value, client_id: uuid() };
    var parent = form.querySelector("input[name=parent]");
    if (parent && parent.value) { message.parent = parseInt(parent.value, 10); }
    var organisation = form.querySelector("[name=organisation]:checked, select[name=organisation]");
    if (organisation && organisation.value) { message.organisation = parseInt(organisation.value, 10); }
    if (!this.send(message)) { return; }
    event.preventDefault();
    this.pending[message.client_id] = { message: message, form: form };
    this.clearError(form);
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    form.setAttribute("aria-busy", "true");
  };

  LiveThread.prototype.resendPending = function () {
    var self = this;
    Object.keys(this.pending).forEach(function (id) { self.send(self.pending[id].message); });
  };

  LiveThread.prototype.acknowledge = function (m) {
    var entry = m.client_id && this.pending[m.client_id];
    if (!entry) { return; }
    delete this.pending[m.client_id];
    var form = entry.form;
    form.removeAttribute("aria-busy");
    var textarea = form.querySelector("textarea[name=body]");
    if (textarea) { textarea.value = ""; }
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = !!this.locked; }
    this.lastTyping = 0;  // the next keystroke says "typing" again at once
    var details = form.closest("details");
    if (details) {
      details.open = false;
      // Back to the reply's "Reply" (its form is closed), not to <body>.
      var summary = details.querySelector("summary");
      if (summary) { summary.focus(); }
    } else if (textarea) {
      textarea.focus();  // ready for the next comment
    }
    this.announce(this.t.posted || "");
  };

  LiveThread.prototype.clearError = function (form) {
    var old = form.querySelector(".live-error");
    if (old) { old.remove(); }
  };

  LiveThread.prototype.showError = function (m) {
    var entry = m.ref && this.pending[m.ref];
    if (entry) {
      delete this.pending[m.ref];
      var form = entry.form;
      form.removeAttribute("aria-busy");
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = !!this.locked; }
      this.clearError(form);
      var box = document.createElement("div");
      box.className = "form-errors live-error";
      box.setAttribute("role", "alert");
      var p = document.createElement("p");
      p.textContent = m.message;  // the typed text stays in the textarea
      box.appendChild(p);
      form.insertBefore(box, form.firstChild);
      var textarea = form.querySelector("textarea[name=body]");
      if (textarea) { textarea.focus(); }  // the disabled button took focus away
      return;
    }
    if (m.code === "not_found" && this.resuming) {
      // The comment we resumed from is gone: resume by sequence number.
      this.resuming = false;
    }
  };

  function init() {
    document.querySelectorAll("[data-thread-socket]").forEach(function (section) {
      if (section.liveThread || !("WebSocket" in window)) { return; }
      section.liveThread = new LiveThread(section);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
