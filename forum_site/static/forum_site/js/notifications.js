/* Live notifications ("toasts") for signed-in users.
 *
 * Connects to the per-user socket /ws/notifications/ (forum_site/consumers.py)
 * and shows each notification as a toast in a polite live region, with a link
 * and a dismiss button. The notifications page keeps working without it.
 * Reconnects with exponential backoff; closes for good on 4401 (signed out).
 * After each notification the header's unread badge is refreshed from the
 * server (data-unread-url), which words it in the page's language.
 * Looks come from site.css (.toast-region, .toast), readable in light and
 * forced-colours (high contrast) modes.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("WebSocket" in window) || !script) { return; }
  var path = script.getAttribute("data-socket") || "/ws/notifications/";
  // Strings from Django's JavaScript catalog (/jsi18n/, loaded in <head>).
  var gettext = window.gettext || function (text) { return text; };
  var closeLabel = gettext("Dismiss");
  var regionLabel = gettext("Notifications");
  var unreadUrl = script.getAttribute("data-unread-url");
  var backoff = 1000;
  var region;

  function ensureRegion() {
    if (region) { return region; }
    region = document.createElement("div");
    region.className = "toast-region";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-label", regionLabel);
    document.body.appendChild(region);
    return region;
  }

  function toast(n) {
    var box = document.createElement("div");
    box.className = "toast";
    box.setAttribute("data-notification-id", n.id || "");
    var text = n.url ? document.createElement("a") : document.createElement("span");
    if (n.url) { text.href = n.url; }
    text.textContent = n.title || "";
    box.appendChild(text);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "button-link toast-dismiss";
    close.textContent = closeLabel;
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    var area = ensureRegion();
    area.appendChild(box);
    while (area.children.length > 3) { area.removeChild(area.firstChild); }
    // Leave it long enough to read; never remove it while it has focus.
    window.setTimeout(function () {
      if (!box.contains(document.activeElement)) { box.remove(); }
    }, 15000);
  }

  function refreshBadge() {
    var badge = document.querySelector("[data-unread-badge]");
    if (!unreadUrl || !badge || !window.fetch) { return; }
    window.fetch(unreadUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        badge.hidden = !data.count;
        badge.children[0].textContent = data.shown;
        badge.children[1].textContent = data.label;
      })
      .catch(function () {});
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    socket.onopen = function () { backoff = 1000; };
    socket.onmessage = function (event) {
      var m;
      try { m = JSON.parse(event.data); } catch (e) { return; }
      if (m.type === "notification") { toast(m); refreshBadge(); }
    };
    socket.onclose = function (event) {
      if (event.code === 4401) { return; }
      var delay = Math.round(backoff * (0.75 + Math.random() * 0.5));
      backoff = Math.min(backoff * 2, 60000);
      window.setTimeout(connect, delay);
    };
  }

  connect();
})();
