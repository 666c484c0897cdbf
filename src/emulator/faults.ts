// Misbehaviour on request, so that every way a real service or network can fail is testable:
// tests queue a fault through POST /_emulator/faults and the next matching call suffers it.
export const FAULTS = [
  /** Answer RequestLimitExceeded without acting. */
  'throttle',
  /** Answer InternalError without acting. */
  'internal-error',
  /** HTTP 500 with a plain-text body, without acting. */
  'http-500',
  /** HTTP 502 with an HTML page, as a proxy or load balancer sends, without acting. */
  'html',
  /** Act, then send only the first half of the JSON answer. */
  'truncate',
  /** Never answer, and do not act. */
  'hang',
  /** Act, then close the connection without answering. */
  'cut-after-create',
  /** Create the key, but report its tags unbound (TagCode 2). */
  'tag-failure',
] as const;
export type Fault = (typeof FAULTS)[number];

export const FAULTS_BEFORE_ACTING: ReadonlySet<Fault> = new Set([
  'throttle',
  'internal-error',
  'http-500',
  'html',
  'hang',
]);

export interface FaultRule {
  fault: Fault;
  /** How many more matching calls suffer it. */
  times: number;
  /** Only calls of this action; any action when absent. */
  action?: string | undefined;
}

export function isFault(value: unknown): value is Fault {
  return (FAULTS as readonly unknown[]).includes(value);
}

export class FaultQueue {
  readonly rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push(rule);
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The fault the next call of this action suffers, if any; each use counts down its rule. */
  take(action: string): Fault | undefined {
    const rule = this.rules.find(
      (r) => r.times > 0 && (r.action === undefined || r.action === action),
    );
    if (!rule) return undefined;
    rule.times -= 1;
    if (rule.times === 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return rule.fault;
  }
}
