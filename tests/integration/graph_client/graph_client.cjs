// Drives mod_userphoto's Graph routes with Microsoft's own JavaScript client
// (@microsoft/microsoft-graph-client), as an integration moving off EWS would: baseUrl pointed at
// the module over TLS, the Bearer token sent because the host is in customHosts.
// Environment: GRAPH_BASE_URL (https://localhost:PORT/graph), GRAPH_TOKENS ({"uid": "jwt", ...}),
// NODE_EXTRA_CA_CERTS (the test's certificate). Prints "ok - name" / "not ok - name: why" per check
// and "passed N failed M"; exits 1 when any check failed.
'use strict';
const { Client, ResponseType } = require('@microsoft/microsoft-graph-client');
const jpeg = require('jpeg-js');

const base = process.env.GRAPH_BASE_URL;
const tokens = JSON.parse(process.env.GRAPH_TOKENS || '{}');
const sizes = [48, 64, 96, 120, 240, 360, 432, 504, 648];
let passed = 0;
let failed = 0;

function client(uid, version = 'v1.0') {
  return Client.init({
    baseUrl: base,
    defaultVersion: version,
    customHosts: new Set([new URL(base).hostname]),
    authProvider: (done) => done(null, tokens[uid]),
  });
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function equal(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  assert(a === e, `${what}: expected ${e}, got ${a}`);
}

// The client answers $value with a Blob (image/* content): decode it fully and measure it.
async function decoded(blob) {
  const bytes = Buffer.from(await blob.arrayBuffer());
  return jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: 10 });
}

// The GraphError a request fails with (or a failure when it succeeds).
async function failure(request) {
  try {
    await request;
  } catch (error) {
    return error;
  }
  throw new Error('the request succeeded; an error was expected');
}

function expectGraphError(error, status, code) {
  equal(error.statusCode, status, 'statusCode');
  equal(error.code, code, 'code');
  assert(/^[0-9a-f-]{36}$/.test(error.requestId || ''), `requestId from innerError: ${error.requestId}`);
  assert(error.date instanceof Date && !isNaN(error.date.getTime()), 'date from innerError');
}

function solidJpeg(edge, rgb) {
  const data = Buffer.alloc(edge * edge * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = rgb[0];
    data[i + 1] = rgb[1];
    data[i + 2] = rgb[2];
    data[i + 3] = 255;
  }
  return jpeg.encode({ data, width: edge, height: edge }, 92).data;
}

