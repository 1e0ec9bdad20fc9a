// Enhancements only; every page works without this file.
(function () {
  "use strict";
  // Show each time also in the viewer's own time zone.
  var viewerZone;
  try { viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  document.querySelectorAll("time[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when)) { return; }
    // Written as the page writes dates (forum_site/js/dates.js), in the viewer's zone.
    var text = window.forumDates
      ? window.forumDates.format(when, "DATETIME_FORMAT", viewerZone)
      : when.toLocaleString(document.documentElement.lang || undefined);
    var span = document.createElement("span");
    span.className = "local-time";
    var gettext = window.gettext || function (t) { return t; };
    var interpolate = window.interpolate || function (fmt, obj) {
      return fmt.replace(/%\((\w+)\)s/g, function (_, key) { return obj[key]; });
    };
    span.textContent = " " + interpolate(
      // Translators: the event's time in the viewer's time zone, after the event's own.
      viewerZone ? gettext("(%(time)s, %(zone)s)") : gettext("(%(time)s)"),
      { time: text, zone: viewerZone }, true);
    el.insertAdjacentElement("afterend", span);
  });
  // Month grid: arrow keys move between days (links inside stay in the tab order).
  document.querySelectorAll("[data-month-grid]").forEach(function (grid) {
    var cells = Array.prototype.slice.call(grid.querySelectorAll("td[data-day]"));
    grid.addEventListener("keydown", function (event) {
      var cell = event.target.closest("td[data-day]");
      if (!cell) { return; }
      var index = cells.indexOf(cell);
      var moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
      if (document.dir === "rtl") { moves.ArrowLeft = 1; moves.ArrowRight = -1; }
      if (!(event.key in moves)) { return; }
      var next = cells[index + moves[event.key]];
      if (next) { event.preventDefault(); next.focus(); }
    });
    if (cells.length) {
      var start = grid.querySelector("td.today") || cells[0];
      start.setAttribute("tabindex", "0");
    }
  });
})();
