// Vapi (@vapi-ai/server-sdk) and Retell (retell-sdk) against the sandbox: calls to their end,
// recordings, transcripts, Retell's v3 list with paging, and each error class.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { VapiClient } from '@vapi-ai/server-sdk';
import Retell from 'retell-sdk';
import { eventually, keys, startSandbox } from './sandbox.js';

const FROM = '+15005550006';
const ASSISTANT = '5b0a4a08-133c-4146-9315-0984f8c6be80';
const PHONE_NUMBER = '9f2c3a51-7d1e-4c55-8a43-2b8e3c1d9e77';
let sandbox;
let vapi;
let retell;

before(async () => {
  sandbox = await startSandbox();
  vapi = new VapiClient({ token: keys.vapi, baseUrl: `${sandbox.base}/vapi`, maxRetries: 0 });
  retell = new Retell({ apiKey: keys.retell, baseURL: `${sandbox.base}/retell`, maxRetries: 0 });
});
after(() => sandbox?.stop());

async function recording(url) {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString(), 'RIFF');
}

test('vapi: a call that passes runs to its end with transcript, summary and recording', async () => {
  await sandbox.script('+447700900005', 'AnswerAndPass');
  const created = await vapi.calls.create({ assistantId: ASSISTANT, phoneNumberId: PHONE_NUMBER, customer: { number: '+447700900005' } });
  assert.ok(created.id);
  assert.equal(created.status, 'queued');

  const ended = await eventually(async () => {
    const call = await vapi.calls.get({ id: created.id });
    return call.status === 'ended' && call;
  });
  assert.equal(ended.endedReason, 'assistant-ended-call');
  assert.ok(new Date(ended.endedAt) > new Date(ended.startedAt));
  assert.match(ended.artifact.transcript, /This call is recorded/);
  assert.equal(ended.analysis.successEvaluation, 'true');
  await recording(ended.artifact.recordingUrl);
});

test('vapi: no answer ends without a recording; errors 400, 401, 404, 429, 500 as VapiError', async () => {
  await sandbox.script('+447700900007', 'NoAnswer');
  const created = await vapi.calls.create({ assistantId: ASSISTANT, phoneNumberId: PHONE_NUMBER, customer: { number: '+447700900007' } });
  // An unanswered call rings out after 30 s, as the simulator's timeline says.
  const ended = await eventually(async () => {
    const call = await vapi.calls.get({ id: created.id });
    return call.status === 'ended' && call;
  }, { timeout: 60_000, every: 1000 });
  assert.equal(ended.endedReason, 'customer-did-not-answer');
  assert.equal(ended.artifact?.recordingUrl, undefined);

  await assert.rejects(vapi.calls.create({ assistantId: ASSISTANT, phoneNumberId: PHONE_NUMBER }), (e) => e.statusCode === 400);
  const wrong = new VapiClient({ token: 'wrong', baseUrl: `${sandbox.base}/vapi`, maxRetries: 0 });
  await assert.rejects(wrong.calls.get({ id: created.id }), (e) => e.statusCode === 401);
  await assert.rejects(vapi.calls.get({ id: '00000000-0000-4000-8000-000000000000' }), (e) => e.statusCode === 404);
  await sandbox.fault({ provider: 'vapi', kind: 'RateLimited', retryAfter: '00:00:01' });
  await assert.rejects(vapi.calls.get({ id: created.id }), (e) => e.statusCode === 429);
  await sandbox.fault({ provider: 'vapi', kind: 'ServerError' });
  await assert.rejects(vapi.calls.get({ id: created.id }), (e) => e.statusCode === 500);
});

test('retell: a call runs to its end; get-call carries transcript, analysis and recording', async () => {
  await sandbox.script('+447700900006', 'AnswerAndFail');
  const created = await retell.call.createPhoneCall({ from_number: FROM, to_number: '+447700900006', metadata: { samsara_reference: 'sdk-1' } });
  assert.equal(created.call_status, 'registered');

  const ended = await eventually(async () => {
    const call = await retell.call.retrieve(created.call_id);
    return call.call_status === 'ended' && call;
  });
  assert.equal(ended.disconnection_reason, 'agent_hangup');
  assert.equal(ended.call_analysis.call_successful, false);
  assert.match(ended.transcript, /not interested/);
  assert.ok(ended.transcript_object.length > 0);
  assert.ok(ended.duration_ms > 0);
  await recording(ended.recording_url);
});

test('retell: POST /v3/list-calls with typed filters, items/has_more/pagination_key paging', async () => {
  const to = '+15551239100';
  const ids = [];
  for (let i = 0; i < 3; i++) {
    ids.push((await retell.call.createPhoneCall({ from_number: FROM, to_number: to, metadata: { samsara_reference: `page-${i}` } })).call_id);
  }

  const filter = { to_number: { type: 'string', op: 'eq', value: to } };
  const first = await retell.call.list({ filter_criteria: filter, limit: 2, sort_order: 'ascending' });
  const second = await retell.call.list({ filter_criteria: filter, limit: 2, sort_order: 'ascending', pagination_key: first.pagination_key });
  const byReference = await retell.call.list({
    filter_criteria: { ...filter, metadata: [{ key: 'samsara_reference', type: 'string', op: 'eq', value: 'page-1' }] },
  });

  assert.deepEqual(first.items.map((c) => c.call_id), ids.slice(0, 2));
  assert.equal(first.has_more, true);
  assert.deepEqual(second.items.map((c) => c.call_id), ids.slice(2));
  assert.equal(second.has_more, false);
  assert.deepEqual(byReference.items.map((c) => c.call_id), [ids[1]]);
  assert.ok((await sandbox.log('retell')).some((e) => e.path.endsWith('/v3/list-calls')));
});

test('retell: errors 400, 401, 404, 429, 500 as the SDK error classes', async () => {
  await assert.rejects(retell.call.createPhoneCall({ from_number: FROM }), Retell.BadRequestError);
  const wrong = new Retell({ apiKey: 'wrong', baseURL: `${sandbox.base}/retell`, maxRetries: 0 });
  await assert.rejects(wrong.call.list({ limit: 1 }), Retell.AuthenticationError);
  await assert.rejects(retell.call.retrieve('no-such-call'), Retell.NotFoundError);
  await sandbox.fault({ provider: 'retell', kind: 'RateLimited', retryAfter: '00:00:01' });
  await assert.rejects(retell.call.list({ limit: 1 }), Retell.RateLimitError);
  await sandbox.fault({ provider: 'retell', kind: 'ServerError' });
  await assert.rejects(retell.call.list({ limit: 1 }), Retell.InternalServerError);
});
