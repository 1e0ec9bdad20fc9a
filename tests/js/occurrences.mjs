// Reads an iCalendar document on standard input with ical.js (the parser in
// Thunderbird) and prints, as JSON, each VEVENT's occurrences (UTC, ISO 8601)
// up to the date given as the first argument: {"uid": ["2026-09-07T08:00:00.000Z", ...]}.
// The document's own VTIMEZONEs are registered, as a client that does not
// know the zone would do; nothing else tells ical.js what a TZID means.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const limit = new Date(process.argv[2] ?? "2030-01-01T00:00:00Z");
const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}
const result = {};
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  const starts = [];
  if (event.isRecurring()) {
    const iterator = event.iterator();
    for (let next = iterator.next(); next && starts.length < 2000; next = iterator.next()) {
      const when = next.toJSDate();
      if (when > limit) break;
      starts.push(when.toISOString());
    }
  } else {
    starts.push(event.startDate.toJSDate().toISOString());
  }
  result[event.uid] = { starts, status: vevent.getFirstPropertyValue("status") };
}
process.stdout.write(JSON.stringify(result));
