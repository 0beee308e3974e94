// Warn before the idle session ends, and say so when it has. The server renews the session on
// every request, so every answer it gives (a page, an autosave, "stay signed in") restarts the
// count. Without this file nothing warns, but a form posted too late is still kept (core.stash).
(() => {
  const notice = document.querySelector("[data-session-notice]");
  if (!notice) {
    return;
  }
  const idle = Number(notice.dataset.idleSeconds) * 1000;
  const lead = Number(notice.dataset.warningSeconds) * 1000;
  const warning = notice.querySelector("[data-session-warning]");
  const ended = notice.querySelector("[data-session-ended]");
  let timers = [];
  let over = false;

  const show = (part) => {
    warning.hidden = part !== warning;
    ended.hidden = part !== ended;
  };
  const end = () => {
    over = true;
    timers.forEach(clearTimeout);
    show(ended);
  };
  const restart = () => {
    if (over) {
      return;
    }
    timers.forEach(clearTimeout);
    show(null);
    timers = [setTimeout(() => show(warning), Math.max(idle - lead, 0)), setTimeout(end, idle)];
  };

  // An answer that says the session is gone (sent as an HX-Trigger header by the server).
  document.addEventListener("expertdesk:session-ended", end);
  document.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail.xhr;
    const trigger = (xhr && xhr.getResponseHeader("HX-Trigger")) || "";
    if (event.detail.successful && !trigger.includes("expertdesk:session-ended")) {
      restart();
    }
  });
  restart();
})();
