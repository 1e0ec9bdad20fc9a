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
