// The offline page: lists the messages this device kept (if the member turned that on), and
// wipes them on request.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector("[data-saved-list]");
  const none = document.querySelector("[data-saved-none]");
  const show = () => {
    list.replaceChildren();
    const channels = Object.values(window.wildcatDevice.read());
    none.hidden = channels.length > 0;
    for (const channel of channels) {
      const section = document.createElement("section");
      section.className = "saved-channel";
      const heading = document.createElement("h3");
      heading.textContent = channel.title || channel.link;
      const seen = document.createElement("p");
      seen.className = "muted";
      seen.textContent = `Seen ${new Date(channel.savedAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}`;
      const messages = document.createElement("ol");
      messages.className = "list";
      for (const message of channel.messages) {
        const item = document.createElement("li");
        const author = document.createElement("strong");
        author.textContent = message.author;
        item.append(author, document.createTextNode(` ${message.text}`));
        messages.append(item);
      }
      section.append(heading, seen, messages);
      list.append(section);
    }
  };
  show();
  document.querySelector("[data-wipe-device]").addEventListener("click", async () => {
    await window.wildcatDevice.wipe();
    show();
    document.querySelector("[data-wipe-status]").textContent = "This device is wiped.";
  });
});
