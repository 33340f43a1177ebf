import { subdirectories } from './files.ts';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_ZEEBE_VERSION, ZEEBE_DIR, type JavaHome, type ZeebeChoice } from './config.ts';
import { isUnpacked } from './distribution.ts';
import { findOnPath, isExecutable, readIfExists } from './files.ts';

// ---------------------------------------------------------------------------------------
// Choosing a version and a JDK
// ---------------------------------------------------------------------------------------

/** Zeebe 8.4 moved to Java 21; earlier 8.x releases run on Java 17. */
export function minJavaFor(version: string): number {
  const [major, minor] = version.split('.').map(Number);
  return major < 8 || (major === 8 && minor < 4) ? 17 : 21;
}

/**
 * Picks the Zeebe version (`ZEEBE_VERSION`, else the pinned default) and the JDK to run it:
 * `ZEEBE_JAVA_HOME` if set, else the oldest installed JDK that is new enough, because the
 * oldest suitable one is closest to what that Zeebe release was tested on.
 */
export function chooseZeebe(env: NodeJS.ProcessEnv = process.env): ZeebeChoice {
  const version = requestedVersion(env);
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
    return { ok: false, reason: `ZEEBE_VERSION "${version}" is not a version like 8.6.0` };
  }
  const javas = findJavas(env);
  const needed = minJavaFor(version);
  const java = javas.filter((j) => j.major >= needed).sort((a, b) => a.major - b.major)[0];
  if (!java) {
    const found = javas.map((j) => `${j.major} (${j.home})`).join(', ') || 'none';
    return {
      ok: false,
      reason:
        `Zeebe ${version} needs Java ${needed}+, found: ${found}. Install a JDK ${needed}+ under ` +
        `/usr/lib/jvm or set ZEEBE_JAVA_HOME. (Zeebe 8.3.x, the last release for Java 17, is not ` +
        `on Maven Central.)`,
    };
  }
  const distDir = path.join(ZEEBE_DIR, version);
  const unpacked = isUnpacked(distDir);
  if (!unpacked && !findOnPath('mvn', env)) {
    return { ok: false, reason: `Maven (mvn) is not installed, and ${distDir} is not unpacked yet` };
  }
  return { ok: true, version, java, distDir, unpacked };
}

export function requestedVersion(env: NodeJS.ProcessEnv = process.env): string {
  return env.ZEEBE_VERSION?.trim() || DEFAULT_ZEEBE_VERSION;
}

/** Installed JDKs; `ZEEBE_JAVA_HOME` alone when given, so an explicit choice is never second-guessed. */
export function findJavas(env: NodeJS.ProcessEnv = process.env): JavaHome[] {
  const explicit = env.ZEEBE_JAVA_HOME?.trim();
  const candidates = explicit
    ? [explicit]
    : [env.JAVA_HOME, javaHomeOnPath(env), ...subdirectories('/usr/lib/jvm')];
  const seen = new Set<string>();
  const javas: JavaHome[] = [];
  for (const candidate of candidates) {
    if (!candidate || !isExecutable(path.join(candidate, 'bin', 'java'))) continue;
    const home = fs.realpathSync(candidate);
    if (seen.has(home)) continue;
    seen.add(home);
    const major = javaMajorOf(home);
    if (major) javas.push({ home, major });
  }
  return javas;
}

export function javaHomeOnPath(env: NodeJS.ProcessEnv): string | undefined {
  const java = findOnPath('java', env);
  return java ? path.dirname(path.dirname(fs.realpathSync(java))) : undefined;
}

/** Reads the JDK's `release` file; asks the binary only when there is none. */
export function javaMajorOf(home: string): number | undefined {
  const release = readIfExists(path.join(home, 'release'));
  const fromRelease = release?.match(/^JAVA_VERSION="(\d+)(?:\.(\d+))?/m);
  if (fromRelease) return parseJavaMajor(fromRelease[1], fromRelease[2]);
  const out = spawnSync(path.join(home, 'bin', 'java'), ['-version'], { encoding: 'utf8' });
  const fromBinary = `${out.stderr ?? ''}`.match(/version "(\d+)(?:\.(\d+))?/);
  return fromBinary ? parseJavaMajor(fromBinary[1], fromBinary[2]) : undefined;
}

/** "1.8" means Java 8; from 9 on the first number is the major. */
export function parseJavaMajor(first: string, second: string | undefined): number {
  return first === '1' && second ? Number(second) : Number(first);
}
