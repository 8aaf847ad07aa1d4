// The sandbox host's admin endpoints (/sandbox/*) want the per-start secret the host wrote for us (issue 10).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox } from './sandbox.js';

let sandbox;

before(async () => { sandbox = await startSandbox(); });
after(() => sandbox?.stop());

test('admin: refused without the secret, served with it', async () => {
  for (const path of ['/faults', '/scripts', '/log']) {
    assert.equal((await sandbox.adminWithout(path)).status, 401, path);
  }

  await sandbox.fault({ provider: 'twilio', kind: 'ServerError', times: 1 });
  assert.ok(Array.isArray(await sandbox.log('twilio')));
});
