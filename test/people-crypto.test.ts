import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, passwordProblem, verifyPassword } from '../src/people/passwords.js';
import { sign, verify } from '../src/people/signed-token.js';
import { generateKey, hashSecret, parseKey, secretMatches } from '../src/people/api-keys.js';
import { FailureThrottle } from '../src/people/throttle.js';

describe('passwords', () => {
  test('a hash verifies its password only, never holds it, and differs per salt', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    assert.notEqual(first, second);
    assert.ok(!first.includes('correct horse'));
    assert.match(first, /^scrypt\$15\$8\$1\$/);
    assert.equal(await verifyPassword('correct horse battery', first), true);
    assert.equal(await verifyPassword('correct horse batterz', first), false);
    assert.equal(await verifyPassword('correct horse battery', 'scrypt$15$8$1$bad'), false);
    assert.equal(await verifyPassword('x', 'md5$whatever'), false);
  });

  test('short passwords are refused with the reason', () => {
    assert.match(passwordProblem('short') ?? '', /at least 10/);
    assert.equal(passwordProblem('long enough password'), null);
  });
});

describe('signed tokens', () => {
  test('round-trip, and any change to payload or signature or secret is refused', () => {
    const token = sign({ uid: 'u1', epoch: 0 }, 'secret-a');
    assert.deepEqual(verify(token, 'secret-a'), { uid: 'u1', epoch: 0 });
    assert.equal(verify(token, 'secret-b'), null);
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ uid: 'admin', epoch: 0 })).toString('base64url');
    assert.equal(verify(`${forged}.${mac}`, 'secret-a'), null);
    assert.equal(verify(`${body}.${mac.slice(0, -2)}xx`, 'secret-a'), null);
    assert.equal(verify('garbage', 'secret-a'), null);
    assert.equal(verify(undefined, 'secret-a'), null);
  });
});

describe('API keys', () => {
  test('a key parses to its id and a secret whose hash matches; the stored hash does not reveal the key', () => {
    const key = generateKey();
    const parsed = parseKey(key.key);
    assert.ok(parsed);
    assert.equal(parsed.id, key.id);
    assert.ok(secretMatches(parsed.secret, key.secretHash));
    const tampered = (parsed.secret[0] === 'A' ? 'B' : 'A') + parsed.secret.slice(1);
    assert.equal(secretMatches(tampered, key.secretHash), false);
    assert.ok(!key.secretHash.includes(parsed.secret));
    assert.equal(hashSecret(parsed.secret), key.secretHash);
  });

  test('anything not shaped like a key is refused', () => {
    for (const bad of ['', 'sl_', 'sl_short_secret', 'Bearer sl_x', 'xx_' + 'a'.repeat(12) + '_' + 'b'.repeat(43)]) assert.equal(parseKey(bad), null, bad);
  });
});

describe('login throttle', () => {
  test('after the limit of failures the key waits until the oldest failure ages out; a success clears it', () => {
    const throttle = new FailureThrottle(3, 1000);
    for (let i = 0; i < 3; i++) {
      assert.equal(throttle.retryAfterMs('a@x', 100 + i), 0);
      throttle.fail('a@x', 100 + i);
    }
    assert.equal(throttle.retryAfterMs('a@x', 200), 900);
    assert.equal(throttle.retryAfterMs('b@x', 200), 0);
    assert.equal(throttle.retryAfterMs('a@x', 1101), 0);
    throttle.fail('a@x', 1200);
    throttle.clear('a@x');
    assert.equal(throttle.retryAfterMs('a@x', 1201), 0);
  });
});
