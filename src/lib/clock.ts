/** Injected wherever time decides an outcome, so tests can freeze or move it. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export class ManualClock implements Clock {
  constructor(private currentMs: number = Date.now()) {}
  nowMs(): number {
    return this.currentMs;
  }
  advanceSeconds(seconds: number): void {
    this.currentMs += seconds * 1000;
  }
  set(ms: number): void {
    this.currentMs = ms;
  }
}
