// Twilio's Node SDK (twilio) against the sandbox: send, fetch, list with paging, DateSent, errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import twilio from 'twilio';
import { eventually, keys, startSandbox } from './sandbox.js';

const FROM = '+15005550006';
let sandbox;
let client;

before(async () => {
  sandbox = await startSandbox();
  client = twilio(keys.twilioSid, keys.twilioToken);
  client.api.baseUrl = `${sandbox.base}/twilio`;
});
after(() => sandbox?.stop());

test('messages.create: queued, typed fields filled, no date_sent until sent', async () => {
  const message = await client.messages.create({ to: '+15551230001', from: FROM, body: 'Hi Ada, a role?' });

  assert.match(message.sid, /^SM[0-9a-f]{32}$/);
  assert.equal(message.status, 'queued');
  assert.equal(message.direction, 'outbound-api');
  assert.equal(message.numSegments, '1');
  assert.ok(message.dateCreated instanceof Date);
  assert.equal(message.dateSent, null, 'a queued message has not been sent');
  const listed = (await client.messages.list({ to: '+15551230001' })).find((m) => m.sid === message.sid);
  assert.equal(listed.status === 'queued' ? listed.dateSent : 'not queued', listed.status === 'queued' ? null : 'not queued');

  const sent = await eventually(async () => {
    const m = await client.messages(message.sid).fetch();
    return m.status !== 'queued' && m;
  });
  assert.ok(sent.dateSent instanceof Date);
  assert.ok(sent.dateSent >= message.dateCreated);
});

test('messages.list: follows next_page_uri across pages, newest first', async () => {
  const to = '+15551230002';
  const sids = [];
  for (let i = 0; i < 5; i++) sids.push((await client.messages.create({ to, from: FROM, body: `Message ${i}` })).sid);

  const all = await client.messages.list({ to, pageSize: 2 });
  const page = await client.messages.page({ to, pageSize: 2 });
  const next = await page.nextPage();

  assert.deepEqual(new Set(all.map((m) => m.sid)), new Set(sids));
  assert.equal(page.instances.length, 2);
  assert.equal(next.instances.length, 2);
  assert.equal(new Set([...page.instances, ...next.instances].map((m) => m.sid)).size, 4);
});

test('messages.list dateSentAfter: whole UTC day, unsent messages excluded', async () => {
  const to = '+15551230003';
  const early = await client.messages.create({ to, from: FROM, body: 'Will be sent' });
  await eventually(async () => (await client.messages(early.sid).fetch()).dateSent);
  const queued = await client.messages.create({ to, from: FROM, body: 'Still queued' });

  // A timestamp later today still matches a message sent earlier today: Twilio filters by day.
  const laterToday = new Date(Math.min(Date.now() + 60_000, new Date().setUTCHours(23, 59, 0, 0)));
  const listed = await client.messages.list({ to, dateSentAfter: laterToday });
  const tomorrow = await client.messages.list({ to, dateSentAfter: new Date(Date.now() + 86_400_000) });

  const sids = listed.map((m) => m.sid);
  assert.ok(sids.includes(early.sid));
  assert.ok(!sids.includes(queued.sid) || listed.find((m) => m.sid === queued.sid).dateSent !== null);
  assert.deepEqual(tomorrow, []);
});

test('errors: 21211 invalid To, 20003 bad credentials, 21610 opted out, 429, 500 as RestException', async () => {
  await assert.rejects(client.messages.create({ to: 'not-a-number', from: FROM, body: 'x' }),
    (e) => e.status === 400 && e.code === 21211 && typeof e.moreInfo === 'string');

  const wrong = twilio(keys.twilioSid, 'wrong-token');
  wrong.api.baseUrl = `${sandbox.base}/twilio`;
  await assert.rejects(wrong.messages.list({ limit: 1 }), (e) => e.status === 401 && e.code === 20003);

  await sandbox.fault({ provider: 'twilio', kind: 'OptedOut', method: 'POST' });
  await assert.rejects(client.messages.create({ to: '+15551230004', from: FROM, body: 'x' }), (e) => e.status === 400 && e.code === 21610);

  await sandbox.fault({ provider: 'twilio', kind: 'RateLimited', method: 'POST', retryAfter: '00:00:02' });
  await assert.rejects(client.messages.create({ to: '+15551230004', from: FROM, body: 'x' }), (e) => e.status === 429);

  await sandbox.fault({ provider: 'twilio', kind: 'ServerError', method: 'GET' });
  await assert.rejects(client.messages.list({ limit: 1 }), (e) => e.status === 500);
});
