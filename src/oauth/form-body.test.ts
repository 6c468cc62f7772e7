import { describe, expect, it } from 'vitest';
import { formPairs } from './form-body.js';

describe('formPairs', () => {
  it('reads every body exactly as URLSearchParams does', () => {
    const bodies = [
      'grant_type=client_credentials&scope=deals:read',
      'grant_type=client_credentials&scope=deals:read+deals:write',
      'a=1&&b=&c&=d&e==f&',
      '',
      '&',
      'scope=a%3Aread%20b&x=%zz&y=%E2%82%AC+euro',
      'k=v&k=w',
      'unicode=Zoë&🙂=ok',
    ];
    for (const body of bodies) expect([...formPairs(body)], body).toEqual([...new URLSearchParams(body)]);
  });
});
