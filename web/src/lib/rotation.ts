/** Overlap choices offered when rotating a key: sensible steps, none past the key's own expiry or the deployment's cap. */

export const OVERLAP_STEPS: { label: string; seconds: number }[] = [
  { label: 'None — the old key stops now', seconds: 0 },
  { label: '1 hour', seconds: 3600 },
  { label: '24 hours', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
];

export function overlapChoices(expiresAt: string | null, nowMs: number, maxSeconds = 7 * 86_400): { label: string; seconds: number }[] {
  const untilExpiry = expiresAt === null ? Infinity : Math.floor((Date.parse(expiresAt) - nowMs) / 1000);
  return OVERLAP_STEPS.filter((step) => step.seconds === 0 || (step.seconds <= untilExpiry && step.seconds <= maxSeconds));
}
