// Wildcat's service worker: makes the app installable and shows the offline page when the
// server cannot be reached; shows an alert pushed by the server (RFC 8291-encrypted; the
// browser has decrypted it already) and opens the page it is about when tapped.
"use strict";
const OFFLINE = "wildcat-offline-v1";
const OFFLINE_FILES = ["/offline", "/static/app.css", "/static/device.js", "/static/offline.js", "/static/icon-192.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(OFFLINE).then((cache) => cache.addAll(OFFLINE_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== OFFLINE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// Pages always come from the server (nothing a member reads is cached here); only when it
// cannot be reached does the offline page, and the few files it needs, come from the cache.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(async () => (await caches.match("/offline")) || Response.error()));
  } else if (OFFLINE_FILES.includes(new URL(request.url).pathname)) {
    event.respondWith(fetch(request).catch(async () => (await caches.match(request)) || Response.error()));
  }
});

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
