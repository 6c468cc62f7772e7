import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError, errorText } from '../lib/api';
import type { User, Workspace } from '../lib/types';
import { useSession } from '../session';

export const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your e-mail address').email('Enter a valid e-mail address'),
  password: z.string().min(1, 'Enter your password'),
});
export const codeSchema = z.object({ code: z.string().trim().min(6, 'Enter the 6-digit code from your app, or a recovery code').max(32) });
const registerSchema = signInSchema.extend({ password: z.string().min(8, 'At least 8 characters') });

type Mode = 'sign-in' | 'code' | 'forgot' | 'register';
interface SignedIn { user: User; workspaces: Workspace[] }

/** A recovery code looks like xxxx-xxxx (letters); a TOTP code is digits. */
export function codeField(code: string): { twoFactorCode: string } | { recoveryCode: string } {
  const trimmed = code.replace(/\s+/g, '');
  return /^\d{6,8}$/.test(trimmed) ? { twoFactorCode: trimmed } : { recoveryCode: trimmed };
}

export function SignInPage() {
  const session = useSession();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useForm<z.infer<typeof signInSchema>>({ resolver: zodResolver(mode === 'register' ? registerSchema : signInSchema), defaultValues: { email: '', password: '' } });
  const codeForm = useForm<z.infer<typeof codeSchema>>({ resolver: zodResolver(codeSchema), defaultValues: { code: '' } });
  const forgotForm = useForm<{ email: string }>({ resolver: zodResolver(signInSchema.pick({ email: true })), defaultValues: { email: '' } });

  const finish = (answer: SignedIn): void => session.signedIn(answer.user, answer.workspaces);

  const submitPassword = form.handleSubmit(async ({ email, password }) => {
    setError(null);
    try {
      if (mode === 'register') await api('/auth/register', { method: 'POST', body: { email, password }, anonymous: true });
      finish(await api<SignedIn>('/auth/session', { method: 'POST', body: { email, password }, anonymous: true }));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'two_factor_required') {
        setChallenge(String((failure.body as { challenge_id?: string } | null)?.challenge_id ?? ''));
        setMode('code');
        return;
      }
      setError(errorText(failure));
    }
  });

  const submitCode = codeForm.handleSubmit(async ({ code }) => {
    setError(null);
    try {
      finish(await api<SignedIn>('/auth/session', { method: 'POST', body: { challenge_id: challenge, ...codeField(code) }, anonymous: true }));
    } catch (failure) {
      setError(errorText(failure));
      // The challenge is used up or expired: start again with the password.
      if (failure instanceof ApiError && (failure.code === 'invalid_credentials' || failure.code === 'rate_limited')) {
        codeForm.reset();
      }
    }
  });

  const submitForgot = forgotForm.handleSubmit(async ({ email }) => {
    setError(null);
    try {
      await api('/auth/password/forgot', { method: 'POST', body: { email }, anonymous: true });
      setNotice('If an account exists for that address, a reset link is on its way.');
      setMode('sign-in');
    } catch (failure) {
      setError(errorText(failure));
    }
  });

  const message = notice ?? session.message;
  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={400} component="main">
        <Stack>
          <Title order={1} size="h2">{mode === 'register' ? 'Create an account' : mode === 'forgot' ? 'Reset your password' : 'Sign in to Warden'}</Title>
          {message && <Alert color="blue" role="status">{message}</Alert>}
          {error && <Alert color="red" role="alert" title="Could not continue">{error}</Alert>}
          {(mode === 'sign-in' || mode === 'register') && (
            <form onSubmit={submitPassword} noValidate>
              <Stack>
                <TextInput label="Email" type="email" autoComplete="username" {...form.register('email')} error={form.formState.errors.email?.message} />
                <PasswordInput label="Password" autoComplete={mode === 'register' ? 'new-password' : 'current-password'} {...form.register('password')} error={form.formState.errors.password?.message} />
                <Button type="submit" loading={form.formState.isSubmitting}>{mode === 'register' ? 'Create account' : 'Sign in'}</Button>
                <Text size="sm">
                  {mode === 'sign-in'
                    ? <><Anchor component="button" type="button" onClick={() => { setMode('forgot'); setError(null); }}>Forgot your password?</Anchor>{' · '}<Anchor component="button" type="button" onClick={() => { setMode('register'); setError(null); }}>Create an account</Anchor></>
                    : <Anchor component="button" type="button" onClick={() => setMode('sign-in')}>I have an account</Anchor>}
                </Text>
              </Stack>
            </form>
          )}
          {mode === 'code' && (
            <form onSubmit={submitCode} noValidate>
              <Stack>
                <Text size="sm">Two-factor authentication is on. Enter the 6-digit code from your authenticator app, or one of your recovery codes.</Text>
                <TextInput label="Authentication code" autoComplete="one-time-code" inputMode="text" autoFocus {...codeForm.register('code')} error={codeForm.formState.errors.code?.message} />
                <Button type="submit" loading={codeForm.formState.isSubmitting}>Verify</Button>
                <Anchor component="button" type="button" size="sm" onClick={() => { setMode('sign-in'); setError(null); }}>Back</Anchor>
              </Stack>
            </form>
          )}
          {mode === 'forgot' && (
            <form onSubmit={submitForgot} noValidate>
              <Stack>
                <TextInput label="Email" type="email" {...forgotForm.register('email')} error={forgotForm.formState.errors.email?.message} />
                <Button type="submit" loading={forgotForm.formState.isSubmitting}>Send reset link</Button>
                <Anchor component="button" type="button" size="sm" onClick={() => setMode('sign-in')}>Back to sign in</Anchor>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
