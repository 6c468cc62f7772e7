import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from '../session';
import { App } from '../App';

type Handler = (url: string, init: RequestInit) => { status: number; body?: unknown };

/** The server, as the page sees it: a fetch answering by method and path (no network in a unit test). */
function serve(handler: Handler): { calls: { url: string; method: string; body: unknown; headers: Record<string, string> }[] } {
  const calls: { url: string; method: string; body: unknown; headers: Record<string, string> }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    calls.push({ url, method, body: init.body ? JSON.parse(String(init.body)) : undefined, headers: (init.headers ?? {}) as Record<string, string> });
    const answer = handler(url, { ...init, method });
    const problem = answer.status >= 400;
    return new Response(answer.status === 204 ? null : JSON.stringify(answer.body ?? {}), {
      status: answer.status,
      headers: { 'content-type': problem ? 'application/problem+json' : 'application/json' },
    });
  });
  return { calls };
}

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<MantineProvider><QueryClientProvider client={client}><SessionProvider><App /></SessionProvider></QueryClientProvider></MantineProvider>);
}

const WS = { id: 'wsp_1', name: 'Acme', role: 'owner' };
const USER = { id: 'usr_1', email: 'ada@example.com', name: null };

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
  document.cookie = 'warden_csrf=; Max-Age=0';
  window.history.replaceState(null, '', '/dashboard/');
});

describe('Sign in', () => {
  it('checks the fields before sending anything', async () => {
    const { calls } = serve(() => ({ status: 401, body: { code: 'authentication_required', detail: 'Send a credential' } }));
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your e-mail address')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    expect(calls.filter((c) => c.url === '/auth/session')).toEqual([]);
  });

  it('asks for the second factor, then sends the challenge with the code (or a recovery code)', async () => {
    let attempts = 0;
    const { calls } = serve((url) => {
      if (url === '/v1/workspaces') return attempts < 2 ? { status: 401, body: { code: 'authentication_required', detail: 'x' } } : { status: 200, body: { data: [WS] } };
      if (url === '/auth/session') {
        attempts += 1;
        return attempts === 1
          ? { status: 401, body: { code: 'two_factor_required', detail: 'Two-factor code required', challenge_id: 'chl_9' } }
          : { status: 200, body: { user: USER, workspaces: [WS], csrf_token: 't', session_expires_in: 86400 } };
      }
      return { status: 200, body: { data: [], next_cursor: null } };
    });
    renderApp();
    await userEvent.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password', { selector: 'input' }), 'a long password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await userEvent.type(await screen.findByLabelText('Authentication code'), 'abcd-efgh');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await screen.findByRole('button', { name: 'Sign out' });
    const signIns = calls.filter((c) => c.url === '/auth/session');
    expect(signIns.map((c) => c.body)).toEqual([
      { email: 'ada@example.com', password: 'a long password' },
      { challenge_id: 'chl_9', recoveryCode: 'abcd-efgh' },
    ]);
  });

  it('shows the API\'s detail for back-off and rate limits', async () => {
    serve((url) => url === '/auth/session'
      ? { status: 429, body: { code: 'rate_limited', detail: 'Too many failed logins; retry after 8 s' } }
      : { status: 401, body: { code: 'authentication_required', detail: 'x' } });
    renderApp();
    await userEvent.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password', { selector: 'input' }), 'wrong password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Too many failed logins; retry after 8 s');
  });
});

