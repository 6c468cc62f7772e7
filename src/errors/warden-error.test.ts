import { describe, expect, it } from 'vitest';
import { WardenError } from './warden-error.js';

describe('WardenError', () => {
  it('a client error carries no stack trace (a flood of refusals must stay cheap); a server error keeps its own', () => {
    const limitBefore = Error.stackTraceLimit;
    const refused = new WardenError('rate_limited');
    expect(refused.stack).toBe(`WardenError: ${refused.message}`);
    expect(refused.stack).not.toContain('\n    at ');
    const fault = new WardenError('store_unavailable');
    expect(fault.stack).toContain('\n    at ');
    expect(fault.stack).toContain('warden-error.test');
    // The process-wide limit is put back.
    expect(Error.stackTraceLimit).toBe(limitBefore);
    expect(new Error('after').stack).toContain('\n    at ');
  });
});
