/** Output helpers: tables for people, JSON for scripts, a progress line on stderr (TTY only). */

export type Column<T> = [header: string, value: (row: T) => unknown];

const cell = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.length ? value.join(' ') : '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/** A plain text table: one header line, columns padded to their widest cell. */
export function table<T>(rows: readonly T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map(([, value]) => cell(value(row))));
  const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]): string => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map(([header]) => header.toUpperCase())), ...cells.map(line)].join('\n');
}

/** `key: value` lines for one object. */
export function details(pairs: [string, unknown][]): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${label.padEnd(width)}  ${cell(value)}`).join('\n');
}

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** ISO timestamps cut to the minute, in UTC, for tables. */
export const shortTime = (iso: unknown): string | null => (typeof iso === 'string' ? iso.replace('T', ' ').slice(0, 16) : null);

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Runs `work`; when it takes longer than a moment and stderr is a terminal, a spinner with `label`
 * shows on stderr meanwhile (never on stdout, never in pipes or scripts).
 */
export async function withProgress<T>(label: string, work: () => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work();
  let frame = 0;
  let shown = false;
  const draw = (): void => {
    shown = true;
    process.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}…`);
  };
  const delay = setTimeout(() => {
    draw();
    interval = setInterval(draw, 80);
  }, 250);
  let interval: ReturnType<typeof setInterval> | undefined;
  try {
    return await work();
  } finally {
    clearTimeout(delay);
    clearInterval(interval);
    if (shown) process.stderr.write('\r\x1b[K');
  }
}
