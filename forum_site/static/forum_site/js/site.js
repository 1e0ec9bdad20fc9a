/* Progressive enhancements shared by every page. The site works without it. */
(function () {
  "use strict";
  // Submit the language switcher as soon as a language is picked; the
  // button stays for keyboard and no-JS users.
  var select = document.getElementById("language-select");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
})();
/* Disclosures shown open on wide screens (the header's menu, filters): CSS does
   it with ::details-content; where a browser lacks it, open them here. */
(function () {
  "use strict";
  if (!window.matchMedia) return;
  if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) return;
  var wide = window.matchMedia("(min-width: 48rem)");
  function sync() {
    var all = document.querySelectorAll("details.disclosure-wide-open");
    for (var i = 0; i < all.length; i++) { all[i].open = wide.matches; }
  }
  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
})();
