// The bulletin board's check, in the member's own browser (docs/secret-ballots.md): the same
// checks as `wildcat verify-board`, in the same order, naming the first bad entry. Signatures go
// through crypto.subtle where the page has it (HTTPS or localhost), else through BigInt.
"use strict";
(() => {
  const box = document.querySelector("[data-board-check]");
  if (!box || !window.WildcatRSA) return;
  const R = window.WildcatRSA;
  box.hidden = false;   // without a script, the page offers the download and the command instead
  const button = box.querySelector("button");
  const status = box.querySelector("[role=status]");
  const findings = box.querySelector(".board-findings");
  const say = (text) => { status.textContent = text; };
  const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));
  const utf8 = new TextEncoder();

  class BoardProblem extends Error {
    constructor(entry, reason) { super(entry ? `Entry ${entry}: ${reason}` : reason); }
  }

  // The chain's start: SHA-256 of "wildcat-board|<proposal>".
  const chainStart = (proposal) => R.sha256(utf8.encode(`wildcat-board|${proposal}`));
  // One link, fields length-prefixed as `BoardChain.link` does.
  const link = (previous, token, signature, ballot) => {
    const text = utf8.encode(ballot);
    const input = new Uint8Array(previous.length + 12 + token.length + signature.length + text.length);
    const view = new DataView(input.buffer);
    input.set(previous, 0);
    let at = previous.length;
    for (const field of [token, signature, text]) {
      view.setUint32(at, field.length);
      input.set(field, at + 4);
      at += 4 + field.length;
    }
    return R.sha256(input);
  };

  // Every signature, native where possible; `done(n)` reports progress.
  const checkSignatures = async (der, entries, done) => {
    const signed = new Array(entries.length);
    const subtle = window.crypto && window.crypto.subtle;
    if (subtle) {
      const key = await subtle.importKey("spki", der, { name: "RSA-PSS", hash: "SHA-384" }, false, ["verify"]);
      for (let start = 0; start < entries.length; start += 2000) {
        const chunk = entries.slice(start, start + 2000);
        const results = await Promise.all(chunk.map((e) => subtle.verify({ name: "RSA-PSS", saltLength: 48 }, key, e.sig, e.tok)));
        results.forEach((ok, i) => { signed[start + i] = ok; });
        done(Math.min(entries.length, start + 2000));
      }
      return signed;
    }
    const key = R.parseKey(der);
    for (let i = 0; i < entries.length; i++) {
      signed[i] = R.verify(entries[i].tok, entries[i].sig, key);
      if (i % 200 === 199) { done(i + 1); await yieldToPage(); }
    }
    return signed;
  };

  // Whether a ballot's JSON is one this proposal accepts (`Tally.validate`).
  const valid = (ballot, draft) => {
    const known = new Set(draft.options || []);
    const allKnown = (names) => names.every((name) => known.has(name));
    const isObject = (x) => x && typeof x === "object" && !Array.isArray(x);
    switch (draft.method) {
      case "yesno": return ["yes", "no", "abstain"].includes(ballot.choice);
      case "consent": return ["agree", "abstain", "disagree", "block"].includes(ballot.position);
      case "approval": return Array.isArray(ballot.approve) && allKnown(ballot.approve);
      case "score": return isObject(ballot.scores) && allKnown(Object.keys(ballot.scores))
        && Object.values(ballot.scores).every((s) => Number.isInteger(s) && s >= 0 && s <= 5);
      case "dot": return isObject(ballot.dots) && allKnown(Object.keys(ballot.dots))
        && Object.values(ballot.dots).every((d) => Number.isInteger(d) && d >= 0)
        && Object.values(ballot.dots).reduce((a, b) => a + b, 0) <= draft.dotBudget;
      case "timepoll": return isObject(ballot.slots) && allKnown(Object.keys(ballot.slots))
        && Object.values(ballot.slots).every((m) => ["yes", "ifNeedBe", "no"].includes(m));
      default: return Array.isArray(ballot.ranking) && allKnown(ballot.ranking) && new Set(ballot.ranking).size === ballot.ranking.length;
    }
  };

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const sorted = (object) => Object.fromEntries(Object.keys(object).sort().map((k) => [k, object[k]]));

  // Counts the ballots again and compares with the working the server published. Returns what
  // was recounted; throws where it differs. The draws that settle exact ties, and Scottish STV's
  // transfers after the first stage, are checked by `wildcat verify-board` only.
  const recount = (draft, ballots, result) => {
    const working = result && result.working;
    if (!working) throw new BoardProblem(null, "the board has no result to compare with");
    const options = draft.options || [];
    const zero = () => Object.fromEntries(options.map((o) => [o, 0]));
    const differ = (what) => { throw new BoardProblem(null, `the server's ${what} differs from the recount`); };
    switch (draft.method) {
      case "yesno": case "consent": {
        const counts = Object.fromEntries(Object.keys(working.counts).map((k) => [k, 0]));
        for (const b of ballots) counts[b.choice ?? b.position] += 1;
        if (!same(sorted(counts), sorted(working.counts))) differ("counts");
        return "every count";
      }
      case "approval": case "score": case "dot": {
        const totals = zero();
        for (const b of ballots) {
          if (b.approve) b.approve.forEach((o) => { totals[o] += 1; });
          for (const [o, n] of Object.entries(b.scores || b.dots || {})) totals[o] += n;
        }
        if (!same(sorted(totals), sorted(working.totals)) || working.ballots !== ballots.length) differ("totals");
        return "every option's total";
      }
      case "timepoll": {
        const slots = Object.fromEntries(options.map((o) => [o, { yes: 0, ifNeedBe: 0, no: 0 }]));
        for (const b of ballots) for (const o of options) slots[o][b.slots[o] || "no"] += 1;
        if (!same(sorted(slots), sorted(working.slots))) differ("slots");
        return "every slot";
      }
      case "irv": {
        // Replays the published rounds: each round's votes from the ballots, and each eliminated
        // option among the fewest.
        const continuing = new Set(options);
        working.rounds.forEach((round, i) => {
          const votes = Object.fromEntries([...continuing].map((o) => [o, 0]));
          let exhausted = 0;
          for (const b of ballots) {
            const first = b.ranking.find((o) => continuing.has(o));
            if (first === undefined) exhausted += 1; else votes[first] += 1;
          }
          if (!same(sorted(votes), sorted(round.votes)) || exhausted !== round.exhausted) differ(`round ${i + 1}`);
          if (round.eliminated != null) {
            if (votes[round.eliminated] !== Math.min(...Object.values(votes))) differ(`elimination in round ${i + 1}`);
            continuing.delete(round.eliminated);
          }
        });
        return `all ${working.rounds.length} rounds`;
      }
      case "schulze": {
        const n = working.options.length, index = new Map(working.options.map((o, i) => [o, i]));
        const d = Array.from({ length: n }, () => new Array(n).fill(0));
        for (const b of ballots) {
          const place = new Array(n).fill(Infinity);
          b.ranking.forEach((o, p) => { place[index.get(o)] = p; });
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && place[i] < place[j]) d[i][j] += 1;
        }
        const p = d.map((row, i) => row.map((x, j) => (i !== j && x > d[j][i] ? x : 0)));
        for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
          if (i !== k && j !== i && j !== k) p[i][j] = Math.max(p[i][j], Math.min(p[i][k], p[k][j]));
        }
        if (!same(d, working.pairwise)) differ("pairwise counts");
        if (!same(p, working.strongestPaths)) differ("strongest paths");
        return "the pairwise counts and strongest paths";
      }
      case "stv": {
        const first = zero();
        let validVotes = 0;
        for (const b of ballots) if (b.ranking.length) { first[b.ranking[0]] += 1; validVotes += 1; }
        if (validVotes !== working.validVotes || working.quota !== Math.floor(validVotes / (draft.seats + 1)) + 1) differ("quota");
        const stage = working.stages[0];
        if (stage && !options.every((o) => Number(stage.totals[o]) === first[o])) differ("first preferences");
        return "the quota and first preferences (later transfers: wildcat verify-board)";
      }
      default: throw new BoardProblem(null, `no recount here for ${draft.method}`);
    }
  };

  const check = async (board, mine) => {
    const der = Uint8Array.from(atob(board.key), (c) => c.charCodeAt(0));
    if (R.fingerprint(der) !== board.fingerprint || board.fingerprint !== box.dataset.fingerprint) {
      throw new BoardProblem(null, "the key does not have the fingerprint this page names");
    }
    const entries = board.entries.map((e, i) => {
      let tok, sig;
      try { tok = R.unb64(e.token); sig = R.unb64(e.signature); } catch (error) { throw new BoardProblem(i + 1, "its token or signature is not base64url"); }
      return { ...e, tok, sig };
    });
    const started = performance.now();
    const signed = await checkSignatures(der, entries, (n) => say(`Checked ${n.toLocaleString()} of ${entries.length.toLocaleString()} signatures…`));
    say("Checking the chain and counting…");
    await yieldToPage();
    let previous = chainStart(board.proposal);
    const seen = new Map(), ballots = [];
    let own = null;
    entries.forEach((entry, index) => {
      const place = index + 1;
      if (entry.number !== place) throw new BoardProblem(place, `numbered ${entry.number}: an entry before it was removed, added or moved`);
      if (!signed[index]) throw new BoardProblem(place, "its signature is not the proposal key's on its token");
      if (seen.has(entry.token)) throw new BoardProblem(place, `its token was already used by entry ${seen.get(entry.token)}`);
      seen.set(entry.token, place);
      let ballot;
      try { ballot = JSON.parse(entry.ballot); } catch (error) { ballot = null; }
      if (!ballot || !valid(ballot, board.draft)) throw new BoardProblem(place, "its ballot is not one this proposal accepts");
      previous = link(previous, entry.tok, entry.sig, entry.ballot);
      if (R.hex(previous) !== entry.hash) {
        throw new BoardProblem(place, "its hash does not follow from the entry before it: it, or one before it, was altered, removed, added or moved");
      }
      if (mine && entry.token === mine) own = entry;
      ballots.push(ballot);
    });
    if (R.hex(previous) !== board.finalHash) throw new BoardProblem(null, "the final hash is not the last entry's: entries were removed from the end");
    if (entries.length > board.tookToken.length) throw new BoardProblem(null, `${entries.length} ballots but only ${board.tookToken.length} tokens issued`);
    const recounted = recount(board.draft, ballots, board.result);
    return { count: entries.length, recounted, own, seconds: (performance.now() - started) / 1000 };
  };

  const report = (lines) => {
    findings.replaceChildren(...lines.map((text) => { const li = document.createElement("li"); li.textContent = text; return li; }));
  };

  box.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    findings.replaceChildren();
    box.dataset.outcome = "";
    try {
      say("Downloading the board…");
      const reply = await fetch(box.dataset.boardUrl, { credentials: "same-origin", cache: "no-store" });
      if (!reply.ok) throw new Error(`The server answered ${reply.status}: the board could not be fetched.`);
      const board = await reply.json();
      const mine = (box.querySelector("input[name=token]").value || "").trim();
      const found = await check(board, mine);
      const lines = [
        `${found.count.toLocaleString()} ballots: every signature is this vote's key's, every token used once, the chain unbroken to the final hash.`,
        `Recounted ${found.recounted}: the same as the server's.`,
      ];
      if (mine) lines.push(found.own ? `Your token is entry ${found.own.number}: ${found.own.ballot}` : "Your token is not on the board: your ballot was not counted. Say so to the assembly.");
      report(lines);
      box.dataset.outcome = mine && !found.own ? "missing" : "good";
      say(`The board checks (${found.seconds.toFixed(1)} s).`);
    } catch (error) {
      box.dataset.outcome = "bad";
      say(error instanceof BoardProblem ? `The board does not check. ${error.message}.` : error.message || String(error));
    } finally {
      button.disabled = false;
    }
  });
})();
