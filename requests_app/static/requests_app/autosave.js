// The intake form saves itself while it is written (htmx attributes on the form). This file
// only says so when an autosave failed, so nobody trusts a save that did not happen.
(() => {
  const failed = (event) => {
    const form = event.target.closest && event.target.closest("[data-autosave]");
    const status = form && form.querySelector("#autosave-status");
    if (status) {
      status.textContent = status.dataset.failedText;
    }
  };
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
})();