function meanColour(image) {
  const sum = [0, 0, 0];
  for (let i = 0; i < image.data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += image.data[i + c];
  const n = image.data.length / 4;
  return sum.map((s) => Math.round(s / n));
}

const checks = [
  ['metadata of /me in Graph key order', async () => {
    const meta = await client('gnode').api('/me/photo').get();
    equal(Object.keys(meta), ['@odata.context', '@odata.mediaContentType', '@odata.mediaEtag', 'id', 'width', 'height'], 'keys');
    assert(meta['@odata.context'].startsWith(`${base}/v1.0/$metadata#users('`), `context ${meta['@odata.context']}`);
    assert(meta['@odata.context'].endsWith("')/photo/$entity"), `context ${meta['@odata.context']}`);
    equal([meta.id, meta.width, meta.height, meta['@odata.mediaContentType']], ['648x648', 648, 648, 'image/jpeg'], 'entity');
    assert(/^"[0-9A-F]{8}"$/.test(meta['@odata.mediaEtag']), `mediaEtag ${meta['@odata.mediaEtag']}`);
  }],
  ['photos of a user by userPrincipalName lists every size', async () => {
    const list = await client('gnode').api('/users/adele.vance@corp.example.test/photos').get();
    equal(list.value.map((p) => p.id), sizes.map((s) => `${s}x${s}`), 'ids');
  }],
  ['every size: $value decodes at its edge; mediaEtag is the ETag', async () => {
    const graph = client('gnode');
    for (const s of sizes) {
      const path = `/users/gadele@example.test/photos/${s}x${s}`;
      const meta = await graph.api(path).get();
      const raw = await graph.api(`${path}/$value`).responseType(ResponseType.RAW).get();
      equal(raw.status, 200, `${s} status`);
      equal(raw.headers.get('etag'), meta['@odata.mediaEtag'], `${s} ETag`);
      equal(raw.headers.get('cache-control'), 'private', `${s} Cache-Control`);
      const image = await decoded(await graph.api(`${path}/$value`).get());
      equal([image.width, image.height], [s, s], `${s} decoded size`);
    }
  }],
  ['beta answers alike', async () => {
    const image = await decoded(await client('gnode', 'beta').api('/users/gadele@example.test/photo/$value').get());
    equal([image.width, image.height], [648, 648], 'beta $value');
  }],
  ['If-None-Match with the current ETag is 304', async () => {
    const graph = client('gnode');
    const meta = await graph.api('/me/photo').get();
    const error = await failure(graph.api('/me/photo/$value').header('If-None-Match', meta['@odata.mediaEtag']).get());
    equal(error.statusCode, 304, 'statusCode');
  }],
  ['upload of my photo, seen at once at every size', async () => {
    const graph = client('gnode');
    const before = (await graph.api('/me/photo').get())['@odata.mediaEtag'];
    await graph.api('/me/photo/$value').header('Content-Type', 'image/jpeg').put(solidJpeg(700, [200, 30, 30]));
    const after = await graph.api('/me/photo').get();
    assert(after['@odata.mediaEtag'] !== before, 'the media ETag changed');
    const image = await decoded(await graph.api('/me/photos/240x240/$value').get());
    equal([image.width, image.height], [240, 240], 'decoded size');
    const [r, g, b] = meanColour(image);
    assert(r > 170 && g < 60 && b < 60, `the uploaded colour comes back: ${[r, g, b]}`);
    equal((await graph.api('/me/photos').get()).value.length, 9, 'sizes after upload');
  }],
  ["changing someone else's photo is 403 ErrorAccessDenied", async () => {
    const error = await failure(client('gnode').api('/users/gadele@example.test/photo/$value')
      .header('Content-Type', 'image/jpeg').put(solidJpeg(100, [0, 0, 0])));
    expectGraphError(error, 403, 'ErrorAccessDenied');
    assert(error.headers && error.headers.get('request-id') === error.requestId, 'request-id header = innerError');
  }],
  ['If-Match with a stale ETag is 412', async () => {
    const error = await failure(client('gnode').api('/me/photo/$value').header('If-Match', '"00000000"')
      .header('Content-Type', 'image/jpeg').put(solidJpeg(100, [0, 0, 255])));
    expectGraphError(error, 412, 'PreconditionFailed');
  }],
  ['delete (photo, and photo/$value as Microsoft documents it), then 404 ImageNotFound', async () => {
    const graph = client('gnode');
    await graph.api('/me/photo').delete();
    expectGraphError(await failure(graph.api('/me/photo/$value').get()), 404, 'ImageNotFound');
    expectGraphError(await failure(graph.api('/me/photo').get()), 404, 'ImageNotFound');
    await graph.api('/me/photo/$value').header('Content-Type', 'image/jpeg').put(solidJpeg(100, [0, 200, 0]));
    await graph.api('/me/photo/$value').delete();
    expectGraphError(await failure(graph.api('/me/photo').get()), 404, 'ImageNotFound');
  }],
  ['unknown user is 404 Request_ResourceNotFound', async () => {
    expectGraphError(await failure(client('gnode').api('/users/nobody@example.test/photo').get()), 404,
      'Request_ResourceNotFound');
  }],
  ['a bad size is 400 BadRequest', async () => {
    expectGraphError(await failure(client('gnode').api('/me/photos/100x100/$value').get()), 400, 'BadRequest');
  }],
];

(async () => {
  for (const [name, check] of checks) {
    try {
      await check();
      passed++;
      console.log(`ok - ${name}`);
    } catch (error) {
      failed++;
      console.log(`not ok - ${name}: ${error && (error.stack || error.message || JSON.stringify(error))}`);
    }
  }
  console.log(`passed ${passed} failed ${failed}`);
  process.exit(failed === 0 && passed === checks.length ? 0 : 1);
})();