describe('API keys', () => {
  it('Create key: write ticks read, the body is what the API wants, with the CSRF header and workspace; the key is shown once', async () => {
    document.cookie = 'warden_csrf=csrf-123';
    window.history.replaceState(null, '', '/dashboard/keys');
    const { calls } = serve((url, init) => {
      if (url === '/v1/workspaces') return { status: 200, body: { data: [WS] } };
      if (url.startsWith('/.well-known/oauth-authorization-server')) return { status: 200, body: { scopes_supported: ['deals:read', 'deals:write'] } };
      if (url === '/v1/keys' && init.method === 'POST') return { status: 201, body: { data: { id: 'key_1', name: 'ci', key: 'wk_live_secret', prefix: 'wk_live_ab', environment: 'live', scopes: ['deals:read', 'deals:write'] } } };
      return { status: 200, body: { data: [], next_cursor: null } };
    });
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Create key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create API key' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'ci');
    await userEvent.click(await within(dialog).findByRole('checkbox', { name: 'deals:write' }));
    expect((within(dialog).getByRole('checkbox', { name: 'deals:read' }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create key' }));
    const field = await screen.findByRole('textbox', { name: 'API key' }) as HTMLInputElement;
    expect(field.value).toBe('wk_live_secret');
    expect(field.readOnly).toBe(true);
    const created = calls.find((c) => c.url === '/v1/keys' && c.method === 'POST')!;
    expect(created.body).toEqual({ name: 'ci', environment: 'live', scopes: ['deals:read', 'deals:write'] });
    expect(created.headers).toMatchObject({ 'x-csrf-token': 'csrf-123', 'x-workspace-id': 'wsp_1' });
    // Done before copying asks for confirmation rather than closing.
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(await screen.findByText(/You have not copied it yet/)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'API key' })).toBeTruthy();
  });

  it('an expired session goes back to sign-in with a message', async () => {
    window.history.replaceState(null, '', '/dashboard/keys');
    serve((url) => url === '/v1/workspaces'
      ? { status: 200, body: { data: [WS] } }
      : { status: 401, body: { code: 'session_expired', detail: 'The session has expired; log in again' } });
    renderApp();
    expect(await screen.findByText('Your session has expired. Please sign in again.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('a session that ended while the tab was closed: sign-in says so on the next visit', async () => {
    serve(() => ({ status: 401, body: { code: 'invalid_token', detail: 'The session token is not valid' } }));
    renderApp();
    expect(await screen.findByText('Your session has ended. Please sign in again.')).toBeTruthy();
  });

  it('a first visit (no cookie) shows the sign-in form without a message', async () => {
    serve(() => ({ status: 401, body: { code: 'authentication_required', detail: 'Send a credential' } }));
    renderApp();
    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('Members', () => {
  it('lists pending invitations from the API and cancels one', async () => {
    window.history.replaceState(null, '', '/dashboard/members');
    let pending = [
      { id: 'ivt_1', email: 'bo@example.com', role: 'viewer', invited_by: 'usr_1', created_at: '2030-01-01T00:00:00.000Z', expires_at: '2030-01-08T00:00:00.000Z' },
    ];
    const { calls } = serve((url, init) => {
      if (url === '/v1/workspaces') return { status: 200, body: { data: [WS] } };
      if (url === '/v1/workspaces/wsp_1/invitations') return { status: 200, body: { data: pending } };
      if (url === '/v1/workspaces/wsp_1/invitations/ivt_1' && init.method === 'DELETE') { pending = []; return { status: 204 }; }
      return { status: 200, body: { data: [] } };
    });
    renderApp();
    const table = await screen.findByRole('table', { name: 'Pending invitations' });
    expect(within(table).getByText('bo@example.com')).toBeTruthy();
    await userEvent.click(within(table).getByRole('button', { name: 'Cancel invitation for bo@example.com' }));
    expect(await screen.findByText(/No pending invitations/)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/v1/workspaces/wsp_1/invitations/ivt_1']);
  });
});

describe('Security', () => {
  const securityWith = (enabled: boolean) => {
    window.history.replaceState(null, '', '/dashboard/security');
    serve((url) => {
      if (url === '/v1/workspaces') return { status: 200, body: { data: [WS] } };
      if (url === '/auth/2fa') return { status: 200, body: { enabled, enabled_at: enabled ? '2030-01-01T00:00:00.000Z' : null } };
      return { status: 200, body: { data: [] } };
    });
    renderApp();
  };

  it('2FA on: shows On and offers only turning it off', async () => {
    securityWith(true);
    expect((await screen.findByTestId('two-factor-status')).textContent).toBe('On');
    expect(screen.getByRole('button', { name: 'Turn off two-factor' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Set up two-factor' })).toBeNull();
  });

  it('2FA off: shows Off and offers only setting it up', async () => {
    securityWith(false);
    expect((await screen.findByTestId('two-factor-status')).textContent).toBe('Off');
    expect(screen.getByRole('button', { name: 'Set up two-factor' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Turn off two-factor' })).toBeNull();
  });
});
