/* Live notifications ("toasts") for signed-in users.
 *
 * Connects to the per-user socket /ws/notifications/ (forum_site/consumers.py)
 * and shows each notification as a toast in a polite live region, with a link
 * and a dismiss button. The notifications page keeps working without it.
 * Reconnects with exponential backoff; closes for good on 4401 (signed out).
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
  var backoff = 1000;
  var region;

  function ensureRegion() {
    if (region) { return region; }
    region = document.createElement("div");
    region.className = "toasts";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-label", regionLabel);
    var s = region.style;
    s.position = "fixed"; s.insetInlineEnd = "1rem"; s.bottom = "1rem"; s.zIndex = "20";
    s.display = "flex"; s.flexDirection = "column"; s.gap = ".5rem"; s.maxWidth = "22rem";
    document.body.appendChild(region);
    return region;
  }

  function toast(n) {
    var box = document.createElement("div");
    box.className = "toast";
    box.setAttribute("data-notification-id", n.id || "");
    var s = box.style;
    s.background = "#fff"; s.color = "#1b1f24"; s.border = "2px solid #0b4f8a";
    s.borderRadius = "4px"; s.padding = ".5rem .75rem"; s.boxShadow = "0 2px 6px rgba(0,0,0,.2)";
    var text = n.url ? document.createElement("a") : document.createElement("span");
    if (n.url) { text.href = n.url; }
    text.textContent = n.title || "";
    box.appendChild(text);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "link-button";
    close.textContent = closeLabel;
    close.style.marginInlineStart = ".75rem";
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

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    socket.onopen = function () { backoff = 1000; };
    socket.onmessage = function (event) {
      var m;
      try { m = JSON.parse(event.data); } catch (e) { return; }
      if (m.type === "notification") { toast(m); }
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
