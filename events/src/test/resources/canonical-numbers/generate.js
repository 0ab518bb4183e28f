// Writes ecmascript-numbers.txt: doubles (as IEEE 754 bits) and how ECMAScript prints them, String(x), the form
// RFC 8785 section 3.2.2.3 requires. CanonicalJsonTest checks the Java side against it with the JDK alone.
// Regenerate with: node generate.js > ecmascript-numbers.txt (the seed is fixed, so the output is stable).
const view = new DataView(new ArrayBuffer(8));
const bits = x => { view.setFloat64(0, x); return view.getBigUint64(0).toString(16).padStart(16, '0'); };
const fromBits = b => { view.setBigUint64(0, b); return view.getFloat64(0); };

let seed = 0x9E3779B97F4A7C15n;
const mask = (1n << 64n) - 1n;
const next = () => { // xorshift64*
  seed ^= seed >> 12n; seed ^= (seed << 25n) & mask; seed ^= seed >> 27n;
  return (seed * 0x2545F4914F6CDD1Dn) & mask;
};

const values = [];
// Every power of ten the format switches at, and its neighbours.
for (let e = -326; e <= 308; e++) {
  const x = Number('1e' + e);
  if (x > 0 && Number.isFinite(x)) {
    values.push(x);
    view.setFloat64(0, x);
    const b = view.getBigUint64(0);
    values.push(fromBits(b + 1n), fromBits(b - 1n));
  }
}
// Powers of two, where the gap below is half the gap above.
for (let e = -1074; e <= 1023; e += 7) values.push(2 ** e);
// Integers around 2^53 and beyond, where Java 17's Double.toString is not the shortest form.
for (let i = 0; i < 300; i++) values.push(Number(next() >> BigInt(Number(next() % 40n))));
// Decimals of everyday size, as a client might send them.
for (let i = 0; i < 300; i++) values.push(Number(next() % 100000000n) / 10 ** Number(next() % 9n));
// Any bit pattern: all exponents, subnormals included.
for (let i = 0; i < 1500; i++) {
  const x = fromBits(next() & ((1n << 63n) - 1n));
  if (Number.isFinite(x)) values.push(x);
}
values.push(Number.MIN_VALUE, Number.MAX_VALUE, 2.2250738585072014e-308, 2.225073858507201e-308,
    38063050347914304, 9007199254740993, 0.1, 0.2 + 0.1, 123.456, 1e21, 1e-7, 1e-6, 999999999999999900000);

const seen = new Set();
console.log('# bits (hex) and String(x) in ' + process.version + '; negatives print as "-" and the same digits');
for (const x of values) {
  const line = bits(x) + ' ' + String(x);
  if (!seen.has(line)) { seen.add(line); console.log(line); }
}
