import { z } from 'zod';
import { parse } from '../errors.ts';
import type { Body } from '../store.ts';
import { between, stableHash } from './hash.ts';
import type { ComputedResource } from './types.ts';

/** Suites whose name says so fail; the rest pass with good coverage (the happy path). */
const FAILING = /fail|broken|flaky|regression/i;

const run = z.looseObject({ suite: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters') });

/** POST /testing/runs `{ suite }` → `{ passed, failed, coverage }`, deterministic by suite name. */
export const testRuns: ComputedResource = {
  create(body: Body): Body {
    const { suite } = parse(run, body);
    const total = between(suite, 'total', 40, 400);
    const failing = FAILING.test(suite);
    const failed = failing ? between(suite, 'failed', 1, 7) : 0;
    const coverage = failing ? between(suite, 'coverage', 55, 69) : between(suite, 'coverage', 80, 95);
    return { suite, total, passed: total - failed, failed, coverage, status: failed ? 'failed' : 'passed', durationMs: between(suite, 'duration', 800, 9_000) };
  },
};

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
type Severity = (typeof SEVERITIES)[number];

const RULES: ReadonlyArray<{ rule: string; title: string; severity: Severity }> = [
  { rule: 'dependency-cve', title: 'dependency with a known CVE', severity: 'high' },
  { rule: 'tls-config', title: 'TLS 1.0 still enabled', severity: 'medium' },
  { rule: 'secret-in-repo', title: 'credential committed to the repository', severity: 'critical' },
  { rule: 'header-hardening', title: 'missing security headers', severity: 'low' },
  { rule: 'stale-account', title: 'account inactive for 180 days', severity: 'low' },
];

/** Targets named vulnerable/insecure get serious findings; others only low ones. */
const RISKY = /vuln|insecure|legacy/i;

const scan = z.looseObject({ target: z.string().min(1, 'must not be empty').max(200) });

/** POST /security/scans `{ target }` → findings and counts per severity, deterministic by target. */
export const securityScans: ComputedResource = {
  create(body: Body): Body {
    const { target } = parse(scan, body);
    const candidates = RISKY.test(target) ? RULES : RULES.filter((r) => r.severity === 'low');
    const h = stableHash(`scan:${target}`);
    const findings = candidates.filter((_, i) => ((h >> i) & 1) === 1 || (RISKY.test(target) && i === 0)).map((r) => ({ ...r, target }));
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]));
    return { target, findings, counts, passed: counts.critical === 0 && counts.high === 0 };
  },
};
