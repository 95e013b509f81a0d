// Small enhancements; every action also works without JavaScript.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions.
  for (const form of document.querySelectorAll("form.confirm")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm || "Are you sure?")) event.preventDefault();
    });
  }
  // Copy an invite link with one tap.
  for (const button of document.querySelectorAll("button.copy")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      button.textContent = "Copied";
    });
  }
  localTimes(document);
  deadlineInLocalTime(document.querySelector("fieldset.deadline"));
  // A meeting's or action's time zone: the reader's own, unless the assembly already uses one.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const field of document.querySelectorAll("input[data-time-zone]")) {
    if (zone && field.value === "UTC") field.value = zone;
  }
  // Offsets for "tonight" in forms that propose a decision.
  for (const field of document.querySelectorAll("form.inline-form input[data-utc-offset]")) {
    field.value = String(-new Date().getTimezoneOffset());
  }
});

// A proposal's deadline, given on the reader's clock: the server needs the offset from UTC at
// the chosen moment (which daylight saving may change), so it is worked out on submit.
function deadlineInLocalTime(fieldset) {
  if (!fieldset) return;
  const offset = fieldset.querySelector("[data-utc-offset]");
  const local = fieldset.querySelector("input[type=datetime-local]");
  const custom = fieldset.querySelector("input[name=closes][value=custom]");
  const offsetAt = (date) => String(-date.getTimezoneOffset());
  offset.value = offsetAt(new Date());
  const note = fieldset.querySelector("[data-zone-note]");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (note) note.textContent = `Times are in your time zone${zone ? ` (${zone})` : ""}. Voting also closes once every member has voted.`;
  local.addEventListener("input", () => { if (custom) custom.checked = true; });
  fieldset.closest("form").addEventListener("submit", () => {
    if (custom && custom.checked && local.value) {
      const chosen = new Date(local.value);
      if (!isNaN(chosen)) offset.value = offsetAt(chosen);
    }
  });
}

// Every time on a page, in the reader's own time zone and format (the server writes UTC). The
// live script calls it for what it inserts, so one page never mixes the two.
function localTimes(scope) {
  // Meetings and actions keep the clock of their place (data-zoned): that is the time agreed.
  for (const time of scope.querySelectorAll("time[datetime]:not([data-zoned])")) {
    const date = new Date(time.dateTime);
    if (!isNaN(date)) time.textContent = date.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }
}
window.wildcatLocalTimes = localTimes;

// The service worker makes Wildcat installable and shows the offline page when the server is
// out of reach (sw.js); push alerts use the same one.
if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => { /* the pages work without it */ });

// Push alerts on this device: the browser subscribes with its push service, then gives the
// subscription (an endpoint and the keys to encrypt to) to this server.
document.addEventListener("DOMContentLoaded", () => {
  const zone = document.querySelector("[data-utc-offset-select]");
  if (zone && zone.value === "0") {
    const mine = String(-new Date().getTimezoneOffset());
    if ([...zone.options].some((o) => o.value === mine)) zone.value = mine;
  }
  const section = document.getElementById("push");
  if (!section) return;
  const status = section.querySelector(".push-status");
  const on = section.querySelector(".push-on");
  const off = section.querySelector(".push-off");
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    status.textContent = "This browser cannot receive push alerts.";
    return;
  }
  const csrf = document.querySelector("meta[name=csrf]")?.content || "";
  const key = section.dataset.vapid;
  const decode = (text) => {
    const base64 = (text + "=".repeat((4 - text.length % 4) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  };
  const show = (subscribed) => { on.hidden = subscribed; off.hidden = !subscribed; };
  (async () => {
    const registration = await navigator.serviceWorker.register("/sw.js");
    const current = await registration.pushManager.getSubscription();
    show(Boolean(current));
    if (current) status.textContent = "Push alerts are on for this device.";
    on.addEventListener("click", async () => {
      try {
        if (await Notification.requestPermission() !== "granted") {
          status.textContent = "Notifications are blocked for this site: allow them in the browser's settings.";
          return;
        }
        status.textContent = "Asking this browser's push service…";
        // The browser's push service (Google's, Apple's, Mozilla's) may be out of reach: say so.
        const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("the browser's push service did not answer; try again later")), 20000));
        const subscription = await Promise.race([
          registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: decode(key) }), timeout]);
        const response = await fetch("/account/alerts/push", {
          method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
          body: JSON.stringify(subscription.toJSON()),
        });
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        status.textContent = "Push alerts are on for this device.";
        show(true);
      } catch (error) {
        status.textContent = `Push alerts could not be turned on: ${error.message || error}`;
      }
    });
    off.addEventListener("click", async () => {
      const subscription = await registration.pushManager.getSubscription();
      if (subscription) {
        const body = new URLSearchParams({ csrf, endpoint: subscription.endpoint });
        await fetch("/account/alerts/push/delete", { method: "POST", body });
        await subscription.unsubscribe();
      }
      status.textContent = "Push alerts are off for this device.";
      show(false);
    });
  })().catch((error) => { status.textContent = `Push alerts are not available: ${error.message || error}`; });
});
