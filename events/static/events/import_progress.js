// Updates the import progress page from its JSON without a full reload; the
// page's meta refresh does the same without JavaScript. When the import is
// over, the page is reloaded once to show its outcome.
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section || !window.fetch) return;
  var meta = document.querySelector('meta[http-equiv="refresh"]');
  if (meta) meta.parentNode.removeChild(meta);
  var bar = section.querySelector("progress");
  function poll() {
    fetch(section.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.location.reload(); return; }
        section.querySelectorAll("[data-field]").forEach(function (node) {
          node.textContent = data[node.dataset.field];
        });
        if (bar) { bar.max = data.total || 1; bar.value = data.done; }
        if (data.in_progress) window.setTimeout(poll, 2000);
        else window.location.reload();
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
