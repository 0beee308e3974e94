// Progressive enhancement only: every page works without this file (and without inline script,
// which the Content-Security-Policy refuses).
document.addEventListener("DOMContentLoaded", () => {
  // A form that came back with errors: start at its summary, so a screen reader announces the
  // problems and a keyboard user can follow the links to the fields.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
