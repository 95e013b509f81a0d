// RSA blind signatures as RFC 9474's RSABSSA-SHA384-PSS-Deterministic needs them, for
// `ballot.js` (taking and casting a token) and `board.js` (checking a board): SHA-384, SHA-256,
// MGF1, EMSA-PSS and RSA on BigInt, in plain JavaScript since crypto.subtle is missing on
// plain-HTTP pages. Exposed as `window.WildcatRSA`.
"use strict";
window.WildcatRSA = (() => {
  const b64 = (bytes) => {
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const unb64 = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

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
  // Through hex: shifting a 2,048-bit BigInt a byte at a time costs more than the RSA itself.
  const toInt = (bytes) => (bytes.length ? BigInt("0x" + hex(bytes)) : 0n);
  const toBytes = (n, length) => {
    const digits = n.toString(16).padStart(2 * length, "0");
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = parseInt(digits.substr(digits.length - 2 * (length - i), 2), 16);
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
  const pssEncode = (message, modBits, salt = random(48)) => {
    const emBits = modBits - 1, emLength = Math.ceil(emBits / 8);
    const hash = sha384(concat(new Uint8Array(8), sha384(message), salt));
    const db = concat(new Uint8Array(emLength - 48 - 48 - 2), Uint8Array.of(1), salt);
    const mask = mgf1(hash, db.length);
    for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
    db[0] &= 0xff >> (8 * emLength - emBits);
    return concat(db, hash, Uint8Array.of(0xbc));
  };

  // Blind (RFC 9474 4.2) and finalize (4.4) for the deterministic variant: the message is the token.
  // `fixed` (salt and r) is for RFC 9474's test vectors only; a ballot always draws both.
  const blind = (token, key, fixed = {}) => {
    const modBits = key.n.toString(2).length, length = Math.ceil(modBits / 8);
    const m = toInt(pssEncode(token, modBits, fixed.salt));
    for (;;) {
      const r = fixed.r ?? toInt(random(length)) % key.n;
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


  // SHA-256 (FIPS 180-4) on 32-bit words: the board's chain hashes every entry, so it must be quick.
  const K256 = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const w256 = new Uint32Array(64);
  const sha256 = (message) => {
    const blocks = Math.ceil((message.length + 9) / 64) * 64;
    const padded = new Uint8Array(blocks);
    padded.set(message);
    padded[message.length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(blocks - 8, Math.floor(message.length / 0x20000000));
    view.setUint32(blocks - 4, (message.length * 8) >>> 0);
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = w256;
    for (let block = 0; block < blocks; block += 64) {
      for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + 4 * t);
      for (let t = 16; t < 64; t++) {
        const x = w[t - 15], y = w[t - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (let t = 0; t < 64; t++) {
        const t1 = (k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K256[t] + w[t]) | 0;
        const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(4 * i, h[i]);
    return out;
  };

  // EMSA-PSS-VERIFY (RFC 8017 9.1.2) after RSAVP1: whether `signature` is the key's on `message`.
  const verify = (message, signature, key) => {
    const modBits = key.n.toString(2).length, emBits = modBits - 1, emLength = Math.ceil(emBits / 8);
    const s = toInt(signature);
    if (signature.length !== Math.ceil(modBits / 8) || s >= key.n) return false;
    const em = toBytes(modPow(s, key.e, key.n), emLength);
    if (em[emLength - 1] !== 0xbc) return false;
    const db = em.slice(0, emLength - 49), hash = em.slice(emLength - 49, emLength - 1);
    const topBits = 0xff >> (8 * emLength - emBits);
    if (db[0] & ~topBits & 0xff) return false;
    const mask = mgf1(hash, db.length);
    for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
    db[0] &= topBits;
    const saltAt = db.length - 48;
    for (let i = 0; i < saltAt - 1; i++) if (db[i] !== 0) return false;
    if (db[saltAt - 1] !== 1) return false;
    const expected = sha384(concat(new Uint8Array(8), sha384(message), db.slice(saltAt)));
    return expected.every((byte, i) => byte === hash[i]);
  };

  // The first 128 bits of SHA-384 of the key's DER, in groups of four hex digits, as pages show it.
  const fingerprint = (der) => hex(sha384(der).slice(0, 16)).match(/.{4}/g).join(" ");

  return { b64, unb64, hex, sha256, sha384, concat, toInt, toBytes, modInverse, parseKey, pssEncode, blind, finalize, verify, fingerprint, random };
})();
