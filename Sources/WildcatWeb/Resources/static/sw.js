// Wildcat's service worker: shows an alert pushed by the server (RFC 8291-encrypted; the browser
// has decrypted it already) and opens the page it is about when tapped.
"use strict";
self.addEventListener("push", (event) => {
  let data = { text: "New alert in your assembly", link: "/", tag: "wildcat" };
  try { if (event.data) data = Object.assign(data, event.data.json()); } catch (e) { /* keep the default */ }
  event.waitUntil(self.registration.showNotification("Wildcat", {
    body: data.text, tag: data.tag, data: { link: data.link }, renotify: true, requireInteraction: true,
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = new URL((event.notification.data && event.notification.data.link) || "/", self.location.origin);
  // Only this server's own pages.
  const target = link.origin === self.location.origin ? link.href : self.location.origin + "/";
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const client of open) {
      if (client.url === target && "focus" in client) return client.focus();
    }
    return self.clients.openWindow(target);
  })());
});
