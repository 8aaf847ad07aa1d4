// Deepgram (@deepgram/sdk) and AssemblyAI (assemblyai) against the sandbox: transcripts with
// speakers and the audio's real duration (from its WAV header), and each error class.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DeepgramClient } from '@deepgram/sdk';
import { AssemblyAI } from 'assemblyai';
import { eventually, keys, startSandbox, wav } from './sandbox.js';

let sandbox;
let deepgram;
let assembly;

before(async () => {
  sandbox = await startSandbox();
  deepgram = new DeepgramClient({ apiKey: keys.deepgram, baseUrl: `${sandbox.base}/deepgram`, maxRetries: 0 });
  assembly = new AssemblyAI({ apiKey: keys.assemblyai, baseUrl: `${sandbox.base}/assemblyai` });
});
after(() => sandbox?.stop());

test('deepgram: a 10 s WAV (8 kHz) is transcribed with two speakers over 10 s', async () => {
  const result = await deepgram.listen.v1.media.transcribeFile(wav(10), { diarize: true, utterances: true, punctuate: true, model: 'nova-3' });

  assert.equal(result.metadata.duration, 10);
  assert.equal(result.results.channels[0].alternatives[0].transcript.includes('This call is recorded'), true);
  const speakers = new Set(result.results.utterances.map((u) => u.speaker));
  assert.equal(speakers.size, 2);
  assert.ok(result.results.utterances.every((u) => u.end <= 10 && u.end > u.start));
});

test('deepgram: errors 400 (empty audio), 401, 429, 500 as DeepgramError', async () => {
  await assert.rejects(deepgram.listen.v1.media.transcribeFile(Buffer.alloc(0), {}), (e) => e.statusCode === 400);
  const wrong = new DeepgramClient({ apiKey: 'wrong', baseUrl: `${sandbox.base}/deepgram`, maxRetries: 0 });
  await assert.rejects(wrong.listen.v1.media.transcribeFile(wav(1), {}), (e) => e.statusCode === 401);
  await sandbox.fault({ provider: 'deepgram', kind: 'RateLimited', retryAfter: '00:00:01' });
  await assert.rejects(deepgram.listen.v1.media.transcribeFile(wav(1), {}), (e) => e.statusCode === 429);
  await sandbox.fault({ provider: 'deepgram', kind: 'ServerError' });
  await assert.rejects(deepgram.listen.v1.media.transcribeFile(wav(1), {}), (e) => e.statusCode === 500);
});

test('assemblyai: upload, submit without speech_models (as the SDK does), poll to completed', async () => {
  const uploadUrl = await assembly.files.upload(wav(12));
  const submitted = await assembly.transcripts.submit({ audio: uploadUrl, speaker_labels: true });
  assert.equal(submitted.status, 'queued');

  const done = await eventually(async () => {
    const t = await assembly.transcripts.get(submitted.id);
    return t.status === 'completed' && t;
  });
  assert.equal(done.audio_duration, 12);
  assert.deepEqual([...new Set(done.utterances.map((u) => u.speaker))].sort(), ['A', 'B']);
  assert.ok(done.words.length > 0);
  assert.match(done.text, /This call is recorded/);
  const create = (await sandbox.log('assemblyai')).find((e) => e.method === 'POST' && e.path.endsWith('/v2/transcript'));
  assert.equal(JSON.parse(create.body).speech_models, undefined, 'the SDK sent no speech_models and was accepted');
});

test('assemblyai: errors 400, 401, 404, 429, 500 surface as errors', async () => {
  await assert.rejects(assembly.transcripts.submit({ audio_url: '' }), /audio_url|400/);
  const wrong = new AssemblyAI({ apiKey: 'wrong', baseUrl: `${sandbox.base}/assemblyai` });
  await assert.rejects(wrong.transcripts.get('3e2f0d8c-0000-4000-8000-000000000000'), /401|[Aa]uthenticat|[Uu]nauthori/);
  await assert.rejects(assembly.transcripts.get('3e2f0d8c-0000-4000-8000-000000000000'), /not found|404/i);
  await sandbox.fault({ provider: 'assemblyai', kind: 'RateLimited', retryAfter: '00:00:01' });
  await assert.rejects(assembly.transcripts.get('3e2f0d8c-0000-4000-8000-000000000000'), /429|[Tt]oo [Mm]any|rate/i);
  await sandbox.fault({ provider: 'assemblyai', kind: 'ServerError' });
  await assert.rejects(assembly.transcripts.get('3e2f0d8c-0000-4000-8000-000000000000'), /500|[Ii]nternal|error/i);
});
