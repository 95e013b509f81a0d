// A secret ballot, cast so that the server cannot link it to the voter (docs/secret-ballots.md):
// this browser makes a random token, blinds it (RFC 9474, RSABSSA-SHA384-PSS-Deterministic),
// has the server sign it blind while signed in, unblinds the signature, then, after a random
// delay, sends token, signature and ballot on a route that takes no cookie. Plain JavaScript:
// BigInt for the RSA arithmetic, SHA-384 by hand (crypto.subtle is missing on plain-HTTP pages).
"use strict";
(() => {
  const form = document.querySelector("form[data-secret-ballot]");
  if (!form) return;
  const status = document.getElementById("secret-status");
  const say = (text) => { if (status) status.textContent = text; };
  const b64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const unb64 = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

  // SHA-384 (FIPS 180-4), 64-bit words as BigInt.
  const K = [
    "428a2f98d728ae22", "7137449123ef65cd", "b5c0fbcfec4d3b2f", "e9b5dba58189dbbc", "3956c25bf348b538", "59f111f1b605d019", "923f82a4af194f9b", "ab1c5ed5da6d8118",
    "d807aa98a3030242", "12835b0145706fbe", "243185be4ee4b28c", "550c7dc3d5ffb4e2", "72be5d74f27b896f", "80deb1fe3b1696b1", "9bdc06a725c71235", "c19bf174cf692694",
    "e49b69c19ef14ad2", "efbe4786384f25e3", "0fc19dc68b8cd5b5", "240ca1cc77ac9c65", "2de92c6f592b0275", "4a7484aa6ea6e483", "5cb0a9dcbd41fbd4", "76f988da831153b5",
    "983e5152ee66dfab", "a831c66d2db43210", "b00327c898fb213f", "bf597fc7beef0ee4", "c6e00bf33da88fc2", "d5a79147930aa725", "06ca6351e003826f", "142929670a0e6e70",
    "27b70a8546d22ffc", "2e1b21385c26c926", "4d2c6dfc5ac42aed", "53380d139d95b3df", "650a73548baf63de", "766a0abb3c77b2a8", "81c2c92e47edaee6", "92722c851482353b",
    "a2bfe8a14cf10364", "a81a664bbc423001", "c24b8b70d0f89791", "c76c51a30654be30", "d192e819d6ef5218", "d69906245565a910", "f40e35855771202a", "106aa07032bbd1b8",
    "19a4c116b8d2d0c8", "1e376c085141ab53", "2748774cdf8eeb99", "34b0bcb5e19b48a8", "391c0cb3c5c95a63", "4ed8aa4ae3418acb", "5b9cca4f7763e373", "682e6ff3d6b2b8a3",
    "748f82ee5defb2fc", "78a5636f43172f60", "84c87814a1f0ab72", "8cc702081a6439ec", "90befffa23631e28", "a4506cebde82bde9", "bef9a3f7b2c67915", "c67178f2e372532b",
    "ca273eceea26619c", "d186b8c721c0c207", "eada7dd6cde0eb1e", "f57d4f7fee6ed178", "06f067aa72176fba", "0a637dc5a2c898a6", "113f9804bef90dae", "1b710b35131c471b",
    "28db77f523047d84", "32caab7b40c72493", "3c9ebe0a15c9bebc", "431d67c49c100d4c", "4cc5d4becb3e42b6", "597f299cfc657e2a", "5fcb6fab3ad6faec", "6c44198c4a475817",
  ].map((h) => BigInt("0x" + h));
  const H384 = ["cbbb9d5dc1059ed8", "629a292a367cd507", "9159015a3070dd17", "152fecd8f70e5939",
    "67332667ffc00b31", "8eb44a8768581511", "db0c2e0d64f98fa7", "47b5481dbefa4fa4"].map((h) => BigInt("0x" + h));
  const M64 = (1n << 64n) - 1n;
  const rotr = (x, n) => ((x >> n) | (x << (64n - n))) & M64;

  const sha384 = (message) => {
    const bitLength = BigInt(message.length) * 8n;
    const padded = new Uint8Array(Math.ceil((message.length + 17) / 128) * 128);
    padded.set(message);
    padded[message.length] = 0x80;
    for (let i = 0; i < 16; i++) padded[padded.length - 1 - i] = Number((bitLength >> BigInt(8 * i)) & 0xffn);
    const h = H384.slice();
    const w = new Array(80);
    for (let block = 0; block < padded.length; block += 128) {
      for (let t = 0; t < 16; t++) {
        let word = 0n;
        for (let i = 0; i < 8; i++) word = (word << 8n) | BigInt(padded[block + 8 * t + i]);
        w[t] = word;
      }
      for (let t = 16; t < 80; t++) {
        const s0 = rotr(w[t - 15], 1n) ^ rotr(w[t - 15], 8n) ^ (w[t - 15] >> 7n);
        const s1 = rotr(w[t - 2], 19n) ^ rotr(w[t - 2], 61n) ^ (w[t - 2] >> 6n);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) & M64;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let t = 0; t < 80; t++) {
        const t1 = (hh + (rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n)) + ((e & f) ^ (~e & M64 & g)) + K[t] + w[t]) & M64;
        const t2 = ((rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c))) & M64;
        hh = g; g = f; f = e; e = (d + t1) & M64; d = c; c = b; b = a; a = (t1 + t2) & M64;
      }
      [a, b, c, d, e, f, g, hh].forEach((v, i) => { h[i] = (h[i] + v) & M64; });
    }
    const out = new Uint8Array(48);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 8; j++) out[8 * i + j] = Number((h[i] >> BigInt(56 - 8 * j)) & 0xffn);
    return out;
  };

  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) { out.set(part, at); at += part.length; }
    return out;
  };
  const toInt = (bytes) => bytes.reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
  const toBytes = (n, length) => {
    const out = new Uint8Array(length);
    for (let i = length - 1; i >= 0; i--) { out[i] = Number(n & 0xffn); n >>= 8n; }
    return out;
  };
  const modPow = (base, exponent, modulus) => {
    let result = 1n;
    base %= modulus;
    while (exponent > 0n) {
      if (exponent & 1n) result = (result * base) % modulus;
      base = (base * base) % modulus;
      exponent >>= 1n;
    }
    return result;
  };
  const modInverse = (a, m) => {
    let [r0, r1, s0, s1] = [m, a % m, 0n, 1n];
    while (r1 !== 0n) {
      const q = r0 / r1;
      [r0, r1] = [r1, r0 - q * r1];
      [s0, s1] = [s1, s0 - q * s1];
    }
    if (r0 !== 1n) return null;
    return ((s0 % m) + m) % m;
  };
  const random = (length) => crypto.getRandomValues(new Uint8Array(length));

  // The RSA public key inside a SubjectPublicKeyInfo: SEQUENCE { algorithm, BIT STRING { SEQUENCE { n, e } } }.
  const parseKey = (der) => {
    const read = (at) => {
      const tag = der[at];
      let length = der[at + 1], start = at + 2;
      if (length & 0x80) {
        const count = length & 0x7f;
        length = 0;
        for (let i = 0; i < count; i++) length = length * 256 + der[at + 2 + i];
        start = at + 2 + count;
      }
      return { tag, start, end: start + length };
    };
    const spki = read(0);
    const algorithm = read(spki.start);
    const bits = read(algorithm.end);
    if (spki.tag !== 0x30 || bits.tag !== 0x03) throw new Error("not a public key");
    const rsa = read(bits.start + 1);
    const n = read(rsa.start), e = read(n.end);
    return { n: toInt(der.slice(n.start, n.end)), e: toInt(der.slice(e.start, e.end)) };
  };

  // MGF1 with SHA-384 (RFC 8017 B.2.1).
  const mgf1 = (seed, length) => {
    const out = new Uint8Array(length);
    for (let counter = 0, at = 0; at < length; counter++, at += 48) {
      const block = sha384(concat(seed, toBytes(BigInt(counter), 4)));
      out.set(block.slice(0, Math.min(48, length - at)), at);
    }
    return out;
  };

  // EMSA-PSS-ENCODE (RFC 8017 9.1.1): SHA-384, 48-byte salt, for a modulus of modBits bits.
  const pssEncode = (message, modBits) => {
    const emBits = modBits - 1, emLength = Math.ceil(emBits / 8);
    const salt = random(48);
    const hash = sha384(concat(new Uint8Array(8), sha384(message), salt));
    const db = concat(new Uint8Array(emLength - 48 - 48 - 2), Uint8Array.of(1), salt);
    const mask = mgf1(hash, db.length);
    for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
    db[0] &= 0xff >> (8 * emLength - emBits);
    return concat(db, hash, Uint8Array.of(0xbc));
  };

  // Blind (RFC 9474 4.2) and finalize (4.4) for the deterministic variant: the message is the token.
  const blind = (token, key) => {
    const modBits = key.n.toString(2).length, length = Math.ceil(modBits / 8);
    const m = toInt(pssEncode(token, modBits));
    for (;;) {
      const r = toInt(random(length)) % key.n;
      const inverse = r > 1n ? modInverse(r, key.n) : null;
      if (inverse === null) continue;
      return { blinded: toBytes((m * modPow(r, key.e, key.n)) % key.n, length), inverse, m, length };
    }
  };
  const finalize = (blindSignature, state, key) => {
    const s = (toInt(blindSignature) * state.inverse) % key.n;
    // The unblinded signature must open to the encoded token: otherwise the server did not sign it.
    if (modPow(s, key.e, key.n) !== state.m) throw new Error("The server's signature does not check: your ballot was not sent.");
    return toBytes(s, state.length);
  };

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
      const fingerprint = Array.from(sha384(der).slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("").match(/.{4}/g).join(" ");
      if (fingerprint !== form.dataset.fingerprint) throw new Error("This vote's key is not the one its page names: nothing was sent.");
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
      const delay = Number(form.dataset.delay || "0") * Math.random();
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
      }
      form.hidden = true;
      say("Your secret ballot was cast.");
    } catch (error) {
      say(error.message || String(error));
      button.disabled = false;
    }
  });
})();
