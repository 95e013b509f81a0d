// A secret ballot, cast so that the server cannot link it to the voter (docs/secret-ballots.md):
// this browser makes a random token, blinds it (RFC 9474, RSABSSA-SHA384-PSS-Deterministic),
// has the server sign it blind while signed in, unblinds the signature, then, after a random
// delay, sends token, signature and ballot on a route that takes no cookie. The arithmetic is
// `blindrsa.js`'s.
"use strict";
(() => {
  const form = document.querySelector("form[data-secret-ballot]");
  if (!form || !window.WildcatRSA) return;
  const { b64, unb64, random, blind, finalize, parseKey, fingerprint: fingerprintOf } = window.WildcatRSA;
  const status = document.getElementById("secret-status");
  const say = (text) => { if (status) status.textContent = text; };

  // The ballot's JSON from the form, as the server's `Ballot` reads it.
  const ballotOf = () => {
    const options = JSON.parse(form.dataset.options || "[]");
    const data = new FormData(form);
    const indexed = (prefix) => options.map((option, i) => [option, data.get(`${prefix}[o${i}]`)]);
    switch (form.dataset.method) {
      case "yesno": return data.get("choice") ? { choice: data.get("choice") } : null;
      case "consent": return data.get("position") ? { position: data.get("position") } : null;
      case "approval": return { approve: indexed("approve").filter(([, v]) => v === "true").map(([o]) => o) };
      case "score": return { scores: Object.fromEntries(indexed("score").filter(([, v]) => v !== null && v !== "").map(([o, v]) => [o, Number(v)])) };
      case "dot": return { dots: Object.fromEntries(indexed("dots").filter(([, v]) => v && Number(v) !== 0).map(([o, v]) => [o, Number(v)])) };
      case "timepoll": return { slots: Object.fromEntries(indexed("slot").map(([o, v]) => [o, v || "no"])) };
      default: {
        const ranked = indexed("rank").filter(([, v]) => v !== null && v !== "").map(([o, v]) => [o, Number(v)]);
        if (!ranked.length || new Set(ranked.map(([, v]) => v)).size !== ranked.length) return null;
        return { ranking: ranked.sort((a, b) => a[1] - b[1]).map(([o]) => o) };
      }
    }
  };

  const problem = async (response) => {
    try { return (await response.json()).detail; } catch (e) { return `The server answered ${response.status}.`; }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ballot = ballotOf();
    if (!ballot) { say("Fill in your ballot first (each rank different)."); return; }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      say("Fetching this vote's key…");
      const info = await (await fetch(form.dataset.keyUrl, { credentials: "same-origin" })).json();
      const der = Uint8Array.from(atob(info.key), (c) => c.charCodeAt(0));
      if (fingerprintOf(der) !== form.dataset.fingerprint) throw new Error("This vote's key is not the one its page names: nothing was sent.");
      const key = parseKey(der);
      const saved = sessionStorage.getItem(`wildcat-token-${info.proposal}`);
      let token, signature;
      if (saved) {
        ({ token, signature } = JSON.parse(saved));
      } else {
        if (info.tokenTaken) throw new Error("You have taken your token for this vote already, in another browser or page.");
        say("Taking your token (the server signs it without seeing it)…");
        const raw = random(32);
        const state = blind(raw, key);
        const reply = await fetch(form.dataset.tokenUrl, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": document.querySelector('meta[name="csrf"]')?.content || "" },
          body: JSON.stringify({ blinded: b64(state.blinded) }),
        });
        if (!reply.ok) throw new Error(await problem(reply));
        signature = b64(finalize(unb64((await reply.json()).blindSignature), state, key));
        token = b64(raw);
        // Kept until the cast is acknowledged, so that a reload does not lose the vote.
        sessionStorage.setItem(`wildcat-token-${info.proposal}`, JSON.stringify({ token, signature }));
      }
      // The wait ends at least 15 s before the close (by this device's clock), so the cast is not refused as late.
      const untilClose = Number(form.dataset.closesAt || "0") - Date.now() - 15000;
      const delay = Math.max(0, Math.min(Number(form.dataset.delay || "0") * Math.random(), untilClose));
      say(delay >= 1000 ? `Casting in ${Math.ceil(delay / 1000)} s (a random wait hides when you took your token)…` : "Casting…");
      await new Promise((resolve) => setTimeout(resolve, delay));
      const cast = await fetch(form.dataset.castUrl, {
        method: "POST", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token, signature, ballot }),
      });
      if (!cast.ok) throw new Error(await problem(cast));
      const receipt = await cast.json();
      sessionStorage.removeItem(`wildcat-token-${info.proposal}`);
      const done = document.getElementById("secret-receipt");
      if (done) {
        done.hidden = false;
        done.querySelector(".number").textContent = String(receipt.number);
        done.querySelector(".token").textContent = token;
        // The signed receipt, as a file only if the member saves it: this page keeps nothing.
        const save = done.querySelector("a.save");
        if (save) {
          save.href = "data:application/json;charset=utf-8," + encodeURIComponent(JSON.stringify({ ...receipt, token }, null, 1));
          save.download = `receipt-${info.proposal}.json`;
          save.hidden = false;
        }
      }
      form.hidden = true;
      say("Your secret ballot was cast.");
    } catch (error) {
      say(error.message || String(error));
      button.disabled = false;
    }
  });
})();
