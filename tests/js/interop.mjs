// Reads an iCalendar document on standard input with ical.js (the parser in
// Thunderbird) and prints, as JSON, one entry per VEVENT: its UID, its
// RECURRENCE-ID (an override or a cancelled occurrence, else null), STATUS,
// whether it is all-day, and its occurrences up to the date given as the first
// argument, expanded by ical.js itself (RRULE, RDATE, EXDATE): timed ones as
// UTC ISO 8601, all-day ones as YYYY-MM-DD.
// The document's own VTIMEZONEs are registered, as a client that does not know
// the zone would do; nothing else tells ical.js what a TZID means.
// Several documents at once (one node start for a whole suite): a JSON array
// of documents on standard input gives a JSON array of such results.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const limit = new Date(process.argv[2] ?? "2030-01-01T00:00:00Z");
const MAX = 5000;

function key(time) {
  return time.isDate ? time.toString().slice(0, 10) : time.toJSDate().toISOString();
}

function read(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const result = [];
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    const starts = [];
    const allDay = event.startDate.isDate;
    const recurrenceId = vevent.getFirstPropertyValue("recurrence-id");
    if (event.isRecurring() && !recurrenceId) {
      const iterator = event.iterator();
      for (let next = iterator.next(); next && starts.length < MAX; next = iterator.next()) {
        if (next.toJSDate() > limit) break;
        starts.push(key(next));
      }
    } else if (event.startDate.toJSDate() <= limit) {
      starts.push(key(event.startDate));
    }
    result.push({
      uid: event.uid,
      recurrenceId: recurrenceId ? key(recurrenceId) : null,
      status: vevent.getFirstPropertyValue("status"),
      allDay,
      starts,
    });
  }
  return result;
}

const input = readFileSync(0, "utf8");
const output = input.startsWith("[") ? JSON.parse(input).map(read) : read(input);
process.stdout.write(JSON.stringify(output));
