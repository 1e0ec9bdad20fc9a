/* Live notifications ("toasts") for signed-in users.
 *
 * Connects to the per-user socket /ws/notifications/ (forum_site/consumers.py)
 * and shows each notification as a toast in a polite live region, with a link
 * and a dismiss button. The notifications page keeps working without it.
 * Reconnects with exponential backoff; closes for good on 4401 (signed out).
 * After each notification the header's unread badges (every [data-unread-badge]:
 * on the "Notifications" link and on the collapsed "Menu" button) are refreshed
 * from the server (data-unread-url), which words them in the page's language,
 * and a changed count is said once in the polite region (never on page load:
 * only a live notification refreshes it).
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
  var region, unreadStatus;

  function ensureRegion() {
    if (region) { return region; }
    region = document.createElement("div");
    region.className = "toast-region";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-label", regionLabel);
    // The unread count, said after the toast (visually the badges show it).
    unreadStatus = document.createElement("p");
    unreadStatus.className = "visually-hidden";
    unreadStatus.setAttribute("data-unread-status", "");
    region.appendChild(unreadStatus);
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
    area.insertBefore(box, unreadStatus);
    var boxes = area.querySelectorAll(".toast");
    for (var i = 0; i < boxes.length - 3; i++) { boxes[i].remove(); }
    // Leave it long enough to read; never remove it while it has focus.
    window.setTimeout(function () {
      if (!box.contains(document.activeElement)) { box.remove(); }
    }, 15000);
  }

  // One code path for every badge: {count, shown, label} as unread.json gives it.
  function showUnread(data) {
    var badges = document.querySelectorAll("[data-unread-badge]");
    var changed = false;
    for (var i = 0; i < badges.length; i++) {
      var badge = badges[i];
      if (badge.children[0].textContent !== data.shown || badge.hidden !== !data.count) { changed = true; }
      badge.hidden = !data.count;
      badge.children[0].textContent = data.shown;
      badge.children[1].textContent = data.label;
    }
    if (changed && data.count && unreadStatus) { unreadStatus.textContent = data.label; }
  }

  function refreshBadge() {
    if (!unreadUrl || !window.fetch || !document.querySelector("[data-unread-badge]")) { return; }
    window.fetch(unreadUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { showUnread(data); } })
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
