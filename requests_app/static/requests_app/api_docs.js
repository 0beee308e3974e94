// The API documentation page: Swagger UI renders a few controls without a usable accessible
// name. Fix them as it renders them (no inline script: the Content-Security-Policy).
"use strict";

(function () {
  function nameControls(root) {
    // the value list of an enum parameter: named after its parameter
    root.querySelectorAll("tr[data-param-name] :is(select, input, textarea):not([aria-label])").forEach(function (control) {
      if (!control.labels || !control.labels.length) {
        control.setAttribute("aria-label", control.closest("tr[data-param-name]").getAttribute("data-param-name"));
      }
    });
    // the authorisation dialog's close button shows only an icon
    root.querySelectorAll("button.close-modal:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Close");
    });
    // "Authorize" / "Logout" buttons whose aria-label hides the words they show
    root.querySelectorAll(".auth-container button[aria-label]").forEach(function (button) {
      var text = button.textContent.trim();
      if (text && button.getAttribute("aria-label").indexOf(text) === -1) {
        button.removeAttribute("aria-label");
      }
    });
  }

  var target = document.getElementById("swagger-ui");
  new MutationObserver(function () {
    nameControls(target);
  }).observe(target, { childList: true, subtree: true });
})();
