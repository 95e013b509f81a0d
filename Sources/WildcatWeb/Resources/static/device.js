// What Wildcat keeps on this device, and how it is wiped. Nothing is kept unless the member
// turned it on (a phone can be seized): then the last messages of each channel seen, as text,
// so that the offline page can show them. Signing out, turning it off, or "Wipe this device"
// removes them.
"use strict";
(() => {
  const KEEP = "wildcat.keep";
  const SAVED = "wildcat.saved";
  const PER_CHANNEL = 20;
  const CHANNELS = 20;

  const read = () => { try { return JSON.parse(localStorage.getItem(SAVED) || "{}"); } catch (e) { return {}; } };
  const keeping = () => localStorage.getItem(KEEP) === "yes";

  // The messages on this page, newest last, as plain text.
  const capture = () => {
    const list = document.getElementById("messages");
    if (!list || !keeping()) return;
    const messages = [...list.querySelectorAll("article.msg:not(.deleted)")].slice(-PER_CHANNEL).map((article) => ({
      author: (article.querySelector(".author")?.textContent || "").trim().slice(0, 64),
      text: (article.querySelector(".body")?.textContent || "").trim().slice(0, 1000),
      time: article.querySelector("time")?.getAttribute("datetime") || "",
    })).filter((message) => message.text);
    if (!messages.length) return;
    const saved = read();
    saved[location.pathname] = {
      title: [document.querySelector(".crumbs a")?.textContent, document.querySelector(".page-title")?.textContent]
        .filter(Boolean).join(" · ").trim().slice(0, 200),
      link: location.pathname, savedAt: new Date().toISOString(), messages,
    };
    // The channels seen most recently.
    const kept = Object.entries(saved).sort((a, b) => (b[1].savedAt || "").localeCompare(a[1].savedAt || "")).slice(0, CHANNELS);
    localStorage.setItem(SAVED, JSON.stringify(Object.fromEntries(kept)));
  };

  // The service worker's cache holds only the offline page and its files, nothing of the member's.
  const wipe = async () => { localStorage.removeItem(SAVED); };

  window.wildcatDevice = { read, keeping, wipe };

  document.addEventListener("DOMContentLoaded", () => {
    capture();
    const list = document.getElementById("messages");
    if (list) new MutationObserver(capture).observe(list, { childList: true });
    // Signing out leaves nothing behind to read.
    for (const form of document.querySelectorAll("form[action='/logout']")) {
      form.addEventListener("submit", () => { localStorage.removeItem(SAVED); });
    }
    const settings = document.getElementById("device");
    if (!settings) return;
    settings.hidden = false;
    const box = settings.querySelector("[data-keep]");
    const status = settings.querySelector("[data-device-status]");
    box.checked = keeping();
    box.addEventListener("change", async () => {
      if (box.checked) {
        localStorage.setItem(KEEP, "yes");
        status.textContent = "The last messages of each channel you open will be kept on this device.";
      } else {
        localStorage.removeItem(KEEP);
        await wipe();
        status.textContent = "Nothing is kept on this device now; what was kept is wiped.";
      }
    });
    settings.querySelector("[data-wipe-device]").addEventListener("click", async () => {
      await wipe();
      status.textContent = "This device is wiped.";
    });
  });
})();
