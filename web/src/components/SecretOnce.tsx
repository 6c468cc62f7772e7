import { useState } from 'react';
import { Alert, Button, Checkbox, CopyButton, Group, Stack, TextInput } from '@mantine/core';

/**
 * A secret shown once: a read-only field with Copy, the warning, and Done that asks for
 * confirmation (copied, or the box ticked) before the dialog may close.
 */
export function SecretOnce({ label, secret, onDone, nudged }: { label: string; secret: string; onDone: () => void; nudged?: boolean }) {
  const [copied, setCopied] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [asked, setAsked] = useState(false);
  const done = (): void => {
    if (copied || confirmed) onDone();
    else setAsked(true);
  };
  return (
    <Stack>
      <Alert color="yellow" title="Copy it now">This secret will not be shown again. Store it somewhere safe before closing.</Alert>
      <Group align="end" wrap="nowrap">
        <TextInput label={label} value={secret} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} styles={{ input: { fontFamily: 'monospace' } }} />
        <CopyButton value={secret}>
          {({ copied: justCopied, copy }) => (
            <Button variant="light" onClick={() => { copy(); setCopied(true); }}>{justCopied ? 'Copied' : 'Copy'}</Button>
          )}
        </CopyButton>
      </Group>
      {(asked || nudged) && !copied && (
        <Checkbox label="I have stored this somewhere safe; it will not be shown again" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
      )}
      {(asked || nudged) && !copied && !confirmed && <Alert color="red" role="alert">You have not copied it yet. Copy it, or confirm above, then press Done.</Alert>}
      <Group justify="flex-end"><Button onClick={done}>Done</Button></Group>
    </Stack>
  );
}
