// Runs forum_site/static/forum_site/js/dates.js as a page would, after the
// language's /jsi18n/ catalog, and prints what it writes for each case.
// stdin: {"catalog": "<js>", "dates_js": "<js>", "lang": "fr",
//         "cases": [{"instant": "<ISO>", "format": "DATE_FORMAT", "zone": "Asia/Tokyo"}]}
import vm from "node:vm";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { catalog, dates_js: datesJs, lang, cases } = JSON.parse(input);
const context = { document: { documentElement: { lang } }, Intl, Date };
context.window = context;
vm.createContext(context);
vm.runInContext(catalog, context);
vm.runInContext(datesJs, context);
const out = cases.map((c) => context.forumDates.format(new Date(c.instant), c.format, c.zone));
process.stdout.write(JSON.stringify(out));
