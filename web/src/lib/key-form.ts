import { z } from 'zod';

/** The Create key form: what people type, checked before anything is sent. */
export const createKeySchema = z.object({
  name: z.string().trim().min(1, 'Name the key').max(200),
  environment: z.enum(['live', 'test']),
  scopes: z.array(z.string()).min(1, 'Pick at least one scope'),
  expires: z.string().refine((v) => v === '' || !Number.isNaN(Date.parse(v)), 'Not a date').refine((v) => v === '' || Date.parse(v) > Date.now(), 'Pick a time in the future'),
  rateLimit: z.string().refine((v) => v.trim() === '' || (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 1_000_000), 'A whole number of requests per minute, 1–1,000,000'),
  allowedIps: z.string().refine((v) => ipLines(v).every((ip) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(ip)), 'One address or CIDR range per line (203.0.113.0/24)'),
  metadata: z.string().refine((v) => {
    if (v.trim() === '') return true;
    try {
      const parsed: unknown = JSON.parse(v);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    } catch {
      return false;
    }
  }, 'A JSON object, e.g. {"team": "payments"}'),
});

export type CreateKeyValues = z.infer<typeof createKeySchema>;

export const CREATE_KEY_DEFAULTS: CreateKeyValues = { name: '', environment: 'live', scopes: [], expires: '', rateLimit: '', allowedIps: '', metadata: '' };

function ipLines(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter((s) => s !== '');
}

/** The POST /v1/keys body for valid form values (empty optional fields are left out). */
export function createKeyBody(values: CreateKeyValues): Record<string, unknown> {
  const body: Record<string, unknown> = { name: values.name.trim(), environment: values.environment, scopes: values.scopes };
  if (values.expires) body.expires_at = new Date(Date.parse(values.expires)).toISOString();
  if (values.rateLimit.trim()) body.rate_limit = Number(values.rateLimit.trim());
  const ips = ipLines(values.allowedIps);
  if (ips.length > 0) body.allowed_ips = ips;
  if (values.metadata.trim()) body.metadata = JSON.parse(values.metadata);
  return body;
}
