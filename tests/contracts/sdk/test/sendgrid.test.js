// SendGrid's Node SDK (@sendgrid/mail) against the sandbox: send and each error class.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sgMail from '@sendgrid/mail';
import { keys, startSandbox } from './sandbox.js';

let sandbox;
const mail = { to: 'ada@example.com', from: 'recruiter@example.com', subject: 'A role', text: 'Hi Ada', html: '<p>Hi Ada</p>' };

function useKey(key) {
  // setApiKey resets the base URL, so it goes first.
  sgMail.setApiKey(key);
  sgMail.client.setDefaultRequest('baseUrl', `${sandbox.base}/sendgrid/`);
}

before(async () => { sandbox = await startSandbox(); });
after(() => sandbox?.stop());

test('send: 202 with X-Message-Id', async () => {
  useKey(keys.sendgrid);
  const [response] = await sgMail.send(mail);

  assert.equal(response.statusCode, 202);
  assert.ok(response.headers['x-message-id']?.length > 0);
});

test('errors: 400 with errors[], 401, 429, 500 as ResponseError', async () => {
  useKey(keys.sendgrid);
  await assert.rejects(sgMail.send({ ...mail, to: 'not-an-address' }),
    (e) => e.code === 400 && Array.isArray(e.response.body.errors) && e.response.body.errors[0].message.length > 0);

  useKey('SG.wrong-key');
  await assert.rejects(sgMail.send(mail), (e) => e.code === 401);

  useKey(keys.sendgrid);
  await sandbox.fault({ provider: 'sendgrid', kind: 'RateLimited', retryAfter: '00:00:02' });
  await assert.rejects(sgMail.send(mail), (e) => e.code === 429);

  await sandbox.fault({ provider: 'sendgrid', kind: 'ServerError' });
  await assert.rejects(sgMail.send(mail), (e) => e.code === 500);
});
