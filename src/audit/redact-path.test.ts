import { describe, expect, it } from 'vitest';
import { redactPath } from './redact-path.js';

describe('redactPath', () => {
  it('keeps paths and harmless queries as they are', () => {
    expect(redactPath('/v1/keys')).toBe('/v1/keys');
    expect(redactPath('/v1/keys?limit=5&environment=live')).toBe('/v1/keys?limit=5&environment=live');
  });
  it('replaces credential values, whatever their case or repetition', () => {
    expect(redactPath('/v1/events/stream?token=wk_live_abc&type=key.created')).toBe('/v1/events/stream?token=[redacted]&type=key.created');
    expect(redactPath('/v1/events/stream?TICKET=st_x')).toBe('/v1/events/stream?TICKET=[redacted]');
    expect(redactPath('/x?token=a&token=b')).toBe('/x?token=[redacted]');
    expect(redactPath('/x?client_secret=cs_1&api_key=k&password=p')).toBe('/x?client_secret=[redacted]&api_key=[redacted]&password=[redacted]');
  });
});
