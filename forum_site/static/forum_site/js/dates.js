/*
 * One way to write dates in scripts: the way the server writes them.
 *
 * forumDates.format(date, "DATETIME_FORMAT", timeZone) follows the language's
 * Django format string (django.get_format, from /jsi18n/) character by
 * character, as django.utils.dateformat does, with the month and weekday names
 * the server uses (django.formats.DATE_NAMES, see forum_site/dates.py). So a
 * comment that arrives over a socket, or an event time shown in the viewer's
 * own time zone, reads like every date the page already shows. Numbers are
 * Latin digits and the clock has 24 hours, as on the server.
 *
 * timeZone is an IANA name ("Europe/Paris"); without it, the browser's own.
 */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function names(character) {
    var all = window.django && window.django.formats && window.django.formats.DATE_NAMES;
    return (all && all[character]) || null;
  }

  function formatName(name) {
    if (window.django && typeof window.django.get_format === "function") {
      var format = window.django.get_format(name);
      if (format && format !== name) { return format; }
    }
    return { DATE_FORMAT: "j F Y", TIME_FORMAT: "H:i" }[name] || "j F Y, H:i";
  }

  // The wall-clock fields of an instant in a time zone.
  function fields(date, timeZone) {
    var options = {
      year: "numeric", month: "numeric", day: "numeric", weekday: "short",
      hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23",
      numberingSystem: "latn"
    };
    if (timeZone) { options.timeZone = timeZone; }
    var parts = {};
    new Intl.DateTimeFormat("en-US", options).formatToParts(date).forEach(function (part) {
      parts[part.type] = part.value;
    });
    var weekdays = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
    return {
      year: +parts.year, month: +parts.month, day: +parts.day,
      hour: +parts.hour % 24, minute: +parts.minute, second: +parts.second,
      weekday: weekdays[parts.weekday]
    };
  }

  function dayPeriod(date, timeZone) {
    var options = { hour: "numeric", hour12: true };
    if (timeZone) { options.timeZone = timeZone; }
    var lang = document.documentElement.lang || undefined;
    var found = "";
    new Intl.DateTimeFormat(lang, options).formatToParts(date).forEach(function (part) {
      if (part.type === "dayPeriod") { found = part.value; }
    });
    return found;
  }

  function format(date, name, timeZone) {
    if (!(date instanceof Date)) { date = new Date(date); }
    if (isNaN(date)) { return ""; }
    var f = fields(date, timeZone);
    var pattern = formatName(name || "DATETIME_FORMAT");
    var hour12 = f.hour % 12 || 12;
    var out = "";
    for (var i = 0; i < pattern.length; i++) {
      var c = pattern.charAt(i);
      if (c === "\\") { out += pattern.charAt(++i); continue; }
      switch (c) {
        case "d": out += pad(f.day); break;
        case "j": out += f.day; break;
        case "m": out += pad(f.month); break;
        case "n": out += f.month; break;
        case "F": case "E": case "N": case "b": case "M":
          var months = names(c) || names("F");
          out += months ? months[f.month - 1] : f.month; break;
        case "l": case "D":
          var days = names(c);
          out += days ? days[f.weekday] : ""; break;
        case "w": out += (f.weekday + 1) % 7; break;
        case "Y": out += f.year; break;
        case "y": out += pad(f.year % 100); break;
        case "G": out += f.hour; break;
        case "H": out += pad(f.hour); break;
        case "g": out += hour12; break;
        case "h": out += pad(hour12); break;
        case "i": out += pad(f.minute); break;
        case "s": out += pad(f.second); break;
        case "a": case "A": out += dayPeriod(date, timeZone); break;
        default: out += c;
      }
    }
    return out;
  }

  window.forumDates = { format: format };
})();
