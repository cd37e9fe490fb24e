// Asserting on RegistryErrors.
import assert from 'node:assert/strict';
import { RegistryError, type RegistryErrorKind } from '../../../client/src/registry';

/** Awaits `promise`, which must reject with a RegistryError of `kind` (and a message matching `message`). */
export async function rejectsWith(promise: Promise<unknown>, kind: RegistryErrorKind, message?: RegExp): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RegistryError, `expected a RegistryError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected kind ${kind}, got ${error.kind}: ${error.message}`);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected a '${kind}' RegistryError, but the call succeeded`);
}
