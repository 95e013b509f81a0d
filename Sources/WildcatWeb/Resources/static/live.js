// Live updates: one WebSocket per page, resuming from the last event seen. Everything here is an
// enhancement; without it the page still posts, reads and pages through messages.
"use strict";
(() => {
  const body = document.body;
  if (!body.dataset.live) return;
  const mode = body.dataset.live;
  const me = body.dataset.me;
  const assembly = body.dataset.assembly;
  const channel = body.dataset.channel;
  const root = body.dataset.root || null;
  const proposal = body.dataset.proposal || null;
  const csrf = document.querySelector('meta[name="csrf"]')?.content || "";
  const list = document.getElementById("messages");
  const status = document.getElementById("live-status");
  // A sealed cursor: the page never sees the server's own event numbers.
  let after = body.dataset.after || "";
  let retry = 0;
  let readTimer = null;
  let stopped = false;
  const localTimes = (scope) => window.wildcatLocalTimes && window.wildcatLocalTimes(scope);

  const showOwn = (scope) => {
    for (const link of scope.querySelectorAll(`article[data-author="${CSS.escape(me)}"] .own`)) link.hidden = false;
  };
  showOwn(document);

  const nearBottom = () => window.innerHeight + window.scrollY >= document.body.scrollHeight - 120;
  const fragment = (html) => document.createRange().createContextualFragment(html).firstElementChild;

  const markRead = (id) => {
    clearTimeout(readTimer);
    readTimer = setTimeout(() => {
      fetch(`/a/${assembly}/c/${channel}/read`, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf },
        body: `upTo=${encodeURIComponent(id)}`,
      }).catch(() => {});
    }, 800);
  };

  const place = (element) => {
    if (root !== null) element.querySelector("footer.msg-actions a.replies")?.remove();
    localTimes(element);
    return element;
  };

  // A message's current state. Inserting twice replaces: a page may see an event again after a
  // reconnect, never miss one. A deleted message without replies is gone, as after a reload.
  const upsert = (event) => {
    const message = event.message;
    const existing = document.getElementById(`m${message.id}`);
    const inThisView = event.channel === channel && (root === null ? !message.threadRoot : (message.threadRoot === root || message.id === root));
    if (existing) {
      if (message.deleted && message.replyCount === 0) { existing.remove(); return; }
      const element = place(fragment(event.html));
      // An edit carries no reactions: keep those shown.
      const kept = existing.querySelector("form.reactions"), fresh = element.querySelector("form.reactions");
      if (kept && fresh) fresh.replaceWith(kept);
      existing.replaceWith(element);
      showOwn(element.parentElement || document);
      return;
    }
    if (message.threadRoot && root === null && event.channel === channel) {
      // A reply elsewhere in this channel: its thread's reply count changes.
      const link = document.querySelector(`#m${CSS.escape(message.threadRoot)} a.replies`);
      if (link && !message.deleted) {
        const count = (parseInt(link.textContent, 10) || 0) + 1;
        link.textContent = count === 1 ? "1 reply" : `${count} replies`;
      }
      return;
    }
    if (!inThisView) {
      if (event.channel !== channel && !message.deleted && message.authorId !== me) bump(event.channel);
      return;
    }
    if (message.deleted || !list) return;
    const stick = nearBottom();
    const element = place(fragment(event.html));
    // Frames are the same for every reader: this page's anti-forgery token goes into its forms.
    const token = document.querySelector("meta[name=csrf]")?.content;
    for (const field of element.querySelectorAll("input[name=csrf]")) if (!field.value && token) field.value = token;
    list.appendChild(element);
    showOwn(list);
    document.querySelector(".empty")?.remove();
    if (stick || message.authorId === me) element.scrollIntoView({ block: "end" });
    if (root === null) markRead(message.id);
  };

  // A direct message: shown in its conversation's open page, announced anywhere else.
  const direct = (event) => {
    const data = event.data;
    const existing = document.getElementById(`d${data.id}`);
    if (data.deleted) { existing?.remove(); return; }
    if (mode === "direct" && body.dataset.conversation === data.conversation) {
      if (existing || !list || !event.html) return;
      const element = fragment(event.html);
      localTimes(element);
      for (const field of element.querySelectorAll("input[name=csrf]")) if (!field.value && csrf) field.value = csrf;
      const stick = nearBottom();
      list.appendChild(element);
      showOwn(list);
      document.querySelector(".empty")?.remove();
      if (stick || data.authorId === me) element.scrollIntoView({ block: "end" });
    } else if (data.authorId !== me) {
      toast(`New direct message from ${data.author}`, data.link);
    }
  };

  const bump = (channelId) => {
    for (const badge of document.querySelectorAll(`[data-channel-link="${CSS.escape(channelId)}"] + .unread, [data-channel-link="${CSS.escape(channelId)}"] .unread`)) {
      badge.textContent = String((parseInt(badge.textContent, 10) || 0) + 1) + (badge.textContent.includes("new") ? " new" : "");
      badge.hidden = false;
    }
  };

  const toast = (text, href) => {
    const note = document.createElement("a");
    note.className = "toast";
    note.href = href;
    note.textContent = text;
    note.setAttribute("role", "status");
    document.body.appendChild(note);
    setTimeout(() => note.remove(), 8000);
  };

  // An alert (an urgent vote): a banner at the top of any open page, until dismissed.
  const banner = (data) => {
    if (document.querySelector(`.alert-banner[data-proposal="${CSS.escape(data.proposal)}"]`)) return;
    const bar = document.createElement("div");
    bar.className = "alert-banner";
    bar.dataset.proposal = data.proposal;
    bar.setAttribute("role", "alert");
    const link = document.createElement("a");
    link.href = data.link;
    link.textContent = data.text;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link";
    close.textContent = "Dismiss";
    close.addEventListener("click", () => bar.remove());
    bar.append(link, " ", close);
    document.body.prepend(bar);
  };

  // Replaces these sections with their current version, unless one holds what is being typed.
  const refreshSections = async (ids) => {
    const response = await fetch(location.href, { credentials: "same-origin" });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const id of ids) {
      const old = document.getElementById(id), next = fresh.getElementById(id);
      if (!old || !next) continue;
      const typing = old.contains(document.activeElement) && [...old.querySelectorAll("input:not([type=hidden]), textarea")].some((f) => f.value);
      if (!typing) old.replaceWith(document.importNode(next, true));
    }
    if (window.wildcatLocalTimes) window.wildcatLocalTimes(document);
  };

  const handle = (event) => {
    if (event.type === "reset") { stopped = true; location.reload(); return; }
    if (event.type === "signedOut") { stopped = true; location.assign("/login"); return; }
    if (typeof event.cursor === "string") after = event.cursor;
    if (event.type === "message") upsert(event);
    else if (event.type === "direct" && event.data) direct(event);
    else if (event.type === "mention" && event.data) {
      toast(`${event.data.by} mentioned you`, `/a/${event.assembly}/c/${event.data.channel}#m${event.data.messageId}`);
    } else if (event.type === "proposal" && event.data && proposal !== null && event.data.id === proposal && event.data.status === "closed") {
      // The vote closed while this page was open: show the decision.
      stopped = true;
      location.reload();
    } else if (event.type === "alert" && event.data) {
      banner(event.data);
    } else if (event.type === "pledge" && event.data) {
      // A pledge's count, live; a pledge's own page reloads when it is reached or expires.
      for (const count of document.querySelectorAll(`[data-pledge="${CSS.escape(event.data.id)}"] .pledged`)) {
        count.textContent = String(event.data.count);
      }
      const page = document.querySelector(`article[data-pledge="${CSS.escape(event.data.id)}"]`);
      if (page && page.dataset.pledgeState !== event.data.state) { stopped = true; location.reload(); }
    } else if (event.type === "reactions" && event.data) {
      // A message's reactions, counted live: one button per reaction made, in the fixed order.
      const form = document.querySelector(`form.reactions[data-message="${CSS.escape(event.data.id)}"]`);
      if (form) {
        const more = form.querySelector("details.react-more");
        for (const choice of form.querySelectorAll("details.react-more button")) {
          const value = choice.value, count = event.data.counts[value] || 0;
          let button = form.querySelector(`button.reaction[data-reaction="${CSS.escape(value)}"]`);
          if (count === 0) { button?.remove(); continue; }
          if (!button) {
            button = document.createElement("button");
            button.type = "submit"; button.name = "reaction"; button.value = value;
            button.className = "reaction"; button.dataset.reaction = value; button.setAttribute("aria-pressed", "false");
            button.append(choice.textContent + " ", Object.assign(document.createElement("span"), { className: "count" }));
            form.insertBefore(button, more);
          }
          button.querySelector(".count").textContent = String(count);
          button.setAttribute("aria-label", `${choice.getAttribute("aria-label")}, ${count}`);
        }
      }
    } else if (event.type === "actionBoard" && event.data) {
      // Someone posted on the board, took a shift or a task, checked in, or a supporter signed
      // up: this action's page refreshes those sections, leaving what is being typed alone.
      if (document.querySelector(`article[data-action="${CSS.escape(event.data.id)}"]`)) refreshSections(["board", "rota", "tasks", "supporters"]);
    } else if (event.type === "petition" && event.data) {
      // A recall petition's signatures, counted live wherever it is shown.
      for (const count of document.querySelectorAll(`[data-petition="${CSS.escape(event.data.id)}"] .signatures`)) {
        count.textContent = String(event.data.signatures);
      }
    } else if (event.type === "channelCreated" && event.assembly === assembly && event.data) {
      const nav = document.querySelector("nav.channels");
      if (nav && !nav.querySelector(`[data-channel-link="${CSS.escape(event.data.id)}"]`)) {
        const link = document.createElement("a");
        link.href = `/a/${assembly}/c/${event.data.id}`;
        link.dataset.channelLink = event.data.id;
        link.textContent = `#${event.data.name}`;
        nav.appendChild(link);
      }
    }
  };

  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/live` + (after ? `?after=${encodeURIComponent(after)}` : ""));
    socket.onopen = () => { retry = 0; if (status) status.hidden = true; };
    socket.onmessage = (message) => { try { handle(JSON.parse(message.data)); } catch (e) { /* ignore a bad frame */ } };
    socket.onclose = () => {
      if (stopped) return;
      if (status) { status.textContent = "Reconnecting…"; status.hidden = false; }
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * 2 ** retry * (0.5 + Math.random() / 2));
    };
  };
  connect();

  // Post without reloading; the message appears when it comes back live.
  for (const form of document.querySelectorAll("form.compose")) {
    const textarea = form.querySelector("textarea");
    textarea?.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new URLSearchParams(new FormData(form));
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const reply = await fetch(form.action, {
          method: "POST", credentials: "same-origin", body: data,
          headers: { "X-Wildcat-Fetch": "1", "Content-Type": "application/x-www-form-urlencoded" },
        });
        if (reply.ok) {
          textarea.value = "";
          form.querySelector(".problem")?.remove();
        } else {
          let text = "Could not send.";
          try { text = (await reply.json()).detail || text; } catch (e) { /* not JSON */ }
          let problem = form.querySelector(".problem");
          if (!problem) { problem = document.createElement("p"); problem.className = "problem"; problem.setAttribute("role", "alert"); form.prepend(problem); }
          problem.textContent = text;
        }
      } catch (e) {
        form.submit();
      } finally {
        button.disabled = false;
        textarea?.focus();
      }
    });
  }
  if (list && root === null && mode === "channel") window.scrollTo(0, document.body.scrollHeight);
})();
