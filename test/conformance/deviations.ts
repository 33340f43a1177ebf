/**
 * Deliberate differences, read from engine/DEVIATIONS.md. An entry is a bullet explaining
 * the difference, followed by one or more selectors the comparator matches against trace
 * paths:
 *
 *   - **Wording of X.** Baton says … where Zeebe says …, because …
 *     <!-- deviation: job-complete-twice/*:complete.error.message -->
 *
 * A selector is `<case id>/<trace path>`; `*` matches any run of characters. The bullet's
 * text is the reason the report prints, and an entry without one is refused.
 */
import { readFileSync } from 'node:fs';

export interface Deviation {
  selector: string;
  reason: string;
  /** Line in DEVIATIONS.md, for reports. */
  line: number;
  matches(casePath: string): boolean;
}

export const DEVIATIONS_FILE = new URL('../../engine/DEVIATIONS.md', import.meta.url);

const MARKER = /<!--\s*deviation:\s*(\S+)\s*-->/g;

export function loadDeviations(file: URL | string = DEVIATIONS_FILE): Deviation[] {
  return parseDeviations(readFileSync(file, 'utf8'));
}

export function parseDeviations(markdown: string): Deviation[] {
  const out: Deviation[] = [];
  let bullet = '';
  markdown.split('\n').forEach((line, index) => {
    // A reason is the bullet (with its continuation lines) that the marker follows.
    if (/^#|^\s*$/.test(line)) {
      bullet = '';
      return;
    }
    if (/^\s*[-*] /.test(line)) bullet = '';
    const text = line.replace(MARKER, '').trim();
    if (text) bullet = `${bullet} ${text}`.trim();
    for (const match of line.matchAll(MARKER)) {
      const reason = bullet.replace(/^[-*]\s+/, '').replace(/\*\*/g, '').trim();
      if (!reason) throw new Error(`DEVIATIONS.md line ${index + 1}: deviation ${match[1]} has no reason before it`);
      out.push(deviation(match[1], reason, index + 1));
    }
  });
  return out;
}

function deviation(selector: string, reason: string, line: number): Deviation {
  if (!selector.includes('/')) throw new Error(`DEVIATIONS.md line ${line}: selector "${selector}" is not <case id>/<path>`);
  return { selector, reason, line, matches: globMatcher(selector) };
}

/** `*` matches any run of characters; everything else literally; the whole path must match. */
export function globMatcher(glob: string): (path: string) => boolean {
  const pattern = new RegExp(`^${glob.split('*').map(escapeRegExp).join('.*')}$`);
  return (path) => pattern.test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
