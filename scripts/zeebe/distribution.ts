import fs from 'node:fs';
import path from 'node:path';
import { DEPENDENCY_PLUGIN, ROOT_DIR, ZEEBE_DIR, ZeebeUnavailableError } from './config.ts';
import { isExecutable, lastLines, run } from './files.ts';

// ---------------------------------------------------------------------------------------
// Fetching the distribution
// ---------------------------------------------------------------------------------------

export function isUnpacked(distDir: string): boolean {
  return isExecutable(path.join(distDir, 'bin', 'broker'));
}

/** Downloads with Maven (cached in ~/.m2) and unpacks into `.zeebe/<version>/` once. */
export async function ensureDistribution(version: string, distDir: string, log: (line: string) => void): Promise<void> {
  if (isUnpacked(distDir)) return;
  const downloadDir = path.join(ZEEBE_DIR, 'download');
  const artifact = `io.camunda:camunda-zeebe:${version}:tar.gz`;
  log(`fetching ${artifact} with Maven (first run only, ~300 MB)`);
  const mvn = await run('mvn', [
    '-B', '-q', '-Dstyle.color=never', `${DEPENDENCY_PLUGIN}:copy`,
    `-Dartifact=${artifact}`, `-DoutputDirectory=${downloadDir}`, '-Dmdep.overWriteReleases=true',
  ]);
  if (mvn.code !== 0) {
    fs.rmSync(downloadDir, { recursive: true, force: true });
    throw new ZeebeUnavailableError(
      `Maven could not fetch ${artifact} (exit ${mvn.code}). Camunda publishes this ` +
        `distribution to Maven Central only for some releases (8.5.8 and 8.6.0 as of 2026-11).\n` +
        lastLines(mvn.output, 15),
    );
  }
  const tarball = path.join(downloadDir, `camunda-zeebe-${version}.tar.gz`);
  await unpack(tarball, distDir);
  // The copy is only a staging file: Maven keeps its own in ~/.m2.
  fs.rmSync(downloadDir, { recursive: true, force: true });
  log(`unpacked into ${path.relative(ROOT_DIR, distDir)}`);
}

/** Unpacks next to the target and renames, so a half-unpacked folder is never taken as done. */
export async function unpack(tarball: string, distDir: string): Promise<void> {
  const staging = `${distDir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const tar = await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
  if (tar.code !== 0) throw new Error(`could not unpack ${tarball}:\n${lastLines(tar.output, 10)}`);
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.renameSync(staging, distDir);
}
