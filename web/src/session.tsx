import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, onSessionEnd, setWorkspace } from './lib/api';
import type { User, Workspace } from './lib/types';

interface SessionState {
  status: 'loading' | 'signed-out' | 'signed-in';
  user: User | null;
  workspaces: Workspace[];
  workspace: Workspace | null;
  /** Why the user was sent back to sign-in (expired or revoked session). */
  message: string | null;
  signedIn(user: User, workspaces: Workspace[]): void;
  signOut(): Promise<void>;
  selectWorkspace(id: string): void;
  selectWorkspaceAfterCreate(workspace: Workspace): void;
  refreshWorkspaces(): Promise<Workspace[]>;
}

const SessionContext = createContext<SessionState | null>(null);
const WORKSPACE_KEY = 'warden.workspace';
const USER_KEY = 'warden.user';

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

function pick(workspaces: Workspace[]): Workspace | null {
  const remembered = localStorage.getItem(WORKSPACE_KEY);
  return workspaces.find((w) => w.id === remembered) ?? workspaces[0] ?? null;
}

export function SessionProvider({ children }: { children: React.ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionState['status']>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [workspaces, setWorkspaces] = useState<Workspace[]>([]);
  const [workspace, setCurrent] = useState<Workspace | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const apply = useCallback((list: Workspace[]) => {
    setWorkspaces(list);
    const chosen = pick(list);
    setWorkspace(chosen?.id ?? null);
    setCurrent(chosen);
  }, []);

  const endLocally = useCallback((why: string | null) => {
    setWorkspace(null);
    setUser(null);
    setWorkspaces([]);
    setCurrent(null);
    sessionStorage.removeItem(USER_KEY);
    queryClient.clear();
    setMessage(why);
    setStatus('signed-out');
  }, [queryClient]);

  useEffect(() => {
    onSessionEnd((why) => endLocally(why));
    // Signed in already? The HttpOnly cookie is invisible to us: ask the server.
    api<{ data: Workspace[] }>('/v1/workspaces', { noWorkspace: true, anonymous: true })
      .then((answer) => {
        apply(answer.data);
        const stored = sessionStorage.getItem(USER_KEY);
        setUser(stored ? JSON.parse(stored) as User : null);
        setStatus('signed-in');
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          // No cookie at all is a first visit; a refused one means the session ended meanwhile.
          if (error.code === 'session_expired') setMessage('Your session has expired. Please sign in again.');
          else if (error.code === 'invalid_token') setMessage('Your session has ended. Please sign in again.');
          setStatus('signed-out');
        }
        else endLocally(error instanceof ApiError ? error.detail : 'Warden could not be reached');
      });
    return () => onSessionEnd(null);
  }, [apply, endLocally]);

  const value = useMemo<SessionState>(() => ({
    status, user, workspaces, workspace, message,
    signedIn(signed, list) {
      sessionStorage.setItem(USER_KEY, JSON.stringify(signed));
      setUser(signed);
      apply(list);
      setMessage(null);
      setStatus('signed-in');
    },
    async signOut() {
      try {
        await api('/auth/session', { method: 'DELETE', noWorkspace: true, anonymous: true });
      } finally {
        endLocally('You have signed out.');
      }
    },
    selectWorkspace(id) {
      const chosen = workspaces.find((w) => w.id === id) ?? null;
      if (!chosen) return;
      localStorage.setItem(WORKSPACE_KEY, id);
      setWorkspace(id);
      setCurrent(chosen);
      queryClient.removeQueries();
    },
    selectWorkspaceAfterCreate(created) {
      localStorage.setItem(WORKSPACE_KEY, created.id);
      setWorkspace(created.id);
      setCurrent({ ...created, role: created.role ?? 'owner' });
      queryClient.removeQueries();
    },
    async refreshWorkspaces() {
      const answer = await api<{ data: Workspace[] }>('/v1/workspaces', { noWorkspace: true });
      setWorkspaces(answer.data);
      return answer.data;
    },
  }), [status, user, workspaces, workspace, message, apply, endLocally, queryClient]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
